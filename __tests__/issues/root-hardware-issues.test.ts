// The tracking issue of a root whose MFA is a virtual device (iam.root_without_hardware_mfa): opened,
// closed when root has hardware MFA (live), held on a saved report, moved between root's two rules.
import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/core/evaluate.js'
import { judgeRootStrength, type RootListing } from '../../src/core/root-strength.js'
import type { Finding, RootFacts } from '../../src/core/types.js'
import { parseMarker } from '../../src/issues/issue-marker.js'
import {
  planIssues,
  type ExistingIssue,
  type IssueOp,
  type IssuePlan,
  type PlanOptions
} from '../../src/issues/plan-issues.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { expectReadable, said, seen } from '../helpers/readable.js'
import { reportCsv, rootRow } from '../helpers/report-csv.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const ACCOUNT = '123456789012'
const BOT = 'posturio-bot'
const LABEL = 'iam-mfa'
const REPORT_AT = '2026-11-30T11:00:00.000Z'
const ROOT_APP = {
  serial: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device',
  userArn: 'arn:aws:iam::123456789012:root',
  enabledAt: new Date('2024-05-06T07:08:00Z')
}

/** Root's finding: of a live run with `require-phishing-resistant` when `listing` is given, else offline. */
function root(mfa: boolean, listing?: RootListing): Finding {
  const facts: RootFacts = { passwordPresent: true, mfaEnabled: mfa, accessKeysPresent: false }
  const evaluation = evaluate(
    parseCredentialReport(reportCsv([rootRow({ mfa_active: String(mfa) })])),
    {
      gracePeriodDays: 1,
      inactiveDays: 45,
      exemptions: [],
      rootFacts: listing ? facts : undefined
    },
    NOW
  )
  const judged = listing ? judgeRootStrength(evaluation, facts, listing) : evaluation
  const found = judged.findings.find(f => f.isRoot)
  if (!found) throw new Error('no root finding')
  return found
}

const virtualRoot = root(true, { devices: [ROOT_APP] })
const hardwareRoot = root(true, { devices: [] })
const rootWithoutMfa = root(false, { devices: [] })

const OPTIONS: PlanOptions = {
  identity: BOT,
  issueLabel: LABEL,
  acceptedRiskLabel: 'accepted-risk',
  evidence: { reportGeneratedAt: REPORT_AT, doubts: new Map(), live: new Map(), rootLive: true },
  strength: 'checked',
  maxNewIssues: 20,
  policyChecked: new Set(),
  accounts: new Set([ACCOUNT]),
  assignable: () => false,
  context: {
    accountLabel: account => account,
    workflowUrl: undefined,
    liveChecks: true,
    reportGeneratedAt: REPORT_AT
  },
  now: NOW
}

const plan = (
  findings: readonly Finding[],
  existing: readonly ExistingIssue[],
  over: Partial<PlanOptions> = {}
): IssuePlan => planIssues(findings, existing, { ...OPTIONS, ...over })

type Create = Extract<IssueOp, { kind: 'create' }>
const creates = (p: IssuePlan): Create[] => p.ops.filter((op): op is Create => op.kind === 'create')

type Close = Extract<IssueOp, { kind: 'close' }>
/** The one issue the plan closes. */
function closeOf(p: IssuePlan): Close {
  const closes = p.ops.filter((op): op is Close => op.kind === 'close')
  if (closes.length !== 1) throw new Error(`${closes.length} closes planned`)
  return closes[0] as Close
}

const summary = (p: IssuePlan): string[] =>
  p.ops.map(op =>
    op.kind === 'create'
      ? `create ${op.finding.rule}`
      : `${op.kind} #${op.number}${op.kind === 'close' ? ` ${op.reason}` : ''}`
  )

/** The issue a run opened for `f` a day earlier, as GitHub lists it. */
function issueFor(f: Finding, number: number, over: Partial<ExistingIssue> = {}): ExistingIssue {
  const op = creates(plan([f], [], { now: new Date('2026-11-29T12:00:00Z') }))[0]
  if (!op) throw new Error(`no create for ${f.rule}`)
  return {
    number,
    state: 'open',
    stateReason: null,
    labels: [LABEL],
    title: op.title,
    body: op.body,
    url: `https://github.com/acme/security/issues/${number}`,
    author: BOT,
    ...over
  }
}

