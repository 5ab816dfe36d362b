// Test fixture: GitHub's Actions results service on 127.0.0.1, as @actions/artifact speaks to it:
// twirp JSON (CreateArtifact, FinalizeArtifact) checked against the generated messages and the
// runtime token, and the Azure Blob block uploads its signed URL receives, kept for reading back.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import {
  BLOB_FAULTS,
  driftFromLibrary,
  messageProblems,
  mintRuntimeToken,
  tokenScope,
  TWIRP_FAULTS,
  type Fault,
  type FaultTarget
} from './artifact-wire.js'

export interface StoredArtifact {
  readonly name: string
  readonly id: number
  readonly mimeType: string | undefined
  readonly expiresAt: string | undefined
  readonly sig: string
  readonly blocks: Map<string, Buffer>
  zip?: Buffer
  contentType?: string
  size?: number
  hash?: string
  finalized: boolean
}
const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'
const ACCOUNT = '/productionresultssa0/actions-results/'

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startArtifactService() {
  const drift = await driftFromLibrary()
  if (drift.length > 0) throw new Error(`The stand-in's messages drifted: ${drift.join('; ')}`)
  const key = randomBytes(32).toString('hex')
  const ids = { run: randomUUID(), job: randomUUID() }
  const runtimeToken = mintRuntimeToken(ids.run, ids.job, key)
  const artifacts: StoredArtifact[] = []
  const violations: string[] = []
  /** Twirp methods and blob operations in the order they arrived. */
  const calls: string[] = []
  const faults: { target: FaultTarget; fault: Fault }[] = []
  let url = ''
  const takeFault = (target: FaultTarget): Fault | undefined => {
    const i = faults.findIndex(f => f.target === target)
    return i < 0 ? undefined : faults.splice(i, 1)[0]?.fault
  }

  function twirp(res: ServerResponse, method: string, req: IncomingMessage, raw: Buffer): void {
    const send = (status: number, body: object): void => {
      const wrong =
        status === 200 ? messageProblems(`${method as 'CreateArtifact'}Response`, body) : []
      violations.push(...wrong.map(p => `stand-in answered wrongly: ${p}`))
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    const fail = (status: number, code: string, msg: string, violation = true): void => {
      if (violation) violations.push(`${method}: ${msg}`)
      send(status, { code, msg })
    }
    if (req.method !== 'POST' || !['CreateArtifact', 'FinalizeArtifact'].includes(method))
      return fail(404, 'bad_route', `no handler for ${req.method} ${method}`)
    if (req.headers['content-type'] !== 'application/json')
      return fail(404, 'bad_route', `unexpected Content-Type ${req.headers['content-type']}`)
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    const scope = token === runtimeToken ? tokenScope(token, key) : 'not the runtime token'
    if (typeof scope === 'string') return fail(401, 'unauthenticated', `token: ${scope}`)
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    } catch {
      return fail(400, 'malformed', 'the body is not JSON')
    }
    const problems = messageProblems(`${method as 'CreateArtifact'}Request`, body)
    const missingOnly = problems.every(p => p.includes(': missing '))
    if (problems.length > 0)
      return fail(400, missingOnly ? 'invalid_argument' : 'malformed', problems.join('; '))
    if (
      body['workflow_run_backend_id'] !== scope.run ||
      body['workflow_job_run_backend_id'] !== scope.job
    )
      return fail(403, 'permission_denied', 'backend ids do not match the token')
    const fault = takeFault(method as FaultTarget)
    if (fault) return fail(...TWIRP_FAULTS[fault], false)
    const name = String(body['name'])
    const artifact = artifacts.find(a => a.name === name)
    if (method === 'CreateArtifact') {
      if (artifact) return fail(...TWIRP_FAULTS.conflict, false)
      const created: StoredArtifact = {
        name,
        id: 1000 + artifacts.length,
        mimeType: body['mime_type'] as string | undefined,
        expiresAt: body['expires_at'] as string | undefined,
        sig: randomBytes(16).toString('base64'),
        blocks: new Map(),
        finalized: false
      }
      artifacts.push(created)
      const query = new URLSearchParams({ sv: '2025-01-05', sr: 'b', sp: 'cw', sig: created.sig })
      const signed = `${url}${ACCOUNT}${ids.run}/workflow-job-run-${ids.job}/artifacts/${created.id}.zip?${query}`
      return send(200, { ok: true, signed_upload_url: signed })
    }
    if (!artifact || artifact.finalized)
      return fail(404, 'not_found', `no artifact ${name} to finalize`)
    const zip = artifact.zip
    if (!zip) return fail(412, 'failed_precondition', `${name}: the blob was never committed`)
    const hash = `sha256:${createHash('sha256').update(zip).digest('hex')}`
    if (String(body['size']) !== String(zip.length) || (body['hash'] && body['hash'] !== hash))
      return fail(400, 'invalid_argument', `${name}: size or hash differ from the uploaded blob`)
    Object.assign(artifact, { size: zip.length, hash: body['hash'], finalized: true })
    send(200, { ok: true, artifact_id: String(artifact.id) })
  }

  function blob(res: ServerResponse, req: IncomingMessage, target: URL, raw: Buffer): void {
    const headers = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-01-05'),
      'x-ms-client-request-id': String(req.headers['x-ms-client-request-id'] ?? ''),
      date: new Date().toUTCString()
    }
    const fail = (status: number, code: string, message: string, violation = true): void => {
      if (violation)
        violations.push(`blob ${req.method} ${target.searchParams.get('comp')}: ${message}`)
      const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${headers['x-ms-request-id']}\nTime:${new Date().toISOString()}</Message></Error>`
      res.writeHead(status, {
        ...headers,
        'x-ms-error-code': code,
        'content-type': 'application/xml'
      })
      res.end(xml)
    }
    const id = Number(/\/artifacts\/(\d+)\.zip$/.exec(target.pathname)?.[1])
    const artifact = artifacts.find(a => a.id === id)
    if (!artifact || target.searchParams.get('sig') !== artifact.sig)
      return fail(403, 'AuthenticationFailed', 'Server failed to authenticate the request.')
    const comp = target.searchParams.get('comp')
    calls.push(`blob:${comp ?? req.method}`)
    const fault = takeFault('blob')
    if (fault) return fail(...BLOB_FAULTS[fault], false)
    if (req.method !== 'PUT' || !['block', 'blocklist'].includes(comp ?? ''))
      return fail(400, 'UnsupportedQueryParameter', `unexpected ${req.method} comp=${comp}`)
    if (Number(req.headers['content-length']) !== raw.length)
      return fail(400, 'InvalidHeaderValue', 'content-length differs from the body')
    const created = {
      ...headers,
      'content-md5': createHash('md5').update(raw).digest('base64'),
      'x-ms-request-server-encrypted': 'true'
    }
    if (comp === 'block') {
      const blockId = target.searchParams.get('blockid') ?? ''
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blockId))
        return fail(400, 'InvalidQueryParameterValue', `block id ${blockId} is not base64`)
      artifact.blocks.set(blockId, raw)
      return void res.writeHead(201, created).end()
    }
    const list = [...raw.toString('utf8').matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)]
    const parts = list.map(m => artifact.blocks.get(m[2] ?? ''))
    if (list.length === 0 || parts.some(p => p === undefined))
      return fail(400, 'InvalidBlockList', 'the block list names blocks that were not staged')
    artifact.zip = Buffer.concat(parts as Buffer[])
    artifact.contentType = String(req.headers['x-ms-blob-content-type'])
    const etag = `"0x8${randomBytes(7).toString('hex').toUpperCase()}"`
    res.writeHead(201, { ...created, etag, 'last-modified': headers.date }).end()
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await bodyOf(req)
      const target = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (target.pathname.startsWith(TWIRP)) {
        const method = target.pathname.slice(TWIRP.length)
        calls.push(method)
        return twirp(res, method, req, raw)
      }
      if (target.pathname.startsWith(ACCOUNT)) return blob(res, req, target, raw)
      violations.push(`${req.method} ${target.pathname}: not a results service or blob URL`)
      res.writeHead(404).end()
    })()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    url,
    runtimeToken,
    backendIds: ids,
    artifacts,
    violations,
    calls,
    /** What the runner gives a JavaScript action, pointed at this stand-in. */
    env: (): Record<string, string> => ({
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: `${url}/`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/audits',
      GITHUB_RUN_ID: '4242'
    }),
    failNext: (target: FaultTarget, fault: Fault, times = 1): void => {
      for (let i = 0; i < times; i++) faults.push({ target, fault })
    },
    reset: (): void => {
      for (const list of [artifacts, violations, calls, faults]) list.length = 0
    },
    stop: (): Promise<void> =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
export type ArtifactService = Awaited<ReturnType<typeof startArtifactService>>
