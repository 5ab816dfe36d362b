// Test fixture: a loopback stand-in for iam:SimulatePrincipalPolicy, which the emulator lacks, in front
// of moto. It checks each simulation request against the operation's input shape in the service
// model, answers in AWS's XML (decisions from the test's table, pages when asked, AccessDenied for
// chosen callers, NoSuchEntity for a user moto does not have) and forwards every other request.
import { randomUUID } from 'node:crypto'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { SimDecision } from '../../src/policy/simulation.js'
import { readQueryRequest } from './query-shape.js'
import { errorXml, simulationXml, type Evaluated } from './simulate-xml.js'

/** What the table says a user's policies decide for one action. */
export interface SimRule {
  readonly arn: string
  readonly action: string
  readonly withoutMfa: SimDecision
  readonly withMfa: SimDecision
  /** The policy AWS would name in `MatchedStatements` (allow or explicit deny). */
  readonly policy?: string
  /** Context keys AWS would report in `MissingContextValues`. */
  readonly missingContext?: readonly string[]
}

/** A simulation request as the stand-in read it. */
export interface SimRequest {
  readonly accessKeyId: string
  readonly policySourceArn: string
  readonly actions: readonly string[]
  /** `aws:MultiFactorAuthPresent` as sent (undefined when absent). */
  readonly mfaPresent: string | undefined
  readonly mfaAge: string | undefined
  readonly marker: string | undefined
}

export interface SimulateStandin {
  readonly url: string
  /** Replaces the decision table; an action no rule names is an implicit deny. */
  decide(rules: readonly SimRule[]): void
  /** Callers (access key ids) whose simulations AWS denies. */
  denyCallers(accessKeyIds: readonly string[]): void
  /** Results per page (AWS may return fewer than MaxItems); undefined: MaxItems or 100. */
  pageSize(size: number | undefined): void
  /** Milliseconds each simulation takes to answer. */
  delay(ms: number): void
  requests(): readonly SimRequest[]
  /** Requests the service model refuses, each with why: a test expects none. */
  violations(): readonly string[]
  maxInFlight(): number
  reset(): void
  stop(): Promise<void>
}

const OPERATION = 'SimulatePrincipalPolicy'
type Entry = { ContextKeyName?: string; ContextKeyValues?: string[] }

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml)
  })
  res.end(xml)
}

const header = (req: IncomingMessage, name: string): string => {
  const value = req.headers[name]
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
}

const contextValue = (entries: unknown, key: string): string | undefined =>
  ((entries ?? []) as Entry[])
    .find(e => e.ContextKeyName?.toLowerCase() === key.toLowerCase())
    ?.ContextKeyValues?.join(',')

export async function startSimulateStandin(motoEndpoint: string): Promise<SimulateStandin> {
  const upstream = new URL(motoEndpoint)
  let rules: readonly SimRule[] = []
  let denied = new Set<string>()
  let size: number | undefined
  let wait = 0
  let seen: SimRequest[] = []
  let violations: string[] = []
  let inFlight = 0
  let most = 0

  /** The user's ARN as moto has it, or undefined when moto has no such user. */
  async function motoUserArn(req: IncomingMessage, arn: string): Promise<string | undefined> {
    const name = arn.split('/').pop() ?? ''
    const body = new URLSearchParams({ Action: 'GetUser', UserName: name, Version: '2010-05-08' })
    const res = await fetch(motoEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {})
      },
      body
    })
    const xml = await res.text()
    return res.ok ? /<Arn>([^<]*)<\/Arn>/.exec(xml)?.[1] : undefined
  }

  async function simulate(req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
    const requestId = randomUUID()
    const { input, errors } = readQueryRequest(form, OPERATION)
    if (errors.length > 0) {
      violations.push(`${form.toString().slice(0, 300)}: ${errors.join('; ')}`)
      const message = `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`
      return send(res, 400, errorXml('ValidationError', message, requestId), requestId)
    }
    const arn = String(input['PolicySourceArn'])
    const accessKeyId = /Credential=([^/]+)\//.exec(header(req, 'authorization'))?.[1] ?? ''
    const marker = input['Marker'] as string | undefined
    const mfaPresent = contextValue(input['ContextEntries'], 'aws:MultiFactorAuthPresent')
    const actions = input['ActionNames'] as string[]
    seen.push({
      accessKeyId,
      policySourceArn: arn,
      actions,
      mfaPresent,
      mfaAge: contextValue(input['ContextEntries'], 'aws:MultiFactorAuthAge'),
      marker
    })
    if (denied.has(accessKeyId)) {
      const message =
        `User: arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/posturio-iam-mfa is not ` +
        `authorized to perform: iam:SimulatePrincipalPolicy on resource: ${arn} because no ` +
        'identity-based policy allows the iam:SimulatePrincipalPolicy action'
      return send(res, 403, errorXml('AccessDenied', message, requestId), requestId)
    }
    if (!/^arn:aws[\w-]*:iam::\d{12}:user\//.test(arn) || (await motoUserArn(req, arn)) !== arn) {
      const message = `The user with name ${arn.split('/').pop() ?? ''} cannot be found.`
      return send(res, 404, errorXml('NoSuchEntity', message, requestId), requestId)
    }
    const start = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64').toString('utf8'))
    if (!Number.isInteger(start) || start < 0 || start >= actions.length) {
      violations.push(`${OPERATION} with a Marker the stand-in never sent: ${marker}`)
      const message = 'The marker is not valid for this request.'
      return send(res, 400, errorXml('InvalidInput', message, requestId), requestId)
    }
    const perPage = Math.min(Number(input['MaxItems'] ?? 100), size ?? Infinity)
    const withMfa = mfaPresent === 'true'
    const results: Evaluated[] = actions.slice(start, start + perPage).map(action => {
      const rule = rules.find(r => r.arn === arn && r.action.toLowerCase() === action.toLowerCase())
      const decision = rule ? (withMfa ? rule.withMfa : rule.withoutMfa) : 'implicitDeny'
      return {
        action,
        decision,
        policy: decision === 'implicitDeny' ? undefined : (rule?.policy ?? 'AdministratorAccess'),
        missingContext: rule?.missingContext ?? []
      }
    })
    const next = start + perPage < actions.length ? start + perPage : undefined
    const nextMarker = next === undefined ? undefined : Buffer.from(String(next)).toString('base64')
    await new Promise(r => setTimeout(r, wait))
    send(res, 200, simulationXml(results, nextMarker, requestId), requestId)
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const out = request(
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
    out.on('error', () => res.writeHead(502).end())
    out.end(body)
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const form = new URLSearchParams(body.toString('utf8'))
      if (req.method !== 'POST' || form.get('Action') !== OPERATION) return forward(req, res, body)
      most = Math.max(most, ++inFlight)
      simulate(req, res, form)
        .catch((error: unknown) => {
          violations.push(`the stand-in failed: ${String(error)}`)
          res.writeHead(500).end()
        })
        .finally(() => inFlight--)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    decide: next => {
      rules = next
    },
    denyCallers: keys => {
      denied = new Set(keys)
    },
    pageSize: n => {
      size = n
    },
    delay: ms => {
      wait = ms
    },
    requests: () => seen,
    violations: () => violations,
    maxInFlight: () => most,
    reset: () => {
      rules = []
      denied = new Set()
      size = undefined
      wait = 0
      seen = []
      violations = []
      most = 0
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
