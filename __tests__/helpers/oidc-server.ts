// Test fixture: GitHub's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) on 127.0.0.1.
import { createServer, type Server } from 'node:http'

export interface TokenRequest {
  readonly audience: string | null
  readonly authorization: string | undefined
}

export interface OidcServer {
  readonly url: string
  readonly requestToken: string
  readonly requests: TokenRequest[]
  readonly subject: string
  stop(): Promise<void>
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${b64(claims)}.${Buffer.from('signature').toString('base64url')}`
}

export async function startOidcServer(
  subject = 'repo:acme/security-audits:ref:refs/heads/main'
): Promise<OidcServer> {
  const requests: TokenRequest[] = []
  const requestToken = 'runtime-request-token-for-tests'
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const audience = url.searchParams.get('audience')
    requests.push({ audience, authorization: req.headers.authorization })
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      res.writeHead(401).end('{"message":"bad request token"}')
      return
    }
    const now = Math.floor(Date.now() / 1000)
    const value = fakeJwt({
      iss: 'https://token.actions.githubusercontent.com',
      aud: audience ?? 'api://ActionsOIDC',
      sub: subject,
      repository: 'acme/security-audits',
      iat: now,
      exp: now + 300
    })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/token?api-version=2.0`,
    requestToken,
    requests,
    subject,
    stop: () => new Promise(resolve => server.close(() => resolve()))
  }
}
