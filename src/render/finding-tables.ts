// Tables of findings (failing, fixed, pending, exempt): only the columns that say something, folded
// and bounded in size.
import type { Finding } from '../core/types.js'
import {
  bold,
  code,
  details,
  join,
  lines,
  md,
  piece,
  table,
  type Md,
  type Piece
} from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { count, grouped } from '../text/words.js'

/** Rows shown in the summary per table; the report file has every finding. */
export const MAX_ROWS = 1000
/** Characters per table, so several full tables of long escaped names stay well under GitHub's 1 MiB. */
export const MAX_TABLE_CHARS = 150_000
/** Tables longer than this fold into a <details> block. */
export const FOLD_AFTER = 20

const FIX: Record<NonNullable<Finding['remediation']>, Md> = {
  'enroll-mfa': md`Enroll MFA`,
  'remove-console-password': md`Remove console password`,
  'secure-root': md`Secure root`,
  'add-security-key': md`Add a security key`
}

export const SEVERITY: Record<NonNullable<Finding['severity']>, Md> = {
  critical: md`🟥 critical`,
  high: md`🟧 high`,
  medium: md`🟨 medium`,
  low: md`⬜ low`
}

/** What a reader needs to know about a failing identity, in one cell. */
function facts(f: Finding, privileged: boolean): Md {
  if (f.isRoot) return md`see ${bold('Root user')} below`
  const out: Md[] = []
  const p = f.password
  if (p) {
    const idle = p.idleDays === undefined ? md`` : md`, ${count(p.idleDays, 'day')} ago`
    const use = p.everUsed
      ? md`last signed in ${formatTime(p.lastUsed)}${idle}`
      : md`password never used${p.idleDays === undefined ? md`` : p.idleDays === 0 ? md` (created today)` : md` (created ${count(p.idleDays, 'day')} ago)`}`
    out.push(p.inactive ? md`inactive: ${use}` : use)
  }
  if (f.lapsedExemption)
    out.push(md`exemption lapsed after ${f.lapsedExemption.until} (${f.lapsedExemption.source})`)
  if (privileged && f.privilegedVia) out.push(md`privileged (see below)`)
  if (f.live?.status === 'confirmed') out.push(md`confirmed live`)
  if (f.live?.status === 'not-reverified') out.push(f.live.detail)
  return join(out, '; ')
}

function ownerCell(f: Finding): Md {
  if (f.ownerProblem) return md`none: ${f.ownerProblem}`
  return f.owner ? md`${f.owner}` : md`not set`
}

interface Column {
  readonly title: string
  readonly cell: (f: Finding) => Piece
  /** Shown only when it tells rows apart or says something. */
  readonly show?: (findings: readonly Finding[], accounts: number) => boolean
}

const FAILING: readonly Column[] = [
  { title: 'identity', cell: f => (f.isRoot ? md`root user` : code(f.user)) },
  { title: 'account', cell: f => md`${f.account}`, show: (_, accounts) => accounts > 1 },
  { title: 'severity', cell: f => (f.severity ? SEVERITY[f.severity] : md``) },
  { title: 'fix', cell: f => (f.remediation ? FIX[f.remediation] : md``) },
  { title: 'facts', cell: f => facts(f, true) },
  {
    title: 'owner',
    cell: ownerCell,
    show: fs => fs.some(f => f.owner !== undefined || f.ownerProblem !== undefined)
  }
]

function bounded(findings: readonly Finding[], row: (f: Finding) => readonly Md[]) {
  const rows: (readonly Md[])[] = []
  let size = 0
  for (const f of findings) {
    const r = row(f)
    // The row's length in the table: its cells, ' | ' between them, and 4 more around them.
    size += 3 * Math.max(r.length - 1, 0) + 4
    for (const cell of r) size += cell.markdown.length
    if (rows.length >= MAX_ROWS || size > MAX_TABLE_CHARS) break
    rows.push(r)
  }
  const hidden = findings.length - rows.length
  const note =
    hidden > 0
      ? md`${count(hidden, 'more identity')} not shown here; the \`report-file\` output lists every finding.`
      : undefined
  return { rows, note }
}

function fold(title: string, findings: readonly Finding[], body: Md): Md {
  if (findings.length <= FOLD_AFTER) return body
  return details(md`${title} (${grouped(findings.length)})`, body)
}

function tableOf(
  title: string,
  findings: readonly Finding[],
  columns: readonly Column[],
  accounts: number
): Md {
  const shown = columns.filter(c => !c.show || c.show(findings, accounts))
  const { rows, note } = bounded(findings, f => shown.map(c => piece(c.cell(f))))
  return fold(
    title,
    findings,
    lines(
      table(
        shown.map(c => md`${c.title}`),
        rows
      ),
      note && md``,
      note
    )
  )
}

/** Why privileged users are privileged, once per policy path rather than on every row. */
function privilegeEvidence(findings: readonly Finding[]): Md | undefined {
  const byVia = new Map<string, { via: Md; users: string[] }>()
  for (const f of findings) {
    if (!f.privilegedVia) continue
    const entry = byVia.get(f.privilegedVia.markdown) ?? { via: f.privilegedVia, users: [] }
    entry.users.push(f.user)
    byVia.set(f.privilegedVia.markdown, entry)
  }
  if (byVia.size === 0) return undefined
  const items = [...byVia.values()]
    .slice(0, 50)
    .map(
      ({ via, users }) =>
        md`- ${via}: ${join(users.slice(0, 20).map(code), ', ')}${users.length > 20 ? md` and ${count(users.length - 20, 'more user')}` : md``}`
    )
  return lines(md`${bold('Why privileged')} (administrator or IAM-wide rights):`, md``, ...items)
}

export function failingTable(findings: readonly Finding[], accounts: number): Md {
  const evidence = privilegeEvidence(findings)
  return lines(
    tableOf('Failing identities', findings, FAILING, accounts),
    evidence && md``,
    evidence
  )
}

export function pendingTable(findings: readonly Finding[]): Md {
  return tableOf(
    'Pending users',
    findings,
    [
      { title: 'user', cell: f => code(f.user) },
      { title: 'created', cell: f => formatTime(f.createdAt) },
      { title: 'grace period ends', cell: f => formatTime(f.graceEndsAt) }
    ],
    1
  )
}

export function exemptTable(findings: readonly Finding[]): Md {
  return tableOf(
    'Exempt users',
    findings,
    [
      { title: 'user', cell: f => code(f.user) },
      {
        title: 'until (inclusive)',
        cell: f => (f.exemption?.until ? md`${f.exemption.until}` : bold('no expiry'))
      },
      { title: 'reason', cell: f => f.exemption?.reason ?? md`_no reason given_` },
      { title: 'declared in', cell: f => f.exemption?.source ?? '' }
    ],
    1
  )
}

export function fixedTable(findings: readonly Finding[], accounts: number): Md {
  return tableOf(
    'Fixed since the report',
    findings,
    [
      { title: 'user', cell: f => code(f.user) },
      { title: 'account', cell: f => md`${f.account}`, show: (_, n) => n > 1 },
      { title: 'evidence', cell: f => f.live?.detail ?? md`` }
    ],
    accounts
  )
}
