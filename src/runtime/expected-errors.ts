// Errors a user can act on (configuration, AWS, the report, the runner); anything else is a bug.
import { NoAccountScannedError } from '../accounts/no-account-scanned.js'
import { AwsCallError } from '../aws/aws-error.js'
import { ReportTimeoutError } from '../aws/credential-report.js'
import { InputError } from '../config/input-error.js'
import { ReportingError, RunnerFileError } from '../output/publish-errors.js'
import { ReportFormatError } from '../report/report-error.js'

export function isExpected(error: unknown): error is Error {
  return (
    error instanceof InputError ||
    error instanceof AwsCallError ||
    error instanceof ReportFormatError ||
    error instanceof ReportTimeoutError ||
    error instanceof RunnerFileError ||
    error instanceof ReportingError ||
    error instanceof NoAccountScannedError
  )
}

/**
 * An error that stops one account's scan without being a bug. A configuration error (no OIDC token,
 * say) is not: it would stop every account alike, so it ends the run.
 */
export function isAccountFailure(error: unknown): error is Error {
  return (
    error instanceof AwsCallError ||
    error instanceof ReportFormatError ||
    error instanceof ReportTimeoutError
  )
}
