// The top of a several-account summary: the organisation's verdict in one short line, and the
// accounts asked for, by how far their scan got.
import { reportOf, type AccountStatus, type ScanResult } from '../core/scan-result.js'
import { code, join, md, type Md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { count, grouped } from '../text/words.js'

const statusCount = (r: ScanResult, s: AccountStatus): number =>
  r.accountScans.filter(a => a.status === s).length

/**
 * Failing identities over every scanned account, the score over them, and how many accounts were
 * scanned: `❌ IAM MFA check: 14 failing identities · 62.5% (D) · 2/3 accounts scanned`.
 */
export function accountsHeadline(r: ScanResult): string {
  const all = r.accountScans.length
  const notScanned = statusCount(r, 'incomplete')
  if (notScanned === all)
    return `⚠️ IAM MFA check: none of the ${count(all, 'account')} could be scanned`
  const accounts =
    notScanned === 0
      ? count(all, 'account')
      : `${grouped(all - notScanned)}/${grouped(all)} accounts scanned`
  const score = `${r.posture.score.toFixed(1)}% (${r.posture.grade})`
  const failing = r.evaluation.findings.filter(f => f.verdict === 'fail').length
  if (failing > 0)
    return `❌ IAM MFA check: ${count(failing, 'failing identity')} · ${score} · ${accounts}`
  const open = r.posture.counts.exempt + r.posture.counts.pending
  const doubt = open > 0 || notScanned > 0 || statusCount(r, 'partial') > 0
  return `${doubt ? '⚠️' : '✅'} IAM MFA check: no failing identity · ${score} · ${accounts}`
}

/** `Check … · 3 accounts: 1 complete, 1 partial, 1 not scanned · scanned … · live AWS credentials`. */
export function accountsMetaLine(r: ScanResult): Md {
  const statuses: ReadonlyArray<readonly [AccountStatus, string]> = [
    ['complete', 'complete'],
    ['partial', 'partial'],
    ['incomplete', 'not scanned']
  ]
  const split = statuses
    .map(([s, words]) => [statusCount(r, s), words] as const)
    .filter(([n]) => n > 0)
    .map(([n, words]) => md`${String(n)} ${words}`)
  const files = new Set(r.accountScans.map(a => reportOf(r, a.id).origin)).size
  const mode =
    r.mode === 'live'
      ? md`live AWS credentials`
      : md`${files > 1 ? 'saved reports' : 'saved report'} (offline)`
  return md`Check ${code(r.check)} · ${count(r.accountScans.length, 'account')}: ${join(split, ', ')} · scanned ${formatTime(r.scannedAt)} · ${mode}`
}
