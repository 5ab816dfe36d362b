// The score explained: the line whose numbers add up, and the identities counted by verdict.
import type { ScanResult } from '../core/scan-result.js'
import type { Verdict } from '../core/types.js'
import { bold, md, table, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

const VERDICT_ROWS: ReadonlyArray<readonly [Verdict, string, (r: ScanResult) => Md]> = [
  ['fail', '❌ fail', () => md`can sign in with a password and no MFA`],
  ['pass', '✅ pass', () => md`MFA active, or root without credentials`],
  [
    'pending',
    '⏳ pending',
    r =>
      r.settings.gracePeriodDays === 0
        ? md`none: the grace period is off (\`grace-period-days: 0\`)`
        : md`new, password never used, inside the ${String(r.settings.gracePeriodDays)}-day grace period`
  ],
  ['exempt', '🛡️ exempt', () => md`exempted by \`exempt-users\` or a tag (listed below)`],
  ['not-applicable', '➖ API-only', () => md`no console password: cannot sign in to the console`]
]

export function scoreLine(r: ScanResult): Md {
  const p = r.posture
  const cap = p.cappedByCritical ? md` (held to D by a critical finding)` : md``
  const open = p.counts.exempt + p.counts.pending
  const still =
    open > 0 ? md` ${count(open, 'exempt or pending user')} can still sign in without MFA.` : md``
  const scope =
    p.inScope === 0
      ? md`No identity is in scope: no console user and no root row.`
      : md`${String(p.passing)} of the ${count(p.inScope, 'identity')} in scope ${p.passing === 1 ? 'passes' : 'pass'} and ${String(p.counts.fail)} ${p.counts.fail === 1 ? 'fails' : 'fail'} (console users and root; pending, exempt and API-only identities are not scored).`
  return md`${bold(`Score ${p.score.toFixed(1)}%, grade ${p.grade}`)}${cap}: ${scope}${still}`
}

export function countsTable(r: ScanResult): Md {
  const rows = VERDICT_ROWS.map(([v, label, meaning]) => [
    md`${label}`,
    md`${r.posture.counts[v]}`,
    meaning(r)
  ])
  const total = r.evaluation.findings.length
  const reports =
    r.accountScans.length > 1
      ? md`rows in the credential reports`
      : md`rows in the credential report`
  return table(
    [md`verdict`, md`identities`, md`meaning`],
    [...rows, [bold('all'), bold(String(total)), reports]],
    [1]
  )
}
