// uploadRunArtifact through the real @actions/artifact client, over HTTP to a local stand-in for
// GitHub's results service and its blob storage; the zip it stores is read back.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GHESNotSupportedError } from '@actions/artifact'
import { startArtifactService, type ArtifactService } from '../helpers/artifact-service.js'
import { readZip } from '../helpers/artifact-wire.js'
import {
  uploadRunArtifact,
  type ArtifactClientLike,
  type UploadRunArtifactOptions
} from '../../src/output/upload-artifact.js'

const SARIF = `${JSON.stringify({ version: '2.1.0', runs: [{ results: [] }] }, null, 2)}\n`
const REPORT = `${JSON.stringify({ schemaVersion: 1, findings: [{ user: 'alice' }] }, null, 2)}\n`
const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RETENTION_DAYS'
]

let service: ArtifactService
let dir: string
let files: string[]
let logs: string[]
const saved = Object.fromEntries(ENV_KEYS.map(k => [k, process.env[k]]))

/** The runner's variables, also put in process.env: the library reads them from there. */
function runnerEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  setEnv(Object.fromEntries(ENV_KEYS.map(k => [k, vars[k]])))
  return { ...vars }
}

function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars))
    if (v === undefined) Reflect.deleteProperty(process.env, k)
    else process.env[k] = v
}

/** Runs `fn` and returns the workflow warnings (`::warning::` lines) it printed. */
async function warningsOf<T>(fn: () => Promise<T>): Promise<[T, string[]]> {
  const printed: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    printed.push(String(chunk))
    return true
  })
  try {
    return [await fn(), printed.filter(line => line.startsWith('::warning'))]
  } finally {
    spy.mockRestore()
  }
}

function options(overrides: Partial<UploadRunArtifactOptions> = {}): UploadRunArtifactOptions {
  return {
    name: 'posturio-iam-mfa',
    rootDirectory: dir,
    env: runnerEnv(service.env()),
    log: m => logs.push(m),
    ...overrides
  }
}

beforeAll(async () => {
  service = await startArtifactService()
  dir = await mkdtemp(join(tmpdir(), 'posturio-artifact-'))
  files = [join(dir, 'posturio-iam-mfa.sarif'), join(dir, 'posturio-iam-mfa-report.json')]
  await writeFile(files[0] ?? '', SARIF)
  await writeFile(files[1] ?? '', REPORT)
})
afterAll(async () => {
  await service.stop()
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  service.reset()
  logs = []
})
afterEach(() => {
  setEnv(saved)
  expect(service.violations).toEqual([])
})

