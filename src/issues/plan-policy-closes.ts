// Closing the open issues of rule iam.privileged_actions_without_mfa_condition (pure): the policies
// read live this run are the evidence, so a pass closes at once; a user gone from the report closes
// only when the report is plausible.
import { enforcementLine } from '../core/policy-findings.js'
import type { Finding } from '../core/types.js'
import { md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { setAsideComment } from './issue-comments.js'
import type { IssueOp, IssuePlan, PlanOptions } from './issue-plan.js'
import { close } from './plan-closes.js'
import type { Tracked } from './triage-issues.js'

type Held = IssuePlan['held'][number]

function fixedText(finding: Finding | undefined, now: Date): string {
  const when = md`the scan of ${formatTime(now)}, which read the user's policies live`
  if (!finding)
    return md`✅ Closing after ${when}: the IAM user is no longer in the credential report (deleted).`
      .markdown
  if (finding.verdict === 'pass' && finding.enforcement)
    return md`✅ Verified fixed by ${when}: ${enforcementLine(finding.enforcement)}.`.markdown
  return md`✅ Closing after ${when}: ${finding.reason}`.markdown
}

export function planPolicyResolved(
  issues: readonly Tracked[],
  who: { account: string; user: string; isRoot: boolean },
  finding: Finding | undefined,
  options: PlanOptions,
  out: { ops: IssueOp[]; held: Held[] }
): void {
  const doubts = options.evidence.doubts.get(who.account) ?? []
  for (const issue of issues.filter(i => i.state === 'open')) {
    if (finding?.verdict === 'exempt') {
      out.ops.push(close(issue, 'not_planned', 'set-aside', setAsideComment(finding), 'exempt'))
      continue
    }
    // Policies that could not all be read may hide the privilege or the missing condition.
    if (finding && finding.verdict !== 'pass' && finding.enforcement?.incomplete) {
      out.held.push({
        number: issue.number,
        url: issue.url,
        why: md`the user's policies could not all be read in this run (${finding.enforcement.why ?? ''})`,
        liveWouldHelp: false,
        ...who
      })
      continue
    }
    if (!finding && doubts.length > 0) {
      out.held.push({
        number: issue.number,
        url: issue.url,
        why: md`the user is missing from a credential report that is not plausible for this account (${doubts[0] ?? md``})`,
        liveWouldHelp: false,
        ...who
      })
      continue
    }
    const state = finding ? 'fixed' : 'deleted'
    out.ops.push(close(issue, 'completed', 'fixed', fixedText(finding, options.now), state))
  }
}
