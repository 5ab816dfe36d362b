// What of a run's SARIF may reach code scanning, account by account.
import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import { settledAccounts, type AccountScan, type ScanResult } from '../../src/core/scan-result.js'
import type { IssueStep } from '../../src/issues/track-issues.js'
import { holdBackAll, unsettled, uploadPlan } from '../../src/output/upload-plan.js'
import { md } from '../../src/text/markdown.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const A = '111111111111'
const B = '222222222222'
const C = '333333333333'

function findingsOf(account: string) {
  return evaluate(
    parseCredentialReport(
      reportCsv([rootRow({ mfa_active: 'true' }, account), userRow('alice', {}, account)])
    ),
    { gracePeriodDays: 0, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    NOW
  ).findings
}

function result(scans: AccountScan[]): ScanResult {
  const scanned = scans.filter(s => s.status !== 'incomplete').map(s => s.id)
  const findings = scanned.flatMap(findingsOf)
  return {
    check: 'iam.users_without_mfa',
    accounts: scanned,
    accountScans: scans,
    scannedAt: NOW.toISOString(),
    mode: 'live',
    report: {
      origin: 'GetCredentialReport',
      generatedAt: '2026-11-30T11:00:00.000Z',
      ageMs: 3.6e6
    },
    evaluation: { findings, unusedExemptions: [] },
    liveChecks: 'on',
    posture: posture(findings),
    settings: {
      gracePeriodDays: 0,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: false
    }
  }
}

const scan = (id: string, status: AccountScan['status'], reason?: string): AccountScan => ({
  id,
  alias: undefined,
  status,
  reason: reason === undefined ? undefined : md`${reason}`,
  report:
    status === 'incomplete'
      ? undefined
      : { origin: 'GetCredentialReport', generatedAt: '2026-11-30T11:00:00.000Z', ageMs: 3.6e6 },
  posture: undefined
})

const applied = (extra: Partial<IssueStep> = {}): IssueStep => ({
  status: 'applied',
  repo: 'acme/findings',
  reason: undefined,
  plan: undefined,
  applied: undefined,
  doubtsByAccount: new Map(),
  ...extra
})

describe('uploadPlan', () => {
  it('uploads every run when every account was read whole and nothing is in doubt', () => {
    const r = result([scan(A, 'complete'), scan(B, 'complete')])
    expect(uploadPlan(r, applied(), unsettled(r, settledAccounts(r)), undefined)).toEqual({
      blocked: undefined,
      only: undefined
    })
  })

  it('leaves out the run of an account read in part, and of one whose report is in doubt', () => {
    const r = result([
      scan(A, 'complete'),
      scan(B, 'partial', 'parts of the account could not be read: tags'),
      scan(C, 'complete')
    ])
    const left = unsettled(r, settledAccounts(r))
    const doubts = new Map([[C, [md`it has no row for the root user`]]])
    const plan = uploadPlan(r, applied({ doubtsByAccount: doubts }), left, undefined)
    expect(plan.blocked).toBeUndefined()
    expect([...(plan.only?.accounts ?? [])]).toEqual([A])
    expect(plan.only?.heldBack.map(h => [h.account, h.why.plain])).toEqual([
      [B, 'parts of the account could not be read: tags'],
      [
        C,
        'the credential report is not plausible for the account (it has no row for the root user), and its SARIF would close alerts'
      ]
    ])
  })

  it('uploads nothing when the tracking issues could not be read (accepted risks unknown)', () => {
    const r = result([scan(A, 'complete'), scan(B, 'complete')])
    expect(uploadPlan(r, applied({ status: 'error' }), [], undefined).blocked?.plain).toBe(
      'the tracking issues could not be read, so accepted risks are unknown'
    )
  })

  it('an account not scanned has no run, so it holds nothing back: the others are uploaded whole', () => {
    const r = result([scan(A, 'complete'), scan(B, 'incomplete', 'AWS denied sts:AssumeRole')])
    const left = unsettled(r, settledAccounts(r))
    expect(left.map(u => u.account)).toEqual([B])
    expect(uploadPlan(r, applied(), left, undefined)).toEqual({
      blocked: undefined,
      only: undefined
    })
  })

  it('names the accounts when none was read whole', () => {
    const r = result([scan(A, 'partial', 'tags'), scan(B, 'incomplete', 'denied')])
    const left = unsettled(r, settledAccounts(r))
    expect(holdBackAll(left).plain).toBe(`no account was read whole (${A}, ${B}; see the warnings)`)
    expect(holdBackAll(left.slice(0, 1)).plain).toBe('tags')
  })
})
