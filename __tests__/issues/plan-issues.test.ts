import { describe, expect, it } from '@jest/globals'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { enrichFindings, type LiveFacts } from '../../src/core/enrich.js'
import { evaluate } from '../../src/core/evaluate.js'
import type { GroupAuthz, UserAuthz } from '../../src/core/privilege.js'
import type { EnforcementFact, Exemption, Finding, LiveCheck } from '../../src/core/types.js'
import { parseMarker, withMarkerState } from '../../src/issues/issue-marker.js'
import {
  planIssues,
  type ExistingIssue,
  type IssueOp,
  type IssuePlan,
  type PlanOptions
} from '../../src/issues/plan-issues.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { md } from '../../src/text/markdown.js'
import {
  codeTexts,
  renderMarkdown,
  renderProblems,
  visibleText
} from '../../scripts/lib/render-markdown.mjs'
import { allowedLink, expectReadable, HOSTILE, said } from '../helpers/readable.js'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

// --- Real findings: CSV rows through the real parser, evaluate() and enrichFindings(). ---

const NOW = new Date('2026-11-30T12:00:00Z')
const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '999988887777'
const LABEL = 'iam-mfa'
const ACCEPTED = 'accepted-risk'
/** Live check details as the live check writes them: product words, times as data. */
const VERIFIED = md`MFA device (virtual) enrolled ${'2026-11-30 10:02 UTC'}; verified live at ${'2026-11-30 11:59 UTC'}`
const STILL = md`Still a console password and no MFA device, verified live at ${'2026-11-30 11:59 UTC'}`

/** What a reader sees once GitHub renders the Markdown, without invisible joiners. */
const seen = (markdown: string): string => visibleText(markdown).replace(/[\u200b\u2060]/g, '')

/** Links, HTML, mentions or issue references a reader would see made from `data`. */
const madeFromData = (markdown: string, data: readonly string[]): string[] =>
  renderProblems(markdown, { allowedLinks: allowedLink, data }).filter(p =>
    /from data|not allowed/.test(p)
  )

const ADMINS: GroupAuthz = {
  name: 'admins',
  attached: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
  inline: []
}

interface Scan {
  readonly rows: readonly RowFields[]
  readonly exemptUsers?: string
  readonly checks?: Record<string, LiveCheck>
  readonly authz?: readonly UserAuthz[]
}

/** The findings of one scan, sorted most severe first as the action produces them. */
function scan(input: Scan): readonly Finding[] {
  let exemptions: Exemption[] = []
  if (input.exemptUsers) {
    const parsed = parseExemptUsers(input.exemptUsers)
    expect(parsed.problems).toEqual([])
    exemptions = parsed.exemptions
  }
  const evaluation = evaluate(
    parseCredentialReport(reportCsv(input.rows)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions, rootFacts: undefined },
    NOW
  )
  const facts: LiveFacts = {
    checks: new Map(Object.entries(input.checks ?? {})),
    authz: new Map((input.authz ?? []).map(a => [a.user, a])),
    localPolicies: new Map(),
    devices: new Map(),
    notes: []
  }
  return enrichFindings(
    evaluation,
    facts,
    { ownerTag: 'owner', exemptTag: 'mfa-exempt', requirePhishingResistant: false },
    NOW
  ).findings
}

function authz(user: string, over: Partial<Omit<UserAuthz, 'user'>> = {}): UserAuthz {
  return { user, tags: {}, attached: [], inline: [], groups: [], ...over }
}

function one(input: Scan, user: string): Finding {
  const f = scan(input).find(x => x.user === user)
  if (!f) throw new Error(`no finding for ${user}`)
  return f
}

const alice = one({ rows: [userRow('alice')] }, 'alice')
const bob = one({ rows: [userRow('bob')] }, 'bob')
const privilegedAlice = one(
  { rows: [userRow('alice')], authz: [authz('alice', { groups: [ADMINS] })] },
  'alice'
)
const alicePasses = one(
  {
    rows: [userRow('alice')],
    checks: { alice: { status: 'fixed', detail: VERIFIED, checkedAt: '2026-11-30T11:59:00.000Z' } }
  },
  'alice'
)
const aliceConfirmed = one(
  {
    rows: [userRow('alice')],
    checks: { alice: { status: 'confirmed', detail: STILL, checkedAt: '2026-11-30T11:59:00.000Z' } }
  },
  'alice'
)
const aliceWithoutPassword = one(
  { rows: [userRow('alice', { password_enabled: 'false', password_last_used: 'N/A' })] },
  'alice'
)
const aliceExempt = one(
  { rows: [userRow('alice')], exemptUsers: 'alice until=2027-01-31 # sealed break-glass account' },
  'alice'
)
const aliceExemptForever = one(
  { rows: [userRow('alice')], exemptUsers: 'alice # vendor login' },
  'alice'
)
const alicePending = one(
  {
    rows: [
      userRow('alice', {
        user_creation_time: '2026-11-30T08:00:00+00:00',
        password_last_used: 'no_information'
      })
    ]
  },
  'alice'
)
const otherAccountAlice = one({ rows: [userRow('alice', {}, OTHER_ACCOUNT)] }, 'alice')

// --- Issues as GitHub lists them, built from the planner's own create operations. ---

/** The login the action writes as. */
const BOT = 'posturio-bot'
/** The credential report of this run: generated after every issue below was last confirmed. */
const REPORT_AT = '2026-11-30T11:00:00.000Z'
/** When the issues below were opened, and the report that opened them. */
const OPENED = new Date('2026-11-29T12:00:00Z')
const OPENED_REPORT = '2026-11-29T11:00:00.000Z'

const OPTIONS: PlanOptions = {
  identity: BOT,
  issueLabel: LABEL,
  acceptedRiskLabel: ACCEPTED,
  evidence: { reportGeneratedAt: REPORT_AT, doubts: new Map(), live: new Map(), rootLive: false },
  strength: 'checked',
  maxNewIssues: 20,
  policyChecked: new Set([ACCOUNT]),
  accounts: new Set([ACCOUNT]),
  assignable: login => login === 'octocat',
  context: {
    accountLabel: account => account,
    workflowUrl: undefined,
    liveChecks: true,
    reportGeneratedAt: REPORT_AT
  },
  now: NOW
}

function plan(
  findings: readonly Finding[],
  existing: readonly ExistingIssue[],
  over: Partial<PlanOptions> = {}
): IssuePlan {
  return planIssues(findings, existing, { ...OPTIONS, ...over })
}

type Create = Extract<IssueOp, { kind: 'create' }>
type Close = Extract<IssueOp, { kind: 'close' }>
type Reopen = Extract<IssueOp, { kind: 'reopen' }>
type Update = Extract<IssueOp, { kind: 'update' }>

function creates(p: IssuePlan): Create[] {
  return p.ops.filter((op): op is Create => op.kind === 'create')
}

