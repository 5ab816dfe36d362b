// Where a credential report came from, for error messages: who to name first and what to run instead.
import { ReportFormatError } from './report-error.js'

export interface ReportSource {
  /** Starts every message: what is being read, e.g. "Input `credential-report` (reports/x.csv): ". */
  readonly lead: string
  /** Ends every message: how to get a report that reads. */
  readonly fix: string
}

/** The commands that save a report the action reads. */
export const SAVE_REPORT =
  'Save the report with the AWS CLI and use that file unedited: run ' +
  '`aws iam generate-credential-report` until it answers COMPLETE, then ' +
  '`aws iam get-credential-report --output json > report.json` (the action reads that JSON and ' +
  'decodes its base64 `Content`), or save the CSV itself with ' +
  '`aws iam get-credential-report --query Content --output text | base64 --decode > report.csv`.'

/** Said when a spreadsheet program is the likely culprit. */
export const NO_SPREADSHEET =
  'Do not open and save the report in a spreadsheet program: it changes delimiters, encoding and dates.'

/** A report whose origin the caller did not name (the one the action downloads itself). */
export const UNNAMED_SOURCE: ReportSource = {
  lead: 'The credential report is malformed: ',
  fix:
    'Fetch a fresh report: re-run the action, or save one with ' +
    '`aws iam get-credential-report --output json > report.json`.'
}

/** The input's name and value, as every message about a saved report starts. */
export function inputLead(shownAs: string, detail?: string): string {
  return `Input \`credential-report\` (${shownAs}${detail ? `, ${detail}` : ''}): `
}

/** A saved report file named by the `credential-report` input. */
export function savedFileSource(shownAs: string, detail?: string): ReportSource {
  return { lead: inputLead(shownAs, detail), fix: SAVE_REPORT }
}

/** The error for one problem in a report, with the source's lead and fix around it. */
export function malformed(source: ReportSource, problem: string): ReportFormatError {
  return new ReportFormatError(`${source.lead}${problem} ${source.fix}`)
}

/** The error for a saved file: the input, the problem in plain words, then what to run instead. */
export function fileError(shownAs: string, problem: string, advice = ''): ReportFormatError {
  return new ReportFormatError(
    `${inputLead(shownAs)}${problem}${advice ? ` ${advice}` : ''} ${SAVE_REPORT}`
  )
}

/**
 * How the file begins, safe to show in a log and a summary: the first word of its first line (up to
 * a space, `=`, `:` or `,`, at most 24 characters). A file named by mistake (a `.env`, a key file)
 * shows the name of its first setting, never its value.
 */
export function excerpt(text: string): string {
  const line = (text.trimStart().split(/\r?\n|\r/, 1)[0] ?? '').replace(/\p{Cc}/gu, ' ')
  const word = [...(line.split(/[\s=:,]/, 1)[0] ?? '')]
  const cut = word.length > 24 || word.length < [...line].length
  return `"${word.slice(0, 24).join('')}${cut ? '…' : ''}"`
}
