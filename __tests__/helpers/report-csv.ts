// Test fixture: credential report CSV text in AWS's exact format, from a few fields per row, and
// report files saved as the CLI's JSON.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const HEADER = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated'
] as const

export type RowFields = Partial<Record<(typeof HEADER)[number], string>>

const DEFAULTS: RowFields = {
  user_creation_time: '2024-01-01T00:00:00+00:00',
  password_enabled: 'true',
  password_last_used: '2026-11-29T10:00:00+00:00',
  password_last_changed: '2024-01-01T00:00:00+00:00',
  password_next_rotation: 'N/A',
  mfa_active: 'false',
  access_key_1_active: 'false',
  access_key_2_active: 'false',
  cert_1_active: 'false',
  cert_2_active: 'false'
}

export function userRow(user: string, fields: RowFields = {}, account = '123456789012'): RowFields {
  return { user, arn: `arn:aws:iam::${account}:user/${user}`, ...DEFAULTS, ...fields }
}

export function rootRow(fields: RowFields = {}, account = '123456789012'): RowFields {
  return userRow(
    '<root_account>',
    {
      arn: `arn:aws:iam::${account}:root`,
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      ...fields
    },
    account
  )
}

const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

export function reportCsv(rows: readonly RowFields[]): string {
  const lines = rows.map(r => HEADER.map(h => quote(r[h] ?? 'N/A')).join(','))
  return [HEADER.join(','), ...lines].join('\n') + '\n'
}

/** The report as `aws iam get-credential-report --output json` saves it (default: generated now). */
export function cliReportJson(csv: string, generatedAt: Date = new Date()): string {
  return JSON.stringify({
    Content: Buffer.from(csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: generatedAt.toISOString()
  })
}

/**
 * Saves reports as the CLI's JSON in a new temporary folder: returns a function that writes one
 * (generated at `generatedAt`, default now) and gives its path.
 */
export function reportFiles(prefix: string): (rows: RowFields[], generatedAt?: Date) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  let n = 0
  return (rows, generatedAt = new Date()) => {
    const path = join(dir, `report-${n++}.json`)
    writeFileSync(path, cliReportJson(reportCsv(rows), generatedAt))
    return path
  }
}