function opFor<K extends IssueOp['kind']>(
  p: IssuePlan,
  kind: K,
  number: number
): Extract<IssueOp, { kind: K }> {
  const op = p.ops.find(o => o.kind === kind && 'number' in o && o.number === number)
  if (!op) throw new Error(`no ${kind} of #${number} in ${JSON.stringify(summary(p))}`)
  return op as Extract<IssueOp, { kind: K }>
}

const url = (n: number): string => `https://github.com/acme/security/issues/${n}`

/** The issue a run opened for `f` (as the create operation says), as GitHub would list it. */
function issueFor(f: Finding, number: number, over: Partial<ExistingIssue> = {}): ExistingIssue {
  const op = creates(
    plan([f], [], {
      maxNewIssues: 1,
      accounts: new Set([f.account]),
      now: OPENED,
      context: { ...OPTIONS.context, reportGeneratedAt: OPENED_REPORT }
    })
  )[0]
  if (!op) throw new Error(`no create for ${f.user}`)
  return {
    number,
    state: 'open',
    stateReason: null,
    labels: [LABEL],
    title: op.title,
    body: op.body,
    url: url(number),
    author: BOT,
    ...over
  }
}

const closed = (
  f: Finding,
  number: number,
  stateReason: string | null,
  over: Partial<ExistingIssue> = {}
): ExistingIssue => issueFor(f, number, { state: 'closed', stateReason, ...over })

function summary(p: IssuePlan): string[] {
  return p.ops.map(op =>
    op.kind === 'create'
      ? `create ${op.finding.user} ${op.finding.rule}`
      : `${op.kind} #${op.number}${op.kind === 'close' ? ` ${op.reason}` : ''}`
  )
}

/** What GitHub holds after the executor applied `ops` to `issues`. */
function apply(issues: readonly ExistingIssue[], ops: readonly IssueOp[]): ExistingIssue[] {
  let next = Math.max(0, ...issues.map(i => i.number)) + 1
  let out = [...issues]
  const patch = (n: number, change: Partial<ExistingIssue>): void => {
    out = out.map(i => (i.number === n ? { ...i, ...change } : i))
  }
  for (const op of ops) {
    switch (op.kind) {
      case 'create': {
        const number = next++
        out.push({
          number,
          state: 'open',
          stateReason: null,
          labels: [LABEL],
          title: op.title,
          body: op.body,
          url: url(number),
          author: BOT
        })
        break
      }
      case 'update':
        patch(op.number, { title: op.title, body: op.body })
        break
      case 'label':
        patch(op.number, { labels: [LABEL] })
        break
      case 'reopen':
        patch(op.number, { state: 'open', stateReason: 'reopened', title: op.title, body: op.body })
        break
      case 'close': {
        const before = out.find(i => i.number === op.number)
        patch(op.number, {
          state: 'closed',
          stateReason: op.reason,
          body: op.body ?? before?.body ?? ''
        })
      }
    }
  }
  return out
}

/** Plans, applies, and returns the issues GitHub then holds with the plan. */
function run(
  findings: readonly Finding[],
  issues: readonly ExistingIssue[],
  over: Partial<PlanOptions> = {}
): { plan: IssuePlan; issues: ExistingIssue[] } {
  const p = plan(findings, issues, over)
  return { plan: p, issues: apply(issues, p.ops) }
}

// --- The lifecycle, one row per rule. ---

interface Row {
  readonly name: string
  readonly findings: readonly Finding[]
  readonly issues: readonly ExistingIssue[]
  readonly ops: readonly string[]
  readonly accepted?: readonly number[]
}

const withOwner: Finding = { ...alice, owner: 'octocat' }

