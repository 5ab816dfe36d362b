// Everything one complete scan produced, as plain data for the summary, outputs and report file.
import type { FailOn } from '../config/inputs.js'
import type { Posture } from './posture.js'
import type { Evaluation } from './types.js'

export interface ScanResult {
  readonly check: 'iam.users_without_mfa'
  readonly accounts: readonly string[]
  readonly scannedAt: string
  /** `live`: fetched from AWS with credentials; `offline`: read from a saved file. */
  readonly mode: 'live' | 'offline'
  readonly report: {
    readonly origin: string
    readonly generatedAt: string | undefined
    readonly ageMs: number | undefined
  }
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
