// The accounts of a several-account run, worst first: id, alias, score, grade, failing, status.
import type { AccountScan, ScanResult } from '../core/scan-result.js'
import { join, lines, md, table, type Md, type Piece } from '../text/markdown.js'
import { count } from '../text/words.js'
import { bytes, clipped } from './clip.js'
import { MAX_REASON_BYTES } from './left-alone.js'

/** Failing identities per account. */
export function failingByAccount(r: ScanResult): ReadonlyMap<string, number> {
  const by = new Map<string, number>()
  for (const f of r.evaluation.findings)
    if (f.verdict === 'fail') by.set(f.account, (by.get(f.account) ?? 0) + 1)
  return by
}

const STATUS_RANK: Readonly<Record<AccountScan['status'], number>> = {
  incomplete: 0,
  partial: 1,
  complete: 2
}

/**
 * Worst first: accounts not scanned (nothing is known of them), then accounts read in part (their
 * alerts and issues were left alone), then the rest; within each, the lowest score, then the most
 * failing identities, then the account id.
 */
export function worstFirst(
  scans: readonly AccountScan[],
  failing: ReadonlyMap<string, number>
): AccountScan[] {
  const score = (a: AccountScan): number => a.posture?.score ?? -1
  return [...scans].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      score(a) - score(b) ||
      (failing.get(b.id) ?? 0) - (failing.get(a.id) ?? 0) ||
      a.id.localeCompare(b.id)
  )
}

function statusCell(a: AccountScan): Md {
  const why = a.reason ? md`: ${clipped(a.reason, MAX_REASON_BYTES)}` : md``
  if (a.status === 'incomplete') return md`⛔ not scanned${why}`
  if (a.status === 'partial') return md`⚠️ partial${why}`
  return md`✅ complete`
}

function row(a: AccountScan, failing: ReadonlyMap<string, number>): Piece[] {
  const p = a.posture
  const scanned = a.status !== 'incomplete'
  return [
    md`${a.id}`,
    a.alias === undefined ? md`—` : md`${a.alias}`,
    p ? md`${p.score.toFixed(1)}%` : md`—`,
    p ? md`${p.grade}` : md`—`,
    scanned ? md`${String(failing.get(a.id) ?? 0)}` : md`—`,
    statusCell(a)
  ]
}

/** The table, in the order given, within `maxBytes`; the rest of the accounts are counted. */
export function accountsTable(
  ordered: readonly AccountScan[],
  failing: ReadonlyMap<string, number>,
  maxBytes: number
): Md {
  const rows: Piece[][] = []
  let size = 0
  for (const a of ordered) {
    const r = row(a, failing)
    size += bytes(join(r, ' | ').markdown) + 4
    if (size > maxBytes) break
    rows.push(r)
  }
  const hidden = ordered.length - rows.length
  const note =
    hidden > 0
      ? md`${count(hidden, 'more account')} not shown here; the \`report-file\` output lists every account.`
      : undefined
  const header = ['account', 'alias', 'score', 'grade', 'failing', 'status'].map(h => md`${h}`)
  return lines(table(header, rows, [2, 4]), note && md``, note)
}
