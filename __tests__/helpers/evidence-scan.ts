// Test fixture: scan results built as the action builds them (CSV -> parse -> evaluate -> the
// account's scan -> mergeScans), so each account carries its evidence as a real run's does.
import { mergeScans } from '../../src/accounts/merge-scans.js'
import type { AccountOutcome } from '../../src/accounts/scan-accounts.js'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { evaluate } from '../../src/core/evaluate.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { Finding, LiveCheck, RootFacts } from '../../src/core/types.js'
import type { EvidenceFacts } from '../../src/evidence/account-evidence.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { md } from '../../src/text/markdown.js'
import { reportCsv, type RowFields } from './report-csv.js'

export const NOW = new Date('2026-11-30T12:00:00Z')

export interface AccountRun {
  readonly account: string
  readonly alias?: string
  readonly rows: readonly RowFields[]
  /** Live: fetched with GetCredentialReport (root facts read); else a saved file. */
  readonly live?: boolean
  readonly generatedAt?: Date
  /** Live checks of failing users, by user name. */
  readonly checks?: Readonly<Record<string, LiveCheck['status']>>
  readonly facts?: EvidenceFacts
  /** Failed to scan, with this reason. */
  readonly failed?: string
}

const ROOT_FACTS: RootFacts = { passwordPresent: true, mfaEnabled: false, accessKeysPresent: false }

function withChecks(findings: readonly Finding[], run: AccountRun): Finding[] {
  return findings.map(f => {
    const status = run.checks?.[f.user]
    if (!status) return f
    const live: LiveCheck = {
      status,
      detail: md`checked live (${status})`,
      checkedAt: NOW.toISOString()
    }
    return status === 'fixed'
      ? { ...f, verdict: 'pass', severity: undefined, live }
      : { ...f, live }
  })
}

function outcome(run: AccountRun, exemptUsers: string): AccountOutcome {
  const target = { account: run.account, roleArn: undefined, via: 'chain' as const }
  if (run.failed) return { kind: 'failed', target, error: new Error(run.failed) }
  const rows = parseCredentialReport(reportCsv(run.rows))
  const rootFacts = run.live ? ROOT_FACTS : undefined
  const evaluation = evaluate(
    rows,
    {
      gracePeriodDays: 1,
      inactiveDays: 45,
      exemptions: parseExemptUsers(exemptUsers).exemptions,
      rootFacts
    },
    NOW
  )
  return {
    kind: 'scanned',
    target,
    scanned: {
      gathered: {
        mode: run.live ? 'live' : 'offline',
        rows,
        generatedAt: run.generatedAt ?? new Date(NOW.getTime() - 3_600_000),
        origin: run.live ? 'GetCredentialReport' : 'reports/credential-report.json',
        rootFacts,
        callerAccount: run.live ? run.account : undefined,
        alias: run.alias,
        iam: undefined
      },
      evaluation: { ...evaluation, findings: withChecks(evaluation.findings, run) },
      recheck: undefined,
      ...(run.facts ? { evidence: run.facts } : {})
    }
  }
}

/** The merged result of `runs`, one outcome each. */
export function evidenceScan(
  runs: readonly AccountRun[],
  options: { readonly verifyLive?: boolean; readonly exemptUsers?: string } = {}
): ScanResult {
  return mergeScans(
    runs.map(r => outcome(r, options.exemptUsers ?? '')),
    {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: false,
      verifyLive: options.verifyLive ?? true
    },
    NOW
  )
}
