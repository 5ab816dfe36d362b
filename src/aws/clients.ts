// Building the AWS SDK clients, on demand: region from the inputs, endpoints from the SDK's own config.
import { IAMClient } from '@aws-sdk/client-iam'
import { STSClient } from '@aws-sdk/client-sts'

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
}

/** The SDK's retry handles throttling; adaptive mode also slows down when IAM says "Rate exceeded". */
const RETRY = { maxAttempts: 6, retryMode: 'adaptive' } as const

function withCredentials(credentials: AwsCredentials | undefined): {
  credentials?: AwsCredentials
} {
  return credentials ? { credentials } : {}
}

export function createIamClient(region: string, credentials?: AwsCredentials): IAMClient {
  return new IAMClient({ region, ...RETRY, ...withCredentials(credentials) })
}

export function createStsClient(region: string, credentials?: AwsCredentials): STSClient {
  return new STSClient({ region, ...RETRY, ...withCredentials(credentials) })
}
