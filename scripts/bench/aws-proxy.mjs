// A loopback proxy in front of the AWS emulator that makes it answer like AWS at a distance: each call
// waits an AWS-like latency (uniform in `latencyMs`, seeded jitter), and each account's credential
// report takes seconds to build (uniform in `reportMs`), during which GenerateCredentialReport answers
// State STARTED, then INPROGRESS, and GetCredentialReport answers ReportInProgress (ReportNotPresent
// before the first GenerateCredentialReport), in IAM's XML wire format; after that the emulator
// answers. It counts every call by `service:Action` and by account (an assumed role's keys are
// attributed to the role's account).
import { randomUUID } from 'node:crypto'
import { createServer, request } from 'node:http'
import { seededRandom, sleep } from './pool.mjs'

const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'

/** The signing key id and service of a SigV4 request. */
function signedBy(headers) {
  const m = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '')
  return m ? { keyId: m[1], service: m[2] } : { keyId: 'unsigned', service: 'unknown' }
}

/** The operation: the query protocol's Action, or the JSON protocol's X-Amz-Target. */
function actionOf(req, body) {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1)
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? `${req.method} ${req.url}`
}

function sendXml(res, status, xml) {
  const requestId = /<RequestId>([^<]+)</.exec(xml)?.[1] ?? randomUUID()
  res.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(xml)
  })
  res.end(xml)
}

/** GenerateCredentialReport's answer while AWS builds the report (STARTED or INPROGRESS). */
export function reportStateXml(state, requestId = randomUUID()) {
  const description =
    state === 'STARTED'
      ? '    <Description>No report exists. Starting a new report generation task</Description>\n'
      : ''
  return (
    `<GenerateCredentialReportResponse xmlns="${IAM_XMLNS}">\n` +
    `  <GenerateCredentialReportResult>\n${description}    <State>${state}</State>\n` +
    `  </GenerateCredentialReportResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</GenerateCredentialReportResponse>\n`
  )
}

const REPORT_ERRORS = {
  ReportInProgress:
    'The request was rejected because the credential report is still being generated.',
  ReportNotPresent:
    'The request was rejected because the credential report does not exist. To generate a ' +
    'credential report, use GenerateCredentialReport.'
}

/**
 * GetCredentialReport's error while AWS builds the report (`ReportInProgress`, HTTP 404) or before
 * anyone asked for one (`ReportNotPresent`, HTTP 410).
 */
export function reportErrorXml(code, requestId = randomUUID()) {
  return (
    `<ErrorResponse xmlns="${IAM_XMLNS}">\n  <Error>\n    <Type>Sender</Type>\n` +
    `    <Code>${code}</Code>\n    <Message>${REPORT_ERRORS[code]}</Message>\n` +
    `  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  )
}

/** A stable number in [0, 1) for a string (the report time of an account is the same every time). */
function unitOf(text) {
  let h = 2166136261
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
  return seededRandom(h)()
}

const between = ([min, max], unit) => min + (max - min) * unit

/**
 * Starts the proxy on a free loopback port in front of `target`. `baseKey`/`baseAccount`: the
 * management account's keys and id, for attributing calls made with them.
 */
export async function startAwsProxy(
  target,
  { latencyMs = [0, 0], reportMs, baseKey, baseAccount, seed = 7 } = {}
) {
  const upstream = new URL(target)
  const jitter = seededRandom(seed)
  const counts = new Map()
  const accounts = new Map()
  const keyAccount = new Map(baseKey ? [[baseKey, baseAccount]] : [])
  const reports = new Map()
  let inFlight = 0
  let peakInFlight = 0

  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const out = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers
        },
        reply => {
          const parts = []
          reply.on('data', c => parts.push(c))
          reply.on('end', () =>
            resolve({
              status: reply.statusCode ?? 502,
              headers: reply.headers,
              body: Buffer.concat(parts)
            })
          )
          reply.on('error', reject)
        }
      )
      out.on('error', reject)
      out.end(body)
    })

  /** Answers while the account's report is being built; undefined when the emulator should. */
  async function reportPhase(op, account, req, body) {
    if (!reportMs) return undefined
    const state = reports.get(account)
    if (op === 'iam:GenerateCredentialReport') {
      if (!state) {
        reports.set(account, { readyAt: Date.now() + between(reportMs, unitOf(account)) })
        await forward(req, body) // the emulator builds its report now; AWS says it started
        return { status: 200, xml: reportStateXml('STARTED') }
      }
      if (Date.now() < state.readyAt) return { status: 200, xml: reportStateXml('INPROGRESS') }
    }
    if (op === 'iam:GetCredentialReport' && !state)
      return { status: 410, xml: reportErrorXml('ReportNotPresent') }
    if (op === 'iam:GetCredentialReport' && Date.now() < state.readyAt)
      return { status: 404, xml: reportErrorXml('ReportInProgress') }
    return undefined
  }

  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      const { keyId, service } = signedBy(req.headers)
      const op = `${service}:${actionOf(req, body)}`
      const account = keyAccount.get(keyId) ?? `key ${keyId}`
      counts.set(op, (counts.get(op) ?? 0) + 1)
      const mine = accounts.get(account) ?? new Map()
      accounts.set(account, mine.set(op, (mine.get(op) ?? 0) + 1))
      peakInFlight = Math.max(peakInFlight, ++inFlight)
      try {
        await sleep(between(latencyMs, jitter()))
        const staged = await reportPhase(op, account, req, body)
        if (staged) return sendXml(res, staged.status, staged.xml)
        const reply = await forward(req, body)
        if (op === 'sts:AssumeRole' && reply.status === 200) {
          const roleArn = new URLSearchParams(body.toString('utf8')).get('RoleArn') ?? ''
          const key = /<AccessKeyId>([^<]+)</.exec(reply.body.toString('utf8'))?.[1]
          const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1]
          if (key && roleAccount) keyAccount.set(key, roleAccount)
        }
        res.writeHead(reply.status, reply.headers).end(reply.body)
      } catch {
        res.writeHead(502).end()
      } finally {
        inFlight--
      }
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const sorted = map =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Calls by `service:Action`, sorted. */
    counts: () => sorted(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    /** Calls by account, each by `service:Action`. */
    byAccount: () =>
      Object.fromEntries([...accounts.entries()].sort().map(([a, ops]) => [a, sorted(ops)])),
    /** The most calls that were in flight at once since the last reset. */
    peakInFlight: () => peakInFlight,
    reset: () => {
      counts.clear()
      accounts.clear()
      peakInFlight = inFlight
    },
    /** Forgets every report, so the next run finds each account's report still to be built. */
    coldReports: () => reports.clear(),
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
