// Types for bench-results.mjs: the data of bench/results.md.
export interface Environment {
  readonly platform: string
  readonly cpus: number
  readonly cpuModel: string
  readonly node: string
  readonly moto: string
  /** Load averages over 1, 5 and 15 minutes when the measurement ended. */
  readonly loadAverage?: readonly [number, number, number]
}

/** AWS calls by `service:Action`. */
export type AwsCalls = Readonly<Record<string, number>>

export interface GithubRequests {
  readonly reads: number
  readonly writes: number
  readonly byRoute: Readonly<Record<string, number>>
}

/** One run of the action. */
export interface RunRecord {
  readonly wallMs: number
  readonly peakRssKiB: number | null
  readonly summaryBytes: number
  readonly nonCompliant: number
  readonly aws: AwsCalls
  readonly github?: GithubRequests
}

export interface Scanned {
  readonly accounts: number
  readonly byStatus?: Readonly<Record<string, number>>
  readonly failing: number
}

export interface SingleCase {
  readonly users: number
  readonly failing: number
  readonly privileged: number
  readonly seedMs: number
  readonly first: RunRecord & { readonly github: GithubRequests }
  readonly repeat: RunRecord & { readonly github: GithubRequests }
}

export interface OfflineCase {
  readonly users: number
  readonly failing: number
  readonly timesMs: readonly number[]
  readonly peakRssKiB: readonly (number | null)[]
  readonly summaryBytes: number
}

export interface LargeRun extends RunRecord {
  readonly maxParallel: number
  readonly peakInFlight: number
  readonly scanned: Scanned
}

export interface MatrixRun {
  readonly perJob: number
  readonly concurrentJobs: number
  readonly maxParallel: number
  readonly jobs: number
  readonly listMs: number
  readonly wallMs: number
  readonly aws: AwsCalls
  readonly peakInFlight: number
  readonly peakRssKiB: number
  readonly summaryBytes: number
  readonly jobWallMs: readonly number[]
  readonly scanned: Scanned
}

export interface OrgData {
  readonly measuredAt: string
  readonly environment: Environment
  readonly several: {
    readonly accounts: number
    readonly usersPerAccount: number
    readonly failing: number
    readonly privileged: number
    readonly first: RunRecord & { readonly github: GithubRequests; readonly scanned: Scanned }
    readonly repeat: RunRecord & { readonly github: GithubRequests; readonly scanned: Scanned }
  }
  readonly large: {
    readonly accounts: number
    readonly usersPerAccount: number
    readonly failing: number
    readonly latencyMs: readonly [number, number]
    readonly reportMs: readonly [number, number]
    readonly runs: readonly LargeRun[]
    readonly matrix: MatrixRun | { readonly skipped: string }
  }
}

export interface BenchData {
  readonly schema: number
  readonly single: {
    readonly measuredAt: string
    readonly environment: Environment
    readonly cases: readonly SingleCase[]
  } | null
  readonly offline: {
    readonly measuredAt: string
    readonly environment: Environment
    readonly runs: number
    readonly cases: readonly OfflineCase[]
  } | null
  readonly org: OrgData | null
}

export const SCHEMA: number
export const EMPTY: BenchData
export const POPULATION: string
/** bench/results.md for `data`: tables, then the data itself. */
export function renderResults(data: BenchData): string
/** The data a bench/results.md was rendered from; throws when it has none. */
export function parseResults(markdown: string): BenchData
