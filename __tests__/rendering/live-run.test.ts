// What people see after a live run, rendered: the bundled action against the AWS emulator, GitHub's
// API and the Actions artifact service (local stand-ins), with privileged users, owner and exemption
// tags, MFA strength and a user fixed after the report.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { IAMClient } from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import { startCountingProxy, type CountingProxy } from '../../scripts/lib/counting-proxy.mjs'
import { headline, links } from '../../scripts/lib/render-markdown.mjs'
import { startArtifactService, type ArtifactService } from '../helpers/artifact-service.js'
import { readZip } from '../helpers/artifact-wire.js'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, HOSTILE, sarifTexts, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, enrollVirtualMfa, seedGroup, seedUsers } from '../helpers/seed-iam.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
const data = [HOSTILE.reason, HOSTILE.tag]

let moto: Moto
let proxy: CountingProxy
let iam: IAMClient
let api: GithubApiServer
let store: IssueStore
let artifacts: ArtifactService
let first: BundleRun
let second: BundleRun

async function run(): Promise<BundleRun> {
  const r = await runBundle(
    {
      'github-token': 'ghs_livetoken0123456789',
      'require-phishing-resistant': 'true',
      'grace-period-days': '0'
    },
    {
      AWS_ENDPOINT_URL: proxy.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
      AWS_SECRET_ACCESS_KEY: 'x',
      ...artifacts.env(),
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/security-findings',
      GITHUB_SHA: 'd'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: 'acme/security-findings/.github/workflows/iam-mfa.yml@refs/heads/main'
    }
  )
  expect(api.violations).toEqual([])
  expect(artifacts.violations).toEqual([])
  return r
}

beforeAll(async () => {
  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  proxy = await startCountingProxy(moto.endpoint)
  iam = adminIam(moto.endpoint)
  api = await startGithubApiServer()
  store = serveIssues(api)
  serveCodeScanning(api)
  artifacts = await startArtifactService()
  await seedGroup(iam, 'admins', [ADMIN])
  await seedUsers(iam, [
    { name: 'ops.admin', console: true, groups: ['admins'], tags: { github: 'octo-cat' } },
    { name: 'dana', console: true, tags: { github: HOSTILE.reason } },
    { name: 'eve', console: true, mfa: true },
    { name: 'frank', console: true, tags: { 'mfa-exempt': `${HOSTILE.tag};until=${until}` } },
    { name: 'gina', console: true }
  ])
  first = await run()
  // AWS serves its cached report for 4 hours: gina's fix comes after it.
  proxy.freezeReport()
  await enrollVirtualMfa(iam, 'gina')
  second = await run()
}, 180_000)

afterAll(async () => {
  await artifacts.stop()
  await api.stop()
  await proxy.stop()
  await moto.stop()
})

describe('a live run, rendered', () => {
  it('completes both runs', () => {
    expect([first.code, second.code]).toEqual([0, 0])
  })

  it('reads cleanly: the summary, every issue body and comment, and the SARIF help', () => {
    expectReadable(first.summary, data)
    expectReadable(second.summary, data)
    for (const issue of store.issues) {
      expectReadable(issue.body, data)
      for (const c of issue.comments) expectReadable(c, data)
    }
    for (const help of sarifTexts(second.outputs['sarif-file'] ?? '').help)
      expectReadable(help, data)
  })

  it('keeps the headline short and the privileged evidence in one place', () => {
    expect((headline(second.summary) ?? '').length).toBeLessThanOrEqual(80)
    const text = seen(second.summary)
    expect(text).toContain('Why privileged')
    expect(text.split('group admins: attached policy AdministratorAccess')).toHaveLength(2)
  })

  it('shows the owner column, with a malformed owner tag as words', () => {
    const text = seen(second.summary)
    expect(text).toMatch(/identity\s+severity\s+fix\s+facts\s+owner/)
    expect(text).toContain('octo-cat')
    expect(text).toContain(`tag github holds "${HOSTILE.reason.slice(0, 60)}"`)
  })

  it('shows the user fixed after the report with the live evidence, in one date style', () => {
    const text = seen(second.summary)
    expect(text).toMatch(
      /gina\s+MFA device \(virtual authenticator app\) enrolled \d{4}-\d\d-\d\d \d\d:\d\d UTC, after the report was generated at \d{4}-\d\d-\d\d \d\d:\d\d UTC; verified live at/
    )
    expect(text).toMatch(/Live re-verification: of the 4 users the report marks failing, 1 fixed/)
  })

  it('judges MFA strength and names the device kind in words', () => {
    expect(seen(second.summary)).toMatch(
      /MFA strength \(require-phishing-resistant\): of 2 users with MFA listed/
    )
  })

  it('links the artifact that keeps the report file and the SARIF', () => {
    const url = second.outputs['artifact-url'] ?? ''
    expect(url).toMatch(
      /^https:\/\/github\.com\/acme\/security-findings\/actions\/runs\/4242\/artifacts\/\d+$/
    )
    expect(links(second.summary).map(l => l.href)).toContain(url)
    const stored = artifacts.artifacts.at(-1)
    expect(stored?.finalized).toBe(true)
    const files = readZip(stored?.zip ?? Buffer.alloc(0)).map(f => f.name)
    expect(files.sort()).toEqual(['posturio-iam-mfa-report.json', 'posturio-iam-mfa.sarif'])
    const report = readZip(stored?.zip ?? Buffer.alloc(0)).find(f => f.name.endsWith('.json'))
    expect(JSON.parse(report?.data.toString('utf8') ?? '{}')).toEqual(
      JSON.parse(readFileSync(second.outputs['report-file'] ?? '', 'utf8'))
    )
  })

  it('writes issue bodies that promise the live check the run makes, and name the owner', () => {
    const admin = store.issues.find(i => i.title.includes('ops.admin'))
    const text = seen(admin?.body ?? '')
    expect(admin?.title).toBe(
      'Privileged IAM user ops.admin in account 123456789012 can sign in without MFA'
    )
    expect(text).toContain('Privileged through group admins: attached policy AdministratorAccess')
    expect(text).toContain('Owner: @octo-cat')
    expect(text).toContain('The run checks the user live')
    const dana = seen(store.issues.find(i => i.title.includes('dana'))?.body ?? '')
    expect(dana).toContain('Owner: none: tag github holds')
  })

  it('closes the fixed user with a comment that shows the live evidence', () => {
    const gina = store.issues.find(i => i.title.includes('gina') && i.title.includes('without MFA'))
    expect(gina?.state).toBe('closed')
    const comment = seen(gina?.comments.at(-1) ?? '')
    // With require-phishing-resistant, an authenticator app fixes "without MFA" but not the key.
    expect(comment).toMatch(
      /^✅ MFA is now enrolled \(scan of \d{4}-\d\d-\d\d \d\d:\d\d UTC\): MFA device \(virtual authenticator app\) enrolled .*A phishing-resistant key is still wanted; another issue tracks that\.$/
    )
  })
})
