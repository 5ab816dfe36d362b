// A credential report that never becomes ready, as AWS says it (State STARTED; ReportInProgress, HTTP
// 404): the action waits the shipped 300 s at most, then ends saying so, with nothing published.
// `run` is called in-process with the product's own AWS and GitHub clients and only the clock
// injected (deps.now / deps.sleep), so five minutes of waiting take no real time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deps } from '../../src/runtime/deps.js'
import { failing, type FaultRule } from '../helpers/aws-fault-proxy.js'
import { fakeIo, type FakeIo } from '../helpers/fake-io.js'
import {
  resetGithub,
  startFaultBench,
  trackedIssue,
  type FaultBench
} from '../helpers/fault-bench.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { workflowEnv } from '../helpers/run-bundle.js'
import { seedUsers } from '../helpers/seed-iam.js'

let bench: FaultBench
let run: (deps: Deps) => Promise<void>
let defaultDeps: () => Deps
const saved = { ...process.env }

beforeAll(async () => {
  bench = await startFaultBench()
  await seedUsers(bench.iam, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true }
  ])
  // What the runner gives the step: the SDK and the GitHub client read these from the process.
  const workDir = mkdtempSync(join(tmpdir(), 'posturio-wait-'))
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: bench.proxy.url,
    AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_API_URL: bench.api.url
  })
  delete process.env['AWS_MAX_ATTEMPTS']
  delete process.env['AWS_RETRY_MODE']
  // Loaded after the environment is set: @actions/github reads GITHUB_API_URL when it loads.
  ;({ run } = await import('../../src/main.js'))
  ;({ defaultDeps } = await import('../../src/runtime/deps.js'))
})
afterAll(async () => {
  process.env = { ...saved }
  await bench.stop()
})
beforeEach(() => {
  resetGithub(bench, [trackedIssue(1, 'bob')])
  bench.proxy.reset()
})

interface Waited {
  readonly io: FakeIo
  /** Milliseconds the action slept, on its clock. */
  readonly slept: number
}

/** One run of the action as shipped, except that its clock moves only when it sleeps. */
async function runThrough(rules: readonly FaultRule[]): Promise<Waited> {
  bench.proxy.plan(rules)
  const io = fakeIo({ 'grace-period-days': '0', 'github-token': 'ghs_faultmatrix0123456789' })
  const workspace = mkdtempSync(join(tmpdir(), 'posturio-ws-'))
  let clock = Date.parse('2026-11-30T12:00:00Z')
  let slept = 0
  const shipped = defaultDeps()
  await run({
    ...shipped,
    io,
    env: { ...workflowEnv(bench.api.url), RUNNER_TEMP: workspace, GITHUB_WORKSPACE: workspace },
    now: () => new Date(clock),
    sleep: async ms => {
      clock += ms
      slept += ms
    }
  })
  return { io, slept }
}

/** Nothing was concluded or published: one failure, the summary says so, GitHub was not asked. */
function expectNothingPublished(io: FakeIo, message: string): void {
  expect(io.failures).toEqual([message])
  expect(io.outputs).toEqual({})
  const summary = seen(io.summary)
  expect(summary).toMatch(/^⚠️ IAM MFA check: the scan did not complete\n/)
  expect(summary).toContain(`What failed: ${message}`)
  expect(summary).toContain(
    'No verdict was reached in this run: nothing here says any identity passes or fails, and no result was published (no alert or issue was changed).'
  )
  expect(summary).not.toMatch(/Score \d|grade [A-F]/)
  expectReadable(io.summary, [])
  expect(bench.api.requests).toEqual([])
  expect(bench.store.issues).toEqual([trackedIssue(1, 'bob')])
}

const reportNeverReady = (lastState: string): string =>
  `The IAM credential report did not become available within 300 s (last state: ${lastState}). ` +
  'Nothing was concluded from this run. Re-run the workflow in a few minutes; AWS can take longer ' +
  'to build the report for large accounts.'

describe('a credential report that never becomes ready', () => {
  it('GenerateCredentialReport answering STARTED on every poll: the action waits 300 s with growing pauses, then stops', async () => {
    const { io, slept } = await runThrough([
      {
        action: 'GenerateCredentialReport',
        fault: { kind: 'report-state', state: 'STARTED' }
      }
    ])
    expectNothingPublished(io, reportNeverReady('STARTED'))
    expect(slept).toBe(300_000)
    const polls = bench.proxy.counts()['GenerateCredentialReport'] ?? 0
    // Pauses grow from about a second to 15 s: a few dozen polls in five minutes, not thousands.
    expect(polls).toBeGreaterThan(20)
    expect(polls).toBeLessThan(45)
    expect(bench.proxy.counts()['GetCredentialReport']).toBeUndefined()
    expect(io.logs).toContainEqual(
      expect.stringMatching(/^Credential report STARTED; waited 0 s, checking again in [\d.]+ s\.$/)
    )
  })

  it('GetCredentialReport answering ReportInProgress (HTTP 404) on every download: the same bound, the same message', async () => {
    const { io, slept } = await runThrough([failing('GetCredentialReport', 'ReportInProgress')])
    expectNothingPublished(io, reportNeverReady('COMPLETE, but the download said not ready'))
    expect(slept).toBe(300_000)
    const counts = bench.proxy.counts()
    expect(counts['GetCredentialReport']).toBeLessThan(45)
    // Every download was refused once, never retried by the SDK: 404 is an answer, not a failure.
    expect(bench.proxy.invocations().every(i => i.attempts === 1)).toBe(true)
    expect(counts['GetAccountSummary']).toBeUndefined()
  })

  it('a report that is ready after a few polls: the run completes and publishes as usual', async () => {
    const { io, slept } = await runThrough([
      {
        action: 'GenerateCredentialReport',
        first: 3,
        fault: { kind: 'report-state', state: 'INPROGRESS' }
      },
      failing('GetCredentialReport', 'ReportInProgress', 1)
    ])
    expect(io.failures).toEqual([])
    expect(slept).toBeLessThan(30_000)
    expect(JSON.parse(io.outputs['non-compliant-users'] ?? '[]')).toEqual([
      expect.objectContaining({ user: 'alice' })
    ])
    expect(bench.store.issues.map(i => [i.title.split(' ')[2], i.state])).toEqual([
      ['bob', 'closed'],
      ['alice', 'open']
    ])
  })
})
