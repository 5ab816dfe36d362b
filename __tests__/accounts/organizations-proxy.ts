// Test fixture: a loopback proxy in front of the AWS emulator for AWS Organizations (JSON 1.1
// protocol). It counts every call by operation and, per a plan, answers some with AWS's own error
// documents, the way Organizations sends them: HTTP 400, `__type` and `Message` in a JSON body.
import { randomUUID } from 'node:crypto'
import { createServer, request, type IncomingMessage } from 'node:http'

/** Errors as AWS Organizations words them. */
export const ORGANIZATIONS_ERRORS = {
  /** A member account (neither management nor delegated administrator) calling ListAccounts. */
  AccessDeniedException: "You don't have permissions to access this resource.",
  AWSOrganizationsNotInUseException: 'Your account is not a member of an organization.',
  InvalidInputException: 'You provided a value that does not match the required pattern.'
} as const
export type OrganizationsErrorCode = keyof typeof ORGANIZATIONS_ERRORS

export interface OrganizationsFault {
  /** The operation, e.g. `ListAccounts` (from the `X-Amz-Target` header). */
  readonly operation: string
  readonly code: OrganizationsErrorCode
}

export interface OrganizationsProxy {
  readonly url: string
  /** Replaces the plan: every call of a planned operation gets its error. */
  plan(faults: readonly OrganizationsFault[]): void
  /** Requests per operation since the last reset. */
  counts(): Record<string, number>
  /** The JSON bodies of the requests of `operation`, in order. */
  bodies(operation: string): Record<string, unknown>[]
  reset(): void
  stop(): Promise<void>
}

const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name]
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
}

/** Starts the proxy on a free loopback port, forwarding what the plan leaves alone to `target`. */
export async function startOrganizationsProxy(target: string): Promise<OrganizationsProxy> {
  const upstream = new URL(target)
  let faults: readonly OrganizationsFault[] = []
  const counts = new Map<string, number>()
  const bodies = new Map<string, Record<string, unknown>[]>()

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      // `AWSOrganizationsV20161128.ListAccounts`
      const operation = header(req, 'x-amz-target').split('.').pop() ?? ''
      counts.set(operation, (counts.get(operation) ?? 0) + 1)
      const text = body.toString('utf8')
      bodies.set(operation, [
        ...(bodies.get(operation) ?? []),
        (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>
      ])
      const fault = faults.find(f => f.operation === operation)
      if (fault) {
        const json = JSON.stringify({
          __type: fault.code,
          Message: ORGANIZATIONS_ERRORS[fault.code]
        })
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
          'content-length': Buffer.byteLength(json)
        })
        res.end(json)
        return
      }
      const forward = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers
        },
        reply => {
          res.writeHead(reply.statusCode ?? 502, reply.headers)
          reply.pipe(res)
        }
      )
      forward.on('error', () => res.writeHead(502).end())
      forward.end(body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    plan: next => {
      faults = next
    },
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    bodies: operation => bodies.get(operation) ?? [],
    reset: () => {
      faults = []
      counts.clear()
      bodies.clear()
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
