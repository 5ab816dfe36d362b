// "This run" for several accounts: their credential reports in one line, and their root users.
import { reportOf, STALE_REPORT_MS, type ScanResult } from '../core/scan-result.js'
import { accountLabel } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { bold, code, join, md, type Md } from '../text/markdown.js'
import { formatAge, formatTime } from '../text/time.js'
import { count } from '../text/words.js'
import { MAX_NAMED_ACCOUNTS } from './left-alone.js'

function sourceOf(r: ScanResult, origins: readonly string[]): Md {
  if (r.mode === 'live') return md`AWS \`GetCredentialReport\``
  const files = [...new Set(origins)]
  return files.length === 1 ? md`file ${code(files[0] ?? '')}` : md`${count(files.length, 'file')}`
}

/** When the scanned accounts' reports were generated: the span, and the oldest one's age. */
export function reportsLine(r: ScanResult): Md {
  const head = bold('Credential reports:')
  const scanned = r.accountScans.filter(a => a.status !== 'incomplete')
  if (scanned.length === 0) return md`${head} none: no account could be scanned.`
  const reports = scanned.map(a => reportOf(r, a.id))
  const source = sourceOf(
    r,
    reports.map(x => x.origin)
  )
  const times = reports
    .map(x => x.generatedAt)
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
  const accounts = count(scanned.length, 'account')
  const unknown = scanned.length - times.length
  if (times.length === 0) return md`${head} ${accounts}, generation time unknown (${source}).`
  const first = formatTime(times[0])
  const last = formatTime(times[times.length - 1])
  const when = first === last ? md`generated ${first}` : md`generated between ${first} and ${last}`
  const oldest = Math.max(...reports.map(x => x.ageMs ?? 0))
  const unknownSaid =
    unknown > 0 ? md` The generation time of ${count(unknown, 'report')} is unknown.` : md``
  const stale = reports.filter(x => (x.ageMs ?? 0) > STALE_REPORT_MS).length
  const them = stale === 1 ? 'it' : 'them'
  const staleSaid =
    stale === 0
      ? md``
      : r.liveChecks === 'on'
        ? md` ⚠️ ${count(stale, 'report')} older than 4 hours: failing users were re-checked live, but other changes since then (new users, MFA removed) are not in ${them}.`
        : md` ⚠️ ${count(stale, 'report')} older than 4 hours cannot show changes made since then.`
  return md`${head} ${accounts}, ${when}; the oldest ${formatAge(oldest)} before this scan (${source}).${unknownSaid}${staleSaid}`
}

/**
 * The root users of the scanned accounts: how many pass, each failing one with its reason (the
 * failing tables point here), and the accounts whose report has no root row.
 */
export function rootsLines(r: ScanResult): Md[] {
  const head = bold('Root users:')
  const roots = r.evaluation.findings.filter(f => f.isRoot)
  const passing = roots.filter(f => f.verdict === 'pass').length
  const failing = roots.filter(f => f.verdict !== 'pass')
  const severity = (f: Finding): string => f.severity ?? 'critical'
  const bySeverity = [...new Set(failing.map(severity))].map(
    s => md`${String(failing.filter(f => severity(f) === s).length)} ${s}`
  )
  const withRoot = new Set(roots.map(f => f.account))
  const missing = r.accountScans.filter(a => a.status !== 'incomplete' && !withRoot.has(a.id))
  const label = (account: string): string => accountLabel(r, account)
  const parts: Md[] = [md`✅ ${String(passing)} of ${count(roots.length, 'root user')} pass`]
  if (failing.length > 0) parts.push(md`❌ ${join(bySeverity, ', ')} (below)`)
  if (missing.length > 0) {
    const named = missing.slice(0, MAX_NAMED_ACCOUNTS).map(a => md`${label(a.id)}`)
    const more = missing.length - named.length
    parts.push(
      md`not in the report of ${count(missing.length, 'account')} (${join(more > 0 ? [...named, md`${count(more, 'more account')}`] : named, ', ')})`
    )
  }
  const each = failing
    .slice(0, MAX_NAMED_ACCOUNTS)
    .map(f => md`${bold('Root user')} of ${label(f.account)}: ❌ ${severity(f)}: ${f.reason}`)
  const hidden = failing.slice(each.length)
  const rest =
    hidden.length > 0
      ? [
          md`${bold('Root users')} of ${count(hidden.length, 'more account')}: ❌ ${join([...new Set(hidden.map(severity))], ' or ')}; the \`report-file\` output has why.`
        ]
      : []
  return [md`${head} ${join(parts, '; ')}.`, ...each, ...rest]
}
