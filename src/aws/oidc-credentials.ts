// AWS credentials from the workflow's OIDC token through STS AssumeRoleWithWebIdentity.
import { AssumeRoleWithWebIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { InputError } from '../config/input-error.js'
import { AwsCallError, describeAwsError, errorCode } from './aws-error.js'
import type { AwsCredentials } from './clients.js'

export interface OidcDeps {
  readonly getIdToken: (audience: string) => Promise<string>
  readonly setSecret: (secret: string) => void
  readonly env: NodeJS.ProcessEnv
}

export interface AssumedRole {
  readonly credentials: AwsCredentials
  readonly assumedRoleArn: string
  readonly subject: string | undefined
}

const SESSION_SECONDS = 3600

/** The token's `sub` claim (not secret), to explain a trust policy mismatch. */
export function tokenSubject(jwt: string): string | undefined {
  const payload = jwt.split('.')[1]
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const sub = (claims as { sub?: unknown }).sub
    return typeof sub === 'string' ? sub : undefined
  } catch {
    return undefined
  }
}

async function fetchToken(audience: string, deps: OidcDeps): Promise<string> {
  if (!deps.env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !deps.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new InputError(
      '`role-to-assume` is set, but this job cannot request an OIDC token from GitHub. Add ' +
        '`permissions: { id-token: write, contents: read }` to the job (or workflow); without it ' +
        'GitHub withholds ACTIONS_ID_TOKEN_REQUEST_URL. Pull requests from forks never get a token.'
    )
  }
  try {
    const token = await deps.getIdToken(audience)
    deps.setSecret(token)
    return token
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new InputError(
      `GitHub did not issue an OIDC token for audience "${audience}" (${detail}). Check the job's ` +
        '`permissions: id-token: write` and the `audience` input.'
    )
  }
}

export async function assumeRoleWithOidc(
  sts: STSClient,
  request: { roleArn: string; sessionName: string; audience: string },
  deps: OidcDeps
): Promise<AssumedRole> {
  const token = await fetchToken(request.audience, deps)
  const subject = tokenSubject(token)
  let out
  try {
    out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        WebIdentityToken: token,
        DurationSeconds: SESSION_SECONDS
      })
    )
  } catch (error) {
    throw explainAssumeFailure(error, request, subject)
  }
  const c = out.Credentials
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw new AwsCallError(
      'STS AssumeRoleWithWebIdentity returned no credentials.',
      'sts:AssumeRoleWithWebIdentity',
      'NoCredentials'
    )
  }
  for (const secret of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken])
    if (secret) deps.setSecret(secret)
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {})
    },
    assumedRoleArn: out.AssumedRoleUser?.Arn ?? request.roleArn,
    subject
  }
}

function explainAssumeFailure(
  error: unknown,
  request: { roleArn: string; audience: string },
  subject: string | undefined
): AwsCallError {
  const action = 'sts:AssumeRoleWithWebIdentity'
  const code = errorCode(error)
  const detail = `${code}: ${error instanceof Error ? error.message : String(error)}`
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    const sub = subject ? `sub "${subject}"` : 'sub'
    return new AwsCallError(
      `AWS refused to let this workflow assume ${request.roleArn} (${detail}). Check that the role ` +
        "exists and that its trust policy allows sts:AssumeRoleWithWebIdentity for the token's " +
        `${sub} and aud "${request.audience}"; the README section "OIDC trust policy" shows both sub forms.`,
      action,
      code
    )
  }
  if (code === 'InvalidIdentityToken' || code === 'InvalidIdentityTokenException') {
    return new AwsCallError(
      `AWS did not accept GitHub's OIDC token (${detail}). Create the IAM OIDC identity provider for ` +
        `https://token.actions.githubusercontent.com with audience "${request.audience}" in the role's ` +
        'account (README: "OIDC trust policy").',
      action,
      code
    )
  }
  if (code === 'ExpiredTokenException' || code === 'ExpiredToken') {
    // Here the expired token is GitHub's OIDC token, not AWS credentials.
    return new AwsCallError(
      `AWS found GitHub's OIDC token expired (${detail}). The action requests the token just ` +
        "before this call, so the runner's clock is probably wrong; re-run the workflow, on another runner if it repeats.",
      action,
      code
    )
  }
  return describeAwsError(action, error)
}
