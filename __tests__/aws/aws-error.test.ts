// What a person reads when an AWS call fails: AWS's own error documents, as the SDK reads them, each
// turned into a message that names the action and the right fix.
import { describe, expect, it } from '@jest/globals'
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { Readable } from 'node:stream'
import { AwsCallError, awsCall, describeAwsError } from '../../src/aws/aws-error.js'
import { AWS_ERRORS, type AwsErrorCode } from '../helpers/aws-fault-proxy.js'

/** The error the SDK raises when AWS answers with `code`, in AWS's XML and HTTP status. */
async function sdkErrorFor(service: 'iam' | 'sts', code: AwsErrorCode): Promise<unknown> {
  const { status, message } = AWS_ERRORS[code]
  const xmlns =
    service === 'iam'
      ? 'https://iam.amazonaws.com/doc/2010-05-08/'
      : 'https://sts.amazonaws.com/doc/2011-06-15/'
  const action = service === 'iam' ? 'iam:GetAccountSummary' : 'sts:GetCallerIdentity'
  const xml =
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${message(action)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`
  const requestHandler = {
    handle: async () => ({
      response: {
        statusCode: status,
        headers: { 'content-type': 'text/xml' },
        body: Readable.from([Buffer.from(xml)])
      }
    })
  }
  const config = {
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    requestHandler
  }
  const sent =
    service === 'iam'
      ? new IAMClient(config).send(new GetAccountSummaryCommand({}))
      : new STSClient(config).send(new GetCallerIdentityCommand({}))
  return sent.then(
    () => {
      throw new Error('the call succeeded')
    },
    (error: unknown) => error
  )
}

describe('rejected credentials', () => {
  it.each([
    ['ExpiredToken', 'they have expired'],
    ['InvalidClientTokenId', 'AWS does not know the access key id'],
    ['SignatureDoesNotMatch', 'the secret access key does not match the access key id']
  ] as const)(
    'AWS answering %s (HTTP 403) says the credentials were rejected and how to get good ones',
    async (code, why) => {
      const error = await sdkErrorFor('sts', code)
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(
        403
      )
      const described = describeAwsError('sts:GetCallerIdentity', error)
      expect(described.message).toMatch(
        new RegExp(`^AWS rejected the credentials on sts:GetCallerIdentity: ${why}`)
      )
      expect(described.message).toContain(`(${code}: `)
      expect(described.message).toContain(
        'Use `role-to-assume` to get fresh credentials through OIDC on every run, or refresh the credentials configured before this step.'
      )
      // Not a missing permission: no policy change would help.
      expect(described.message).not.toMatch(/denied|Allow|IAM policy/)
      expect(described.code).toBe(code)
    }
  )

  it('is the same on an IAM call', async () => {
    const described = describeAwsError(
      'iam:GetAccountSummary',
      await sdkErrorFor('iam', 'ExpiredToken')
    )
    expect(described.message).toMatch(
      /^AWS rejected the credentials on iam:GetAccountSummary: they have expired \(ExpiredToken: The security token included in the request is expired\)\./
    )
  })
})

describe('a missing permission', () => {
  it('names the action to allow and the README section', async () => {
    const described = describeAwsError(
      'iam:GetAccountSummary',
      await sdkErrorFor('iam', 'AccessDenied')
    )
    expect(described.message).toMatch(
      /^AWS denied iam:GetAccountSummary \(AccessDenied: User: .* is not authorized to perform: iam:GetAccountSummary .*\)\. Allow "iam:GetAccountSummary" in the policy of the IAM role this action runs as; the README section "IAM policy" lists every action it needs\.$/
    )
  })

  it('treats any other 403 as denied too', () => {
    const error = Object.assign(new Error('Forbidden'), {
      name: 'SomethingNew',
      $metadata: { httpStatusCode: 403 }
    })
    expect(describeAwsError('iam:ListUserTags', error).message).toMatch(
      /^AWS denied iam:ListUserTags \(SomethingNew: Forbidden\)\. Allow "iam:ListUserTags"/
    )
  })
})

describe('throttling past the retries', () => {
  it('says AWS kept throttling the action, after how many attempts, and what to do', async () => {
    const error = (await sdkErrorFor('iam', 'Throttling')) as { $metadata: object }
    Object.assign(error.$metadata, { attempts: 6 })
    expect(describeAwsError('iam:GetAccountSummary', error).message).toBe(
      'AWS kept throttling iam:GetAccountSummary after 6 attempts (Throttling: Rate exceeded). ' +
        "The account's request rate is shared by all its automation; re-run the workflow later."
    )
  })
})

describe('the network', () => {
  it('says AWS could not be reached, with the connection error rather than the SDK class', () => {
    // The SDK renames a reset connection TimeoutError; the code says what happened.
    const error = Object.assign(new Error('socket hang up'), {
      name: 'TimeoutError',
      code: 'ECONNRESET',
      $metadata: { attempts: 6 }
    })
    const described = describeAwsError('sts:GetCallerIdentity', error)
    expect(described.message).toBe(
      'Could not reach AWS for sts:GetCallerIdentity after 6 attempts (ECONNRESET: socket hang up). ' +
        "Check the runner's network access (proxy, firewall, DNS) and any AWS_ENDPOINT_URL settings."
    )
    expect(described.code).toBe('ECONNRESET')
  })

  it('says so for an unknown host on the first try, without an attempt count', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND iam.example'), {
      code: 'ENOTFOUND',
      $metadata: { attempts: 1 }
    })
    expect(describeAwsError('iam:GetAccountSummary', error).message).toMatch(
      /^Could not reach AWS for iam:GetAccountSummary \(ENOTFOUND: getaddrinfo ENOTFOUND iam\.example\)\./
    )
  })
})

describe('anything else', () => {
  it('names the action and what AWS said', () => {
    expect(describeAwsError('iam:GetCredentialReport', new TypeError('boom')).message).toBe(
      'iam:GetCredentialReport failed (TypeError: boom).'
    )
  })

  it('is described once: awsCall passes an AwsCallError through unchanged', async () => {
    const inner = new AwsCallError('already described', 'iam:GetUserPolicy', 'AccessDenied')
    await expect(awsCall('iam:ListUserTags', () => Promise.reject(inner))).rejects.toBe(inner)
  })
})
