// Writing the JSON report file with every finding, under RUNNER_TEMP (or the workspace).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ScanResult } from '../core/scan-result.js'

export const REPORT_FILE_NAME = 'posturio-iam-mfa-report.json'

export function reportFileDir(env: NodeJS.ProcessEnv): string {
  return env['RUNNER_TEMP'] || env['GITHUB_WORKSPACE'] || tmpdir()
}

export function reportDocument(result: ScanResult): object {
  return {
    schemaVersion: 1,
    tool: 'Posturio IAM MFA check',
    ...result
  }
}

export async function writeReportFile(result: ScanResult, env: NodeJS.ProcessEnv): Promise<string> {
  const base = reportFileDir(env)
  await mkdir(base, { recursive: true })
  // A folder of its own per run, so two scans in one job never overwrite each other's report.
  const dir = await mkdtemp(join(base, 'posturio-iam-mfa-'))
  const path = join(dir, REPORT_FILE_NAME)
  // Written as two pieces: joining them first would copy megabytes of JSON once more.
  await writeFile(path, [JSON.stringify(reportDocument(result), null, 2), '\n'], 'utf8')
  return path
}
