// The issue planner (pure): from this run's findings and the action's existing issues to the list
// of operations that brings each tracking issue up to date, and nothing more.
import type { Finding, RuleId } from '../core/types.js'
import {
  duplicateComment,
  fixedComment,
  movedComment,
  reopenComment,
  setAsideComment
} from './issue-comments.js'
import type { ExistingIssue, IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'
import {
  digestOf,
  issueBody,
  issueKey,
  issueTitle,
  parseMarker,
  withMarkerState,
  type IssueContext,
  type Marker
} from './issue-content.js'

export type { ExistingIssue, IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'

const RULE_IDS: readonly RuleId[] = [
  'iam.users_without_mfa',
  'iam.privileged_users_without_mfa',
  'iam.root_without_mfa',
  'iam.users_without_phishing_resistant_mfa'
]

type Tracked = ExistingIssue & { readonly marker: Marker }

/** The owner GitHub would accept as assignee, and whether a named user owner was refused. */
function ownerOf(
  f: Finding,
  options: PlanOptions
): { assignee: string | undefined; refused: boolean } {
  if (!isUserLogin(f.owner)) return { assignee: undefined, refused: false }
  return options.assignable(f.owner)
    ? { assignee: f.owner, refused: false }
    : { assignee: undefined, refused: true }
}

const isUserLogin = (owner: string | undefined): owner is string =>
  owner !== undefined && !owner.includes('/')

function humanDecision(issue: Tracked, acceptedRiskLabel: string): boolean {
  if (issue.labels.includes(acceptedRiskLabel)) return true
  return issue.stateReason === 'not_planned' && issue.marker.state === undefined
}

function planFailing(
  f: Finding,
  issues: readonly Tracked[],
  options: PlanOptions,
  plan: { ops: IssueOp[]; accepted: IssuePlan['accepted'][number][] }
): boolean {
  const { assignee, refused: ownerNotAssignable } = ownerOf(f, options)
  const title = issueTitle(f, options.context.accountLabel(f.account))
  const open = issues.find(i => i.state === 'open')
  const target = open ?? issues.filter(i => i.stateReason !== 'duplicate').at(-1)
  const ctx: IssueContext = {
    ...options.context,
    acceptedRiskLabel: options.acceptedRiskLabel,
    ownerNotAssignable,
    ...(target?.createdAt ? { firstSeen: target.createdAt } : {})
  }
  const digest = digestOf(f, ctx)
  const assign = assignee && !(target?.assignees ?? []).includes(assignee) ? { assignee } : {}
  if (open) {
    if (open.marker.digest !== digest || open.title !== title)
      plan.ops.push({
        kind: 'update',
        number: open.number,
        title,
        body: issueBody(f, ctx, options.now),
        ...assign
      })
    return true
  }
  const closed = issues.filter(i => i.stateReason !== 'duplicate').at(-1)
  if (!closed) return false
  if (humanDecision(closed, options.acceptedRiskLabel)) {
    plan.accepted.push({ number: closed.number, url: closed.url, finding: f })
    return true
  }
  plan.ops.push({
    kind: 'reopen',
    number: closed.number,
    title,
    body: issueBody(f, ctx, options.now),
    ...assign,
    comment: reopenComment(f, options.now)
  })
  return true
}

function planResolved(
  issues: readonly Tracked[],
  finding: Finding | undefined,
  stillFailing: Finding | undefined,
  ops: IssueOp[],
  options: PlanOptions
): void {
  const now = options.now
  const reportGeneratedAt = options.context.reportGeneratedAt
  for (const issue of issues.filter(i => i.state === 'open')) {
    if (finding && (finding.verdict === 'exempt' || finding.verdict === 'pending')) {
      ops.push({
        kind: 'close',
        number: issue.number,
        reason: 'not_planned',
        comment: setAsideComment(finding),
        body: withMarkerState(issue.body, finding.verdict)
      })
    } else if (stillFailing) {
      // Enrolling an authenticator app fixes "without MFA" even if a security key is still wanted.
      const fixedHere = stillFailing.rule === 'iam.users_without_phishing_resistant_mfa'
      ops.push({
        kind: 'close',
        number: issue.number,
        reason: fixedHere ? 'completed' : 'not_planned',
        comment: movedComment(stillFailing, now, fixedHere),
        body: withMarkerState(issue.body, 'moved')
      })
    } else {
      ops.push({
        kind: 'close',
        number: issue.number,
        reason: 'completed',
        comment: fixedComment(finding, now, reportGeneratedAt),
        body: undefined
      })
    }
  }
}

export function planIssues(
  findings: readonly Finding[],
  existing: readonly ExistingIssue[],
  options: PlanOptions
): IssuePlan {
  const tracked = existing
    .map(i => ({ ...i, marker: parseMarker(i.body) }))
    .filter((i): i is Tracked => i.marker !== undefined && options.accounts.has(i.marker.account))
    .sort((a, b) => a.number - b.number)
  const byKey = new Map<string, Tracked[]>()
  for (const i of tracked) byKey.set(i.marker.key, [...(byKey.get(i.marker.key) ?? []), i])
  const ops: IssueOp[] = []
  const accepted: IssuePlan['accepted'][number][] = []
  for (const issues of byKey.values()) {
    const open = issues.filter(i => i.state === 'open')
    for (const dup of open.slice(1)) {
      ops.push({
        kind: 'close',
        number: dup.number,
        reason: 'duplicate',
        comment: duplicateComment(open[0]?.number),
        body: undefined
      })
    }
  }
  const deduped = (issues: readonly Tracked[]): Tracked[] => {
    const keep = issues.find(i => i.state === 'open')
    return issues.filter(i => i.state === 'closed' || i === keep)
  }
  const creates: IssueOp[] = []
  const failing = findings.filter(f => f.verdict === 'fail' && options.accounts.has(f.account))
  const failingKeys = new Set(failing.map(issueKey))
  /** Failing findings with an issue of their own after this plan. */
  const trackedKeys = new Set<string>()
  for (const f of failing) {
    if (planFailing(f, deduped(byKey.get(issueKey(f)) ?? []), options, { ops, accepted })) {
      trackedKeys.add(issueKey(f))
      continue
    }
    const owner = ownerOf(f, options)
    creates.push({
      kind: 'create',
      key: issueKey(f),
      finding: f,
      title: issueTitle(f, options.context.accountLabel(f.account)),
      body: issueBody(
        f,
        {
          ...options.context,
          acceptedRiskLabel: options.acceptedRiskLabel,
          ownerNotAssignable: owner.refused
        },
        options.now
      ),
      assignee: owner.assignee
    })
  }
  // Findings come most severe first, so privileged and critical users get their issues first.
  const allowed = creates.slice(0, Math.max(0, options.maxNewIssues))
  for (const op of allowed) if (op.kind === 'create') trackedKeys.add(op.key)
  // A user's issue may be under another rule than this run's finding (e.g. no longer privileged).
  const byAnyRule = new Map<string, Finding>()
  for (const f of findings) for (const rule of RULE_IDS) byAnyRule.set(issueKey({ ...f, rule }), f)
  for (const [key, issues] of byKey) {
    if (failingKeys.has(key)) continue
    const finding = byAnyRule.get(key)
    const elsewhere = finding?.verdict === 'fail' ? finding : undefined
    // The old issue keeps tracking the user until the new rule's issue exists.
    if (elsewhere && !trackedKeys.has(issueKey(elsewhere))) continue
    planResolved(deduped(issues), elsewhere ? undefined : finding, elsewhere, ops, options)
  }
  return { ops: [...ops, ...allowed], waiting: creates.length - allowed.length, accepted }
}
