// Why a credential report cannot be trusted to show that anything was fixed, per account (pure):
// no root row in a saved file, far fewer users than the report that last confirmed an open issue, a future time.
import { reportOf, type ScanResult } from '../core/scan-result.js'
import { md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { formatTime } from '../text/time.js'
import type { Tracked } from './triage-issues.js'

/** Clock skew tolerated between AWS and the runner. */
const SKEW_MS = 5 * 60_000

/** Users in the report, per account (root not counted). */
export function usersPerAccount(result: ScanResult): Map<string, number> {
  const users = new Map<string, number>()
  for (const f of result.evaluation.findings)
    if (!f.isRoot) users.set(f.account, (users.get(f.account) ?? 0) + 1)
  return users
}

/**
 * A saved report that lacks users with open issues and lists fewer than half the users of the
 * report that last confirmed those issues, in an account that had at least this many, looks cut
 * short rather than cleaned up. A report fetched from AWS comes whole.
 */
const SHRINK_FLOOR = 4

export function reportDoubts(result: ScanResult, tracked: readonly Tracked[]): Map<string, Md[]> {
  const doubts = new Map<string, Md[]>()
  const add = (account: string, why: Md): void => {
    doubts.set(account, [...(doubts.get(account) ?? []), why])
  }
  // Names and counts matter only to open issues of saved reports: built only then.
  const open = result.mode === 'offline' && tracked.some(i => i.state === 'open')
  const users = open ? usersPerAccount(result) : new Map<string, number>()
  const names = new Map<string, Set<string>>()
  if (open)
    for (const f of result.evaluation.findings)
      if (!f.isRoot)
        names.set(f.account, (names.get(f.account) ?? new Set()).add(f.user.toLowerCase()))
  const withRoot = new Set(result.evaluation.findings.filter(f => f.isRoot).map(f => f.account))
  for (const account of result.accounts) {
    const generated = reportOf(result, account).generatedAt
    const future =
      generated !== undefined && Date.parse(generated) > Date.parse(result.scannedAt) + SKEW_MS
    if (future && generated)
      add(account, md`it says it was generated ${formatTime(generated)}, which is in the future`)
    // A report fetched from AWS comes whole; a saved file may have been cut by hand.
    if (result.mode === 'offline' && !withRoot.has(account))
      add(
        account,
        md`it has no row for the root user (\`<root_account>\`), which every credential report has`
      )
    // Only the open issues of users the report lacks are in question: once those are settled
    // (a live run, or a person), a smaller account is simply a smaller account.
    const present = names.get(account) ?? new Set<string>()
    const missing = tracked.filter(
      i =>
        i.state === 'open' &&
        i.marker.account === account &&
        i.marker.user !== undefined &&
        i.marker.user !== '<root_account>' &&
        !present.has(i.marker.user.toLowerCase())
    )
    const last = Math.max(0, ...missing.map(i => i.marker.users ?? 0))
    const now = users.get(account) ?? 0
    if (result.mode === 'offline' && last >= SHRINK_FLOOR && now < last / 2)
      add(
        account,
        md`it lists ${count(now, 'IAM user')}, where the report that last confirmed the open issue of a user it no longer lists had ${String(last)}; if those users were deleted, a run with live AWS credentials confirms it, or close their issues by hand`
      )
  }
  return doubts
}
