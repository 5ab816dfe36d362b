// Parsing the IAM credential report CSV (by header name) into typed rows.
import { parse } from 'csv-parse/sync'
import { ROOT_USER, type ReportRow } from '../core/types.js'
import { Cell } from './report-cell.js'
import { malformed, UNNAMED_SOURCE, type ReportSource } from './report-source.js'

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

/** What csv-parse found wrong, without quoting the report's content. */
function csvProblem(error: unknown): string {
  const { code, lines } = error as { code?: unknown; lines?: unknown }
  const at = typeof lines === 'number' ? ` at line ${lines}` : ''
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return `a quoted field is never closed (the file ends inside it${at})`
  if (
    code === 'CSV_INVALID_CLOSING_QUOTE' ||
    code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
  ) {
    return `a closing quote is followed by more characters${at}`
  }
  return `${typeof code === 'string' ? code : 'a parse error'}${at}`
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
  let table: Array<{ record: string[]; info: { lines: number } }>
  try {
    table = parse(text, {
      skip_empty_lines: true,
      // Rows of bare commas, as a spreadsheet leaves after the data, hold nothing to read.
      skip_records_with_empty_values: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      info: true
    }) as unknown as typeof table
  } catch (error) {
    throw malformed(source, `it is not valid CSV: ${csvProblem(error)}.`)
  }
  const [first, ...body] = table
  const header = first?.record ?? []
  const missing = REQUIRED_COLUMNS.filter(c => !header.includes(c))
  if (header.length > 0 && missing.length > 0) {
    throw malformed(
      source,
      `its header lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.join(', ')}; a credential report's header is ` +
        'user,arn,user_creation_time,password_enabled,... as AWS writes it.'
    )
  }
  if (body.length === 0) {
    throw malformed(
      source,
      header.length === 0
        ? 'it is empty.'
        : "it has a header but no rows, not even the root account's, which every AWS account has."
    )
  }
  return body.map(({ record: fields, info }) => {
    const line = info.lines
    const cells = rejoinUnquoted(fields, header, line, source)
    const record = Object.fromEntries(
      header.map((name, k) => [name, cells[k] ?? ''])
    ) as unknown as Record
    return { row: toRow(record, line, source), line }
  })
}
