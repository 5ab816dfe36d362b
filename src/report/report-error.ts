// The error raised when a credential report cannot be read: names the problem and the fix.

export class ReportFormatError extends Error {
  override readonly name = 'ReportFormatError'
}
