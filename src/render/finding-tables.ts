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
  table,
  type Md,
  type Piece
} from '../text/markdown.js'
import { count, grouped } from '../text/words.js'
import { EXEMPT, FAILING, FIXED, PENDING, type Column } from './finding-cells.js'

/** Rows shown in the summary per table; the report file has every finding. */
export const MAX_ROWS = 1000
/** Characters per table, so several full tables of long escaped names stay well under GitHub's 1 MiB. */
export const MAX_TABLE_CHARS = 150_000
/** Tables longer than this fold into a <details> block. */
export const FOLD_AFTER = 20

/** How much of a table to show. */
export interface TableLimits {
  readonly maxRows: number
  /** Size of the rows at most, as `measure` counts it. */
  readonly maxSize: number
  /** Characters for one account's summary; bytes where several accounts share one budget. */
  readonly measure: (markdown: string) => number
  /** Long tables fold into their own <details> block. */
  readonly fold: boolean
}

/** The limits of the one-account summary. */
export const ONE_ACCOUNT: TableLimits = {
  maxRows: MAX_ROWS,
  maxSize: MAX_TABLE_CHARS,
  measure: s => s.length,
  fold: true
}

/** A table as shown, and how many of its findings it shows. */
export interface ShownTable {
  readonly markdown: Md
  readonly shown: number
}

function bounded(
  findings: readonly Finding[],
  row: (f: Finding) => readonly Piece[],
  limits: TableLimits
) {
  const rows: (readonly Piece[])[] = []
  let size = 0
  for (const f of findings) {
    const r = row(f)
    size += limits.measure(join(r, ' | ').markdown) + 4
    if (rows.length >= limits.maxRows || size > limits.maxSize) break
    rows.push(r)
  }
  const hidden = findings.length - rows.length
  const note =
    hidden > 0
      ? md`${count(hidden, 'more identity')} not shown here; the \`report-file\` output lists every finding.`
      : undefined
  return { rows, note }
}

function tableOf(
  title: string,
  findings: readonly Finding[],
  columns: readonly Column[],
  accounts: number,
  limits: TableLimits
): ShownTable {
  const shown = columns.filter(c => !c.show || c.show(findings, accounts))
  const { rows, note } = bounded(findings, f => shown.map(c => c.cell(f)), limits)
  const body = lines(
    table(
      shown.map(c => md`${c.title}`),
      rows
    ),
    note && md``,
    note
  )
  const folded =
    limits.fold && findings.length > FOLD_AFTER
      ? details(md`${title} (${grouped(findings.length)})`, body)
      : body
  return { markdown: folded, shown: rows.length }
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

/**
 * The failing table, then why its privileged users are privileged: with one account, for every
 * failing user; under a shared budget, for the users shown, when it fits (else a line says where).
 */
function failingWithin(
  findings: readonly Finding[],
  accounts: number,
  limits: TableLimits
): ShownTable {
  const t = tableOf('Failing identities', findings, FAILING, accounts, limits)
  const one = limits === ONE_ACCOUNT
  let evidence = privilegeEvidence(one ? findings : findings.slice(0, t.shown))
  if (
    !one &&
    evidence &&
    limits.measure(`${t.markdown.markdown}${evidence.markdown}`) > limits.maxSize
  )
    evidence = md`${bold('Why privileged')}: not shown here for want of room; the \`report-file\` output has it for every user.`
  return { markdown: lines(t.markdown, evidence && md``, evidence), shown: t.shown }
}

export type TableKind = 'failing' | 'fixed' | 'pending' | 'exempt'

/** One kind of finding table within `limits`; `accounts` is how many accounts its rows come from. */
export function findingTable(
  kind: TableKind,
  findings: readonly Finding[],
  accounts: number,
  limits: TableLimits
): ShownTable {
  switch (kind) {
    case 'failing':
      return failingWithin(findings, accounts, limits)
    case 'fixed':
      return tableOf('Fixed since the report', findings, FIXED, accounts, limits)
    case 'pending':
      return tableOf('Pending users', findings, PENDING, 1, limits)
    case 'exempt':
      return tableOf('Exempt users', findings, EXEMPT, 1, limits)
  }
}

export const failingTable = (findings: readonly Finding[], accounts: number): Md =>
  findingTable('failing', findings, accounts, ONE_ACCOUNT).markdown
export const pendingTable = (findings: readonly Finding[]): Md =>
  findingTable('pending', findings, 1, ONE_ACCOUNT).markdown
export const exemptTable = (findings: readonly Finding[]): Md =>
  findingTable('exempt', findings, 1, ONE_ACCOUNT).markdown
export const fixedTable = (findings: readonly Finding[], accounts: number): Md =>
  findingTable('fixed', findings, accounts, ONE_ACCOUNT).markdown
