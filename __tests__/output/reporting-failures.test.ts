// A reporter that fails after a complete scan says what failed, the scan's result and what the run
// had already changed, never that the scan did not complete; and local files go before GitHub.
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { IAMClient } from '@aws-sdk/client-iam'
import { STSClient } from '@aws-sdk/client-sts'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { headline } from '../../scripts/lib/render-markdown.mjs'
import { run } from '../../src/main.js'
import type { Deps } from '../../src/runtime/deps.js'
import { fakeDeps, fakeIo, type FakeIo } from '../helpers/fake-io.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'

let api: GithubApiServer
let store: IssueStore
const servers: GithubApiServer[] = []
beforeEach(async () => {
  api = await startGithubApiServer()
  servers.push(api)
  store = serveIssues(api)
})
afterAll(async () => {
  for (const s of servers) await s.stop()
})

const dir = mkdtempSync(join(tmpdir(), 'posturio-reporting-'))
const REPORT = join(dir, 'report.csv')
writeFileSync(REPORT, reportCsv([rootRow({ mfa_active: 'true' }), userRow('alice')]))
const RESULT =
  'the scan completed: 1 non-compliant of 2 in-scope identities in 123456789012 (score 50.0%, grade D; 0 pending, 0 exempt, 0 API-only)'

async function runWith(
  io: FakeIo,
  overrides: Partial<Deps> = {},
  env: Record<string, string> = {}
): Promise<void> {
  const deps = fakeDeps(io, { iam: new IAMClient({}), sts: new STSClient({}) }, overrides)
  await run({
    ...deps,
    github: token => getOctokit(token, { baseUrl: api.url }),
    env: { ...deps.env, GITHUB_REPOSITORY: 'acme/security-findings', ...env },
    ...overrides
  })
}

const inputs = (): Record<string, string> => ({
  'credential-report': REPORT,
  'github-token': 'ghs_reporting0123456789',
  'grace-period-days': '0'
})

/** An io whose job summary cannot be written, as when the runner's disk is full. */
function summaryFails(): FakeIo {
  const io = fakeIo(inputs())
  io.writeSummary = async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
  }
  return io
}

describe('a reporter that fails after the scan completed', () => {
  it('a job summary that cannot be written says so, the result, and that the issue changes were made', async () => {
    const io = summaryFails()
    await runWith(io)
    expect(store.issues.map(i => i.title)).toEqual([
      'IAM user alice in account 123456789012 can sign in without MFA'
    ])
    expect(io.failures).toEqual([
      `Could not write the job summary (ENOSPC: no space left on device, write); ${RESULT}, and the tracking issue changes listed in the log were made. Check the runner's free disk space and its GITHUB_STEP_SUMMARY file.`
    ])
    expect(io.outputs).toEqual({})
  })

  it('a summary that fails after nothing changed says nothing was published', async () => {
    const io = summaryFails()
    io.inputs['create-issues'] = 'false'
    await runWith(io)
    expect(api.writes()).toEqual([])
    expect(io.failures[0]).toContain(
      `${RESULT}, but nothing was published: no tracking issue or code scanning alert was changed.`
    )
  })

  it('a report file that cannot be written stops the run before any request to GitHub', async () => {
    const io = fakeIo(inputs())
    const notAFolder = join(dir, 'runner-temp-is-a-file')
    writeFileSync(notAFolder, '')
    await runWith(io, {}, { RUNNER_TEMP: notAFolder })
    expect(api.requests).toEqual([])
    expect(io.failures).toHaveLength(1)
    expect(io.failures[0]).toMatch(
      /^Could not write the report file \(.*EEXIST.*\); the scan completed: 1 non-compliant .*, but nothing was published: no tracking issue or code scanning alert was changed\. Check the runner's free disk space and its temporary folder \(RUNNER_TEMP\)\.$/
    )
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan completed, but reporting failed')
    const text = seen(io.summary)
    expect(text).not.toContain('did not complete')
    expect(text).not.toContain('No verdict')
    expectReadable(io.summary, ['alice'])
  })

  it('a bug in a late step is called one, with what the run had already changed', async () => {
    const io = fakeIo(inputs())
    await runWith(io, {
      uploadArtifact: async () => {
        throw new TypeError('boom')
      }
    })
    expect(store.issues).toHaveLength(1)
    expect(io.failures).toEqual([
      `Unexpected error, a bug in the action, while trying to upload the artifact (boom); ${RESULT}, and the tracking issue changes listed in the log were made. Re-run the workflow; please report the bug.`
    ])
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan completed, but reporting failed')
    expect(seen(io.summary)).toContain(`What failed: Unexpected error, a bug in the action`)
  })
})

describe('a step that fails partway', () => {
  it('says the issues may have been changed, rather than that nothing was', async () => {
    const io = fakeIo(inputs())
    const deps = fakeDeps(io, { iam: new IAMClient({}), sts: new STSClient({}) })
    await run({
      ...deps,
      env: { ...deps.env, GITHUB_REPOSITORY: 'acme/security-findings' },
      github: () => {
        throw new TypeError('no client')
      }
    })
    expect(io.failures).toEqual([
      `Unexpected error, a bug in the action, while trying to update the tracking issues (no client); ${RESULT}, and some tracking issues may have been changed (see the log). Re-run the workflow; please report the bug.`
    ])
  })
})

describe('local files before GitHub', () => {
  it('has written the report file and the SARIF when GitHub gets its first request', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'posturio-ws-'))
    const sarif = join(workspace, 'posturio-iam-mfa.sarif')
    let atFirstRequest: { sarif: boolean; reports: number } | undefined
    api.handle('repos/get', () => {
      atFirstRequest ??= {
        sarif: existsSync(sarif),
        reports: readdirCount(workspace, 'posturio-iam-mfa-')
      }
      return { status: 200, body: { id: 1, name: 'security-findings', private: true } }
    })
    const io = fakeIo(inputs())
    await runWith(io, {}, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace })
    expect(io.failures).toEqual([])
    expect(api.requests[0]?.operationId).toBe('repos/get')
    expect(atFirstRequest).toEqual({ sarif: true, reports: 1 })
    expect(JSON.parse(readFileSync(sarif, 'utf8'))).toMatchObject({ version: '2.1.0' })
  })
})

function readdirCount(folder: string, prefix: string): number {
  return readdirSync(folder).filter(n => n.startsWith(prefix)).length
}
