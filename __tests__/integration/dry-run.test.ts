// `dry-run: true` as the runner runs the bundle: the plan is shown and the files are written on the
// runner, but nothing changes anywhere (no issue write, no SARIF upload, no artifact).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { startArtifactService, type ArtifactService } from '../helpers/artifact-service.js'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { reportFiles, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'

let api: GithubApiServer
let store: IssueStore
let scanning: CodeScanning
let artifacts: ArtifactService
beforeAll(async () => {
  api = await startGithubApiServer()
  store = serveIssues(api)
  scanning = serveCodeScanning(api)
  artifacts = await startArtifactService()
})
afterAll(async () => {
  await api.stop()
  await artifacts.stop()
})

const report = reportFiles('posturio-dry-run-')
async function run(rows: RowFields[], inputs: Record<string, string> = {}): Promise<BundleRun> {
  return runBundle(
    {
      'credential-report': report(rows),
      'github-token': 'ghs_dryrun0123456789',
      'grace-period-days': '0',
      ...inputs
    },
    { ...artifacts.env(), ...workflowEnv(api.url) }
  )
}

const root = rootRow({ mfa_active: 'true' })

describe('a dry run', () => {
  it('sends GitHub no write at all, uploads nothing, and says so; the files are still written', async () => {
    const first = await run([root, userRow('alice'), userRow('bob')])
    expect(first.code).toBe(0)
    expect(store.issues).toHaveLength(2)
    expect(scanning.uploads).toHaveLength(1)
    expect(artifacts.artifacts).toHaveLength(1)
    api.requests.length = 0
    scanning.uploads.length = 0
    artifacts.reset()

    // bob fixed (his issue would close), carol new (an issue would open).
    const dry = await run(
      [root, userRow('alice'), userRow('bob', { mfa_active: 'true' }), userRow('carol')],
      { 'dry-run': 'true' }
    )
    expect(dry.code).toBe(0)
    expect(api.violations).toEqual([])
    expect(api.writes()).toEqual([])
    expect(scanning.uploads).toEqual([])
    expect(artifacts.calls).toEqual([])
    expect(store.issues.map(i => i.state)).toEqual(['open', 'open'])

    const sarif = JSON.parse(readFileSync(dry.outputs['sarif-file'] ?? '', 'utf8')) as {
      runs: Array<{ results: unknown[] }>
    }
    expect(sarif.runs[0]?.results).toHaveLength(2)
    expect(existsSync(dry.outputs['report-file'] ?? '')).toBe(true)
    expect(dry.outputs).not.toHaveProperty('sarif-id')
    expect(dry.outputs).not.toHaveProperty('artifact-url')

    const summary = seen(dry.summary)
    expect(summary).toContain(
      'Code scanning: not uploaded: dry run (dry-run: true): nothing is uploaded, so no code scanning alert changes. The SARIF file holds 2 results (see Files).'
    )
    expect(summary).toContain(
      'Files: no artifact: dry run (dry-run: true): nothing is uploaded, so the report file and the SARIF stay on the runner and are gone when the job ends.'
    )
    expect(summary).toContain(
      'Tracking issues: dry run (dry-run: true): nothing was changed in acme/security-findings; 2 changes planned (listed below).'
    )
    expect(dry.stdout).toContain(
      'SARIF not uploaded: dry run (dry-run: true): nothing is uploaded, so no code scanning alert changes.'
    )
    expect(dry.stdout).toContain('No artifact: dry run (`dry-run: true`): nothing is uploaded')
    expectReadable(dry.summary, ['alice', 'bob', 'carol'])
  })
})
