// Path inputs and the runner's files, checked where they lead on disk before any network call: the
// bundled action refuses a `sarif-file` it must not write, and a job summary it cannot write, with
// no request to AWS or GitHub.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { headline as headlineOf } from '../../scripts/lib/render-markdown.mjs'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { reportCsv, userRow } from '../helpers/report-csv.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'

// AWS and the OIDC token endpoint: any request reaching this server is a network call too early.
let awsRequests = 0
let aws: Server
let awsUrl = ''
let api: GithubApiServer
beforeAll(async () => {
  aws = createServer((_req, res) => {
    awsRequests++
    res.writeHead(500).end()
  })
  await new Promise<void>(resolve => aws.listen(0, '127.0.0.1', resolve))
  const address = aws.address()
  awsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  api = await startGithubApiServer()
})
afterAll(async () => {
  await new Promise<void>(resolve => aws.close(() => resolve()))
  await api.stop()
})
beforeEach(() => {
  awsRequests = 0
  api.requests.length = 0
})

/** A checkout with a folder `out`, a saved report, and a link `escape` to a folder outside it. */
function workspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'posturio-ws-'))
  mkdirSync(join(ws, 'out'))
  writeFileSync(join(ws, 'report.csv'), reportCsv([userRow('alice')]))
  symlinkSync(mkdtempSync(join(tmpdir(), 'posturio-elsewhere-')), join(ws, 'escape'))
  symlinkSync(join(tmpdir(), 'posturio-nowhere', 'x.sarif'), join(ws, 'dangling.sarif'))
  return ws
}

/** A live scan (AWS at the trap) in a workflow (GitHub at the stand-in), in checkout `ws`. */
function live(ws: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runBundle(
    { 'github-token': 'ghs_paths0123456789', ...inputs },
    {
      ...workflowEnv(api.url),
      GITHUB_WORKSPACE: ws,
      AWS_ENDPOINT_URL: awsUrl,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'x',
      ...env
    }
  )
}

function expectRefusedBeforeNetwork(run: BundleRun, message: RegExp): void {
  expect(run.code).toBe(1)
  const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(message)
  expect(awsRequests).toBe(0)
  expect(api.requests).toEqual([])
  expect(run.outputs).toEqual({})
}

