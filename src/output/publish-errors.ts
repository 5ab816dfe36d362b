// The errors of the runner's files and of reporting, told apart from a scan that did not complete.

/** A runner file (the job summary) cannot be written: found before the scan, so nothing was done. */
export class RunnerFileError extends Error {
  override readonly name = 'RunnerFileError'
}

/**
 * Reporting failed after the scan completed: the message says what failed, the scan's result, and
 * what this run had already changed (tracking issues, code scanning), never that no verdict was reached.
 */
export class ReportingError extends Error {
  override readonly name = 'ReportingError'
}
