// STS refusing the workflow's OIDC token: each refusal names what to fix, never a policy to widen.
import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { assumeRoleWithOidc } from '../../src/aws/oidc-credentials.js'
import { fakeJwt } from '../helpers/oidc-server.js'

const stsMock = mockClient(STSClient)
afterEach(() => {
  stsMock.reset()
})

const ROLE = 'arn:aws:iam::123456789012:role/posturio-iam-mfa'
const deps = {
  getIdToken: async () => fakeJwt({ sub: 'repo:acme/infra:ref:refs/heads/main' }),
  setSecret: () => undefined,
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }
}
const assume = () =>
  assumeRoleWithOidc(
    new STSClient({ region: 'us-east-1' }),
    { roleArn: ROLE, sessionName: 'posturio-iam-mfa', audience: 'sts.amazonaws.com' },
    deps
  )

describe('AssumeRoleWithWebIdentity refused', () => {
  it("says GitHub's token had expired (a clock problem), not that AWS credentials need refreshing", async () => {
    stsMock
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(
        Object.assign(
          new Error(
            'Token expired: current date/time 1700000600 must be before the expiration date/time 1700000300'
          ),
          { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } }
        )
      )
    const attempt = assume()
    await expect(attempt).rejects.toThrow(
      /^AWS found GitHub's OIDC token expired \(ExpiredTokenException: Token expired: .*\)\. The action requests the token just before this call, so the runner's clock is probably wrong/
    )
    await expect(attempt).rejects.not.toThrow(/refresh the credentials|denied/)
  })

  it('names the trust policy and the token subject when the role refuses the token', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    await expect(assume()).rejects.toThrow(
      /trust policy allows sts:AssumeRoleWithWebIdentity for the token's sub "repo:acme\/infra:ref:refs\/heads\/main" and aud "sts\.amazonaws\.com"/
    )
  })
})
