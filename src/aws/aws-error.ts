// Turning AWS SDK errors into messages that name the failed IAM/STS action and the fix.
import { count } from '../text/words.js'

export class AwsCallError extends Error {
  override readonly name = 'AwsCallError'
  constructor(
    message: string,
    readonly action: string,
    readonly code: string
  ) {
    super(message)
  }
}

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  code?: unknown
  $metadata?: { httpStatusCode?: number; attempts?: number }
}

const shape = (error: unknown): SdkErrorShape =>
  (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape

export function errorCode(error: unknown): string {
  const e = shape(error)
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name
  if (typeof e.code === 'string') return e.code
  return 'Error'
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'])
const UNKNOWN_KEY = 'AWS does not know the access key id: it was deleted, deactivated or mistyped'
/** The credentials themselves, whatever the policy says: AWS answers these with HTTP 403 too. */
const BAD_CREDENTIALS: ReadonlyMap<string, string> = new Map([
  ['ExpiredToken', 'they have expired'],
  ['ExpiredTokenException', 'they have expired'],
  ['InvalidClientTokenId', UNKNOWN_KEY],
  ['UnrecognizedClientException', UNKNOWN_KEY],
  ['SignatureDoesNotMatch', 'the secret access key does not match the access key id']
])
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException'
])
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN'
])

/** The Node.js network code (ECONNRESET, ...) of a failed request; the SDK names some TimeoutError. */
function networkCode(error: unknown, code: string): string | undefined {
  const raw = shape(error).code
  if (typeof raw === 'string' && NETWORK.has(raw)) return raw
  if (NETWORK.has(code) || code === 'TimeoutError') return code
  return undefined
}

/** "after 6 attempts", when the SDK retried before giving up. */
function afterAttempts(error: unknown): string {
  const attempts = shape(error).$metadata?.attempts
  return typeof attempts === 'number' && attempts > 1 ? ` after ${count(attempts, 'attempt')}` : ''
}

/** Describes a failed call to `action` (e.g. `iam:GetCredentialReport`) for the person running it. */
export function describeAwsError(action: string, error: unknown): AwsCallError {
  const code = errorCode(error)
  const detail = `${code}: ${errorMessage(error)}`
  // Checked before the 403 test below: rejected credentials are not a missing permission.
  const credentialProblem = BAD_CREDENTIALS.get(code)
  if (credentialProblem) {
    return new AwsCallError(
      `AWS rejected the credentials on ${action}: ${credentialProblem} (${detail}). Use ` +
        '`role-to-assume` to get fresh credentials through OIDC on every run, or refresh the ' +
        'credentials configured before this step.',
      action,
      code
    )
  }
  if (DENIED.has(code) || shape(error).$metadata?.httpStatusCode === 403) {
    return new AwsCallError(
      `AWS denied ${action} (${detail}). Allow "${action}" in the policy of the IAM role this ` +
        'action runs as; the README section "IAM policy" lists every action it needs.',
      action,
      code
    )
  }
  if (code === 'CredentialsProviderError') {
    return new AwsCallError(
      `No AWS credentials were found for ${action}. Set \`role-to-assume\` (the job needs ` +
        '`permissions: id-token: write`), or configure credentials in an earlier step (e.g. ' +
        'aws-actions/configure-aws-credentials), or set `credential-report` to audit a saved report offline.',
      action,
      code
    )
  }
  if (THROTTLED.has(code) || shape(error).$metadata?.httpStatusCode === 429) {
    return new AwsCallError(
      `AWS kept throttling ${action}${afterAttempts(error)} (${detail}). The account's request ` +
        'rate is shared by all its automation; re-run the workflow later.',
      action,
      code
    )
  }
  const network = networkCode(error, code)
  if (network) {
    return new AwsCallError(
      `Could not reach AWS for ${action}${afterAttempts(error)} (${network}: ${errorMessage(error).replace(/\.$/, '')}). ` +
        "Check the runner's network access (proxy, firewall, DNS) and any AWS_ENDPOINT_URL settings.",
      action,
      network
    )
  }
  return new AwsCallError(`${action} failed (${detail}).`, action, code)
}

/** Runs one AWS call, rethrowing any failure as an AwsCallError for `action`. */
export async function awsCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof AwsCallError) throw error
    throw describeAwsError(action, error)
  }
}