const LIFECYCLE: readonly Row[] = [
  {
    name: 'failing, no issue: create',
    findings: [alice],
    issues: [],
    ops: ['create alice iam.users_without_mfa']
  },
  {
    name: 'failing, open issue with the same digest and title: nothing',
    findings: [alice],
    issues: [issueFor(alice, 1)],
    ops: []
  },
  {
    name: 'failing, open issue, the live evidence and scan time changed: nothing',
    findings: [aliceConfirmed],
    issues: [issueFor(alice, 1)],
    ops: []
  },
  {
    name: 'failing, open issue, owner changed: update',
    findings: [withOwner],
    issues: [issueFor(alice, 1)],
    ops: ['update #1']
  },
  {
    name: 'failing, open issue, password went inactive: update',
    findings: [
      one(
        { rows: [userRow('alice', { password_last_used: '2026-06-01T10:00:00+00:00' })] },
        'alice'
      )
    ],
    issues: [issueFor(alice, 1)],
    ops: ['update #1']
  },
  {
    name: 'failing, open issue whose title was edited: update',
    findings: [alice],
    issues: [issueFor(alice, 1, { title: 'alice again' })],
    ops: ['update #1']
  },
  {
    name: 'failing, closed by a person as completed: reopen',
    findings: [alice],
    issues: [closed(alice, 1, 'completed')],
    ops: ['reopen #1']
  },
  {
    name: 'failing, closed with no state reason: reopen',
    findings: [alice],
    issues: [closed(alice, 1, null)],
    ops: ['reopen #1']
  },
  {
    name: 'failing, closed with the accepted-risk label: nothing, accepted',
    findings: [alice],
    issues: [closed(alice, 1, 'completed', { labels: [LABEL, ACCEPTED] })],
    ops: [],
    accepted: [1]
  },
  {
    name: 'failing, closed not_planned by a person: nothing, accepted',
    findings: [alice],
    issues: [closed(alice, 1, 'not_planned')],
    ops: [],
    accepted: [1]
  },
  {
    name: 'failing, closed not_planned by the action for an exemption: reopen',
    findings: [alice],
    issues: [
      closed(alice, 1, 'not_planned', { body: withMarkerState(issueFor(alice, 1).body, 'exempt') })
    ],
    ops: ['reopen #1']
  },
  {
    name: 'failing, closed not_planned by the action in the grace period: reopen',
    findings: [alice],
    issues: [
      closed(alice, 1, 'not_planned', { body: withMarkerState(issueFor(alice, 1).body, 'pending') })
    ],
    ops: ['reopen #1']
  },
  {
    name: 'failing, only a closed duplicate: create a new issue',
    findings: [alice],
    issues: [closed(alice, 4, 'duplicate')],
    ops: ['create alice iam.users_without_mfa']
  },
  {
    name: 'passing (verified live), open issue: close completed',
    findings: [alicePasses],
    issues: [issueFor(alice, 1)],
    ops: ['close #1 completed']
  },
  {
    name: 'console password removed, open issue: close completed',
    findings: [aliceWithoutPassword],
    issues: [issueFor(alice, 1)],
    ops: ['close #1 completed']
  },
  {
    name: 'user deleted (not in the report), open issue: close completed',
    findings: [bob],
    issues: [issueFor(alice, 1), issueFor(bob, 2)],
    ops: ['close #1 completed']
  },
  {
    name: 'passing, closed issue: nothing',
    findings: [alicePasses],
    issues: [closed(alice, 1, 'completed')],
    ops: []
  },
  {
    name: 'deleted, closed issue: nothing',
    findings: [],
    issues: [closed(alice, 1, 'completed')],
    ops: []
  },
  {
    name: 'exempt, open issue: close not_planned',
    findings: [aliceExempt],
    issues: [issueFor(alice, 1)],
    ops: ['close #1 not_planned']
  },
  {
    name: 'pending, open issue: close not_planned',
    findings: [alicePending],
    issues: [issueFor(alice, 1)],
    ops: ['close #1 not_planned']
  },
  {
    name: 'exempt, no issue: nothing',
    findings: [aliceExempt],
    issues: [],
    ops: []
  },
  {
    name: 'pending, no issue: nothing',
    findings: [alicePending],
    issues: [],
    ops: []
  },
  {
    name: 'exempt, issue closed for the exemption: nothing',
    findings: [aliceExempt],
    issues: [
      closed(alice, 1, 'not_planned', { body: withMarkerState(issueFor(alice, 1).body, 'exempt') })
    ],
    ops: []
  },
  {
    name: 'two open issues with the same key: close the newer as duplicate, keep the older',
    findings: [alice],
    issues: [issueFor(alice, 7), issueFor(alice, 3)],
    ops: ['close #7 duplicate']
  },
  {
    name: 'two open issues, digest changed: close the duplicate and update the older',
    findings: [withOwner],
    issues: [issueFor(alice, 3), issueFor(alice, 7)],
    ops: ['close #7 duplicate', 'update #3']
  },
  {
    name: 'two open issues of a passing user: close the duplicate, close the older completed',
    findings: [alicePasses],
    issues: [issueFor(alice, 3), issueFor(alice, 7)],
    ops: ['close #7 duplicate', 'close #3 completed']
  },
  {
    name: 'issue of an account not scanned, user passing there: untouched',
    findings: [
      { ...otherAccountAlice, verdict: 'pass', severity: undefined, remediation: undefined }
    ],
    issues: [issueFor(otherAccountAlice, 1)],
    ops: []
  },
  {
    name: 'issue of an account not scanned, user absent: untouched',
    findings: [],
    issues: [issueFor(otherAccountAlice, 1)],
    ops: []
  },
  {
    name: 'failing user of an account not scanned, closed issue: no reopen, no create',
    findings: [otherAccountAlice],
    issues: [closed(otherAccountAlice, 1, 'completed')],
    ops: []
  },
  {
    name: 'issue without the marker (a person’s issue with the label): untouched',
    findings: [alicePasses],
    issues: [
      {
        ...issueFor(alice, 1),
        body: 'alice still has no MFA, see the scan',
        title: 'IAM user alice in account 123456789012 can sign in without MFA'
      }
    ],
    ops: []
  },
  {
    name: 'finding moved from privileged to plain: close the old issue, create a new one',
    findings: [alice],
    issues: [issueFor(privilegedAlice, 1)],
    ops: ['close #1 not_planned', 'create alice iam.users_without_mfa']
  },
  {
    name: 'finding moved from plain to privileged: close the old issue, create a new one',
    findings: [privilegedAlice],
    issues: [issueFor(alice, 1)],
    ops: ['close #1 not_planned', 'create alice iam.privileged_users_without_mfa']
  }
]

describe('the issue lifecycle', () => {
  it.each(LIFECYCLE.map(row => [row.name, row] as const))('%s', (_name, row) => {
    const p = plan(row.findings, row.issues)
    expect(summary(p)).toEqual(row.ops)
    expect(p.accepted.map(a => a.number)).toEqual(row.accepted ?? [])
    expect(p.waiting).toBe(0)
  })
})

// --- What each operation carries. ---

describe('creating an issue', () => {
  it('carries the title, a body starting with the marker, and the finding', () => {
    const [op] = creates(plan([alice], []))
    expect(op).toMatchObject({
      title: `IAM user alice in account ${ACCOUNT} can sign in without MFA`,
      finding: alice
    })
    expect(parseMarker(op?.body)).toMatchObject({
      key: op?.key,
      account: ACCOUNT,
      state: undefined
    })
  })

  it.each<[string, Finding, (login: string) => boolean, string | undefined]>([
    ['an assignable user login', { ...alice, owner: 'octocat' }, () => true, 'octocat'],
    [
      'a user login GitHub does not accept',
      { ...alice, owner: 'stranger' },
      () => false,
      undefined
    ],
    ['an org/team, even if asked', { ...alice, owner: 'acme/platform' }, () => true, undefined],
    ['no owner', alice, () => true, undefined],
    [
      'a malformed owner tag',
      { ...alice, ownerProblem: md`tag owner holds "${'x y'}"` },
      () => true,
      undefined
    ]
  ])('assigns %s only when assignable and a user', (_name, f, assignable, assignee) => {
    const [op] = creates(plan([f], [], { assignable }))
    expect(op?.assignee).toBe(assignee)
  })

  it('says in the body when the owner could not be assigned', () => {
    const [op] = creates(plan([{ ...alice, owner: 'stranger' }], [], { assignable: () => false }))
    expect(op?.body).toContain('`stranger` (GitHub login; not mentioned or assigned')
    expect(op?.body).not.toContain('@stranger')
  })

  it('never asks GitHub whether a team is assignable', () => {
    const asked: string[] = []
    plan([{ ...alice, owner: 'acme/platform' }], [], {
      assignable: login => {
        asked.push(login)
        return true
      }
    })
    expect(asked).toEqual([])
  })

  it('links the workflow in the body when its URL is known', () => {
    const workflowUrl = 'https://github.com/acme/security/actions/workflows/iam-mfa.yml'
    const [op] = creates(plan([alice], [], { context: { ...OPTIONS.context, workflowUrl } }))
    expect(op?.body).toContain(`(${workflowUrl})`)
  })
})

