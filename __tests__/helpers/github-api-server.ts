// Test fixture: a local GitHub REST API on 127.0.0.1 that checks every request against GitHub's
// OpenAPI description and answers through handlers a test plugs in per operation id. GraphQL (not
// in that description) answers only the one query the action makes: `query { viewer { login } }`.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { bodyProblems, matchOperation } from './openapi-validator.js'

export interface ApiRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly operationId: string | undefined
  readonly params: Record<string, string>
  readonly body: unknown
  readonly authorization: string | undefined
}

export interface ApiReply {
  /** 0: the connection drops without an answer (the request may have been carried out). */
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export type Handler = (req: ApiRequest) => ApiReply

export interface GithubApiServer {
  readonly url: string
  /** The login the token belongs to, as GraphQL's `viewer` answers it. */
  viewer: string
  readonly requests: ApiRequest[]
  /** Requests GitHub's API description does not allow: each one is a bug in the action. */
  readonly violations: string[]
  handle(operationId: string, handler: Handler): void
  /** Requests that change something (anything but GET and GraphQL queries). */
  writes(): ApiRequest[]
  stop(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export async function startGithubApiServer(
  handlers: Record<string, Handler> = {}
): Promise<GithubApiServer> {
  const routes = new Map(Object.entries(handlers))
  const requests: ApiRequest[] = []
  const violations: string[] = []
  // eslint-disable-next-line prefer-const -- assigned once the server listens
  let api: GithubApiServer
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const method = req.method ?? 'GET'
      const body = await readBody(req)
      const match = matchOperation(method, url.pathname)
      const request: ApiRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        operationId: match?.operationId,
        params: match?.params ?? {},
        body,
        authorization: req.headers.authorization
      }
      requests.push(request)
      const send = (reply: ApiReply): void => {
        if (reply.status === 0) {
          res.socket?.destroy()
          return
        }
        res.writeHead(reply.status, {
          'content-type': 'application/json; charset=utf-8',
          ...reply.headers
        })
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
      }
      if (method === 'POST' && url.pathname === '/graphql') {
        const query = String((body as { query?: unknown } | undefined)?.query ?? '')
        if (!/^query\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}$/.test(query.trim())) {
          violations.push(`graphql: unexpected query ${query.slice(0, 80)}`)
          return send({ status: 200, body: { errors: [{ message: 'unexpected query' }] } })
        }
        const handler = routes.get('graphql/viewer')
        return send(
          handler
            ? handler(request)
            : { status: 200, body: { data: { viewer: { login: api.viewer } } } }
        )
      }
      if (!match) {
        violations.push(`${method} ${url.pathname}: no such endpoint in GitHub's API description`)
        return send({ status: 404, body: { message: 'Not Found' } })
      }
      if (!/^(token|Bearer) \S+$/.test(req.headers.authorization ?? '')) {
        violations.push(`${method} ${url.pathname}: no token`)
        return send({ status: 401, body: { message: 'Requires authentication' } })
      }
      const problems = method === 'GET' ? [] : bodyProblems(match.operationId, body)
      if (problems.length > 0) {
        violations.push(`${match.operationId}: ${problems.join('; ')}`)
        return send({ status: 422, body: { message: 'Invalid request.', errors: problems } })
      }
      const handler = routes.get(match.operationId)
      if (!handler) {
        violations.push(`${match.operationId}: not expected by this test`)
        return send({ status: 501, body: { message: `no handler for ${match.operationId}` } })
      }
      send(handler(request))
    })()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  api = {
    url: `http://127.0.0.1:${port}`,
    viewer: 'github-actions[bot]',
    requests,
    violations,
    handle: (operationId, handler) => routes.set(operationId, handler),
    writes: () => requests.filter(r => r.method !== 'GET' && r.path !== '/graphql'),
    stop: () => new Promise(resolve => server.close(() => resolve()))
  }
  return api
}
