// Reading the cells of one credential report row as typed values, naming the line and column at fault.
import type { PasswordUse } from '../core/types.js'
import { malformed, NO_SPREADSHEET, type ReportSource } from './report-source.js'

/** Dates as spreadsheet programs rewrite them: 11/30/2026 10:02, 30.11.2026, 2026-11-30 19:08, or a serial day. */
const SPREADSHEET_DATE =
  /^(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s*[AP]M)?)?|\d{5}(\.\d+)?)$/i

/**
 * `value` lower-cased for comparing with the report's words (`N/A`, `not_supported`, ...), which all
 * start with a letter: a value that starts with a digit, as every time does, cannot be one of them
 * and is left as it is rather than copied.
 */
function asWord(value: string): string {
  const first = value.charCodeAt(0)
  return first >= 0x30 && first <= 0x39 ? value : value.toLowerCase()
}

/** The cells of one report row, read as typed values. */
export class Cell<Column extends string> {
  constructor(
    private readonly record: { readonly [K in Column]: string },
    private readonly line: number,
    private readonly source: ReportSource
  ) {}

  private fail(column: Column, expected: string, why = ''): never {
    throw malformed(
      this.source,
      `line ${this.line}, column ${column} holds "${this.record[column].slice(0, 40)}" where ` +
        `${expected} was expected.${why ? ` ${why}` : ''}`
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
    const d = /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : undefined
    if (d && !Number.isNaN(d.getTime())) return d
    if (SPREADSHEET_DATE.test(v)) {
      return this.fail(
        column,
        'an ISO 8601 time such as 2026-11-30T19:08:10+00:00',
        'A spreadsheet program re-saved this file and rewrote its dates, and may have dropped ' +
          `their time zone. ${NO_SPREADSHEET}`
      )
    }
    return this.fail(column, 'an ISO 8601 time')
  }

  optionalDate(column: Column): Date | undefined {
    const v = asWord(this.record[column])
    return v === 'n/a' || v === 'not_supported' || v === 'no_information'
      ? undefined
      : this.date(column)
  }

  passwordUse(column: Column): PasswordUse | undefined {
    const v = asWord(this.record[column])
    if (v === 'no_information') return { kind: 'never' }
    if (v === 'n/a' || v === 'not_supported') return undefined
    return { kind: 'used', at: this.date(column) }
  }
}
