// Everything one complete scan produced, as plain data for the summary, outputs and report file.
import type { FailOn } from '../config/inputs.js'
import type { AccountEvidence } from '../evidence/account-evidence.js'
import type { Md } from '../text/markdown.js'
import type { Posture } from './posture.js'
import type { Evaluation } from './types.js'

/** Where a credential report came from and when AWS generated it. */
export interface ReportInfo {
  readonly origin: string
  readonly generatedAt: string | undefined
  readonly ageMs: number | undefined
}

/**
 * `complete`: the whole account was read; `partial`: verdicts stand but parts could not be read,
 * so its issues and alerts are left as they were; `incomplete`: not scanned at all.
 */
export type AccountStatus = 'complete' | 'partial' | 'incomplete'

/** One account this run was asked to scan, and how far it got. */
export interface AccountScan {
  readonly id: string
  /** The account alias (`iam:ListAccountAliases`), when it has one and it could be read. */
  readonly alias: string | undefined
  readonly status: AccountStatus
  /** Why the account is partial or was not scanned, for people. */
  readonly reason: Md | undefined
  /** The account's credential report; undefined when not scanned. */
  readonly report: ReportInfo | undefined
  /** The account's own score; undefined when not scanned. */
  readonly posture: Posture | undefined
  /** How the account's verdicts were reached; undefined when not scanned. */
  readonly evidence?: AccountEvidence
}

export interface ScanResult {
  readonly check: 'iam.users_without_mfa'
  /** Accounts with findings in this result (complete or partial), sorted. */
  readonly accounts: readonly string[]
  /** Every account this run was asked to scan, including those it could not; empty when unknown. */
  readonly accountScans: readonly AccountScan[]
  readonly scannedAt: string
  /** `live`: fetched from AWS with credentials; `offline`: read from a saved file. */
  readonly mode: 'live' | 'offline'
  /** The report; with several accounts, the oldest of their reports. */
  readonly report: ReportInfo
  readonly evaluation: Evaluation
  /** Live re-verification: `on`, turned `off` by `verify-live`, or impossible `offline`. */
  readonly liveChecks: 'on' | 'off' | 'offline'
  readonly posture: Posture
  readonly settings: {
    readonly gracePeriodDays: number
    readonly inactiveDays: number
    readonly failOn: FailOn
    readonly requirePhishingResistant: boolean
  }
}

/** Reports older than this are called out: AWS regenerates them at most every 4 hours. */
export const STALE_REPORT_MS = 4 * 3_600_000

const NO_REPORT: ReportInfo = { origin: 'none', generatedAt: undefined, ageMs: undefined }

/** The report of `account`: its own (none when it was not scanned); the run's when not listed. */
export function reportOf(result: ScanResult, account: string): ReportInfo {
  const scan = result.accountScans.find(a => a.id === account)
  return scan ? (scan.report ?? NO_REPORT) : result.report
}

/**
 * How people read `account` among several: `alias (id)` when it has an alias. A run of one account
 * shows its id alone, so issue titles never change with an alias that could not be read this time.
 */
export function accountLabel(result: ScanResult, account: string): string {
  if (result.accountScans.length <= 1) return account
  const alias = result.accountScans.find(a => a.id === account)?.alias
  return alias ? `${alias} (${account})` : account
}

/** Accounts whose issues and alerts this run may change: read whole. */
export function settledAccounts(result: ScanResult): ReadonlySet<string> {
  if (result.accountScans.length === 0)
    return new Set((result.evaluation.partial?.length ?? 0) > 0 ? [] : result.accounts)
  return new Set(result.accountScans.filter(a => a.status === 'complete').map(a => a.id))
}
