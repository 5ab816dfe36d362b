// The job summary of a run that judged root's MFA kind, as GitHub renders it: the headline, root's
// line, the failing table and the fix, for one account and for several.
import { describe, expect, it } from '@jest/globals'
import { judgeRootStrength } from '../../src/core/root-strength.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { Finding } from '../../src/core/types.js'
import { rootsLines } from '../../src/render/accounts-run-lines.js'
import { headlineText, renderSummary } from '../../src/render/summary.js'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { expectReadable, seen } from '../helpers/readable.js'
import { userRow } from '../helpers/report-csv.js'
import { ROOT_APP, rootMfaScan } from '../helpers/root-mfa-scan.js'
import { failing, orgScan, passing, root } from './accounts-fixture.js'

const summary = (r: ScanResult): string => renderSummary(r, { runUrl: undefined })
const lines = (markdown: string): string[] => seen(markdown).split('\n')
const failingRows = (markdown: string): string[][] =>
  (tables(markdown).find(t => t[0]?.includes('fix')) ?? []).map(row =>
    row.map(cell => cell.replace(/\u2060/g, ''))
  )

describe('one account: root with a virtual MFA device', () => {
  const out = summary(rootMfaScan([ROOT_APP]))

  it('says what fails in the headline', () => {
    expect(headlineText(rootMfaScan([ROOT_APP]))).toBe(
      "❌ IAM MFA check: root's MFA is virtual, not hardware · 50.0% (D)"
    )
  })

  it('lists root as failing, high, with its fix', () => {
    expect(failingRows(out)).toEqual([
      ['identity', 'severity', 'fix', 'facts'],
      ['root user', '🟧 high', 'Hardware MFA for root', 'see Root user below']
    ])
  })

  it("gives root's line in this run with its severity and the device", () => {
    expect(lines(out).filter(l => l.startsWith('Root user'))).toEqual([
      "Root user: ❌ high: The root user's MFA is a virtual authenticator app (arn:aws:iam::123456789012:mfa/root-account-mfa-device, assigned 2024-05-06 07:08 UTC; ListVirtualMFADevices, live), whose codes a phishing site can relay, and root signs in with any of its MFA devices: CIS AWS Foundations and Security Hub IAM.6 want hardware MFA for root."
    ])
  })

  it('says how to fix and check it by hand, and offers no exemption', () => {
    const text = seen(out)
    expect(text).toContain(
      "Hardware MFA for root (iam.root_without_hardware_mfa): root's MFA is an authenticator app. Sign in as root, assign a FIDO security key or a hardware TOTP token under Security credentials → Assign MFA device, then remove the virtual device"
    )
    expect(text).toContain(
      "For root's hardware MFA, aws iam list-virtual-mfa-devices --assignment-status Assigned lists no device assigned to root"
    )
    const guidance = text.slice(text.indexOf('How to fix and verify'))
    expect(guidance).not.toContain('Secure the root user')
    expect(guidance).not.toContain('exempt-users')
    expect(guidance).not.toContain('AccountPasswordPresent')
  })

  it('reads cleanly', () => {
    expectReadable(out, [])
  })

  it('counts root with users of weak MFA as identities without phishing-resistant MFA', () => {
    const r = rootMfaScan([ROOT_APP], [userRow('weak', { mfa_active: 'true' })])
    const weak: Finding[] = r.evaluation.findings.map(f =>
      f.user === 'weak'
        ? {
            ...f,
            verdict: 'fail',
            severity: 'medium',
            rule: 'iam.users_without_phishing_resistant_mfa',
            remediation: 'add-security-key'
          }
        : f
    )
    expect(headlineText({ ...r, evaluation: { ...r.evaluation, findings: weak } })).toMatch(
      /^❌ IAM MFA check: 2 identities without phishing-resistant MFA · /
    )
  })
})

describe('one account: root with hardware MFA', () => {
  const out = summary(rootMfaScan([]))

  it('passes root and says why', () => {
    expect(headlineText(rootMfaScan([]))).toBe(
      '✅ IAM MFA check: no identity can sign in without MFA · 100.0% (A)'
    )
    expect(lines(out).filter(l => l.startsWith('Root user'))).toEqual([
      'Root user: ✅ The root user has MFA active. No virtual MFA device is assigned to root (ListVirtualMFADevices, live), so its MFA is a hardware device or security key.'
    ])
    expectReadable(out, [])
  })
})

describe('several accounts: root users of both rules', () => {
  const A = '111111111111'
  const B = '222222222222'
  const C = '333333333333'
  const org = orgScan([
    { id: A, alias: 'dev', rows: [root(false), passing('ann')] },
    { id: B, alias: 'prod', rows: [root(true), failing('bo')] },
    { id: C, alias: 'ops', rows: [root(true)] }
  ])
  const facts = { passwordPresent: true, mfaEnabled: true, accessKeysPresent: false }
  const prodApp = {
    ...ROOT_APP,
    serial: `arn:aws:iam::${B}:mfa/root-account-mfa-device`,
    userArn: `arn:aws:iam::${B}:root`
  }
  const judged = judgeRootStrength(
    { findings: org.evaluation.findings.filter(f => f.account === B), unusedExemptions: [] },
    facts,
    { devices: [prodApp] }
  ).findings
  const r: ScanResult = {
    ...org,
    evaluation: {
      ...org.evaluation,
      findings: [...org.evaluation.findings.filter(f => f.account !== B), ...judged]
    }
  }

  it('counts failing roots by severity and gives each its own', () => {
    const said = rootsLines(r).map(l => seen(l.markdown))
    expect(said[0]).toBe('Root users: ✅ 1 of 3 root users pass; ❌ 1 critical, 1 high (below).')
    expect(said[1]).toMatch(
      /^Root user of dev \(111111111111\): ❌ critical: The root user has no MFA\./
    )
    expect(said[2]).toMatch(
      /^Root user of prod \(222222222222\): ❌ high: The root user's MFA is a virtual authenticator app \(arn:aws:iam::222222222222:mfa\/root-account-mfa-device,/
    )
    expect(said).toHaveLength(3)
  })
})
