// Root's MFA kind (Security Hub IAM.6): report rows through the real parser and evaluate(), root's
// live facts and the virtual devices ListVirtualMFADevices would list, built by hand.
import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/core/evaluate.js'
import {
  judgeRootStrength,
  rootStrengthOffline,
  rootVirtualDevices,
  type RootListing,
  type VirtualMfaDevice
} from '../../src/core/root-strength.js'
import type { Evaluation, Finding, RootFacts } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { md } from '../../src/text/markdown.js'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const ROOT_ARN = 'arn:aws:iam::123456789012:root'
const ROOT_SERIAL = 'arn:aws:iam::123456789012:mfa/root-account-mfa-device'
const WITH_MFA: RootFacts = { passwordPresent: true, mfaEnabled: true, accessKeysPresent: false }
const NO_MFA: RootFacts = { passwordPresent: true, mfaEnabled: false, accessKeysPresent: false }
const REMOVED: RootFacts = { passwordPresent: false, mfaEnabled: false, accessKeysPresent: false }

const device = (serial: string, userArn: string | undefined): VirtualMfaDevice => ({
  serial,
  userArn,
  enabledAt: new Date('2024-05-06T07:08:00Z')
})
const ROOT_APP = device(ROOT_SERIAL, ROOT_ARN)
const BOBS_APP = device('arn:aws:iam::123456789012:mfa/bob', 'arn:aws:iam::123456789012:user/bob')

function evaluation(rows: readonly RowFields[], facts: RootFacts | undefined): Evaluation {
  return evaluate(
    parseCredentialReport(reportCsv(rows)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: facts },
    NOW
  )
}

const ROWS = [
  rootRow({ mfa_active: 'true' }),
  userRow('alice'),
  userRow('bob', { mfa_active: 'true' })
]

function judged(
  listing: RootListing,
  facts: RootFacts = WITH_MFA,
  rows: readonly RowFields[] = ROWS
): Evaluation {
  return judgeRootStrength(evaluation(rows, facts), facts, listing)
}

const rootOf = (e: Evaluation): Finding | undefined => e.findings.find(f => f.isRoot)

describe("which virtual devices are root's", () => {
  it('takes the devices whose user is the root ARN, whatever their serial', () => {
    const named = device('arn:aws:iam::123456789012:mfa/ops-phone', ROOT_ARN)
    expect(rootVirtualDevices([BOBS_APP, named, ROOT_APP], ROOT_ARN)).toEqual([named, ROOT_APP])
  })

  it("never takes a user's device, even one named like root's", () => {
    const lookalike = device(ROOT_SERIAL, 'arn:aws:iam::123456789012:user/root-account-mfa-device')
    expect(rootVirtualDevices([BOBS_APP, lookalike], ROOT_ARN)).toEqual([])
  })

  it("takes the console's root serial when AWS names no user, in the root's own partition and account", () => {
    const govRoot = 'arn:aws-us-gov:iam::123456789012:root'
    const govSerial = device(
      'arn:aws-us-gov:iam::123456789012:mfa/root-account-mfa-device',
      undefined
    )
    const otherAccount = device('arn:aws:iam::210987654321:mfa/root-account-mfa-device', undefined)
    expect(rootVirtualDevices([govSerial, otherAccount], govRoot)).toEqual([govSerial])
    expect(rootVirtualDevices([govSerial, otherAccount], ROOT_ARN)).toEqual([])
  })

  it("never matches an ARN that is not a root's", () => {
    expect(rootVirtualDevices([ROOT_APP], 'arn:aws:iam::123456789012:user/root')).toEqual([])
  })
})

