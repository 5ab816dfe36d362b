// Types for sample-output.mjs.
export interface CapturedIssue {
  readonly number: number
  readonly title: string
  readonly body: string
  readonly state: string
}
export interface Captured {
  readonly summary: string
  readonly issue: CapturedIssue
  readonly comment: { readonly issue: number; readonly body: string }
  readonly commented: CapturedIssue
  readonly rule: { readonly id: string; readonly help: { readonly markdown: string } }
  readonly result: { readonly message: { readonly text: string } }
  /** The sample's user names: data that must not become links or mentions. */
  readonly users: readonly string[]
}
export function captureSampleOutput(root: string, work: string): Promise<Captured>
export function shotSources(captured: Captured): Record<string, string>
export function digestOf(markdown: string): string