describe('sarif-file is refused before any network call', () => {
  it.each([
    [
      'a directory',
      'out',
      /Input `sarif-file` \(out\) names a directory; give the path of a file, e\.g\. `sarif-file: out\/posturio-iam-mfa\.sarif`\./
    ],
    ['the workspace itself', '.', /Input `sarif-file` \(\.\) names a directory/],
    [
      'a path that climbs out',
      '../x.sarif',
      /Input `sarif-file` \(\.\.\/x\.sarif\) must be a path inside the workspace \(.+\), which is the only place the action writes to; e\.g\. `sarif-file: posturio-iam-mfa\.sarif`\./
    ],
    [
      'an absolute path outside',
      join(tmpdir(), 'x.sarif'),
      /Input `sarif-file` \(.+x\.sarif\) must be a path inside the workspace/
    ],
    [
      'a folder linked outside',
      'escape/x.sarif',
      /Input `sarif-file` \(escape\/x\.sarif\) leads outside the workspace \(.+\) through a symbolic link, to .+posturio-elsewhere-.+\/x\.sarif; the action writes only inside the workspace\. Name a path without such a link, e\.g\. `sarif-file: posturio-iam-mfa\.sarif`\./
    ],
    [
      'a dangling link outside',
      'dangling.sarif',
      /leads outside the workspace .+ through a symbolic link, to .+posturio-nowhere\/x\.sarif/
    ],
    [
      'a path under a file',
      'report.csv/x.sarif',
      /Input `sarif-file` \(report\.csv\/x\.sarif\) lies under .+report\.csv, which is a file, not a folder/
    ]
  ])('%s', async (_label, sarifFile, message) => {
    const ws = workspace()
    const run = await live(ws, { 'sarif-file': sarifFile })
    expectRefusedBeforeNetwork(run, message)
    expect(seen(run.summary)).toContain('the scan did not complete')
    expectReadable(run.summary, [])
  })

  it('the saved report itself, which the SARIF would overwrite', async () => {
    const ws = workspace()
    const run = await live(ws, {
      'credential-report': 'report.csv',
      'sarif-file': './out/../report.csv'
    })
    expectRefusedBeforeNetwork(
      run,
      /Inputs `sarif-file` and `credential-report` name the same file \(.+\/report\.csv\): writing the SARIF would overwrite the saved report\. Give `sarif-file` a path of its own, e\.g\. `sarif-file: posturio-iam-mfa\.sarif`\./
    )
  })

  it('the saved report through a link to it', async () => {
    const ws = workspace()
    symlinkSync(join(ws, 'report.csv'), join(ws, 'out', 'link.sarif'))
    const run = await live(ws, {
      'credential-report': 'report.csv',
      'sarif-file': 'out/link.sarif'
    })
    expectRefusedBeforeNetwork(
      run,
      /Inputs `sarif-file` and `credential-report` name the same file/
    )
  })

  it("the runner's job summary file", async () => {
    const ws = workspace()
    writeFileSync(join(ws, 'summary.md'), '')
    const run = await live(
      ws,
      { 'sarif-file': 'summary.md' },
      { GITHUB_STEP_SUMMARY: join(ws, 'summary.md') }
    )
    expectRefusedBeforeNetwork(
      run,
      /Input `sarif-file` \(summary\.md\) names the runner's GITHUB_STEP_SUMMARY file/
    )
  })

  it('lists several problems in one message', async () => {
    const ws = workspace()
    const run = await live(ws, { 'sarif-file': 'out', 'fail-on': 'low' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('Input `fail-on` must be one of')
    expect(awsRequests).toBe(0)
  })
})

describe('a job summary that cannot be written is found before any network call', () => {
  it.each([
    ['a directory', (ws: string) => ws, /it is a directory, not a file/],
    ['missing', (ws: string) => join(ws, 'gone', 'summary.md'), /it does not exist \(ENOENT\)/]
  ])('GITHUB_STEP_SUMMARY is %s', async (_label, summary, problem) => {
    const ws = workspace()
    const run = await live(ws, {}, { GITHUB_STEP_SUMMARY: summary(ws) })
    expectRefusedBeforeNetwork(
      run,
      /^::error::Could not write the job summary: the runner's GITHUB_STEP_SUMMARY file \(.+\) cannot be written: /
    )
    expect(run.stdout).toMatch(problem)
    expect(run.stdout).toContain('Nothing was scanned and nothing was changed.')
  })
})

describe('a sarif-file that is fine', () => {
  it('is written in a new folder of the workspace, and the scan goes on', async () => {
    const ws = workspace()
    const run = await runBundle(
      {
        'credential-report': 'report.csv',
        'sarif-file': 'results/iam/x.sarif',
        'create-issues': 'false',
        'upload-sarif': 'false'
      },
      { GITHUB_WORKSPACE: ws }
    )
    expect(run.code).toBe(0)
    expect(run.outputs['sarif-file']).toBe(join(ws, 'results', 'iam', 'x.sarif'))
  })
})

describe('a runner file that fails after the scan completed', () => {
  it('says the scan completed and nothing was published, and sends GitHub nothing', async () => {
    const ws = workspace()
    const temp = join(ws, 'runner-temp')
    writeFileSync(temp, '')
    const run = await runBundle(
      { 'credential-report': 'report.csv', 'github-token': 'ghs_paths0123456789' },
      { ...workflowEnv(api.url), GITHUB_WORKSPACE: ws, RUNNER_TEMP: temp }
    )
    expect(run.code).toBe(1)
    expect(api.requests).toEqual([])
    // The runner's command protocol escapes % as %25.
    expect(run.stdout).toMatch(
      /^::error::Could not write the report file \(.+\); the scan completed: 1 non-compliant of 1 in-scope identity in 123456789012 \(score 0\.0%25, grade F; .+\), but nothing was published: no tracking issue or code scanning alert was changed\. Check the runner's free disk space and its temporary folder \(RUNNER_TEMP\)\.$/m
    )
    expect(headlineOf(run.summary)).toBe(
      '⚠️ IAM MFA check: the scan completed, but reporting failed'
    )
    expect(seen(run.summary)).not.toMatch(/did not complete|No verdict/)
    expectReadable(run.summary, [])
  })
})
