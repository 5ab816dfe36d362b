// Markdown tables of findings (failing, pending, exempt), escaped, folded and bounded in size.
import type { Finding } from '../core/types.js'
import { escapeMarkdown as esc } from './escape.js'
import { formatTime } from './format.js'

/** Rows shown in the summary per table; the report file has every finding. */
export const MAX_ROWS = 1000
/** Characters per table, so three full tables of long escaped names stay well under GitHub's 1 MiB. */
export const MAX_TABLE_CHARS = 200_000
/** Tables longer than this fold into a <details> block. */
export const FOLD_AFTER = 20

const FIX: Record<NonNullable<Finding['remediation']>, string> = {
  'enroll-mfa': 'Enroll MFA',
  'remove-console-password': 'Remove console password',
  'secure-root': 'Secure root',
  'add-security-key': 'Add a security key'
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

function lastUsed(f: Finding): string {
  if (f.isRoot) return 'see root status'
  if (!f.password) return 'n/a'
  return f.password.everUsed ? formatTime(f.password.lastUsed) : 'never'
}

function failingRow(f: Finding): string[] {
  const notes: string[] = []
  if (f.lapsedExemption)
    notes.push(
      `exemption lapsed after ${esc(f.lapsedExemption.until)} (${esc(f.lapsedExemption.source)})`
    )
  if (f.password?.idleDays !== undefined && f.password.inactive)
    notes.push(`idle ${f.password.idleDays} days`)
  if (f.privilegedVia) notes.push(`privileged: ${esc(f.privilegedVia)}`)
  if (f.live?.status === 'confirmed') notes.push('confirmed live')
  if (f.live?.status === 'not-reverified') notes.push(esc(f.live.detail))
  if (f.ownerProblem) notes.push(esc(f.ownerProblem))
  return [
    esc(f.user),
    esc(f.account),
    f.severity ?? '',
    f.owner ? esc(f.owner) : '',
    lastUsed(f),
    f.isRoot ? 'n/a' : f.password?.inactive ? 'yes' : 'no',
    f.remediation ? FIX[f.remediation] : '',
    notes.join('; ')
  ]
}

function bounded(
  findings: readonly Finding[],
  render: (f: Finding) => string[]
): { rows: string[][]; note: string } {
  const rows: string[][] = []
  let size = 0
  for (const f of findings) {
    const row = render(f)
    size += row.join(' | ').length + 4
    if (rows.length >= MAX_ROWS || size > MAX_TABLE_CHARS) break
    rows.push(row)
  }
  const hidden = findings.length - rows.length
  return {
    rows,
    note:
      hidden > 0
        ? `\n\n${hidden} more not shown here; the \`report-file\` output lists every finding.`
        : ''
  }
}

function fold(title: string, count: number, body: string): string {
  if (count <= FOLD_AFTER) return `${body}\n`
  return `<details><summary>${title} (${count})</summary>\n\n${body}\n\n</details>\n`
}

export function failingTable(findings: readonly Finding[]): string {
  const { rows, note } = bounded(findings, failingRow)
  const body =
    table(
      ['user', 'account', 'severity', 'owner', 'password last used', 'inactive?', 'fix', 'notes'],
      rows
    ) + note
  return fold('Failing identities', findings.length, body)
}

export function pendingTable(findings: readonly Finding[]): string {
  const { rows, note } = bounded(findings, f => [
    esc(f.user),
    formatTime(f.createdAt),
    formatTime(f.graceEndsAt)
  ])
  return fold(
    'Pending users',
    findings.length,
    table(['user', 'created', 'grace period ends'], rows) + note
  )
}

export function exemptTable(findings: readonly Finding[]): string {
  const { rows, note } = bounded(findings, f => [
    esc(f.user),
    f.exemption?.until ? esc(f.exemption.until) : '**no expiry**',
    esc(f.exemption?.reason ?? 'no reason given'),
    esc(f.exemption?.source ?? '')
  ])
  return fold(
    'Exempt users',
    findings.length,
    table(['user', 'until (inclusive)', 'reason', 'declared in'], rows) + note
  )
}

export function fixedTable(findings: readonly Finding[]): string {
  const { rows, note } = bounded(findings, f => [
    esc(f.user),
    esc(f.account),
    esc(f.live?.detail ?? '')
  ])
  return fold(
    'Fixed since the report',
    findings.length,
    table(['user', 'account', 'evidence'], rows) + note
  )
}
