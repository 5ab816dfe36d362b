// Tracking issues over several runs of the bundled action, as the runner runs it, against the local
// GitHub API (every request checked against GitHub's OpenAPI description, issues kept in memory).
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import { reportCsv, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'

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

const dir = mkdtempSync(join(tmpdir(), 'posturio-issues-'))
let reportNo = 0
function report(rows: RowFields[]): string {
  const path = join(dir, `report-${reportNo++}.csv`)
  writeFileSync(path, reportCsv(rows))
  return path
}
const failing = (name: string): RowFields => userRow(name)
const fixed = (name: string): RowFields => userRow(name, { mfa_active: 'true' })

async function run(rows: RowFields[], inputs: Record<string, string> = {}): Promise<BundleRun> {
  api.requests.length = 0
  const r = await runBundle(
    {
      'credential-report': report(rows),
      'github-token': 'ghs_issuetoken0123456789',
      'upload-sarif': 'false',
      'grace-period-days': '0',
      ...inputs
    },
    {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/security-findings',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: 'acme/security-findings/.github/workflows/iam-mfa.yml@refs/heads/main'
    }
  )
  expect(api.violations).toEqual([])
  return r
}

describe('tracking issues across runs', () => {
  it('opens one labelled issue per failing user, then makes zero writes when nothing changed', async () => {
    const first = await run([failing('alice'), failing('bob'), fixed('carol')])
    expect(first.code).toBe(0)
    expect(store.issues.map(i => i.title).sort()).toEqual([
      'IAM user alice in account 123456789012 can sign in without MFA',
      'IAM user bob in account 123456789012 can sign in without MFA'
    ])
    expect(
      store.issues.every(
        i => i.labels.includes('iam-mfa') && i.body.startsWith('<!-- posturio-iam-mfa:key=')
      )
    ).toBe(true)
    expect(store.labels.has('iam-mfa')).toBe(true)
    expect(first.outputs['issues-opened']).toBe('2')
    expect(first.summary).toContain(
      'opened [#1](https://github.com/acme/security-findings/issues/1)'
    )
    expect(store.issues[0]?.body).toContain(
      'https://github.com/acme/security-findings/actions/workflows/iam-mfa.yml'
    )

    const second = await run([failing('alice'), failing('bob'), fixed('carol')])
    expect(second.code).toBe(0)
    expect(api.writes()).toEqual([])
    expect(second.outputs).toMatchObject({
      'issues-opened': '0',
      'issues-updated': '0',
      'issues-closed': '0',
      'issues-reopened': '0'
    })
  })

  it('closes the issue with the evidence when the user is fixed, and reopens the same issue on regression', async () => {
    await run([failing('alice')])
    const fixedRun = await run([fixed('alice')])
    expect(fixedRun.outputs['issues-closed']).toBe('1')
    expect(fixedRun.summary).toContain(
      '- closed [#1](https://github.com/acme/security-findings/issues/1)'
    )
    expect(store.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(store.issues[0]?.comments[0]).toMatch(
      /^✅ Verified fixed by the scan of .*Console password with MFA active\./
    )

    const regressed = await run([failing('alice')])
    expect(regressed.outputs['issues-reopened']).toBe('1')
    expect(store.issues).toHaveLength(1)
    expect(store.issues[0]?.state).toBe('open')
    expect(store.issues[0]?.comments[1]).toMatch(
      /^Reopened: the scan of .* still sees this problem\./
    )
  })

  it('reopens an issue a person closed while the user still fails, but respects accepted risk', async () => {
    await run([failing('alice'), failing('bob')])
    const alice = store.issues.find(i => i.title.includes('alice'))
    const bob = store.issues.find(i => i.title.includes('bob'))
    store.closeByPerson(alice?.number ?? 0, 'completed')
    store.closeByPerson(bob?.number ?? 0, 'completed', 'accepted-risk')
    const r = await run([failing('alice'), failing('bob')])
    expect(alice?.state).toBe('open')
    expect(bob?.state).toBe('closed')
    expect(r.outputs['issues-reopened']).toBe('1')
    expect(r.summary).toContain('Accepted risk (closed by a person; not reopened)')
  })

  it('spreads new issues over runs with max-new-issues', async () => {
    const rows = [failing('a1'), failing('a2'), failing('a3')]
    const first = await run(rows, { 'max-new-issues': '2' })
    expect(store.issues).toHaveLength(2)
    expect(first.summary).toContain('1 more failing user(s) get an issue on later runs')
    await run(rows, { 'max-new-issues': '2' })
    expect(store.issues).toHaveLength(3)
  })

  it('ends with exactly one issue per failing user after a write fails midway and the run is repeated', async () => {
    const rows = [failing('alice'), failing('bob'), failing('carol')]
    store.failNextWrite = undefined
    // The second create is refused (not retried), as if the run had died between two writes.
    const first = run(rows)
    const waitForFirstCreate = setInterval(() => {
      if (store.issues.length === 1) {
        store.failNextWrite = 422
        clearInterval(waitForFirstCreate)
      }
    }, 5)
    const r1 = await first
    clearInterval(waitForFirstCreate)
    expect(r1.code).toBe(1)
    expect(r1.stdout).toContain('::error::Tracking issues: 1 write(s) failed')
    const r2 = await run(rows)
    expect(r2.code).toBe(0)
    expect(store.issues.map(i => i.title.split(' ')[2]).sort()).toEqual(['alice', 'bob', 'carol'])
  })

  it('refuses to publish user names in a public repository without the opt-in, and the rest still works', async () => {
    store.isPrivate = false
    const r = await run([failing('alice')])
    expect(store.issues).toEqual([])
    expect(api.writes()).toEqual([])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('::error::Tracking issues: acme/security-findings is public')
    expect(r.outputs['non-compliant-count']).toBe('1')
    expect(r.summary).toContain('Posture score')
    const allowed = await run([failing('alice')], { 'allow-public-repository': 'true' })
    expect(allowed.code).toBe(0)
    expect(store.issues).toHaveLength(1)
  })

  it('shows the plan and changes nothing in a dry run', async () => {
    const r = await run([failing('alice')], { 'dry-run': 'true' })
    expect(api.writes()).toEqual([])
    expect(r.summary).toContain('**Dry run**')
    expect(r.summary).toContain(
      '- create: IAM user alice in account 123456789012 can sign in without MFA'
    )
  })

  it('closes an exempt user’s issue as not planned, and reopens it when the exemption lapses', async () => {
    await run([failing('legacy')])
    await run([failing('legacy')], { 'exempt-users': 'legacy until=2099-01-01 # vendor login' })
    expect(store.issues[0]).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(store.issues[0]?.comments[0]).toContain(
      'the user is exempt (exempt-users line 1, until 2099-01-01: vendor login)'
    )
    const lapsed = await run([failing('legacy')], {
      'exempt-users': 'legacy until=2020-01-01 # vendor login'
    })
    expect(lapsed.outputs['issues-reopened']).toBe('1')
    expect(store.issues).toHaveLength(1)
  })

  it('closes the newer of two open issues for one user as a duplicate, and never touches unmarked issues', async () => {
    await run([failing('alice')])
    const original = store.issues[0]
    if (!original) throw new Error('run 1 opened no issue')
    store.issues.push({ ...structuredClone(original), number: 2, comments: [] })
    store.issues.push({
      number: 3,
      title: 'Question about IAM MFA',
      body: 'Written by a person',
      state: 'open',
      state_reason: null,
      labels: ['iam-mfa'],
      assignees: [],
      comments: [],
      created_at: new Date().toISOString()
    })
    const r = await run([failing('alice')])
    expect(store.issues[1]).toMatchObject({ state: 'closed', state_reason: 'duplicate' })
    expect(store.issues[1]?.comments).toEqual(['Duplicate of #1.'])
    expect(store.issues[0]?.state).toBe('open')
    expect(store.issues[2]).toMatchObject({
      state: 'open',
      comments: [],
      body: 'Written by a person'
    })
    expect(r.outputs['issues-closed']).toBe('1')
  })

  it('keeps an accepted risk out of the open code scanning alerts', async () => {
    const scanning = serveCodeScanning(api)
    await run([failing('alice'), failing('bob')])
    const bob = store.issues.find(i => i.title.includes(' bob '))
    store.closeByPerson(bob?.number ?? 0, 'not_planned', 'accepted-risk')
    const r = await run([failing('alice'), failing('bob')], { 'upload-sarif': 'true' })
    expect(r.code).toBe(0)
    const results = scanning.uploads[0]?.log.runs[0]?.results as Array<{
      properties: { user: string }
    }>
    expect(results.map(x => x.properties.user)).toEqual(['alice'])
    expect(r.outputs['non-compliant-count']).toBe('2')
  })
})
