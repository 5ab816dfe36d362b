// What the summary knows besides the scan: the run's link and what its steps did.
import type { IssueStep } from '../issues/track-issues.js'
import type { SarifStep } from '../sarif/publish-sarif.js'
import type { Md } from '../text/markdown.js'
import type { FilesStep } from './files-line.js'

export interface SummaryContext {
  /** Link to this workflow run, for the verification step. */
  readonly runUrl: string | undefined
  /** What happened to the SARIF; undefined when not produced. */
  readonly sarif?: SarifStep
  readonly issues?: IssueStep
  /** Where the report file and SARIF can be found after the job. */
  readonly files?: FilesStep
  /** The run's warnings, when the caller already has them (else they are worked out here). */
  readonly warnings?: readonly Md[]
}
