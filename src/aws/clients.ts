// Building the AWS SDK clients, on demand: region from the inputs, endpoints and retry settings from
// the SDK's own configuration.
import { IAMClient } from '@aws-sdk/client-iam'
import { OrganizationsClient } from '@aws-sdk/client-organizations'
import { STSClient } from '@aws-sdk/client-sts'
import { InputError } from '../config/input-error.js'

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** Fixed credentials, or a source the SDK asks again when they near expiry. */
export type ClientCredentials = AwsCredentials | (() => Promise<AwsCredentials>)

export interface RetrySettings {
  readonly maxAttempts: number
  readonly retryMode: 'standard' | 'adaptive' | 'legacy'
}

/**
 * The SDK's retry handles throttling and dropped connections; adaptive mode also slows down when IAM
 * says "Rate exceeded". Each call is tried at most `maxAttempts` times, then fails with its action.
 */
export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 6, retryMode: 'adaptive' }
const RETRY_MODES: ReadonlySet<string> = new Set(['standard', 'adaptive', 'legacy'])

/** The AWS SDK's own settings AWS_MAX_ATTEMPTS and AWS_RETRY_MODE win when the workflow sets them. */
export function retrySettings(env: NodeJS.ProcessEnv = process.env): RetrySettings {
  const attempts = env['AWS_MAX_ATTEMPTS']?.trim() ?? ''
  const mode = env['AWS_RETRY_MODE']?.trim().toLowerCase() ?? ''
  if (attempts !== '' && !(/^\d+$/.test(attempts) && Number(attempts) >= 1)) {
    throw new InputError(
      `The environment variable AWS_MAX_ATTEMPTS must be a whole number of attempts of at least 1, ` +
        `e.g. \`AWS_MAX_ATTEMPTS: ${DEFAULT_RETRY.maxAttempts}\`; got "${attempts.slice(0, 40)}".`
    )
  }
  if (mode !== '' && !RETRY_MODES.has(mode)) {
    throw new InputError(
      'The environment variable AWS_RETRY_MODE must be standard or adaptive, e.g. ' +
        `\`AWS_RETRY_MODE: ${DEFAULT_RETRY.retryMode}\`; got "${mode.slice(0, 40)}".`
    )
  }
  return {
    maxAttempts: attempts === '' ? DEFAULT_RETRY.maxAttempts : Number(attempts),
    retryMode: mode === '' ? DEFAULT_RETRY.retryMode : (mode as RetrySettings['retryMode'])
  }
}

/**
 * An endpoint that accepts a connection and never answers must not hold the run for the SDK's
 * lifetime: each attempt gives up after this long without a byte (IAM answers within seconds, and a
 * credential report of 5,000 users streams without pauses), then the retries above apply.
 */
export const TIMEOUTS = { connectionTimeout: 5_000, socketTimeout: 15_000 } as const

function withCredentials(credentials: ClientCredentials | undefined): {
  credentials?: ClientCredentials
} {
  return credentials ? { credentials } : {}
}

export function createIamClient(region: string, credentials?: ClientCredentials): IAMClient {
  return new IAMClient({
    region,
    ...retrySettings(),
    requestHandler: TIMEOUTS,
    ...withCredentials(credentials)
  })
}

export function createStsClient(region: string, credentials?: ClientCredentials): STSClient {
  return new STSClient({
    region,
    ...retrySettings(),
    requestHandler: TIMEOUTS,
    ...withCredentials(credentials)
  })
}

/**
 * Organizations is a global service with one endpoint per partition. The SDK's endpoint rules send
 * any region of a partition there and sign for it (eu-west-1 -> organizations.us-east-1.amazonaws.com,
 * us-gov-east-1 -> organizations.us-gov-west-1.amazonaws.com, cn-north-1 ->
 * organizations.cn-northwest-1.amazonaws.com.cn), so the workflow's `aws-region` is passed as it is.
 */
export function createOrganizationsClient(
  region: string,
  credentials?: ClientCredentials
): OrganizationsClient {
  return new OrganizationsClient({
    region,
    ...retrySettings(),
    requestHandler: TIMEOUTS,
    ...withCredentials(credentials)
  })
}
