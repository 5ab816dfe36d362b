// Test helper: saved credential report files in a temp dir, in the forms users really save them.
import { expect } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readReportFile } from '../../src/report/read-report-file.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'

/** A real report: root, a user without MFA, and one with MFA. */
export const CSV = reportCsv([
  rootRow({ mfa_active: 'true' }),
  userRow('alice'),
  userRow('zoe', { mfa_active: 'true' })
])

export const SAVE_JSON = '`aws iam get-credential-report --output json > report.json`'
export const GENERATE = '`aws iam generate-credential-report` until it answers COMPLETE'

let dir = ''

export function makeDir(): void {
  dir = mkdtempSync(join(tmpdir(), 'posturio-report-files-'))
}

export function removeDir(): void {
  rmSync(dir, { recursive: true, force: true })
}

export function pathFor(name: string): string {
  return join(dir, name)
}

export function write(name: string, content: string | Buffer): string {
  const path = pathFor(name)
  writeFileSync(path, content)
  return path
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

/** What `aws iam get-credential-report --output json` prints. */
export function cliJson(csv = CSV, time = '2026-11-30T19:08:10+00:00'): string {
  const out = { Content: base64(csv), ReportFormat: 'text/csv', GeneratedTime: time }
  return `${JSON.stringify(out, null, 4)}\n`
}

/** Text in UTF-16 with a byte order mark, as Windows PowerShell's `>` or Excel's "Unicode Text" save. */
export function utf16(text: string, order: 'le' | 'be' = 'le', bom = true): Buffer {
  const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le')
  return order === 'le' ? le : le.swap16()
}

/** The error reading `content` (saved as `name`) raises, the input shown as `reports/<name>`. */
export async function readError(name: string, content: string | Buffer): Promise<Error> {
  const shownAs = `reports/${name}`
  try {
    await readReportFile(write(name, content), shownAs)
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message.startsWith(`Input \`credential-report\` (${shownAs}`)).toBe(true)
    expect(message).toContain(GENERATE)
    expect(message).toContain(SAVE_JSON)
    return error as Error
  }
  throw new Error(`expected reading ${name} to fail`)
}
