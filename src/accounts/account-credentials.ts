// Credentials for one account: the OIDC role, or a role chained from the base credentials, renewed
// before they expire (a chained session lasts at most an hour, and a large organisation takes longer).
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts'
import { AwsCallError, describeAwsError, errorCode } from '../aws/aws-error.js'
import type { AwsCredentials } from '../aws/clients.js'

/** Gives credentials valid for a few more minutes, assuming the role again when needed. */
export type CredentialSource = () => Promise<AwsCredentials>

/** Credentials this close to expiry are renewed before use (the SDK's own margin is 5 minutes). */
const RENEW_BEFORE_MS = 10 * 60_000
/** The longest session AWS grants to a role assumed with role-chaining credentials. */
export const CHAINED_SESSION_SECONDS = 3600

/** Caches what `assume` returns and calls it again when the credentials are about to expire. */
export function renewing(
  assume: () => Promise<AwsCredentials>,
  nowMs: () => number
): CredentialSource {
  let current: Promise<AwsCredentials> | undefined
  const fresh = (c: AwsCredentials): boolean => {
    const expires = c.expiration?.getTime()
    return expires === undefined || expires - nowMs() > RENEW_BEFORE_MS
  }
  return async () => {
    const asked = current
    const held = asked ? await asked.catch(() => undefined) : undefined
    if (held && fresh(held)) return held
    // Callers that found the same stale credentials share one renewal.
    if (current === asked) current = assume()
    return current ?? assume()
  }
}

/** Assumes `roleArn` with `sts` (built on the base credentials): sts:AssumeRole, at most an hour. */
export async function assumeRole(
  sts: STSClient,
  request: { readonly roleArn: string; readonly sessionName: string },
  setSecret: (secret: string) => void
): Promise<AwsCredentials> {
  let out
  try {
    out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: CHAINED_SESSION_SECONDS
      })
    )
  } catch (error) {
    const code = errorCode(error)
    if (code === 'AccessDenied' || code === 'AccessDeniedException')
      throw new AwsCallError(
        `Could not assume ${request.roleArn} (${code}: ${error instanceof Error ? error.message : String(error)}). ` +
          "Check that the role exists in that account and that its trust policy lets the scanning role call sts:AssumeRole, and that the scanning role's policy allows sts:AssumeRole on it.",
        'sts:AssumeRole',
        code
      )
    throw describeAwsError('sts:AssumeRole', error)
  }
  const c = out.Credentials
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new AwsCallError(
      `STS AssumeRole returned no credentials for ${request.roleArn}.`,
      'sts:AssumeRole',
      'NoCredentials'
    )
  for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken])
    if (secret) setSecret(secret)
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {})
  }
}
