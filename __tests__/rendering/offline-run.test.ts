// What people see, rendered: the summary, tracking issues, comments and SARIF text of real runs of
// the bundled action (saved reports, local GitHub API), rendered as GitHub renders them and read as
// a person reads them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { headline } from '../../scripts/lib/render-markdown.mjs'
import { startArtifactService } from '../helpers/artifact-service.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { expectReadable, HOSTILE, sarifTexts, seen } from '../helpers/readable.js'
import { reportFiles, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'

const DAY = 86_400_000
const now = Date.now()
const at = (daysAgo: number): string =>
  new Date(now - daysAgo * DAY).toISOString().replace(/\.\d{3}Z$/, '+00:00')
const day = (daysFromNow: number): string =>
  new Date(now + daysFromNow * DAY).toISOString().slice(0, 10)

const report = reportFiles('posturio-rendered-')
const dir = mkdtempSync(join(tmpdir(), 'posturio-rendered-files-'))

const EXEMPT = [
  `breakglass-* until=${day(60)} # ${HOSTILE.reason}`,
  `heidi until=${day(-10)} # finishing the migration to SSO`,
  'old-contractor # left in 2025'
].join('\n')

const ROWS: RowFields[] = [
  rootRow(),
  userRow('alice', { password_last_used: at(2) }),
  userRow('bob', { password_last_used: at(1) }),
  userRow('carol_dev', { password_last_used: at(120) }),
  userRow('dave=contractor', { user_creation_time: at(200), password_last_used: 'no_information' }),
  userRow('heidi', { password_last_used: at(4) }),
  userRow('erin-new', { user_creation_time: at(0.1), password_last_used: 'no_information' }),
  userRow('breakglass-admin', { password_last_used: at(30) }),
  userRow('zoe', { mfa_active: 'true' }),
  userRow('yuri', { mfa_active: 'true' }),
  userRow('xena@example.com', { mfa_active: 'true' }),
  userRow('svc-deploy', { password_enabled: 'false', access_key_1_active: 'true' })
]

let api: GithubApiServer
let store: IssueStore
beforeAll(async () => {
  api = await startGithubApiServer()
  store = serveIssues(api)
  serveCodeScanning(api)
})
afterAll(async () => {
  await api.stop()
})

async function run(rows: RowFields[], inputs: Record<string, string> = {}): Promise<BundleRun> {
  const r = await runBundle(
    {
      'credential-report': report(rows),
      'exempt-users': EXEMPT,
      'github-token': 'ghs_renderingtoken0123456789',
      ...inputs
    },
    workflowEnv(api.url, { GITHUB_RUN_ID: '42' })
  )
  expect(api.violations).toEqual([])
  return r
}

const data = ['old-contractor', HOSTILE.reason]

describe('a failing offline run, rendered', () => {
  let first: BundleRun
  beforeAll(async () => {
    first = await run(ROWS)
  })

  it('completes and writes a summary with a short, true headline', () => {
    expect(first.code).toBe(0)
    const h = headline(first.summary) ?? ''
    expect(h.length).toBeLessThanOrEqual(80)
    expect(h).toBe('❌ IAM MFA check: 6 identities can sign in without MFA · 33.3% (F)')
  })

  it('reads cleanly: no markup artefact, no link, mention or HTML from data', () => {
    expectReadable(first.summary, data)
  })

  it('adds up: the score line matches the verdict table', () => {
    const text = seen(first.summary)
    expect(text).toContain('Score 33.3%, grade F: 3 of the 9 identities in scope pass and 6 fail')
    expect(text).toMatch(/all\s+12\s+rows in the credential report/)
  })

  it('shows the check name and commands as code, not as literal backticks', () => {
    const text = seen(first.summary)
    expect(text).toContain('Check iam.users_without_mfa · account 123456789012')
    expect(text).not.toContain('`')
  })

  it('drops the columns that say nothing: account (one account) and owner (no owner tags)', () => {
    const text = seen(first.summary)
    expect(text).toMatch(/identity\s+severity\s+fix\s+facts/)
    expect(text).not.toMatch(/\bowner\s*\n/)
  })

  it('shows exempt reasons from the input as the words they are', () => {
    expect(seen(first.summary)).toContain(HOSTILE.reason)
  })

  it('says where the files are kept, without a runner path', () => {
    const text = seen(first.summary)
    expect(text).toContain('Files: no artifact')
    expect(text).not.toContain('posturio-iam-mfa-report.json')
    expect(text).not.toContain(first.workDir)
  })

  it('folds the fixes, and shows only those that apply', () => {
    expect(first.summary).toMatch(/<details><summary>How to fix and verify<\/summary>/)
    const text = seen(first.summary)
    expect(text).toContain('Secure the root user')
    expect(text).toContain('Remove console access')
    expect(text).not.toContain('Add a security key')
    expect(text).not.toContain('Privileged users first')
  })

  it('writes tracking issues that read cleanly and keep their promises', () => {
    expect(store.issues).toHaveLength(6)
    for (const issue of store.issues) {
      expectReadable(issue.body, data)
      const text = seen(issue.body)
      expect(text).not.toMatch(/account account/)
      expect(text).not.toContain('re-verifies the user live')
      expect(text).toContain('close it with the accepted-risk label')
    }
    const root = store.issues.find(i => i.title.startsWith('Root user'))
    expect(seen(root?.body ?? '')).toContain('aws account get-alternate-contact')
    expect(seen(root?.body ?? '')).not.toContain('Tag the IAM user')
  })

  it('writes SARIF help and messages without markup artefacts', () => {
    const sarif = sarifTexts(first.outputs['sarif-file'] ?? '')
    for (const help of sarif.help) expectReadable(help, data)
    for (const m of sarif.messages) expect(m).not.toMatch(/&#\d+;|`/)
    const root = sarif.helpByRule['iam.root_without_mfa'] ?? ''
    expect(seen(root)).toContain('aws iam get-account-summary')
    expect(seen(root)).not.toMatch(/list-mfa-devices|get-login-profile/)
  })

  describe('the next run, after fixes and a person closing an issue', () => {
    let second: BundleRun
    beforeAll(async () => {
      const carol = store.issues.find(i => i.title.includes('carol_dev'))
      if (carol) store.closeByPerson(carol.number, 'completed')
      const rows = ROWS.filter(r => r.user !== 'bob').map(r =>
        r.user === 'alice' ? { ...r, mfa_active: 'true' } : r
      )
      second = await run(rows, {
        'exempt-users': `${EXEMPT}\nheidi until=${day(30)} # ${HOSTILE.tag}`,
        'accepted-risk-label': 'risk-accepted'
      })
    })

    it('posts comments that read cleanly, with one date style', () => {
      const comments = store.issues.flatMap(i => i.comments)
      expect(comments.length).toBeGreaterThanOrEqual(4)
      for (const c of comments) {
        expectReadable(c, [...data, HOSTILE.tag])
        expect(seen(c)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\dZ/)
      }
      const text = comments.map(c => seen(c)).join('\n')
      expect(text).toMatch(/Verified fixed by the scan of \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
      expect(text).toContain('no longer in the credential report')
      expect(text).toContain('Closing for now: the user is exempt')
      expect(text).toMatch(/Reopened: the scan of .* still sees this problem/)
    })

    it('names the configured accepted-risk label in the rewritten bodies', () => {
      const open = store.issues.filter(i => i.state === 'open')
      expect(open.length).toBeGreaterThan(0)
      for (const i of open) expect(seen(i.body)).toContain('with the risk-accepted label')
    })

    it('lists the changes in the summary as links to the issues', () => {
      expectReadable(second.summary, [...data, HOSTILE.tag])
      expect(seen(second.summary)).toMatch(
        /Tracking issues: in acme\/security-findings, 0 opened, \d+ updated, 3 closed, 1 reopened/
      )
    })
  })
})

describe("the run's files in a public repository", () => {
  it('are not uploaded as an artifact anyone could download, and the summary says why', async () => {
    const artifacts = await startArtifactService()
    store.isPrivate = false
    try {
      const r = await runBundle(
        {
          'credential-report': report(ROWS),
          'github-token': 'ghs_x0123456789',
          'create-issues': 'false',
          'upload-sarif': 'false'
        },
        { ...artifacts.env(), GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/security-findings' }
      )
      expect(r.code).toBe(0)
      expect(artifacts.calls).toEqual([])
      expect(r.outputs['artifact-url']).toBeUndefined()
      expect(seen(r.summary)).toContain(
        'Files: no artifact: acme/security-findings is public, so anyone signed in to GitHub could download the artifact, which names every IAM user.'
      )
      expectReadable(r.summary, data)
    } finally {
      store.isPrivate = true
      await artifacts.stop()
    }
  })
})

describe('other states, rendered', () => {
  it('a clean account: a green headline and no fixes', async () => {
    const r = await run([rootRow({ mfa_active: 'true' }), userRow('zoe', { mfa_active: 'true' })], {
      'exempt-users': '',
      'create-issues': 'false'
    })
    expectReadable(r.summary, data)
    expect(headline(r.summary)).toBe(
      '✅ IAM MFA check: no identity can sign in without MFA · 100.0% (A)'
    )
    expect(r.summary).not.toContain('How to fix')
  })

  it('an incomplete scan: says what failed and promises nothing', async () => {
    const path = join(dir, 'broken.csv')
    writeFileSync(path, 'not,a,report\n1,2,3\n')
    const r = await runBundle({ 'credential-report': path })
    expect(r.code).not.toBe(0)
    expectReadable(r.summary, [])
    const text = seen(r.summary)
    expect(headline(r.summary)).toBe('⚠️ IAM MFA check: the scan did not complete')
    expect(text).toContain('credential-report')
    expect(text).toContain('No verdict was reached')
  })

  it('offline with require-phishing-resistant: says nothing was checked, in the summary and as a warning', async () => {
    const r = await run(ROWS, { 'require-phishing-resistant': 'true', 'create-issues': 'false' })
    expectReadable(r.summary, data)
    expect(seen(r.summary)).toContain('no user was checked for phishing-resistant MFA')
    expect(r.stdout).toMatch(
      /::warning::`?require-phishing-resistant`? is on, but a saved credential report/
    )
  })

  it('emits exemption warnings as annotations on the run page', async () => {
    const r = await run(ROWS, { 'create-issues': 'false' })
    expect(r.stdout).toMatch(/::warning::The exemption for heidi \(exempt-users line 2\) lapsed/)
    expect(r.stdout).toMatch(
      /::warning::exempt-users line 3 \(old-contractor\) matches no IAM user/
    )
  })
})

// Keep the bundle's report file readable to people too: plain words, no Markdown.
describe('the report file', () => {
  it('holds plain reasons, not Markdown', async () => {
    const r = await run(ROWS, { 'create-issues': 'false' })
    const doc = readFileSync(r.outputs['report-file'] ?? '', 'utf8')
    expect(doc).not.toMatch(/&#\d+;/)
    expect(doc).toContain('run aws iam get-account-summary and read AccountPasswordPresent')
  })
})
