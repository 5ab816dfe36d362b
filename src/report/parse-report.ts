// Parsing the IAM credential report CSV (by header name) into typed rows.
import { parse } from 'csv-parse/sync'
import { ROOT_USER, type PasswordUse, type ReportRow } from '../core/types.js'
import { ReportFormatError } from './report-error.js'

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

const ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(root|user\/.+)$/

class Cell {
  constructor(
    private readonly record: Record,
    private readonly line: number
  ) {}

  private fail(column: Column, expected: string): never {
    throw new ReportFormatError(
      `The credential report is malformed: line ${this.line}, column ${column} holds ` +
        `"${this.record[column].slice(0, 40)}" where ${expected} was expected. Download a fresh ` +
        'report (`aws iam get-credential-report`) or let the action fetch it.'
    )
  }

  bool(column: Column): boolean {
    const v = this.record[column].toLowerCase()
    if (v === 'true') return true
    if (v === 'false') return false
    return this.fail(column, 'true or false')
  }

  /** `not_supported` (root's password columns) is `undefined`. */
  optionalBool(column: Column): boolean | undefined {
    return this.record[column].toLowerCase() === 'not_supported' ? undefined : this.bool(column)
  }

  date(column: Column): Date {
    const v = this.record[column]
    const t = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN
    return Number.isNaN(t) ? this.fail(column, 'an ISO 8601 time') : new Date(t)
  }

  optionalDate(column: Column): Date | undefined {
    const v = this.record[column].toLowerCase()
    return v === 'n/a' || v === 'not_supported' || v === 'no_information'
      ? undefined
      : this.date(column)
  }

  passwordUse(column: Column): PasswordUse | undefined {
    const v = this.record[column].toLowerCase()
    if (v === 'no_information') return { kind: 'never' }
    if (v === 'n/a' || v === 'not_supported') return undefined
    return { kind: 'used', at: this.date(column) }
  }
}

function toRow(record: Record, line: number): ReportRow {
  const cell = new Cell(record, line)
  const match = ARN.exec(record.arn)
  if (!match || match[1] === undefined) {
    throw new ReportFormatError(
      `The credential report is malformed: line ${line} has ARN "${record.arn.slice(0, 80)}", ` +
        'which is not an IAM user or root ARN.'
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
function rejoinUnquoted(fields: string[], header: readonly string[], line: number): string[] {
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
  throw new ReportFormatError(
    `The credential report is malformed: line ${line} has ${fields.length} fields where the header has ` +
      `${header.length}. Download a fresh report (\`aws iam get-credential-report\`).`
  )
}

/** Parses the report text. Throws ReportFormatError naming the line and column at fault. */
export function parseCredentialReport(text: string): ReportRow[] {
  let table: Array<{ record: string[]; info: { lines: number } }>
  try {
    table = parse(text, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      info: true
    }) as unknown as typeof table
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new ReportFormatError(`The credential report is not valid CSV: ${detail}`)
  }
  const [first, ...body] = table
  const header = first?.record ?? []
  const missing = REQUIRED_COLUMNS.filter(c => !header.includes(c))
  if (header.length > 0 && missing.length > 0) {
    throw new ReportFormatError(
      `The credential report lacks the column(s) ${missing.join(', ')}. Expected the header of ` +
        '`aws iam get-credential-report` (user,arn,user_creation_time,password_enabled,...).'
    )
  }
  if (body.length === 0) {
    throw new ReportFormatError(
      'The credential report is empty: it has no rows, not even the root account. An AWS account ' +
        'always has one; check that the file is a whole credential report.'
    )
  }
  return body.map(({ record: fields, info }) => {
    const line = info.lines
    const cells = rejoinUnquoted(fields, header, line)
    const record = Object.fromEntries(
      header.map((name, k) => [name, cells[k] ?? ''])
    ) as unknown as Record
    return toRow(record, line)
  })
}