describe("opening root's hardware MFA issue", () => {
  const op = creates(plan([virtualRoot], []))[0]

  it('names root and the rule, and says what to do and how to check it by hand', () => {
    expect(op?.title).toBe('Root user in account 123456789012 has virtual MFA, not hardware MFA')
    const body = seen(op?.body ?? '')
    expect(body).toMatch(
      /^Severity: high \(iam\.root_without_hardware_mfa\) · Account: 123456789012 · Identity: root user · First seen: 2026-11-30 12:00 UTC\n/
    )
    expect(body).toContain(
      'Sign in as root and assign a FIDO security key or a hardware TOTP token (Security credentials → Assign MFA device), then remove the virtual MFA device, since root can sign in with any of its devices.'
    )
    expect(body).toContain(
      'By hand: aws iam list-virtual-mfa-devices --assignment-status Assigned lists no device assigned to root (user arn:aws:iam::ACCOUNT:root, serial usually ending :mfa/root-account-mfa-device) once the virtual device is removed'
    )
    expect(body).toContain(
      "Finding: The root user's MFA is a virtual authenticator app (arn:aws:iam::123456789012:mfa/root-account-mfa-device, assigned 2024-05-06 07:08 UTC; ListVirtualMFADevices, live)"
    )
    expectReadable(op?.body ?? '', [])
  })

  it('opens no second issue for root under the critical rule', () => {
    expect(summary(plan([virtualRoot], []))).toEqual(['create iam.root_without_hardware_mfa'])
  })
})

describe("closing root's hardware MFA issue", () => {
  it('closes it as completed when a live run finds no virtual device assigned to root', () => {
    const p = plan([hardwareRoot], [issueFor(virtualRoot, 1)])
    const close = closeOf(p)
    expect(close.reason).toBe('completed')
    expect(seen(said(close.comment))).toBe(
      '✅ Verified fixed by the scan of 2026-11-30 12:00 UTC (credential report generated 2026-11-30 11:00 UTC): The root user has MFA active. No virtual MFA device is assigned to root (ListVirtualMFADevices, live), so its MFA is a hardware device or security key.'
    )
    expect(parseMarker(close.body)?.state).toBe('fixed')
    expect(summary(p)).toEqual(['close #1 completed'])
  })

  it('keeps it open on a saved report, which cannot show whether root still has the virtual device', () => {
    const offlineRoot = root(true)
    const p = plan([offlineRoot], [issueFor(virtualRoot, 1)], {
      strength: 'unknown',
      evidence: { ...OPTIONS.evidence, rootLive: false }
    })
    expect(summary(p)).toEqual([])
    expect(p.held.map(h => h.why.plain)).toEqual([
      'a saved credential report does not record MFA device types, so this run cannot tell whether root still has a virtual MFA device'
    ])
  })

  it('closes it as not planned, never as fixed, when require-phishing-resistant is turned off', () => {
    const p = plan([hardwareRoot], [issueFor(virtualRoot, 1)], { strength: 'off' })
    const close = closeOf(p)
    expect(close.reason).toBe('not_planned')
    expect(seen(said(close.comment))).toBe(
      'Closing: MFA strength is no longer checked (require-phishing-resistant is off in the workflow). If it is turned on again and root still has a virtual MFA device, the scan reopens this issue.'
    )
  })

  it('reopens the same issue when a virtual device is assigned to root again', () => {
    const fixed = issueFor(virtualRoot, 1, { state: 'closed', stateReason: 'completed' })
    const p = plan([virtualRoot], [fixed])
    expect(summary(p)).toEqual(['reopen #1'])
  })
})

describe('root moving between its two rules', () => {
  it('closes the "without MFA" issue as completed once root has an app, and opens the hardware one', () => {
    const p = plan([virtualRoot], [issueFor(rootWithoutMfa, 1)])
    const close = closeOf(p)
    expect(close.reason).toBe('completed')
    expect(seen(said(close.comment))).toMatch(
      /^✅ MFA is now enrolled \(scan of 2026-11-30 12:00 UTC\): The root user's MFA is a virtual authenticator app .* Hardware MFA for root is still wanted; another issue tracks that\.$/
    )
    expect(creates(p).map(c => c.finding.rule)).toEqual(['iam.root_without_hardware_mfa'])
  })

  it('closes the hardware issue as moved when root loses its MFA, and opens the critical one', () => {
    const p = plan([rootWithoutMfa], [issueFor(virtualRoot, 1)])
    const close = closeOf(p)
    expect(close.reason).toBe('not_planned')
    expect(seen(said(close.comment))).toBe(
      'Closing: root is now tracked under iam.root_without_mfa in another issue.'
    )
    expect(creates(p).map(c => c.title)).toEqual([
      'Root user in account 123456789012 can sign in without MFA'
    ])
  })
})