describe('uploadRunArtifact', () => {
  it('uploads the SARIF and the report as one zip and links the artifact on the run page', async () => {
    const outcome = await uploadRunArtifact(files, options({ retentionDays: 7 }))
    const stored = service.artifacts[0]
    expect(service.artifacts).toHaveLength(1)
    expect(stored?.finalized).toBe(true)
    expect(outcome).toEqual({
      status: 'uploaded',
      id: stored?.id,
      name: 'posturio-iam-mfa',
      url: `https://github.com/acme/audits/actions/runs/4242/artifacts/${stored?.id}`,
      size: stored?.zip?.length
    })
    const entries = readZip(stored?.zip ?? Buffer.alloc(0))
    expect(entries.map(e => [e.name, e.data.toString('utf8')]).sort()).toEqual([
      ['posturio-iam-mfa-report.json', REPORT],
      ['posturio-iam-mfa.sarif', SARIF]
    ])
    expect(stored?.contentType).toBe('application/zip')
    const kept = Date.parse(stored?.expiresAt ?? '') - Date.now()
    expect(kept / 86_400_000).toBeCloseTo(7, 1)
    expect(logs.join('\n')).toContain(outcome.status === 'uploaded' ? outcome.url : '?')
    expect(logs.join('\n')).not.toContain(service.runtimeToken)
  })

  it('uses the name with -2 when a matrix leg or an earlier step already took it', async () => {
    const first = await uploadRunArtifact(files, options())
    const second = await uploadRunArtifact(files, options())
    expect(first).toMatchObject({ status: 'uploaded', name: 'posturio-iam-mfa' })
    expect(second).toMatchObject({ status: 'uploaded', name: 'posturio-iam-mfa-2' })
    expect(service.artifacts.map(a => [a.name, a.finalized])).toEqual([
      ['posturio-iam-mfa', true],
      ['posturio-iam-mfa-2', true]
    ])
    expect(readZip(service.artifacts[1]?.zip ?? Buffer.alloc(0))).toHaveLength(2)
    expect(logs.join('\n')).toMatch(/posturio-iam-mfa already exists .* trying posturio-iam-mfa-2/)
  })

  it('gives up after three taken names, saying which, without throwing', async () => {
    service.failNext('CreateArtifact', 'conflict', 3)
    const outcome = await uploadRunArtifact(files, options())
    expect(outcome.status).toBe('failed')
    expect('reason' in outcome && outcome.reason).toMatch(
      /posturio-iam-mfa, posturio-iam-mfa-2, posturio-iam-mfa-3 are all taken/
    )
    expect(service.calls).toEqual(['CreateArtifact', 'CreateArtifact', 'CreateArtifact'])
  })

  it('reports a refusal of the service as failed, with its words, and stores nothing', async () => {
    service.failNext('CreateArtifact', 'denied')
    const outcome = await uploadRunArtifact(files, options())
    expect(outcome).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/\(403\).*the workflow run may not create artifacts/)
    })
    expect(service.artifacts).toEqual([])
    expect(service.calls).toEqual(['CreateArtifact'])
  })

  it('says so when the storage quota is used up', async () => {
    service.failNext('CreateArtifact', 'quota')
    const outcome = await uploadRunArtifact(files, options())
    expect(outcome).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/storage quota is used up.*deleting old artifacts/)
    })
  })

  it('reports a blob storage refusal as failed, never finalizes, and leaks no signature or token', async () => {
    service.failNext('blob', 'denied')
    const outcome = await uploadRunArtifact(files, options())
    expect(outcome.status).toBe('failed')
    const reason = 'reason' in outcome ? outcome.reason : ''
    expect(reason).toMatch(/storage refused .*HTTP 403 AuthenticationFailed.*Signature not valid/)
    expect(service.artifacts.map(a => a.finalized)).toEqual([false])
    expect(service.calls).not.toContain('FinalizeArtifact')
    for (const secret of [service.runtimeToken, service.artifacts[0]?.sig ?? '?'])
      expect([reason, ...logs].join('\n')).not.toContain(secret)
  })

  it('reports an unreachable service as failed in plain words', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const env = { ...service.env(), ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` }
    const outcome = await uploadRunArtifact(files, { ...options(), env: runnerEnv(env) })
    expect(outcome).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/could not reach GitHub's artifact service \(ECONNREFUSED\)/)
    })
  })

  it('skips outside GitHub Actions and says how to keep the files', async () => {
    const outcome = await uploadRunArtifact(files, { ...options(), env: runnerEnv({}) })
    expect(outcome).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/not running in GitHub Actions/)
    })
    const reason = 'reason' in outcome ? outcome.reason : ''
    for (const hint of ['actions/upload-artifact', 'sarif-file', 'report-file'])
      expect(reason).toContain(hint)
    expect(service.calls).toEqual([])
  })

  it('skips on GitHub Enterprise Server quietly: no misleading "try again" warning', async () => {
    const env = { ...service.env(), GITHUB_SERVER_URL: 'https://ghes.acme.internal' }
    const [outcome, warnings] = await warningsOf(() =>
      uploadRunArtifact(files, { ...options(), env: runnerEnv(env) })
    )
    expect(warnings).toEqual([])
    expect(outcome).toEqual({
      status: 'skipped',
      reason: expect.stringMatching(/Enterprise Server.*actions\/upload-artifact/)
    })
    expect(service.calls).toEqual([])
  })

  it("turns the library's GHES error into a skip and any other throw into failed", async () => {
    const throwing = (error: Error): ArtifactClientLike => ({
      uploadArtifact: () => Promise.reject(error)
    })
    const ghes = await uploadRunArtifact(files, {
      ...options(),
      client: throwing(new GHESNotSupportedError())
    })
    expect(ghes.status).toBe('skipped')
    const odd = await uploadRunArtifact(files, {
      ...options(),
      client: throwing(new TypeError('Cannot read properties of undefined'))
    })
    expect(odd).toEqual({
      status: 'failed',
      reason: expect.stringContaining('Cannot read properties of undefined')
    })
  })
})
