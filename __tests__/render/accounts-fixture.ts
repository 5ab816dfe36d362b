// Test fixture: scan results of several accounts, each built as the action builds one (CSV -> parse ->
// evaluate -> posture), then merged: findings of every scanned account, one posture over them.
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { compareFindings, evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { AccountScan, AccountStatus, ScanResult } from '../../src/core/scan-result.js'
import type { Finding } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import type { Md } from '../../src/text/markdown.js'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

export const NOW = new Date('2026-11-30T12:00:00Z')
export const HOUR = 3_600_000

export interface AccountSpec {
  readonly id: string
  readonly alias?: string | undefined
  readonly status?: AccountStatus
  /** Why partial or not scanned. */
  readonly reason?: Md | undefined
  /** Report rows, made with `user`, `root` and friends below (ignored when not scanned). */
  readonly rows?: ReadonlyArray<(account: string) => RowFields>
  /** How long before the scan AWS generated its report (default 1 h). */
  readonly reportAgeMs?: number
}

export const failing =
  (name: string, fields: RowFields = {}) =>
  (account: string): RowFields =>
    userRow(name, fields, account)
export const passing = (name: string) => (account: string) =>
  userRow(name, { mfa_active: 'true' }, account)
export const pending = (name: string) => (account: string) =>
  userRow(
    name,
    { user_creation_time: '2026-11-30T10:00:00+00:00', password_last_used: 'no_information' },
    account
  )
export const root = (mfa: boolean) => (account: string) =>
  rootRow({ mfa_active: String(mfa) }, account)

interface Scanned {
  readonly scan: AccountScan
  readonly findings: readonly Finding[]
}

function scanOne(spec: AccountSpec, exemptUsers: string): Scanned {
  const status = spec.status ?? 'complete'
  const base = { id: spec.id, alias: spec.alias, status, reason: spec.reason }
  if (status === 'incomplete')
    return { scan: { ...base, report: undefined, posture: undefined }, findings: [] }
  const rows = parseCredentialReport(reportCsv((spec.rows ?? []).map(row => row(spec.id))))
  const { exemptions } = parseExemptUsers(exemptUsers)
  const { findings } = evaluate(
    rows,
    { gracePeriodDays: 1, inactiveDays: 45, exemptions, rootFacts: undefined },
    NOW
  )
  const ageMs = spec.reportAgeMs ?? HOUR
  const report = {
    origin: 'GetCredentialReport',
    generatedAt: new Date(NOW.getTime() - ageMs).toISOString(),
    ageMs
  }
  return { scan: { ...base, report, posture: posture(findings) }, findings }
}

/** Every account asked for, merged into one result as a live run over an organisation makes it. */
export function orgScan(specs: readonly AccountSpec[], exemptUsers = ''): ScanResult {
  const scanned = specs.map(s => scanOne(s, exemptUsers))
  const findings = scanned.flatMap(s => s.findings).sort(compareFindings)
  const reports = scanned.flatMap(s => (s.scan.report ? [s.scan.report] : []))
  const oldest = [...reports].sort((a, b) => (b.ageMs ?? 0) - (a.ageMs ?? 0))[0]
  return {
    check: 'iam.users_without_mfa',
    accounts: [...new Set(findings.map(f => f.account))].sort(),
    accountScans: scanned.map(s => s.scan),
    scannedAt: NOW.toISOString(),
    mode: 'live',
    report: oldest ?? { origin: 'GetCredentialReport', generatedAt: undefined, ageMs: undefined },
    evaluation: { findings, unusedExemptions: [] },
    liveChecks: 'off',
    posture: posture(findings),
    settings: {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: false
    }
  }
}
