// The report as CSV, one row per finding (each identity judged, and each IAM user's policies judged;
// RFC 4180), safe to open in a spreadsheet: a cell a spreadsheet would run as a formula is written as
// text (pure).
import { standardsOf } from '../compliance/mappings.js'
import { allFindings } from '../core/all-findings.js'
import { enforcementLine } from '../core/policy-findings.js'
import { reportOf, type ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'

/** Characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: a would-be formula gets a leading `'`; quoted when it holds `,`, `"` or a line break. */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return ''
  let s = String(value)
  if (FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const CSV_COLUMNS = [
  'account',
  'account_alias',
  'identity',
  'arn',
  'verdict',
  'severity',
  'rule',
  'reason',
  'owner',
  'privileged_via',
  'mfa_by_policy',
  'password_last_used',
  'inactive',
  'live_check',
  'live_detail',
  'exemption',
  'report_generated_at',
  'standards'
] as const

type Column = (typeof CSV_COLUMNS)[number]

function row(f: Finding, result: ScanResult): Record<Column, string | boolean | undefined> {
  const alias = result.accountScans.find(a => a.id === f.account)?.alias
  const exemption = f.exemption
    ? `${f.exemption.source}${f.exemption.until ? ` until ${f.exemption.until}` : ''}${f.exemption.reason ? `: ${f.exemption.reason}` : ''}`
    : undefined
  return {
    account: f.account,
    account_alias: alias,
    identity: f.isRoot ? 'root' : f.user,
    arn: f.arn,
    verdict: f.verdict,
    severity: f.severity,
    rule: f.rule,
    reason: f.reason.plain,
    owner: f.owner,
    privileged_via: f.privilegedVia?.plain,
    mfa_by_policy: f.enforcement ? enforcementLine(f.enforcement).plain : undefined,
    password_last_used: f.password ? (f.password.lastUsed ?? 'never') : undefined,
    inactive: f.password?.inactive,
    live_check: f.live?.status,
    live_detail: f.live?.detail.plain,
    exemption,
    report_generated_at: reportOf(result, f.account).generatedAt,
    standards: standardsOf(f.rule).join('; ')
  }
}

/** The CSV file's text: a header, then one CRLF-ended record per finding, most severe first. */
export function reportCsv(result: ScanResult): string {
  const records = [
    CSV_COLUMNS.join(','),
    ...allFindings(result.evaluation).map(f => {
      const cells = row(f, result)
      return CSV_COLUMNS.map(c => csvCell(cells[c])).join(',')
    })
  ]
  return `${records.join('\r\n')}\r\n`
}
