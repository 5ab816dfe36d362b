// Reading a saved credential report: the decoded CSV or the AWS CLI's output, checked, every problem naming the input.
import { readFile } from 'node:fs/promises'
import { InputError } from '../config/input-error.js'
import type { ReportRow } from '../core/types.js'
import { decodeReportBytes } from './decode-report-bytes.js'
import { diagnoseNotReport, looksLikeReport } from './diagnose-report.js'
import { checkedReportRows, checkGeneratedAt } from './check-report.js'
import {
  fileError,
  inputLead,
  NO_SPREADSHEET,
  SAVE_REPORT,
  savedFileSource
} from './report-source.js'
import { unwrapCliOutput } from './unwrap-cli-output.js'

export interface SavedReport {
  /** The report CSV, decoded from the CLI's output when the file holds that. */
  readonly text: string
  /** Known only when the file is the CLI's JSON or text output, which carry GeneratedTime. */
  readonly generatedAt: Date | undefined
  /** The parsed rows: reading checks the whole report, so that every problem names the input. */
  readonly rows: ReportRow[]
}

const DECODED_FROM = {
  json: 'the CSV decoded from its base64 `Content`',
  text: 'the CSV decoded from its base64 field',
  base64: 'the CSV decoded from its base64 text'
} as const

const UNREADABLE: { readonly [code: string]: string } = {
  ENOENT: 'there is no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'the action may not read it',
  EPERM: 'the action may not read it'
}

function unreadable(error: unknown, path: string, shownAs: string): InputError {
  const code = (error as { code?: unknown }).code
  const known = typeof code === 'string' ? code : 'error'
  const where = path === shownAs ? '' : `, looked for ${path}`
  return new InputError(
    `${inputLead(shownAs)}${UNREADABLE[known] ?? 'the file cannot be read'} (${known}${where}). Give ` +
      'the path, relative to the workspace, of a report an earlier step saves or the repository ' +
      `holds, e.g. \`credential-report: reports/credential-report.json\`. ${SAVE_REPORT}`
  )
}

/**
 * Reads and checks the report file at `path`; messages name it as `shownAs` (the input's value).
 * A generation time after `now` (by more than clocks drift) is refused. Throws InputError when the
 * file cannot be read, ReportFormatError when it is not a usable report.
 */
export async function readReportFile(
  path: string,
  shownAs: string = path,
  now: Date = new Date()
): Promise<SavedReport> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw unreadable(error, path, shownAs)
  }
  const { text, utf16 } = decodeReportBytes(bytes, shownAs)
  const found = unwrapCliOutput(text, shownAs)
  if (found.form === 'csv') {
    if (utf16) {
      throw fileError(
        shownAs,
        `it is ${utf16} text, as a spreadsheet program's "Unicode Text" save writes a CSV; the ` +
          'action reads a CSV only in UTF-8, and such a save also changes delimiters and dates.',
        NO_SPREADSHEET
      )
    }
    if (!looksLikeReport(found.csv)) {
      const { problem, advice } = diagnoseNotReport(found.csv)
      throw fileError(shownAs, problem, advice)
    }
  }
  const detail = found.form === 'csv' ? undefined : DECODED_FROM[found.form]
  const rows = checkedReportRows(found.csv, savedFileSource(shownAs, detail))
  checkGeneratedAt(found.generatedAt, now, savedFileSource(shownAs))
  return { text: found.csv, generatedAt: found.generatedAt, rows }
}
