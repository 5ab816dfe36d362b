// Closing the open issues of identities that no longer fail under their rule (pure): set aside
// (exempt, pending), moved to another rule, or fixed, each only on evidence strong enough.
import type { Finding, RuleId } from '../core/types.js'
import { md } from '../text/markdown.js'
import { backing, confirmedAt, generatedAtFor } from './close-evidence.js'
import { fixedComment, movedComment, setAsideComment, uncheckedComment } from './issue-comments.js'
import { issueKey } from './issue-content.js'
import { commentMarker, withMarkerState, type CommentMark } from './issue-marker.js'
import type { IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'
import type { Tracked } from './triage-issues.js'

type Held = IssuePlan['held'][number]
type Close = Extract<IssueOp, { kind: 'close' }>

/** The rules of MFA strength: judged only with `require-phishing-resistant` and live device lists. */
const STRENGTH_RULES: readonly RuleId[] = [
  'iam.users_without_phishing_resistant_mfa',
  'iam.root_without_hardware_mfa'
]

/** Identifies one episode of an issue (opened or reopened, then closed): its comments' stamp. */
function episodeStamp(issue: Tracked): string {
  return confirmedAt(issue) ?? `issue-${issue.number}`
}

/**
 * A comment the action posts on `issue` for `change`, ending with the hidden marker by which a
 * retry recognises it as posted.
 */
export function markedComment(
  issue: Tracked,
  change: string,
  text: string
): { comment: string; mark: CommentMark } {
  const mark = { change, key: issue.marker.key, stamp: episodeStamp(issue) }
  const marker = commentMarker(mark.change, mark.key, mark.stamp)
  return { comment: `${text}\n\n${marker.markdown}`, mark }
}

export function close(
  issue: Tracked,
  reason: Close['reason'],
  change: string,
  comment: string,
  state: string | undefined
): Close {
  return {
    kind: 'close',
    number: issue.number,
    reason,
    ...markedComment(issue, change, comment),
    body: state ? withMarkerState(issue.body, state) : undefined
  }
}

/**
 * Plans the close of each open issue of one identity. `finding` is this run's finding for the
 * identity under any rule (undefined: not in the report); `stillFailing` is set when it fails
 * under another rule now.
 */
export function planResolved(
  issues: readonly Tracked[],
  who: { account: string; user: string; isRoot: boolean },
  finding: Finding | undefined,
  stillFailing: Finding | undefined,
  options: PlanOptions,
  out: { ops: IssueOp[]; held: Held[] }
): void {
  const { now, evidence } = options
  const doubts = evidence.doubts.get(who.account) ?? []
  for (const issue of issues.filter(i => i.state === 'open')) {
    const hold = (why: Held['why'], liveWouldHelp: boolean): void => {
      out.held.push({ number: issue.number, url: issue.url, why, liveWouldHelp, ...who })
    }
    if (finding && (finding.verdict === 'exempt' || finding.verdict === 'pending')) {
      if (doubts.length > 0) {
        hold(
          md`the credential report is not plausible for this account (${doubts[0] ?? md``})`,
          false
        )
        continue
      }
      out.ops.push(
        close(issue, 'not_planned', 'set-aside', setAsideComment(finding), finding.verdict)
      )
      continue
    }
    const strengthIssue = STRENGTH_RULES.some(
      rule => issue.marker.key === issueKey({ ...who, rule })
    )
    if (strengthIssue && !stillFailing && options.strength !== 'checked') {
      if (options.strength === 'off')
        out.ops.push(
          close(issue, 'not_planned', 'unchecked', uncheckedComment(who.isRoot), 'unchecked')
        )
      else
        hold(
          who.isRoot
            ? md`a saved credential report does not record MFA device types, so this run cannot tell whether root still has a virtual MFA device`
            : md`a saved credential report does not record MFA device types, so this run cannot tell whether the user now has a phishing-resistant key`,
          false
        )
      continue
    }
    // Enrolling an authenticator app fixes "without MFA" even if a stronger device is still wanted.
    const fixedHere = stillFailing !== undefined && STRENGTH_RULES.includes(stillFailing.rule)
    if (stillFailing && !fixedHere) {
      out.ops.push(
        close(issue, 'not_planned', 'moved', movedComment(stillFailing, now, false), 'moved')
      )
      continue
    }
    const backed = backing(issue, stillFailing ?? finding, who, evidence)
    if (!backed.ok) {
      hold(backed.why, backed.liveWouldHelp)
      continue
    }
    if (stillFailing) {
      out.ops.push(
        close(issue, 'completed', 'moved', movedComment(stillFailing, now, true), 'moved')
      )
      continue
    }
    const deleted = finding === undefined && backed.live === undefined
    const comment = fixedComment(
      finding,
      backed.live,
      now,
      generatedAtFor(evidence, issue.marker.account)
    )
    out.ops.push(close(issue, 'completed', 'fixed', comment, deleted ? 'deleted' : 'fixed'))
  }
}
