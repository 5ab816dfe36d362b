// Turning AWS SDK errors into messages that name the failed IAM/STS action and the fix.

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
  $metadata?: { httpStatusCode?: number }
}

export function errorCode(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name
  if (typeof e.code === 'string') return e.code
  return 'Error'
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'])
const BAD_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch'
])
const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'ETIMEDOUT',
  'TimeoutError',
  'EAI_AGAIN'
])

/** Describes a failed call to `action` (e.g. `iam:GetCredentialReport`) for the person running it. */
export function describeAwsError(action: string, error: unknown): AwsCallError {
  const code = errorCode(error)
  const detail = `${code}: ${errorMessage(error)}`
  if (DENIED.has(code) || (error as SdkErrorShape)?.$metadata?.httpStatusCode === 403) {
    return new AwsCallError(
      `AWS denied ${action} (${detail}). Allow "${action}" in the policy of the IAM role this ` +
        'action runs as; the README section "IAM policy" lists every action it needs.',
      action,
      code
    )
  }
  if (BAD_CREDENTIALS.has(code)) {
    return new AwsCallError(
      `AWS rejected the credentials on ${action} (${detail}). Use \`role-to-assume\` to get fresh ` +
        'credentials through OIDC, or refresh the credentials configured before this step.',
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
  if (NETWORK.has(code) || NETWORK.has(String((error as SdkErrorShape)?.code))) {
    return new AwsCallError(
      `Could not reach AWS for ${action} (${detail}). Check the runner's network access and any ` +
        'AWS_ENDPOINT_URL settings.',
      action,
      code
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
