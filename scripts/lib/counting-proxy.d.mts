// Types for counting-proxy.mjs.
export interface CountingProxy {
  readonly url: string
  counts(): Record<string, number>
  total(): number
  reset(): void
  /** Replay the last GetCredentialReport answer, as AWS serves its cached report. */
  freezeReport(on?: boolean): void
  stop(): Promise<void>
}
export function startCountingProxy(target: string): Promise<CountingProxy>
