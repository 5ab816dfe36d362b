// The records of a credential report CSV: read directly when it is as AWS writes it (no quotes,
// spaces or carriage returns), else by csv-parse.
import { parse } from 'csv-parse/sync'
import { malformed, type ReportSource } from './report-source.js'

/** Receives each record of a CSV and the line of the text it ends on (1-based). */
export type RecordVisitor = (fields: string[], line: number) => void

/**
 * Printable ASCII except space and `"`, and line feeds: such text has nothing to unquote or trim,
 * and every line is one record.
 */
const PLAIN = /^[\n!#-~]*$/

/**
 * Gives `visit` the records of `text` exactly as csv-parse reads them with `skip_empty_lines`,
 * `skip_records_with_empty_values`, `trim`, `bom`, `relax_column_count` and `info` (its
 * `info.lines` as the line), or returns false, having visited nothing, when the text is not plain
 * and needs the full parser.
 */
export function visitPlainCsv(text: string, visit: RecordVisitor): boolean {
  if (!PLAIN.test(text)) return false
  let line = 0
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    line++
    // A line of bare commas holds only empty values, and an empty line nothing: both are skipped.
    for (let k = start; k < end; k++) {
      if (text.charCodeAt(k) !== 0x2c) {
        visit(text.slice(start, end).split(','), line)
        break
      }
    }
    start = end + 1
  }
  return true
}

/**
 * Gives `visit` the records of `text`, one at a time so that none outlives its row: directly when
 * AWS's plain format allows, else by csv-parse. Throws when the text is not valid CSV.
 */
export function visitCsv(text: string, source: ReportSource, visit: RecordVisitor): void {
  if (!visitPlainCsv(text, visit)) visitParsedCsv(text, source, visit)
}

/** The records of a CSV that is not plain (quoted, trimmed, other line ends), by csv-parse. */
export function visitParsedCsv(text: string, source: ReportSource, visit: RecordVisitor): void {
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
  for (const { record, info } of table) visit(record, info.lines)
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