describe('max-new-issues', () => {
  // Five failing users; carol is privileged and root fails critical. Sorted most severe first.
  const findings = scan({
    rows: [rootRow(), userRow('alice'), userRow('bob'), userRow('carol'), userRow('dave')],
    authz: [authz('carol', { groups: [ADMINS] })]
  })

  it('sees the findings sorted most severe first', () => {
    expect(findings.map(f => f.user)).toEqual(['<root_account>', 'carol', 'alice', 'bob', 'dave'])
    expect(findings.filter(f => f.verdict === 'fail')).toHaveLength(5)
  })

  it.each<[number, string[], number]>([
    [0, [], 5],
    [1, ['<root_account>'], 4],
    [2, ['<root_account>', 'carol'], 3],
    [3, ['<root_account>', 'carol', 'alice'], 2],
    [5, ['<root_account>', 'carol', 'alice', 'bob', 'dave'], 0],
    [20, ['<root_account>', 'carol', 'alice', 'bob', 'dave'], 0]
  ])('at %i opens the most severe first and counts the rest as waiting', (max, users, waiting) => {
    const p = plan(findings, [], { maxNewIssues: max })
    expect(creates(p).map(op => op.finding.user)).toEqual(users)
    expect(p.waiting).toBe(waiting)
  })

  it('does not cap updates, closes and reopens', () => {
    const issues = [
      issueFor(alice, 1, { title: 'edited' }),
      closed(bob, 2, 'completed'),
      issueFor(one({ rows: [userRow('erin')] }, 'erin'), 3)
    ]
    const p = plan(findings, issues, { maxNewIssues: 0 })
    expect(summary(p)).toEqual(['update #1', 'reopen #2', 'close #3 completed'])
    expect(p.waiting).toBe(3)
  })

  it('spreads creation over runs without opening any issue twice', () => {
    let issues: ExistingIssue[] = []
    const waiting: number[] = []
    for (let i = 0; i < 4; i++) {
      const r = run(findings, issues, { maxNewIssues: 2 })
      waiting.push(r.plan.waiting)
      issues = r.issues
    }
    expect(waiting).toEqual([3, 1, 0, 0])
    expect(issues.map(i => parseMarker(i.body)?.key)).toHaveLength(5)
    expect(new Set(issues.map(i => parseMarker(i.body)?.key)).size).toBe(5)
  })
})

describe('updating an issue', () => {
  it('rewrites title and body with the current digest', () => {
    const p = plan([withOwner], [issueFor(alice, 1, { title: 'edited' })])
    const op: Update = opFor(p, 'update', 1)
    expect(op.title).toBe(`IAM user alice in account ${ACCOUNT} can sign in without MFA`)
    expect(op.body).toContain('**Owner:** @octocat')
    expect(parseMarker(op.body)?.digest).toBe(parseMarker(issueFor(withOwner, 9).body)?.digest)
  })
})

describe('reopening an issue a person closed while the user still fails', () => {
  const p = plan([aliceConfirmed], [closed(alice, 1, 'completed')])
  const op: Reopen = opFor(p, 'reopen', 1)

  it('comments that the scan still sees the problem, with the evidence', () => {
    expect(seen(op.comment)).toBe(
      `Reopened: the scan of 2026-11-30 12:00 UTC still sees this problem. ${STILL.plain}.`
    )
    expect(op.comment).toContain(STILL.markdown)
    expect(said(op.comment)).not.toMatch(/\n|\s$/)
    expectReadable(op.comment, [])
  })

  it('restores the title and a body whose marker carries no state', () => {
    expect(op.title).toBe(`IAM user alice in account ${ACCOUNT} can sign in without MFA`)
    expect(parseMarker(op.body)?.state).toBeUndefined()
  })

  it('lists nothing as accepted', () => {
    expect(p.accepted).toEqual([])
  })

  it('reopens the newest of several closed issues', () => {
    const p2 = plan([alice], [closed(alice, 2, 'completed'), closed(alice, 5, 'completed')])
    expect(summary(p2)).toEqual(['reopen #5'])
  })
})

describe('accepted risk', () => {
  it.each<[string, ExistingIssue]>([
    ['the accepted-risk label', closed(alice, 4, 'completed', { labels: [LABEL, ACCEPTED] })],
    ['a not_planned close by a person', closed(alice, 4, 'not_planned')],
    [
      'the label even on an issue the action closed for an exemption',
      closed(alice, 4, 'not_planned', {
        labels: [LABEL, ACCEPTED],
        body: withMarkerState(issueFor(alice, 4).body, 'exempt')
      })
    ]
  ])('lists the issue with its url and finding for %s', (_name, issue) => {
    const p = plan([alice], [issue])
    expect(p.ops).toEqual([])
    expect(p.accepted).toEqual([{ number: 4, url: url(4), finding: alice }])
  })

  it('honours a custom accepted-risk label', () => {
    const issue = closed(alice, 4, 'completed', { labels: [LABEL, 'risk-ok'] })
    expect(summary(plan([alice], [issue]))).toEqual(['reopen #4'])
    expect(plan([alice], [issue], { acceptedRiskLabel: 'risk-ok' }).accepted).toHaveLength(1)
  })
})

describe('closing as verified', () => {
  it('comments the live evidence for a user fixed since the report', () => {
    const op: Close = opFor(plan([alicePasses], [issueFor(alice, 1)]), 'close', 1)
    expect(op.reason).toBe('completed')
    expect(seen(op.comment)).toBe(
      `✅ Verified fixed by the scan of 2026-11-30 12:00 UTC: ${VERIFIED.plain}.`
    )
    expect(op.comment).toContain(VERIFIED.markdown)
    expectReadable(op.comment, [])
    expect(parseMarker(op.body)?.state).toBe('fixed')
  })

  it('says the user was deleted when it is no longer in the report', () => {
    const op: Close = opFor(plan([], [issueFor(alice, 1)]), 'close', 1)
    expect(op.reason).toBe('completed')
    expect(seen(op.comment)).toBe(
      '✅ Verified fixed by the scan of 2026-11-30 12:00 UTC (credential report generated 2026-11-30 11:00 UTC): The IAM user is no longer in the credential report (deleted).'
    )
    expect(parseMarker(op.body)?.state).toBe('deleted')
    // One line, no stray indentation: GitHub shows a line break in a comment as a break.
    expect(said(op.comment)).not.toMatch(/\n|\s$/)
  })

  it('closes the root issue when root is secured', () => {
    const root = one({ rows: [rootRow()] }, '<root_account>')
    const secured = one({ rows: [rootRow({ mfa_active: 'true' })] }, '<root_account>')
    const op: Close = opFor(plan([secured], [issueFor(root, 1)]), 'close', 1)
    expect(op.reason).toBe('completed')
    expect(op.comment).toContain('The root user has MFA active.')
  })
})

