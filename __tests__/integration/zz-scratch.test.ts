import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { reportCsv, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { seen } from '../helpers/readable.js'

let api: GithubApiServer
let store: IssueStore
const dir = mkdtempSync(join(tmpdir(), 'posturio-issues-'))
let reportNo = 0
function report(rows: RowFields[]): string {
  const path = join(dir, `report-${reportNo++}.csv`)
  writeFileSync(path, reportCsv(rows))
  return path
}
const failing = (name: string): RowFields => userRow(name)
const fixed = (name: string): RowFields => userRow(name, { mfa_active: 'true' })
let n = 0
function dump(tag: string, r: BundleRun) {
  n++
  writeFileSync(`/tmp/dump/${n}-${tag}.summary.md`, r.summary)
  writeFileSync(`/tmp/dump/${n}-${tag}.summary.txt`, seen(r.summary))
  writeFileSync(`/tmp/dump/${n}-${tag}.stdout.txt`, r.stdout + '\n---\n' + JSON.stringify(r.outputs, null, 1))
  writeFileSync(`/tmp/dump/${n}-${tag}.issues.txt`, store.issues.map(i => `#${i.number} ${i.state} ${i.state_reason} ${i.title}\n${i.body}\n=== seen:\n${seen(i.body)}\n=== comments:\n${i.comments.map(c => c + '\n  seen: ' + seen(c)).join('\n')}`).join('\n\n##########\n'))
}
async function run(tag: string, rows: RowFields[], inputs: Record<string, string> = {}): Promise<BundleRun> {
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
  dump(tag, r)
  return r
}
afterAll(async () => { await api.stop() })
describe('dump', () => {
  it('dumps', async () => {
    api = await startGithubApiServer()
    store = serveIssues(api)
    await run('open', [failing('alice'), failing('bob'), fixed('carol')])
    await run('fix', [fixed('alice'), failing('bob')])
    await run('regress', [failing('alice'), failing('bob')])
    store.closeByPerson(2, 'completed', 'accepted-risk')
    store.closeByPerson(1, 'completed')
    await run('accepted', [failing('alice'), failing('bob')])
    await run('maxnew', [failing('alice'), failing('bob'), failing('a1'), failing('a2'), failing('a3')], { 'max-new-issues': '2' })
    await run('dry', [failing('zed')], { 'dry-run': 'true' })
    await run('exempt', [failing('alice'), failing('bob'), failing('a1'), failing('a2'), failing('a3')], { 'exempt-users': 'alice until=2099-01-01 # vendor login' })
    store.failNextWrite = 422
    await run('fail', [failing('x1'), failing('x2')])
    store.isPrivate = false
    await run('public', [failing('alice')])
    expect(1).toBe(1)
  })
})
