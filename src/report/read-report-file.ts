// Reading a saved credential report: the decoded CSV, or the JSON that `aws iam get-credential-report` prints.
import { readFile } from 'node:fs/promises'
import { InputError } from '../config/input-error.js'
import { ReportFormatError } from './report-error.js'

export interface SavedReport {
  readonly text: string
  /** Known only when the file is the CLI's JSON, which carries GeneratedTime. */
  readonly generatedAt: Date | undefined
}

interface CliOutput {
  Content?: unknown
  GeneratedTime?: unknown
}

function fromCliJson(json: CliOutput, path: string): SavedReport {
  if (typeof json.Content !== 'string') {
    throw new ReportFormatError(
      `${path} is JSON but has no "Content" string; save the output of \`aws iam get-credential-report\` ` +
        'as it is, or its decoded CSV.'
    )
  }
  const generated =
    typeof json.GeneratedTime === 'string' ? new Date(json.GeneratedTime) : undefined
  return {
    text: Buffer.from(json.Content, 'base64').toString('utf8'),
    generatedAt: generated && !Number.isNaN(generated.getTime()) ? generated : undefined
  }
}

export async function readReportFile(path: string): Promise<SavedReport> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error'
    throw new InputError(
      `Input \`credential-report\` names "${path}", which cannot be read (${code}). Give the path of a ` +
        'report saved with `aws iam get-credential-report --output json`, or its decoded CSV, relative ' +
        'to the workspace, e.g. `credential-report: reports/credential-report.csv`.'
    )
  }
  const trimmed = raw.trimStart()
  if (trimmed.startsWith('{')) {
    let json: CliOutput
    try {
      json = JSON.parse(trimmed) as CliOutput
    } catch (error) {
      throw new ReportFormatError(
        `${path} looks like JSON but does not parse: ${(error as Error).message}`
      )
    }
    return fromCliJson(json, path)
  }
  return { text: raw, generatedAt: undefined }
}