describe('judging root with MFA', () => {
  it('fails root with a virtual device as iam.root_without_hardware_mfa (high), with the device as evidence', () => {
    const root = rootOf(judged({ devices: [BOBS_APP, ROOT_APP] }))
    expect(root).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      rule: 'iam.root_without_hardware_mfa',
      remediation: 'replace-root-virtual-mfa'
    })
    expect(root?.reason.plain).toBe(
      "The root user's MFA is a virtual authenticator app (arn:aws:iam::123456789012:mfa/root-account-mfa-device, assigned 2024-05-06 07:08 UTC; ListVirtualMFADevices, live), whose codes a phishing site can relay, and root signs in with any of its MFA devices: CIS AWS Foundations and Security Hub IAM.6 want hardware MFA for root."
    )
    expect(root?.reason.markdown).toContain(
      '(`arn:aws:iam::123456789012:mfa/root-account-mfa-device`,'
    )
  })

  it('sorts the failing root among the findings by its severity: after critical, with high', () => {
    const rows = [...ROWS, userRow('carol', { mfa_active: 'false' })]
    const e = judged({ devices: [ROOT_APP] }, WITH_MFA, rows)
    expect(e.findings.filter(f => f.verdict === 'fail').map(f => [f.user, f.severity])).toEqual([
      ['<root_account>', 'high'],
      ['alice', 'high'],
      ['carol', 'high']
    ])
  })

  it('passes root when no virtual device is assigned to it (a security key or hardware token), saying so', () => {
    const root = rootOf(judged({ devices: [BOBS_APP] }))
    expect(root?.verdict).toBe('pass')
    expect(root?.rule).toBe('iam.root_without_mfa')
    expect(root?.reason.plain).toBe(
      'The root user has MFA active. No virtual MFA device is assigned to root (ListVirtualMFADevices, live), so its MFA is a hardware device or security key.'
    )
  })

  it('keeps the failing verdict of a root without MFA: the critical finding only, never both', () => {
    const rows = [rootRow({ mfa_active: 'false' }), userRow('bob', { mfa_active: 'true' })]
    const before = evaluation(rows, NO_MFA)
    const after = judgeRootStrength(before, NO_MFA, { devices: [ROOT_APP] })
    expect(after).toBe(before)
    expect(rootOf(after)).toMatchObject({
      verdict: 'fail',
      severity: 'critical',
      rule: 'iam.root_without_mfa'
    })
    expect(after.findings.filter(f => f.isRoot)).toHaveLength(1)
  })

  it('leaves root without credentials (removed centrally) passing: nothing to sign in with', () => {
    const rows = [rootRow({ mfa_active: 'false' })]
    const before = evaluation(rows, REMOVED)
    expect(judgeRootStrength(before, REMOVED, { devices: [ROOT_APP] })).toBe(before)
  })

  it('marks the account read in part when the listing failed, and keeps the verdict as it was', () => {
    const denied =
      'AWS denied iam:ListVirtualMFADevices (AccessDenied: not authorized). Allow "iam:ListVirtualMFADevices" in the policy.'
    const e = judged({ failed: denied })
    expect(rootOf(e)?.verdict).toBe('pass')
    expect(rootOf(e)?.reason.plain).toBe('The root user has MFA active.')
    expect(e.partial?.map(p => p.plain)).toEqual([
      `root's virtual MFA devices could not be listed (${denied.slice(0, -1)}), so whether root's MFA is a hardware device is unknown`
    ])
  })

  it('keeps the partial reads already noted', () => {
    const base = evaluation(ROWS, WITH_MFA)
    const e = judgeRootStrength({ ...base, partial: [md`tags were not read`] }, WITH_MFA, {
      failed: 'AWS kept throttling iam:ListVirtualMFADevices after 6 attempts.'
    })
    expect(e.partial?.map(p => p.plain)).toEqual([
      'tags were not read',
      "root's virtual MFA devices could not be listed (AWS kept throttling iam:ListVirtualMFADevices after 6 attempts), so whether root's MFA is a hardware device is unknown"
    ])
  })
})

describe('a saved report (offline)', () => {
  it("notes that root's MFA kind cannot be known, and judges nothing", () => {
    const before = evaluation(ROWS, undefined)
    const after = rootStrengthOffline(before)
    expect(after.findings).toEqual(before.findings)
    expect(after.notes?.map(n => n.plain)).toEqual([
      "require-phishing-resistant: whether root's MFA is a virtual device or hardware (Security Hub IAM.6) cannot be known from a saved credential report; it takes ListVirtualMFADevices with live AWS credentials, so root was not checked for hardware MFA."
    ])
  })

  it('says nothing when root fails anyway or is not in the report', () => {
    const failing = evaluation([rootRow({ mfa_active: 'false' })], undefined)
    expect(rootStrengthOffline(failing)).toBe(failing)
    const rootless = evaluation([userRow('bob', { mfa_active: 'true' })], undefined)
    expect(rootStrengthOffline(rootless)).toBe(rootless)
  })
})
