// What publishing a complete scan has done so far, to say truthfully what a failing step left behind.
import type { ScanResult } from '../core/scan-result.js'
import { count } from '../text/words.js'
import { ReportingError } from './publish-errors.js'

/** The scan's result in one line: what the log ends with, and what a reporting failure repeats. */
export function resultLine(result: ScanResult): string {
  const { counts, score, grade, inScope } = result.posture
  return (
    `${counts.fail} non-compliant of ${count(inScope, 'in-scope identity')} in ${result.accounts.join(', ') || 'unknown account'} ` +
    `(score ${score.toFixed(1)}%, grade ${grade}; ${counts.pending} pending, ${counts.exempt} exempt, ${counts['not-applicable']} API-only)`
  )
}

interface StepText {
  readonly what: string
  /** A runner file is written: its failure is the runner's, with `fix` to say what to check. */
  readonly fix?: string
  /** What the step may have done before it failed, outside the runner. */
  readonly partial?: string
}

const DISK = "Check the runner's free disk space and"

/** The steps of publishing, in order. */
const STEPS = {
  reportFile: {
    what: 'write the report file',
    fix: `${DISK} its temporary folder (RUNNER_TEMP).`
  },
  sarifFile: { what: 'write the SARIF file', fix: `${DISK} the \`sarif-file\` path.` },
  issues: {
    what: 'update the tracking issues',
    partial: 'some tracking issues may have been changed (see the log)'
  },
  sarifRewrite: {
    what: 'rewrite the SARIF file without the accepted risks',
    fix: `${DISK} the \`sarif-file\` path.`
  },
  sarifUpload: { what: 'upload the SARIF', partial: 'the SARIF may have reached code scanning' },
  artifact: { what: 'upload the artifact' },
  summary: { what: 'write the job summary', fix: `${DISK} its GITHUB_STEP_SUMMARY file.` },
  outputs: { what: 'set the step outputs', fix: `${DISK} its GITHUB_OUTPUT file.` }
} as const satisfies Record<string, StepText>

type Step = keyof typeof STEPS

function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}

export class Progress {
  private step: Step = 'reportFile'
  private readonly made: string[] = []

  constructor(private readonly result: ScanResult) {}

  /** The step about to run. */
  at(step: Step): void {
    this.step = step
  }

  /** Something this run changed outside the runner, e.g. 'tracking issue changes'. */
  changed(what: string): void {
    this.made.push(what)
  }

  /** The error to raise for `error`, thrown by the current step. */
  failure(error: unknown): ReportingError {
    if (error instanceof ReportingError) return error
    const step: StepText = STEPS[this.step]
    const detail = error instanceof Error ? error.message : String(error)
    const parts = [
      ...(this.made.length > 0
        ? [`${listed(this.made.map(m => `the ${m}`))} listed in the log were made`]
        : []),
      ...(step.partial ? [step.partial] : [])
    ]
    const done =
      parts.length === 0
        ? 'but nothing was published: no tracking issue or code scanning alert was changed'
        : `and ${parts.join(', and ')}`
    const completed = `the scan completed: ${resultLine(this.result)}, ${done}.`
    const message = step.fix
      ? `Could not ${step.what} (${detail}); ${completed} ${step.fix}`
      : `Unexpected error, a bug in the action, while trying to ${step.what} (${detail}); ${completed} Re-run the workflow; please report the bug.`
    return new ReportingError(message, { cause: error })
  }
}
