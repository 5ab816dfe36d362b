// Test fixture: a loopback proxy in front of the AWS emulator that counts every IAM and STS call by
// action and, per a plan, answers some of them the way AWS does when things go wrong: AWS's own
// error documents and HTTP statuses, "not ready" answers, or a connection dropped mid-request.
// Optionally it rewrites the emulator's successful answers, for what the emulator cannot stage.
import { randomUUID } from 'node:crypto'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'

export type AwsErrorCode =
  | 'Throttling'
  | 'AccessDenied'
  | 'ExpiredToken'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'ReportInProgress'

/** AWS's error codes the matrix stages, with the HTTP status and the message AWS sends for each. */
export const AWS_ERRORS: Readonly<
  Record<AwsErrorCode, { readonly status: number; message(action: string): string }>
> = {
  Throttling: { status: 400, message: () => 'Rate exceeded' },
  AccessDenied: {
    status: 403,
    message: (action: string) =>
      `User: arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/posturio-iam-mfa is not ` +
      `authorized to perform: ${action} because no identity-based policy allows the ${action} action`
  },
  ExpiredToken: {
    status: 403,
    message: () => 'The security token included in the request is expired'
  },
  InvalidClientTokenId: {
    status: 403,
    message: () => 'The security token included in the request is invalid.'
  },
  SignatureDoesNotMatch: {
    status: 403,
    message: () =>
      'The request signature we calculated does not match the signature you provided. Check your ' +
      'AWS Secret Access Key and signing method. Consult the service documentation for details.'
  },
  /** GetCredentialReport while AWS is still building the report. */
  ReportInProgress: {
    status: 404,
    message: () =>
      'The request was rejected because the credential report is still being generated.'
  }
}

export type Fault =
  | { readonly kind: 'error'; readonly code: AwsErrorCode }
  /** The connection is destroyed after the request arrives: no status, no body. */
  | { readonly kind: 'drop' }
  /** The request is taken and never answered (the connection stays open). */
  | { readonly kind: 'stall' }
  /** GenerateCredentialReport answering that AWS is (still) building the report. */
  | { readonly kind: 'report-state'; readonly state: 'STARTED' | 'INPROGRESS' }

/** Every action, each counted by itself (so `first: 2` means the first 2 calls of each action). */
export const EVERY_ACTION = '*'

export interface FaultRule {
  /** The query protocol's `Action` (e.g. `ListMFADevices`), or EVERY_ACTION. */
  readonly action: string
  /** Fault only the first N requests of the action; every request when absent. */
  readonly first?: number
  /** Fault only requests with these parameters (e.g. `{ RoleArn: '…' }`). */
  readonly params?: Readonly<Record<string, string>>
  readonly fault: Fault
}

export const throttled = (action: string, first?: number): FaultRule => ({
  action,
  ...(first === undefined ? {} : { first }),
  fault: { kind: 'error', code: 'Throttling' }
})
export const failing = (action: string, code: AwsErrorCode, first?: number): FaultRule => ({
  action,
  ...(first === undefined ? {} : { first }),
  fault: { kind: 'error', code }
})
export const stalled = (action: string): FaultRule => ({
  action,
  fault: { kind: 'stall' }
})

export const dropped = (action: string, first?: number): FaultRule => ({
  action,
  ...(first === undefined ? {} : { first }),
  fault: { kind: 'drop' }
})

/** One SDK call as the proxy saw it: the SDK sends the same invocation id on every retry. */
export interface Invocation {
  readonly action: string
  /** Requests that arrived for this call (first try plus retries). */
  attempts: number
  /** The `max=` the SDK announced in its `amz-sdk-request` header. */
  readonly maxAttempts: number | undefined
}

export interface AwsFaultProxy {
  readonly url: string
  /** Replaces the plan; rules are tried in order, the first that matches decides. */
  plan(rules: readonly FaultRule[]): void
  /** Requests per action (attempts, faulted or not), sorted by action. */
  counts(): Record<string, number>
  /** Requests the plan answered with a fault, per action. */
  faulted(): Record<string, number>
  invocations(): readonly Invocation[]
  /** Clears the plan and every count. */
  reset(): void
  stop(): Promise<void>
}

