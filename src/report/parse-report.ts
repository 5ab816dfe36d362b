// Parsing the IAM credential report CSV (by header name) into typed rows.
import { ROOT_USER, type ReportRow } from '../core/types.js'
import { Cell } from './report-cell.js'
import { malformed, UNNAMED_SOURCE, type ReportSource } from './report-source.js'
import { visitCsv } from './csv-records.js'

export const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_2_active'
] as const

type Column = (typeof REQUIRED_COLUMNS)[number]
type Record = { readonly [K in Column]: string }
/** Where each needed column is in a row. */
type ColumnIndex = { readonly [K in Column]: number }

/** An IAM user or root ARN: its account, then `root` or `user/<path/>name`. */
export const ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(root|user\/.+)$/

function toRow(record: Record, line: number, source: ReportSource): ReportRow {
  const cell = new Cell<Column>(record, line, source)
  const match = ARN.exec(record.arn)
  if (!match || match[1] === undefined) {
    throw malformed(
      source,
      `line ${line} has ARN "${record.arn.slice(0, 40)}", which is not an IAM user or root ARN.`
    )
  }
  const isRoot = record.user === ROOT_USER
  return {
    user: record.user,
    arn: record.arn,
    accountId: match[1],
    isRoot,
    createdAt: cell.optionalDate('user_creation_time'),
    passwordEnabled: isRoot ? cell.optionalBool('password_enabled') : cell.bool('password_enabled'),
    passwordLastUsed: cell.passwordUse('password_last_used'),
    mfaActive: cell.bool('mfa_active'),
    activeAccessKeys:
      Number(cell.bool('access_key_1_active')) + Number(cell.bool('access_key_2_active'))
  }
}

/**
 * A row whose user name holds commas that were not quoted has 2 extra fields per comma (the name and
 * the ARN both split). Rejoin them, but only when the ARN then really ends with the user name.
 */
function rejoinUnquoted(
  fields: string[],
  header: readonly string[],
  line: number,
  source: ReportSource
): string[] {
  const extra = fields.length - header.length
  if (extra === 0) return fields
  const commas = extra / 2
  const user = fields.slice(0, commas + 1).join(',')
  const arn = fields.slice(commas + 1, 2 * commas + 2).join(',')
  if (
    extra > 0 &&
    Number.isInteger(commas) &&
    header[0] === 'user' &&
    header[1] === 'arn' &&
    arn.endsWith(`/${user}`)
  ) {
    return [user, arn, ...fields.slice(2 * commas + 2)]
  }
  throw malformed(
    source,
    `line ${line} has ${fields.length} fields where the header has ${header.length}.`
  )
}

/** A parsed row and the line of the report it ends on, for messages. */
export interface NumberedRow {
  readonly row: ReportRow
  readonly line: number
}

/**
 * Parses the report text. Throws ReportFormatError naming the line and column at fault; `source` says
 * what the report is (e.g. the `credential-report` input) and what to do about a bad one. It reads
 * each row on its own: `checkedReportRows` (check-report.ts) also checks the rows against each
 * other, as every report the action scans is checked.
 */
export function parseCredentialReport(
  text: string,
  source: ReportSource = UNNAMED_SOURCE
): ReportRow[] {
  return parseNumberedRows(text, source).map(r => r.row)
}

/** `parseCredentialReport`, with the line of each row. */
export function parseNumberedRows(
  text: string,
  source: ReportSource = UNNAMED_SOURCE
): NumberedRow[] {
  let header: readonly string[] | undefined
  let index: ColumnIndex | undefined
  const rows: NumberedRow[] = []
  visitCsv(text, source, (fields, line) => {
    if (header === undefined || index === undefined) {
      header = fields
      index = columnIndex(header, source)
      return
    }
    const record = recordOf(rejoinUnquoted(fields, header, line, source), index)
    rows.push({ row: toRow(record, line, source), line })
  })
  if (rows.length === 0) {
    throw malformed(
      source,
      header === undefined
        ? 'it is empty.'
        : "it has a header but no rows, not even the root account's, which every AWS account has."
    )
  }
  return rows
}

/** Where the header puts each needed column (a name given twice: its last); throws naming any it lacks. */
function columnIndex(header: readonly string[], source: ReportSource): ColumnIndex {
  const missing = REQUIRED_COLUMNS.filter(c => !header.includes(c))
  if (missing.length > 0) {
    throw malformed(
      source,
      `its header lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.join(', ')}; a credential report's header is ` +
        'user,arn,user_creation_time,password_enabled,... as AWS writes it.'
    )
  }
  return Object.fromEntries(
    REQUIRED_COLUMNS.map(c => [c, header.lastIndexOf(c)])
  ) as unknown as ColumnIndex
}

/** The needed cells of one row, by name (a column the row is too short for is empty). */
function recordOf(cells: readonly string[], at: ColumnIndex): Record {
  return {
    user: cells[at.user] ?? '',
    arn: cells[at.arn] ?? '',
    user_creation_time: cells[at.user_creation_time] ?? '',
    password_enabled: cells[at.password_enabled] ?? '',
    password_last_used: cells[at.password_last_used] ?? '',
    mfa_active: cells[at.mfa_active] ?? '',
    access_key_1_active: cells[at.access_key_1_active] ?? '',
    access_key_2_active: cells[at.access_key_2_active] ?? ''
  }
}
