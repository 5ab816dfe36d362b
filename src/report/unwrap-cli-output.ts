// Taking the CSV out of what `aws iam get-credential-report` prints: its JSON, its text output, or bare base64.
import { strictUtf8 } from './decode-report-bytes.js'
import { looksLikeReport } from './diagnose-report.js'
import { excerpt, fileError } from './report-source.js'

export interface Unwrapped {
  readonly csv: string
  /** Known only when the file carries GeneratedTime (the CLI's JSON or text output). */
  readonly generatedAt: Date | undefined
  /** How the CSV was stored: as it is, or base64 inside the CLI's output. */
  readonly form: 'csv' | 'json' | 'text' | 'base64'
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

function isBase64(value: string): boolean {
  const compact = value.replace(/[\r\n]+/g, '')
  return compact.length >= 16 && compact.length % 4 === 0 && BASE64.test(compact)
}

/** The CSV inside base64, or what it decodes to instead (for the message). */
function decodeContent(value: string): { csv: string } | { instead: string } {
  const bytes = Buffer.from(value.replace(/[\r\n]+/g, ''), 'base64')
  const text = strictUtf8(bytes)
  if (text === undefined) return { instead: 'binary data' }
  if (looksLikeReport(text)) return { csv: text.replace(/^\uFEFF/, '') }
  return { instead: text.trim() === '' ? 'nothing' : `text that begins ${excerpt(text)}` }
}

function time(value: unknown): Date | undefined {
  const date = typeof value === 'string' ? new Date(value) : undefined
  return date && !Number.isNaN(date.getTime()) ? date : undefined
}

function jsonProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : ''
  const at = /position (\d+)/.exec(message)
  if (/end of JSON input|Unterminated/i.test(message) || Number(at?.[1]) >= text.length - 1) {
    return 'it stops in the middle, as a file that was cut off does'
  }
  const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined
  return `it has a syntax error${line ? ` on line ${line}` : ''}, as an edit by hand can leave`
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

function fromJson(text: string, shownAs: string): Unwrapped {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw fileError(shownAs, `it begins like JSON but does not parse: ${jsonProblem(error, text)}.`)
  }
  if (typeof value === 'string') {
    const what = 'it is a JSON string, as `--query Content --output json` prints, but it'
    return { csv: decodeOrThrow(value, shownAs, what), generatedAt: undefined, form: 'base64' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fileError(
      shownAs,
      `it is JSON, but ${kindOf(value)} rather than the object \`aws iam get-credential-report\` prints.`
    )
  }
  const json = value as { readonly [key: string]: unknown }
  if (typeof json['State'] === 'string' && !('Content' in json)) {
    throw fileError(
      shownAs,
      `it is the output of \`aws iam generate-credential-report\` (State ${json['State'].slice(0, 20)}), ` +
        'which only asks AWS to build the report; the report is what `get-credential-report` prints.'
    )
  }
  const content = json['Content']
  if (typeof content !== 'string') {
    const keys = Object.keys(json).slice(0, 5).join(', ').slice(0, 60)
    throw fileError(
      shownAs,
      content === undefined
        ? `it is JSON without a "Content" string (its keys: ${keys || 'none'}), so not what \`aws iam get-credential-report\` prints.`
        : `it is JSON whose "Content" is ${kindOf(content)}, not the base64 text of the report.`
    )
  }
  const csv = decodeOrThrow(content, shownAs, 'its "Content"')
  return { csv, generatedAt: time(json['GeneratedTime']), form: 'json' }
}

/** The CSV that `value` holds in base64; `what` names the value in the message, e.g. 'its "Content"'. */
function decodeOrThrow(value: string, shownAs: string, what: string): string {
  if (!isBase64(value)) {
    throw fileError(shownAs, `${what} is not base64 text (it begins ${excerpt(value)}).`)
  }
  const decoded = decodeContent(value)
  if ('instead' in decoded) {
    throw fileError(shownAs, `${what} decodes to ${decoded.instead}, not a credential report.`)
  }
  return decoded.csv
}

/** The `--output text` print: Content, GeneratedTime and ReportFormat on one line, separated by tabs. */
function fromTextOutput(fields: readonly string[], shownAs: string): Unwrapped {
  const what =
    'it is the `--output text` print of `aws iam get-credential-report`, but its base64 field'
  const csv = decodeOrThrow(fields.find(isBase64) ?? '', shownAs, what)
  return { csv, generatedAt: time(fields.find(f => ISO_TIME.test(f))), form: 'text' }
}

/** Finds the CSV in the file's text; throws a ReportFormatError naming the mistake. */
export function unwrapCliOutput(text: string, shownAs: string): Unwrapped {
  const trimmed = text.trim()
  // A JSON object, array or lone string; a CSV whose fields are all quoted also starts with `"`.
  if (/^[{[]/.test(trimmed) || /^"[^"]*"$/.test(trimmed)) return fromJson(trimmed, shownAs)
  const fields = trimmed.split('\t').map(f => f.trim())
  if (
    !/[\r\n]/.test(trimmed) &&
    fields.length >= 2 &&
    fields.length <= 4 &&
    fields.some(isBase64) &&
    fields.some(f => f === 'text/csv' || ISO_TIME.test(f))
  ) {
    return fromTextOutput(fields, shownAs)
  }
  if (isBase64(trimmed)) {
    // `--query Content --output text` without `| base64 --decode`: the CSV, losslessly, so read it.
    const what = 'it is base64 text, as `--query Content --output text` prints, but it'
    return { csv: decodeOrThrow(trimmed, shownAs, what), generatedAt: undefined, form: 'base64' }
  }
  return { csv: text, generatedAt: undefined, form: 'csv' }
}
