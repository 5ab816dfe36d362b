// Types for counting-proxy.mjs.
export interface CountingProxy {
  readonly url: string
  counts(): Record<string, number>
  total(): number
  reset(): void
  stop(): Promise<void>
}
export function startCountingProxy(target: string): Promise<CountingProxy>