const IAM = { service: 'iam', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' }
const STS = { service: 'sts', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' }
/** The service, from the API version the query protocol sends with every request. */
const serviceOf = (version: string): typeof IAM => (version === '2011-06-15' ? STS : IAM)

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml)
  })
  res.end(xml)
}

function answer(res: ServerResponse, fault: Fault, action: string, version: string): void {
  const requestId = randomUUID()
  const ns = serviceOf(version)
  if (fault.kind === 'drop') {
    res.socket?.destroy()
    return
  }
  if (fault.kind === 'stall') return
  if (fault.kind === 'report-state') {
    sendXml(
      res,
      200,
      `<GenerateCredentialReportResponse xmlns="${ns.xmlns}">\n` +
        `  <GenerateCredentialReportResult>\n    <State>${fault.state}</State>\n` +
        `  </GenerateCredentialReportResult>\n` +
        `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
        `</GenerateCredentialReportResponse>\n`,
      requestId
    )
    return
  }
  const error = AWS_ERRORS[fault.code]
  sendXml(
    res,
    error.status,
    `<ErrorResponse xmlns="${ns.xmlns}">\n  <Error>\n    <Type>Sender</Type>\n` +
      `    <Code>${fault.code}</Code>\n` +
      `    <Message>${escapeXml(error.message(`${ns.service}:${action}`))}</Message>\n` +
      `  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
    requestId
  )
}

const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name]
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
}

/**
 * Rewrites the body of the target's successful (HTTP 200) answer to `action`, to stand in for what
 * the emulator cannot stage; errors and faults pass as they are.
 */
export type Rewrite = (action: string, xml: string) => string

/** Starts the proxy on a free loopback port, forwarding what the plan leaves alone to `target`. */
export async function startAwsFaultProxy(
  target: string,
  rewrite?: Rewrite
): Promise<AwsFaultProxy> {
  const upstream = new URL(target)
  let rules: readonly FaultRule[] = []
  const counts = new Map<string, number>()
  const faulted = new Map<string, number>()
  const invocations = new Map<string, Invocation>()
  const bump = (map: Map<string, number>, key: string): number => {
    const n = (map.get(key) ?? 0) + 1
    map.set(key, n)
    return n
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const form = new URLSearchParams(body.toString('utf8'))
      // The query protocol names the action in the form; the JSON protocol in X-Amz-Target.
      const target = header(req, 'x-amz-target').split('.').pop()
      const action = form.get('Action') ?? (target || `${req.method ?? 'GET'} ${req.url ?? '/'}`)
      const nth = bump(counts, action)
      const id = header(req, 'amz-sdk-invocation-id') || randomUUID()
      const seen = invocations.get(id)
      if (seen) seen.attempts++
      else {
        const max = /max=(\d+)/.exec(header(req, 'amz-sdk-request'))?.[1]
        invocations.set(id, {
          action,
          attempts: 1,
          maxAttempts: max === undefined ? undefined : Number(max)
        })
      }
      const rule = rules.find(
        r =>
          (r.action === action || r.action === EVERY_ACTION) &&
          (r.first === undefined || nth <= r.first) &&
          Object.entries(r.params ?? {}).every(([k, v]) => form.get(k) === v)
      )
      if (rule) {
        bump(faulted, action)
        answer(res, rule.fault, action, form.get('Version') ?? '')
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
          if (!rewrite || reply.statusCode !== 200) {
            res.writeHead(reply.statusCode ?? 502, reply.headers)
            reply.pipe(res)
            return
          }
          const parts: Buffer[] = []
          reply.on('data', (c: Buffer) => parts.push(c))
          reply.on('end', () => {
            const out = Buffer.from(rewrite(action, Buffer.concat(parts).toString('utf8')))
            const headers = { ...reply.headers, 'content-length': String(out.length) }
            delete headers['transfer-encoding']
            res.writeHead(200, headers).end(out)
          })
        }
      )
      forward.on('error', () => res.writeHead(502).end())
      forward.end(body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const sorted = (map: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)))
  return {
    url: `http://127.0.0.1:${port}`,
    plan: next => {
      rules = next
    },
    counts: () => sorted(counts),
    faulted: () => sorted(faulted),
    invocations: () => [...invocations.values()],
    reset: () => {
      rules = []
      counts.clear()
      faulted.clear()
      invocations.clear()
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
