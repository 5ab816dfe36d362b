// Writing the report file with every finding under RUNNER_TEMP (or the workspace), in the format
// `report-format` asks for: the action's JSON (its schema in docs/), OCSF findings, or CSV.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ruleMappings } from '../compliance/mappings.js'
import type { ReportFormat } from '../config/prevention-inputs.js'
import type { ScanResult } from '../core/scan-result.js'
import { reportCsv } from './report-csv.js'
import { ocsfFindings } from './report-ocsf.js'

export const REPORT_FILE_NAME = 'posturio-iam-mfa-report.json'

/** The file's name: its extension follows the format. */
export const REPORT_FILE_NAMES: Readonly<Record<ReportFormat, string>> = {
  json: REPORT_FILE_NAME,
  ocsf: 'posturio-iam-mfa-report.ocsf.json',
  csv: 'posturio-iam-mfa-report.csv'
}

export function reportFileDir(env: NodeJS.ProcessEnv): string {
  return env['RUNNER_TEMP'] || env['GITHUB_WORKSPACE'] || tmpdir()
}

/** The JSON report: the scan, each account's evidence, and every rule's standards (docs/report-file.schema.json). */
export function reportDocument(result: ScanResult): object {
  return {
    schemaVersion: 1,
    tool: 'Posturio IAM MFA check',
    ...result,
    rules: ruleMappings()
  }
}

/** The file's text, as pieces: joining them first would copy megabytes of JSON once more. */
function contents(result: ScanResult, format: ReportFormat): string[] {
  switch (format) {
    case 'csv':
      return [reportCsv(result)]
    case 'ocsf':
      return [JSON.stringify(ocsfFindings(result), null, 2), '\n']
    case 'json':
      return [JSON.stringify(reportDocument(result), null, 2), '\n']
  }
}

export async function writeReportFile(
  result: ScanResult,
  env: NodeJS.ProcessEnv,
  format: ReportFormat = 'json'
): Promise<string> {
  const base = reportFileDir(env)
  await mkdir(base, { recursive: true })
  // A folder of its own per run, so two scans in one job never overwrite each other's report.
  const dir = await mkdtemp(join(base, 'posturio-iam-mfa-'))
  const path = join(dir, REPORT_FILE_NAMES[format])
  await writeFile(path, contents(result, format), 'utf8')
  return path
}
