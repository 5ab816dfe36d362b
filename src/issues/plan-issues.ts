// The issue planner (pure): from this run's findings and the action's existing issues to the list
// of operations that brings each tracking issue up to date, and nothing more.
import type { Finding, RuleId } from '../core/types.js'
import { md } from '../text/markdown.js'
import { withMarkerState } from './issue-marker.js'
import { duplicateComment, reopenComment } from './issue-comments.js'
import type { ExistingIssue, IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'
import { digestOf, issueBody, issueKey, issueTitle, type IssueContext } from './issue-content.js'
import { markedComment, planResolved } from './plan-closes.js'
import { planPolicyResolved } from './plan-policy-closes.js'
import { POLICY_RULE } from '../core/policy-findings.js'
import { triageIssues, type Tracked } from './triage-issues.js'

export type { ExistingIssue, IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'

/**
 * Rules that judge the same thing about an identity: a finding moves between the rules of one
 * family (e.g. a user who becomes privileged), never to another family's rule.
 */
const FAMILIES: ReadonlyArray<readonly RuleId[]> = [
  [
    'iam.users_without_mfa',
    'iam.privileged_users_without_mfa',
    'iam.root_without_mfa',
    'iam.users_without_phishing_resistant_mfa',
    'iam.root_without_hardware_mfa'
  ],
  [POLICY_RULE]
]
const familyOf = (rule: RuleId): readonly RuleId[] => FAMILIES.find(f => f.includes(rule)) ?? [rule]

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

/** The action closes as not planned only to set a finding aside or when it moved rule. */
const OWN_NOT_PLANNED = new Set(['exempt', 'pending', 'moved', 'unchecked'])

function humanDecision(issue: Tracked, acceptedRiskLabel: string): boolean {
  const accepted = acceptedRiskLabel.toLowerCase()
  if (issue.labels.some(l => l.toLowerCase() === accepted)) return true
  return issue.stateReason === 'not_planned' && !OWN_NOT_PLANNED.has(issue.marker.state ?? '')
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
    // A marker still saying why the action closed it means a person reopened it: rewrite it.
    const reopenedByPerson = open.marker.state !== undefined
    if (open.marker.digest !== digest || open.title !== title || reopenedByPerson)
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
    ...markedComment(closed, 'reopen', reopenComment(f, options.now))
  })
  return true
}

/** Whom an issue tracks: from the finding when the report has it, else from the marker. */
function identityOf(
  issue: Tracked,
  finding: Finding | undefined
): { account: string; user: string; isRoot: boolean } {
  if (finding) return { account: finding.account, user: finding.user, isRoot: finding.isRoot }
  // Issues opened before the marker named the user: the title the action wrote names it.
  const named =
    issue.marker.user ?? /^(?:Privileged )?IAM user (\S+) in account /.exec(issue.title)?.[1]
  const isRoot =
    named === '<root_account>' || (named === undefined && /^Root user /.test(issue.title))
  return { account: issue.marker.account, user: isRoot ? '<root_account>' : (named ?? ''), isRoot }
}

export function planIssues(
  findings: readonly Finding[],
  existing: readonly ExistingIssue[],
  options: PlanOptions
): IssuePlan {
  const { tracked, ignored, unlabelled } = triageIssues(existing, {
    identity: options.identity,
    label: options.issueLabel,
    accounts: options.accounts
  })
  const byKey = new Map<string, Tracked[]>()
  for (const i of tracked) byKey.set(i.marker.key, [...(byKey.get(i.marker.key) ?? []), i])
  // Labels first: an issue a person took the label off is found by its author until then.
  const ops: IssueOp[] = unlabelled.map(number => ({ kind: 'label', number }))
  const accepted: IssuePlan['accepted'][number][] = []
  const held: IssuePlan['held'][number][] = []
  for (const issues of byKey.values()) {
    const open = issues.filter(i => i.state === 'open')
    for (const dup of open.slice(1)) {
      ops.push({
        kind: 'close',
        number: dup.number,
        reason: 'duplicate',
        ...markedComment(dup, 'duplicate', duplicateComment(open[0]?.number)),
        body: withMarkerState(dup.body, 'duplicate')
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
  for (const f of findings)
    for (const rule of familyOf(f.rule)) byAnyRule.set(issueKey({ ...f, rule }), f)
  for (const [key, issues] of byKey) {
    if (failingKeys.has(key)) continue
    const finding = byAnyRule.get(key)
    const elsewhere = finding?.verdict === 'fail' ? finding : undefined
    // The old issue keeps tracking the user until the new rule's issue exists.
    if (elsewhere && !trackedKeys.has(issueKey(elsewhere))) continue
    const first = issues[0]
    if (!first) continue
    const who = identityOf(first, finding)
    if (issueKey({ ...who, rule: POLICY_RULE }) === key) {
      // Only a run that read the account's policies can tell the policy issue is resolved; any
      // other run holds it open, which also keeps the account's alerts as they are.
      if (options.policyChecked.has(who.account))
        planPolicyResolved(deduped(issues), who, finding, options, { ops, held })
      else
        for (const issue of deduped(issues).filter(i => i.state === 'open'))
          held.push({
            number: issue.number,
            url: issue.url,
            why: md`this run did not read the account's policies (a saved credential report holds none), so it cannot tell whether the user's privileged actions now require MFA`,
            liveWouldHelp: false,
            ...who
          })
      continue
    }
    planResolved(deduped(issues), who, elsewhere ? undefined : finding, elsewhere, options, {
      ops,
      held
    })
  }
  return {
    ops: [...ops, ...allowed],
    waiting: creates.length - allowed.length,
    accepted,
    held,
    ignored
  }
}
