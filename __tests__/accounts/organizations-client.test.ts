// The Organizations client reaches its one endpoint in each partition from any region the workflow
// names, signs for that endpoint's region, honours AWS_ENDPOINT_URL_ORGANIZATIONS, and retries as the
// IAM and STS clients do.
import { afterEach, describe, expect, it } from '@jest/globals'
import { ListAccountsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations'
import { createOrganizationsClient } from '../../src/aws/clients.js'

class Captured extends Error {
  constructor(
    readonly url: string,
    readonly signingRegion: string
  ) {
    super(url)
  }
}

interface SignedRequest {
  protocol: string
  hostname: string
  port?: number
  headers: Record<string, string>
}
type Finalize = (next: unknown) => (args: { request: unknown }) => Promise<never>

/** Stops each request once it is signed and reports where it was going and for which region. */
function capture(client: OrganizationsClient): void {
  const stack = client.middlewareStack as unknown as {
    addRelativeTo(mw: Finalize, options: object): void
  }
  stack.addRelativeTo(
    () => async args => {
      const request = args.request as SignedRequest
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/organizations\//.exec(
        request.headers['authorization'] ?? ''
      )
      throw new Captured(
        `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`,
        scope?.[1] ?? 'unsigned'
      )
    },
    { name: 'captureSigned', relation: 'after', toMiddleware: 'httpSigningMiddleware' }
  )
}

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }
const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

async function destination(region: string): Promise<{ url: string; signingRegion: string }> {
  const client = createOrganizationsClient(region, credentials)
  capture(client)
  const error = await client.send(new ListAccountsCommand({})).catch((e: unknown) => e)
  if (!(error instanceof Captured)) throw error
  return { url: error.url, signingRegion: error.signingRegion }
}

describe('Organizations in every partition', () => {
  it.each([
    ['us-east-1', 'https://organizations.us-east-1.amazonaws.com', 'us-east-1'],
    ['eu-west-1', 'https://organizations.us-east-1.amazonaws.com', 'us-east-1'],
    ['ap-southeast-2', 'https://organizations.us-east-1.amazonaws.com', 'us-east-1'],
    ['us-gov-west-1', 'https://organizations.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['us-gov-east-1', 'https://organizations.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['cn-north-1', 'https://organizations.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1'],
    ['cn-northwest-1', 'https://organizations.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1']
  ])('aws-region %s reaches %s, signed for %s', async (region, url, signingRegion) => {
    delete process.env['AWS_ENDPOINT_URL']
    delete process.env['AWS_ENDPOINT_URL_ORGANIZATIONS']
    expect(await destination(region)).toEqual({ url, signingRegion })
  })

  it('sends Organizations calls to AWS_ENDPOINT_URL_ORGANIZATIONS when set', async () => {
    process.env['AWS_ENDPOINT_URL_ORGANIZATIONS'] = 'http://127.0.0.1:4003'
    expect((await destination('us-east-1')).url).toBe('http://127.0.0.1:4003')
  })
})

describe('Organizations retries', () => {
  const settings = async (client: OrganizationsClient) => {
    const strategy = await client.config.retryStrategy()
    return {
      maxAttempts: await client.config.maxAttempts(),
      mode: 'mode' in strategy ? strategy.mode : undefined
    }
  }

  it('tries each call at most 6 times, adaptive, unless the workflow says otherwise', async () => {
    delete process.env['AWS_MAX_ATTEMPTS']
    delete process.env['AWS_RETRY_MODE']
    expect(await settings(createOrganizationsClient('us-east-1', credentials))).toEqual({
      maxAttempts: 6,
      mode: 'adaptive'
    })
    process.env['AWS_MAX_ATTEMPTS'] = '2'
    process.env['AWS_RETRY_MODE'] = 'standard'
    expect(await settings(createOrganizationsClient('us-east-1', credentials))).toEqual({
      maxAttempts: 2,
      mode: 'standard'
    })
  })
})
