// The IAM and STS clients reach the right endpoint in every partition, honour AWS_ENDPOINT_URL, and
// retry a bounded number of times (AWS_MAX_ATTEMPTS and AWS_RETRY_MODE when the workflow sets them).
import { afterEach, describe, expect, it } from '@jest/globals'
import { GetAccountSummaryCommand, type IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { createIamClient, createStsClient, retrySettings } from '../../src/aws/clients.js'
import { InputError } from '../../src/config/input-error.js'

class Captured extends Error {
  constructor(readonly url: string) {
    super(url)
  }
}

/** Stops each request just before it is sent and reports where it was going. */
type Finalize = (next: unknown) => (args: { request: unknown }) => Promise<never>
function captureHost(client: IAMClient | STSClient): void {
  const stack = client.middlewareStack as unknown as { add(mw: Finalize, options: object): void }
  stack.add(
    () => async args => {
      const request = args.request as {
        protocol: string
        hostname: string
        port?: number
        path: string
      }
      throw new Captured(
        `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`
      )
    },
    { step: 'finalizeRequest', name: 'captureHost', priority: 'low' }
  )
}

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }
const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

async function iamHost(region: string): Promise<string> {
  const client = createIamClient(region, credentials)
  captureHost(client)
  const error = await client.send(new GetAccountSummaryCommand({})).catch((e: unknown) => e)
  return error instanceof Captured ? error.url : String(error)
}

async function stsHost(region: string): Promise<string> {
  const client = createStsClient(region, credentials)
  captureHost(client)
  const error = await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)
  return error instanceof Captured ? error.url : String(error)
}

describe('AWS partitions', () => {
  it.each([
    ['us-east-1', 'https://iam.amazonaws.com'],
    ['us-gov-west-1', 'https://iam.us-gov.amazonaws.com'],
    ['cn-north-1', 'https://iam.cn-north-1.amazonaws.com.cn']
  ])('IAM in %s goes to %s', async (region, host) => {
    delete process.env['AWS_ENDPOINT_URL']
    delete process.env['AWS_ENDPOINT_URL_IAM']
    expect(await iamHost(region)).toBe(host)
  })

  it.each([
    ['us-east-1', 'https://sts.us-east-1.amazonaws.com'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn']
  ])('STS in %s goes to %s', async (region, host) => {
    delete process.env['AWS_ENDPOINT_URL']
    delete process.env['AWS_ENDPOINT_URL_STS']
    expect(await stsHost(region)).toBe(host)
  })

  it('sends IAM and STS calls to AWS_ENDPOINT_URL_IAM / _STS when set', async () => {
    process.env['AWS_ENDPOINT_URL_IAM'] = 'http://127.0.0.1:4001'
    process.env['AWS_ENDPOINT_URL_STS'] = 'http://127.0.0.1:4002'
    expect(await iamHost('us-east-1')).toBe('http://127.0.0.1:4001')
    expect(await stsHost('us-east-1')).toBe('http://127.0.0.1:4002')
  })
})

describe('retries', () => {
  const settings = async (client: IAMClient | STSClient) => {
    const strategy = await client.config.retryStrategy()
    return {
      maxAttempts: await client.config.maxAttempts(),
      mode: 'mode' in strategy ? strategy.mode : undefined
    }
  }

  it('tries each call at most 6 times, adaptive, unless the workflow says otherwise', async () => {
    delete process.env['AWS_MAX_ATTEMPTS']
    delete process.env['AWS_RETRY_MODE']
    expect(await settings(createIamClient('us-east-1', credentials))).toEqual({
      maxAttempts: 6,
      mode: 'adaptive'
    })
    expect(await settings(createStsClient('us-east-1', credentials))).toEqual({
      maxAttempts: 6,
      mode: 'adaptive'
    })
  })

  it("honours the AWS SDK's own AWS_MAX_ATTEMPTS and AWS_RETRY_MODE", async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '3'
    process.env['AWS_RETRY_MODE'] = 'standard'
    expect(await settings(createIamClient('us-east-1', credentials))).toEqual({
      maxAttempts: 3,
      mode: 'standard'
    })
    expect(await settings(createStsClient('us-east-1', credentials))).toEqual({
      maxAttempts: 3,
      mode: 'standard'
    })
  })

  it.each([
    [
      'AWS_MAX_ATTEMPTS',
      'three',
      /^The environment variable AWS_MAX_ATTEMPTS must be a whole number of attempts of at least 1, e\.g\. `AWS_MAX_ATTEMPTS: 6`; got "three"\.$/
    ],
    ['AWS_MAX_ATTEMPTS', '0', /AWS_MAX_ATTEMPTS must be a whole number of attempts of at least 1/],
    [
      'AWS_RETRY_MODE',
      'fast',
      /^The environment variable AWS_RETRY_MODE must be standard or adaptive, e\.g\. `AWS_RETRY_MODE: adaptive`; got "fast"\.$/
    ]
  ])('refuses %s=%s with a message that shows a correct value', (name, value, message) => {
    expect(() => retrySettings({ [name]: value })).toThrow(InputError)
    expect(() => retrySettings({ [name]: value })).toThrow(message)
  })
})
