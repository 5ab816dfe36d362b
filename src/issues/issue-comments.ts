// The comments the action posts on a tracking issue when it changes its state (pure).
import type { Finding, LiveCheck } from '../core/types.js'
import { code, md, type Md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'

/** The scan's evidence for a comment: the live check when there was one, else the reason. */
function evidence(f: Finding): Md {
  return f.live ? md`${f.live.detail}.` : f.reason
}

export function reopenComment(f: Finding, now: Date): string {
  return md`Reopened: the scan of ${formatTime(now)} still sees this problem. ${evidence(f)}`
    .markdown
}

/** Closing as not planned because the user is exempt or pending: why, and when it comes back. */
export function setAsideComment(f: Finding): string {
  const e = f.exemption
  const why =
    f.verdict === 'exempt'
      ? md`the user is exempt (${e?.source ?? 'exemption'}${e?.until ? md`, until ${e.until}` : md`, no expiry`}${e?.reason ? md`: ${e.reason}` : md``}); ${e?.until ? md`when the exemption lapses` : md`if the exemption is removed`}, the scan reopens this issue`
      : md`the user is new and inside the grace period (until ${formatTime(f.graceEndsAt)}); if MFA is still missing after it, the scan reopens this issue`
  return md`Closing for now: ${why}.`.markdown
}

/** Closing because the user is now tracked under another rule (an app fixes "without MFA"). */
export function movedComment(stillFailing: Finding, now: Date, fixedHere: boolean): string {
  return (
    fixedHere
      ? md`✅ MFA is now enrolled (scan of ${formatTime(now)}): ${evidence(stillFailing)} ${stillFailing.isRoot ? md`Hardware MFA for root` : md`A phishing-resistant key`} is still wanted; another issue tracks that.`
      : md`Closing: ${stillFailing.isRoot ? md`root` : md`the user`} is now tracked under ${code(stillFailing.rule)} in another issue.`
  ).markdown
}

/**
 * Closing as completed: the evidence (a live check, else the report that shows the fix or no longer
 * lists the user). Without a live check the evidence is the report, so its generation time is said.
 */
export function fixedComment(
  finding: Finding | undefined,
  live: LiveCheck | undefined,
  now: Date,
  reportGeneratedAt: string | undefined
): string {
  const proof = live
    ? md`${live.detail}.`
    : finding
      ? finding.reason
      : md`The IAM user is no longer in the credential report (deleted).`
  const report = live
    ? md``
    : md` (credential report generated ${reportGeneratedAt ? formatTime(reportGeneratedAt) : 'at an unknown time'})`
  return md`✅ Verified fixed by the scan of ${formatTime(now)}${report}: ${proof}`.markdown
}

export function duplicateComment(kept: number | undefined): string {
  return md`Duplicate of #${String(kept ?? '')}.`.markdown
}

/** Closing an MFA strength issue because the workflow no longer checks MFA strength. */
export function uncheckedComment(isRoot = false): string {
  const still = isRoot
    ? md`root still has a virtual MFA device`
    : md`the user still has no phishing-resistant MFA`
  return md`Closing: MFA strength is no longer checked (\`require-phishing-resistant\` is off in the workflow). If it is turned on again and ${still}, the scan reopens this issue.`
    .markdown
}