describe('closing for an exemption or the grace period', () => {
  it('states the exemption, its expiry and that a lapse reopens the issue', () => {
    const op: Close = opFor(plan([aliceExempt], [issueFor(alice, 1)]), 'close', 1)
    expect(op.reason).toBe('not_planned')
    expect(seen(op.comment)).toBe(
      'Closing for now: the user is exempt (exempt-users line 1, until 2027-01-31: sealed break-glass account); when the exemption lapses, the scan reopens this issue.'
    )
    expect(said(op.comment)).not.toMatch(/\n|\s$/)
    expect(parseMarker(op.body)?.state).toBe('exempt')
  })

  it('says when an exemption has no expiry, on one line', () => {
    const op: Close = opFor(plan([aliceExemptForever], [issueFor(alice, 1)]), 'close', 1)
    expect(seen(op.comment)).toBe(
      'Closing for now: the user is exempt (exempt-users line 1, no expiry: vendor login); if the exemption is removed, the scan reopens this issue.'
    )
    // GitHub shows a line break in a comment as a break: the sentence must not be split.
    expect(said(op.comment)).not.toMatch(/\n|\s$/)
  })

  it('states when the grace period ends', () => {
    const op: Close = opFor(plan([alicePending], [issueFor(alice, 1)]), 'close', 1)
    expect(op.reason).toBe('not_planned')
    expect(alicePending.graceEndsAt).toBe('2026-12-01T08:00:00.000Z')
    expect(seen(op.comment)).toBe(
      'Closing for now: the user is new and inside the grace period (until 2026-12-01 08:00 UTC); if MFA is still missing after it, the scan reopens this issue.'
    )
    expect(parseMarker(op.body)?.state).toBe('pending')
  })

  it('keeps the rest of the body as it was', () => {
    const issue = issueFor(alice, 1)
    const op: Close = opFor(plan([aliceExempt], [issue]), 'close', 1)
    expect(op.body?.split('\n').slice(1)).toEqual(issue.body.split('\n').slice(1))
  })

  it('escapes an exemption reason that came from an IAM tag (no mention in the comment)', () => {
    const exempt = one(
      {
        rows: [userRow('alice')],
        authz: [
          authz('alice', {
            tags: { 'mfa-exempt': 'approved by @acme/security;until=2027-01-31' }
          })
        ]
      },
      'alice'
    )
    expect(exempt.verdict).toBe('exempt')
    const op: Close = opFor(plan([exempt], [issueFor(alice, 1)]), 'close', 1)
    expect(seen(op.comment)).toContain(
      '(tag mfa-exempt, until 2027-01-31: approved by @acme/security)'
    )
    expect(madeFromData(op.comment, ['@acme/security'])).toEqual([])
  })

  it('keeps markup, HTML, links and references in an exemption tag as words', () => {
    const exempt = one(
      {
        rows: [userRow('alice')],
        authz: [authz('alice', { tags: { 'mfa-exempt': `${HOSTILE.reason};until=2027-01-31` } })]
      },
      'alice'
    )
    const op: Close = opFor(plan([exempt], [issueFor(alice, 1)]), 'close', 1)
    expect(madeFromData(op.comment, [HOSTILE.reason])).toEqual([])
    expect(renderMarkdown(op.comment).html).not.toMatch(/<img|<em>creds|href="https:\/\/evil/)
    expect(seen(op.comment)).toContain(`: ${HOSTILE.reason});`)
  })
})

describe('duplicates', () => {
  it('closes the newer with a link to the older', () => {
    const op: Close = opFor(plan([alice], [issueFor(alice, 3), issueFor(alice, 7)]), 'close', 7)
    expect(op.reason).toBe('duplicate')
    expect(op.comment).toContain('Duplicate of #3')
  })

  it('keeps the oldest of three and closes both others', () => {
    const p = plan([alice], [issueFor(alice, 9), issueFor(alice, 2), issueFor(alice, 5)])
    expect(summary(p)).toEqual(['close #5 duplicate', 'close #9 duplicate'])
    expect(opFor(p, 'close', 9).comment).toContain('Duplicate of #2')
  })

  it('does not count a closed older issue as the one to keep', () => {
    const p = plan([alice], [closed(alice, 1, 'completed'), issueFor(alice, 3), issueFor(alice, 7)])
    expect(summary(p)).toEqual(['close #7 duplicate'])
  })
})

describe('closing on the evidence of a report', () => {
  it('says when the report that shows the fix was generated', () => {
    const evidence = { ...OPTIONS.evidence, reportGeneratedAt: '2026-11-30T08:00:00.000Z' }
    const op: Close = opFor(plan([], [issueFor(alice, 1)], { evidence }), 'close', 1)
    expect(seen(op.comment)).toBe(
      '✅ Verified fixed by the scan of 2026-11-30 12:00 UTC (credential report generated 2026-11-30 08:00 UTC): The IAM user is no longer in the credential report (deleted).'
    )
  })
})

describe('a finding that moved to another rule', () => {
  it('closes the old issue as tracked elsewhere, naming the new rule', () => {
    const p = plan([alice], [issueFor(privilegedAlice, 1)])
    const op: Close = opFor(p, 'close', 1)
    expect(op.reason).toBe('not_planned')
    expect(said(op.comment)).toBe(
      'Closing: the user is now tracked under `iam.users_without_mfa` in another issue.'
    )
    expect(codeTexts(op.comment)).toEqual(['iam.users_without_mfa'])
    expect(creates(p)[0]?.title).toBe(
      `IAM user alice in account ${ACCOUNT} can sign in without MFA`
    )
  })

  it("keeps the old issue open while the new rule's issue waits for a later run (max-new-issues)", () => {
    const p = plan([alice], [issueFor(privilegedAlice, 1)], { maxNewIssues: 0 })
    expect(summary(p)).toEqual([])
    expect(p.waiting).toBe(1)
  })

  it('reopens the original issue when the user moves back to its rule (the action closed it, not a person)', () => {
    // Run 1: privileged → issue #1. Run 2: no longer privileged → #1 closed, #2 opened.
    const r1 = run([privilegedAlice], [])
    const r2 = run([alice], r1.issues)
    expect(summary(r2.plan)).toEqual(['close #1 not_planned', 'create alice iam.users_without_mfa'])
    // Run 3: back in the admins group. The failing privileged user must have an open issue.
    const r3 = plan([privilegedAlice], r2.issues)
    expect(r3.accepted).toEqual([])
    expect(summary(r3)).toEqual(['reopen #1', 'close #2 not_planned'])
  })
})

describe('issues the planner must not touch', () => {
  it('ignores issues without the marker even when they share the title', () => {
    const marked = issueFor(alice, 2)
    const manual: ExistingIssue = { ...marked, number: 1, body: 'tracking alice by hand' }
    expect(summary(plan([alicePasses], [manual, marked]))).toEqual(['close #2 completed'])
  })

  it('ignores issues of accounts this run did not scan completely', () => {
    const scannedBoth = new Set([ACCOUNT, OTHER_ACCOUNT])
    const issues = [issueFor(otherAccountAlice, 1), issueFor(alice, 2)]
    expect(summary(plan([], issues))).toEqual(['close #2 completed'])
    expect(summary(plan([], issues, { accounts: scannedBoth }))).toEqual([
      'close #1 completed',
      'close #2 completed'
    ])
  })

  it('keeps issues of the same user name in two accounts apart', () => {
    const issues = [issueFor(otherAccountAlice, 1), issueFor(alice, 2)]
    const both = new Set([ACCOUNT, OTHER_ACCOUNT])
    expect(summary(plan([alicePasses, otherAccountAlice], issues, { accounts: both }))).toEqual([
      'close #2 completed'
    ])
  })
})

describe('escaping in comments', () => {
  it('does not let an AWS group name become a mention in the reopen comment', () => {
    const oncall: GroupAuthz = { ...ADMINS, name: '@oncall' }
    const f = one(
      { rows: [userRow('alice')], authz: [authz('alice', { groups: [oncall] })] },
      'alice'
    )
    // The group and policy names are real code spans (no escaped backticks), so no mention.
    expect(f.privilegedVia?.markdown).toBe('group `@oncall`: attached policy `AdministratorAccess`')
    const op: Reopen = opFor(plan([f], [closed(f, 1, 'completed')]), 'reopen', 1)
    expect(codeTexts(op.comment)).toEqual(['@oncall', 'AdministratorAccess'])
    expect(madeFromData(op.comment, ['@oncall'])).toEqual([])
    expect(op.comment).not.toContain('&#96;')
  })
})

// --- A plan applied to its own result is stable. ---

describe('convergence', () => {
  const carol = one(
    { rows: [userRow('carol')], authz: [authz('carol', { groups: [ADMINS] })] },
    'carol'
  )
  const dave = one({ rows: [userRow('dave')] }, 'dave')
  const erin = one({ rows: [userRow('erin')] }, 'erin')

  const STATES: ReadonlyArray<readonly [string, readonly Finding[], readonly ExistingIssue[]]> = [
    ['nothing yet', [carol, alice, bob], []],
    [
      'every kind of change at once',
      [carol, { ...alice, owner: 'octocat' }, bob, dave],
      [
        issueFor(alice, 1),
        issueFor(alice, 2),
        closed(bob, 3, 'completed'),
        issueFor(erin, 4),
        issueFor(one({ rows: [userRow('carol')] }, 'carol'), 5),
        issueFor(dave, 6, { title: 'edited by someone' })
      ]
    ],
    [
      'an exempt user and a failing user with open issues',
      [aliceExempt, bob],
      [issueFor(alice, 1), issueFor(bob, 2)]
    ],
    ['a pending user with an open issue', [alicePending], [issueFor(alice, 1)]],
    [
      'an exemption lapsed',
      [alice],
      [
        closed(alice, 1, 'not_planned', {
          body: withMarkerState(issueFor(alice, 1).body, 'exempt')
        })
      ]
    ]
  ]

  it.each(STATES)(
    're-planning after applying (%s) makes zero operations',
    (_name, findings, issues) => {
      const first = run(findings, issues)
      expect(first.plan.ops.length).toBeGreaterThan(0)
      const second = plan(findings, first.issues)
      expect(summary(second)).toEqual([])
    }
  )

  it('follows one user over many runs: open, quiet, fixed, regressed, closed by a person, accepted', () => {
    let issues: ExistingIssue[] = []
    const step = (findings: readonly Finding[]): string[] => {
      const r = run(findings, issues)
      issues = r.issues
      return summary(r.plan)
    }
    expect(step([alice])).toEqual(['create alice iam.users_without_mfa'])
    expect(step([aliceConfirmed])).toEqual([])
    expect(step([alicePasses])).toEqual(['close #1 completed'])
    expect(step([alicePasses])).toEqual([])
    expect(step([alice])).toEqual(['reopen #1'])
    expect(step([alice])).toEqual([])
    issues = issues.map(i => ({ ...i, state: 'closed' as const, stateReason: 'completed' }))
    expect(step([alice])).toEqual(['reopen #1'])
    expect(step([aliceExempt])).toEqual(['close #1 not_planned'])
    expect(step([aliceExempt])).toEqual([])
    expect(step([alice])).toEqual(['reopen #1'])
    issues = issues.map(i => ({
      ...i,
      state: 'closed' as const,
      stateReason: 'completed',
      labels: [LABEL, ACCEPTED]
    }))
    expect(step([alice])).toEqual([])
    expect(issues).toHaveLength(1)
  })
})

describe('assigning a changed owner', () => {
  const owned = (owner: string): Finding =>
    one({ rows: [userRow('alice')], authz: [authz('alice', { tags: { owner } })] }, 'alice')

  it('assigns the new owner on update when GitHub accepts them and they are not assigned yet', () => {
    const before = issueFor(owned('someone-else'), 7, { assignees: ['someone-else'] })
    const op = opFor(plan([owned('octocat')], [before]), 'update', 7)
    expect(op.assignee).toBe('octocat')
  })

  it('does not re-assign an owner who is already assigned, nor one GitHub refuses', () => {
    const before = issueFor(owned('octocat'), 7, { assignees: ['octocat'] })
    expect(plan([owned('octocat')], [before]).ops).toEqual([])
    const refused = opFor(plan([owned('stranger')], [before]), 'update', 7)
    expect(refused.assignee).toBeUndefined()
    expect(refused.body).toContain('not mentioned or assigned')
  })

  it('keeps the first-seen date of the issue when rewriting its body', () => {
    const before = issueFor(owned('someone-else'), 7, { createdAt: '2026-10-01T08:00:00Z' })
    const op = opFor(plan([owned('octocat')], [before]), 'update', 7)
    expect(seen(op.body)).toContain('First seen: 2026-10-01 08:00 UTC')
  })
})

describe('a user who enrolled only an authenticator app while a security key is required', () => {
  it('closes the old "without MFA" issue as completed and opens the phishing-resistant one', () => {
    const before = issueFor(alice, 3)
    const weak: Finding = {
      ...alice,
      rule: 'iam.users_without_phishing_resistant_mfa',
      severity: 'medium',
      remediation: 'add-security-key',
      reason: md`MFA is active but only ${'a virtual authenticator app'}.`
    }
    const p = plan([weak], [before])
    const close = opFor(p, 'close', 3)
    expect(close.reason).toBe('completed')
    expect(close.comment).toMatch(/^✅ MFA is now enrolled/)
    expect(creates(p).map(c => c.finding.rule)).toEqual([
      'iam.users_without_phishing_resistant_mfa'
    ])
  })
})

describe('the issue body the planner writes', () => {
  it('names the account once: no "account account" in titles or bodies', () => {
    const findings = scan({
      rows: [rootRow(), userRow('alice'), userRow('carol')],
      authz: [authz('carol', { groups: [ADMINS] })]
    })
    const ops = creates(plan(findings, []))
    expect(ops).toHaveLength(3)
    for (const op of ops) {
      expect(op.title).toContain(`in account ${ACCOUNT}`)
      expect(op.title).not.toMatch(/account account/i)
      expect(seen(op.body)).not.toMatch(/account account/i)
    }
  })

  it('names the configured accepted-risk label, and never the default then', () => {
    const [op] = creates(plan([alice], [], { acceptedRiskLabel: 'risk-accepted' }))
    expect(op?.body).toContain('close it with the `risk-accepted` label')
    expect(op?.body).not.toContain('accepted-risk')
  })

  it('promises a live re-check only when the run checks live', () => {
    const [live] = creates(plan([alice], []))
    expect(live?.body).toContain('The run checks the user live')
    const context = { ...OPTIONS.context, liveChecks: false }
    const [offline] = creates(plan([alice], [], { context }))
    expect(offline?.body).not.toContain('The run checks the user live')
    expect(offline?.body).toContain('AWS regenerates the credential report at most every 4 hours')
  })

  it.each<[string, Partial<PlanOptions>]>([
    ['the accepted-risk label', { acceptedRiskLabel: 'risk-accepted' }],
    ['the live checks', { context: { ...OPTIONS.context, liveChecks: false } }]
  ])('rewrites open bodies once when %s change, then leaves them', (_what, over) => {
    const first = run([alice, bob], [issueFor(alice, 1), issueFor(bob, 2)], over)
    expect(summary(first.plan)).toEqual(['update #1', 'update #2'])
    const fresh = (f: Finding): string | undefined => creates(plan([f], [], over))[0]?.body
    expect(opFor(first.plan, 'update', 1).body).toBe(fresh(alice))
    expect(opFor(first.plan, 'update', 2).body).toBe(fresh(bob))
    expect(summary(plan([alice, bob], first.issues, over))).toEqual([])
  })

  it('keeps an owner tag that is not a login as words, and assigns no one', () => {
    const tagged = one(
      { rows: [userRow('alice')], authz: [authz('alice', { tags: { owner: HOSTILE.reason } })] },
      'alice'
    )
    expect(tagged.owner).toBeUndefined()
    const [op] = creates(plan([tagged], [], { assignable: () => true }))
    expect(op?.assignee).toBeUndefined()
    const data = HOSTILE.reason.slice(0, 60)
    expect(madeFromData(op?.body ?? '', [data])).toEqual([])
    expect(renderMarkdown(op?.body ?? '').html).not.toMatch(/<img|<em>creds|href="https:\/\/evil/)
    expect(seen(op?.body ?? '')).toContain(`holds "${data}"`)
  })

  it('writes the user name in commands as code', () => {
    const inactive = one(
      { rows: [userRow('carol', { password_last_used: '2026-06-01T10:00:00+00:00' })] },
      'carol'
    )
    const [op] = creates(plan([inactive], []))
    expect(op?.body).toContain('`aws iam delete-login-profile --user-name carol`')
    expect(codeTexts(op?.body ?? '')).toContain('aws iam delete-login-profile --user-name carol')
  })
})

// --- Evidence: nothing closes as fixed without evidence newer than the last confirmation. ---

describe('closing only on evidence newer than what last confirmed the finding', () => {
  const fixedInReport = aliceWithoutPassword
  const stale = (reportGeneratedAt: string | undefined): Partial<PlanOptions> => ({
    evidence: { ...OPTIONS.evidence, reportGeneratedAt }
  })

  it('keeps the issue open when the report was generated before the issue last confirmed it', () => {
    const p = plan([fixedInReport], [issueFor(alice, 1)], stale('2026-11-28T09:00:00.000Z'))
    expect(summary(p)).toEqual([])
    expect(p.held.map(h => [h.number, h.user, h.liveWouldHelp])).toEqual([[1, 'alice', true]])
    expect(seen(p.held[0]?.why.markdown ?? '')).toBe(
      'this run sees it fixed, but its credential report was generated 2026-11-28 09:00 UTC, before the finding was last confirmed (2026-11-29 11:00 UTC), so it cannot show a fix made since; a report generated later closes it'
    )
  })

  it('keeps a deleted-looking user open when the report is older than the issue', () => {
    const p = plan([], [issueFor(alice, 1)], stale('2026-11-28T09:00:00.000Z'))
    expect(summary(p)).toEqual([])
    expect(p.held).toHaveLength(1)
  })

  it('never closes on a report whose generation time is unknown', () => {
    const p = plan([fixedInReport], [issueFor(alice, 1)], stale(undefined))
    expect(summary(p)).toEqual([])
    expect(seen(p.held[0]?.why.markdown ?? '')).toMatch(
      /^this run sees it fixed, but the credential report's generation time is unknown/
    )
  })

  it('uses the later of the marker time and the issue opening as the bar', () => {
    const issue = issueFor(alice, 1, { createdAt: '2026-11-30T11:30:00Z' })
    expect(summary(plan([fixedInReport], [issue]))).toEqual([])
  })

  it('closes on a live check even when the report is old, with the live evidence', () => {
    const live = new Map([
      [
        `${ACCOUNT}/alice`,
        { status: 'fixed' as const, detail: VERIFIED, checkedAt: '2026-11-30T11:59:00.000Z' }
      ]
    ])
    const p = plan([], [issueFor(alice, 1)], {
      evidence: { ...OPTIONS.evidence, reportGeneratedAt: undefined, live }
    })
    const op = opFor(p, 'close', 1)
    expect(seen(said(op.comment))).toBe(
      `✅ Verified fixed by the scan of 2026-11-30 12:00 UTC: ${VERIFIED.plain}.`
    )
    expect(parseMarker(op.body)?.state).toBe('fixed')
  })

  it('keeps the issue open when the report says fixed but a live check still sees it failing', () => {
    const live = new Map([
      [
        `${ACCOUNT}/alice`,
        { status: 'confirmed' as const, detail: STILL, checkedAt: '2026-11-30T11:59:00.000Z' }
      ]
    ])
    const p = plan([fixedInReport], [issueFor(alice, 1)], {
      evidence: { ...OPTIONS.evidence, live }
    })
    expect(summary(p)).toEqual([])
    expect(p.held[0]?.liveWouldHelp).toBe(false)
  })

  it('closes nothing on a report the account would not produce, whatever it says', () => {
    const doubts = new Map([[ACCOUNT, [md`it has no row for the root user`]]])
    const p = plan(
      [aliceExempt, bob],
      [
        issueFor(alice, 1),
        issueFor(bob, 2),
        issueFor(one({ rows: [userRow('carol')] }, 'carol'), 3)
      ],
      {
        evidence: { ...OPTIONS.evidence, doubts }
      }
    )
    expect(summary(p)).toEqual([])
    expect(p.held.map(h => h.number).sort()).toEqual([1, 3])
    expect(seen(p.held[0]?.why.markdown ?? '')).toContain('it has no row for the root user')
  })

  it('still opens issues for failing users when the report is in doubt', () => {
    const doubts = new Map([[ACCOUNT, [md`it has no row for the root user`]]])
    expect(summary(plan([bob], [], { evidence: { ...OPTIONS.evidence, doubts } }))).toEqual([
      'create bob iam.users_without_mfa'
    ])
  })

  it('records in the marker when and with how many users the finding was last confirmed', () => {
    const [op] = creates(
      plan([alice], [], { context: { ...OPTIONS.context, reportUsers: () => 37 } })
    )
    expect(parseMarker(op?.body)).toMatchObject({ seen: '2026-11-30T11:00:00Z', users: 37 })
    const [live] = creates(plan([aliceConfirmed], []))
    expect(parseMarker(live?.body)?.seen).toBe('2026-11-30T11:59:00Z')
  })
})

// --- People: edits, copies and decisions on the action's issues. ---

describe('issues people edited', () => {
  it('finds an issue whose marker is no longer on the first line, and opens no second one', () => {
    const issue = issueFor(alice, 1)
    const edited = { ...issue, body: `Escalated to the platform team.\n\n${issue.body}` }
    expect(summary(plan([alice], [edited]))).toEqual([])
  })

  it('puts the label back on an issue a person took it off, and opens no second one', () => {
    const issue = issueFor(alice, 1, { labels: [] })
    expect(summary(plan([alice], [issue]))).toEqual(['label #1'])
  })

  it('rewrites the title a person changed', () => {
    expect(summary(plan([alice], [issueFor(alice, 1, { title: 'not urgent' })]))).toEqual([
      'update #1'
    ])
  })

  it('never acts on an issue whose marker key was edited, and names it', () => {
    const issue = issueFor(alice, 1)
    const key = parseMarker(issue.body)?.key ?? ''
    const edited = { ...issue, body: issue.body.replace(key, 'a'.repeat(24)) }
    const p = plan([bob], [edited])
    expect(summary(p)).toEqual(['create bob iam.users_without_mfa'])
    expect(p.ignored.map(i => i.number)).toEqual([1])
    expect(seen(p.ignored[0]?.why.markdown ?? '')).toMatch(/marker was edited/)
  })

  it('never adopts or closes an issue a person opened with a copied marker and label', () => {
    const forged = issueFor(alice, 1, { author: 'mallory' })
    const p = plan([alicePasses], [forged])
    expect(summary(p)).toEqual([])
    expect(seen(p.ignored[0]?.why.markdown ?? '')).toContain(
      'opened by mallory, a person, not by the action (posturio-bot)'
    )
    expect(summary(plan([alice], [forged]))).toEqual(['create alice iam.users_without_mfa'])
  })

  it('rewrites an issue a person reopened after the action closed it, so the next close is explained again', () => {
    const reopened = issueFor(alice, 1, { body: withMarkerState(issueFor(alice, 1).body, 'fixed') })
    const p = plan([alice], [reopened])
    expect(summary(p)).toEqual(['update #1'])
    expect(parseMarker(opFor(p, 'update', 1).body)?.state).toBeUndefined()
  })

  it('counts "not planned" after the action closed as fixed as a person accepting the risk', () => {
    const issue = closed(alice, 1, 'not_planned', {
      body: withMarkerState(issueFor(alice, 1).body, 'fixed')
    })
    expect(plan([alice], [issue]).accepted.map(a => a.number)).toEqual([1])
  })

  it('marks each comment with the change and the episode it explains', () => {
    const p = plan([alicePasses], [issueFor(alice, 1)])
    const op = opFor(p, 'close', 1)
    expect(op.mark).toEqual({
      change: 'fixed',
      key: parseMarker(issueFor(alice, 1).body)?.key,
      stamp: '2026-11-29T11:00:00Z'
    })
    expect(op.comment).toMatch(
      /\n\n<!-- posturio-iam-mfa:comment change=fixed key=[a-f0-9]{24} stamp=2026-11-29T11:00:00Z -->$/
    )
  })
})

describe('issues of MFA strength when this run does not judge it', () => {
  const strong = one({ rows: [userRow('alice', { mfa_active: 'true' })] }, 'alice')
  const strengthIssue = (): ExistingIssue =>
    issueFor({ ...alice, rule: 'iam.users_without_phishing_resistant_mfa', severity: 'medium' }, 1)

  it('keeps the issue open on a saved report, which cannot show device types', () => {
    const p = plan([strong], [strengthIssue()], { strength: 'unknown' })
    expect(summary(p)).toEqual([])
    expect(p.held[0]?.liveWouldHelp).toBe(false)
  })

  it('closes it as not planned, saying why, when the check is turned off; never as fixed', () => {
    const p = plan([strong], [strengthIssue()], { strength: 'off' })
    const op = opFor(p, 'close', 1)
    expect(op.reason).toBe('not_planned')
    expect(seen(said(op.comment))).toMatch(/^Closing: MFA strength is no longer checked/)
  })
})

describe('the identity the action writes as', () => {
  it('keeps acting on the issues another app opened (GITHUB_TOKEN before an app token)', () => {
    const p = plan([alicePasses], [issueFor(alice, 1, { author: 'github-actions[bot]' })])
    expect(summary(p)).toEqual(['close #1 completed'])
  })
})

describe('planIssues - the policy rule', () => {
  const fact: EnforcementFact = {
    status: 'not-enforced',
    actions: ['iam:CreateUser'],
    by: [],
    how: undefined,
    unenforced: ['iam:CreateUser'],
    grantedBy: ['AdministratorAccess (via group ops)'],
    missesAccessKeys: false,
    why: undefined,
    groups: ['ops']
  }
  const policyFail: Finding = {
    ...alice,
    rule: 'iam.privileged_actions_without_mfa_condition',
    severity: 'medium',
    remediation: 'enforce-mfa-policy',
    privilegedVia: md`group ops: attached policy AdministratorAccess`,
    enforcement: fact,
    reason: md`Privileged, and its privileged actions do not require MFA.`
  }
  const notPrivileged = (over: Partial<EnforcementFact>): Finding => {
    const rest: Finding = { ...policyFail }
    delete (rest as { privilegedVia?: unknown }).privilegedVia
    return {
      ...rest,
      verdict: 'not-applicable',
      severity: undefined,
      remediation: undefined,
      enforcement: { ...fact, ...over },
      reason: md`Not privileged.`
    }
  }

  it('keeps a sign-in issue and a policy issue for the same user side by side', () => {
    const p = plan([alice, policyFail], [])
    expect(creates(p).map(c => c.title)).toEqual([
      `IAM user alice in account ${ACCOUNT} can sign in without MFA`,
      `Privileged actions of IAM user alice in account ${ACCOUNT} do not require MFA`
    ])
  })

  it('holds the policy issue open on a run that did not read the account policies', () => {
    const issue = issueFor(policyFail, 7)
    const p = plan([alice], [issue], { policyChecked: new Set() })
    expect(p.ops.filter(o => o.kind !== 'create')).toEqual([])
    expect(p.held.map(h => h.number)).toEqual([7])
    expect(p.held[0]?.why.plain).toContain("this run did not read the account's policies")
  })

  it('holds it while a policy of the user could not be read, and closes it once the user is no longer privileged', () => {
    const issue = issueFor(policyFail, 7)
    const unread = plan([alice, notPrivileged({ status: 'undecided', incomplete: true })], [issue])
    expect(unread.ops.filter(o => o.kind !== 'create')).toEqual([])
    expect(unread.held.map(h => h.number)).toEqual([7])
    const known = plan([alice, notPrivileged({ status: 'undecided' })], [issue])
    expect(known.ops.filter(o => o.kind !== 'create')).toEqual([
      expect.objectContaining({ kind: 'close', number: 7, reason: 'completed' })
    ])
  })
})
