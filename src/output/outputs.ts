// The step outputs, built from a scan result as plain strings.
import { allFindings } from '../core/all-findings.js'
import type { ScanResult } from '../core/scan-result.js'
import type { SarifStep } from '../sarif/publish-sarif.js'

export interface NonCompliantUser {
  readonly account: string
  readonly user: string
  readonly arn: string
  readonly severity: string
  readonly rule: string
  readonly owner?: string
}

export function nonCompliantUsers(result: ScanResult): NonCompliantUser[] {
  return allFindings(result.evaluation)
    .filter(f => f.verdict === 'fail')
    .map(f => ({
      account: f.account,
      user: f.user,
      arn: f.arn,
      severity: f.severity ?? 'high',
      rule: f.rule,
      ...(f.owner ? { owner: f.owner } : {})
    }))
}

/** One account in the `accounts` output; score, grade and failing are null when it was not scanned. */
export interface AccountOutput {
  readonly id: string
  readonly alias: string | null
  readonly status: 'complete' | 'partial' | 'incomplete'
  readonly score: number | null
  readonly grade: string | null
  readonly failing: number | null
}

export function accountOutputs(result: ScanResult): AccountOutput[] {
  return result.accountScans.map(a => ({
    id: a.id,
    alias: a.alias ?? null,
    status: a.status,
    score: a.posture ? a.posture.score : null,
    grade: a.posture ? a.posture.grade : null,
    failing: a.posture ? a.posture.counts.fail : null
  }))
}

/** Entries in the `non-compliant-users` output; GitHub limits a job's outputs to 1 MB in all. */
export const MAX_OUTPUT_USERS = 1000

export function buildOutputs(
  result: ScanResult,
  reportFile: string,
  sarif?: SarifStep
): Record<string, string> {
  const users = nonCompliantUsers(result)
  const uploaded = sarif?.upload && sarif.upload.status !== 'rejected' ? sarif.upload.id : undefined
  return {
    ...(sarif ? { 'sarif-file': sarif.file } : {}),
    ...(uploaded ? { 'sarif-id': uploaded } : {}),
    ...(uploaded && sarif?.alertsUrl ? { 'code-scanning-url': sarif.alertsUrl } : {}),
    'non-compliant-count': String(users.length),
    'non-compliant-users': JSON.stringify(users.slice(0, MAX_OUTPUT_USERS)),
    accounts: JSON.stringify(accountOutputs(result)),
    score: result.posture.score.toFixed(1),
    grade: result.posture.grade,
    'report-file': reportFile
  }
}
