// The error of a run of several accounts in which none could be scanned.

/** No account of a run of several could be scanned: the message names each and why. */
export class NoAccountScannedError extends Error {
  override readonly name = 'NoAccountScannedError'
}
