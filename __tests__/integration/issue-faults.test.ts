// The fault matrix for tracking issues, run as the runner runs the action: GitHub faults at each
// step of the lifecycle, people editing the action's issues, and evidence too weak to close.
import { describe, expect, it } from '@jest/globals'
import { issueServerPerTest } from '../helpers/issue-server.js'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import type { StoredIssue } from '../helpers/issues-api.js'
import { expectReadable, said, seen } from '../helpers/readable.js'
import { reportFiles, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'

const github = issueServerPerTest()

const saveReport = reportFiles('posturio-issue-faults-')
const HOUR = 3_600_000

interface Report {
  readonly rows: RowFields[]
  /** Default: generated just now. */
  readonly generatedAt?: Date
  readonly root?: boolean
}

/** A report as `aws iam get-credential-report --output json` saves it. */
function report({ rows, generatedAt, root = true }: Report): string {
  return saveReport([...(root ? [rootRow({ mfa_active: 'true' })] : []), ...rows], generatedAt)
}

const failing = (name: string): RowFields => userRow(name)
const fixed = (name: string): RowFields => userRow(name, { mfa_active: 'true' })
const names = (n: number, prefix = 'user'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`)

async function run(r: Report | RowFields[], inputs: Record<string, string> = {}) {
  github.api.requests.length = 0
  const result = await runBundle(
    {
      'credential-report': report(Array.isArray(r) ? { rows: r } : r),
      'github-token': 'ghs_issuetoken0123456789',
      'upload-sarif': 'false',
      'grace-period-days': '0',
      ...inputs
    },
    workflowEnv(github.api.url)
  )
  expect(github.api.violations).toEqual([])
  // The token is masked (`::add-mask::`) before anything else could print it, and never printed.
  const printed = `${result.stdout}${result.stderr}${result.summary}`.replace(
    /^::add-mask::.*$/gm,
    ''
  )
  expect(printed).not.toContain('ghs_issuetoken')
  return result
}

const issueOf = (user: string): StoredIssue | undefined =>
  github.store.issues.find(i => i.title.includes(` ${user} `))
const openIssuesOf = (user: string): StoredIssue[] =>
  github.store.issues.filter(i => i.title.includes(` ${user} `) && i.state === 'open')
const warnings = (r: BundleRun): string[] =>
  r.stdout
    .split('\n')
    .filter(l => l.startsWith('::warning::'))
    .map(l => l.slice('::warning::'.length))

describe('GitHub faults at each step, then a clean run', () => {
  it('a list that fails on page 2 changes nothing and says so; the next run converges', async () => {
    // 100 issues of a person: the action's own issues are on page 2.
    for (let i = 0; i < 100; i++)
      github.store.openByPerson({
        title: `note ${i}`,
        body: 'x',
        labels: ['iam-mfa'],
        author: 'octo-cat'
      })
    await run([failing('alice')])
    github.store.faults.push({
      operationId: 'issues/list-for-repo',
      status: 502,
      page: 2,
      times: 20
    })
    const broken = await run([fixed('alice')])
    expect(broken.code).toBe(1)
    expect(github.api.writes()).toEqual([])
    expect(seen(broken.summary)).toMatch(
      /Tracking issues: ❌ GitHub refused a read \(.*\); no issue was changed\./
    )
    expect(issueOf('alice')?.state).toBe('open')
    github.store.faults.length = 0
    const clean = await run([fixed('alice')])
    expect(clean.code).toBe(0)
    expect(issueOf('alice')).toMatchObject({ state: 'closed', state_reason: 'completed' })
  })

  it('a refused create is named and retried by the next run, which opens it once', async () => {
    github.store.faults.push({ operationId: 'issues/create', status: 500 })
    const first = await run([failing('alice')])
    expect(first.code).toBe(1)
    expect(first.stdout).toMatch(/::error::Tracking issues: 1 write failed \(create new issue/)
    expect(github.store.issues).toHaveLength(0)
    await run([failing('alice')])
    expect(openIssuesOf('alice')).toHaveLength(1)
  })

  it('a create whose answer is lost opens no second issue', async () => {
    github.store.faults.push({ operationId: 'issues/create', status: 201, lost: true })
    const first = await run([failing('alice')])
    expect(first.code).toBe(1)
    expect(github.store.issues).toHaveLength(1)
    const second = await run([failing('alice')])
    expect(second.code).toBe(0)
    expect(github.store.issues).toHaveLength(1)
    expect(github.api.writes()).toEqual([])
  })

  it('a close whose comment is lost (the run dies between the two writes) is finished with no second comment', async () => {
    await run([failing('alice')])
    github.store.faults.push({ operationId: 'issues/create-comment', status: 201, lost: true })
    const broken = await run([fixed('alice')])
    expect(broken.code).toBe(1)
    expect(issueOf('alice')?.state).toBe('open')
    expect(issueOf('alice')?.comments).toHaveLength(1)
    const clean = await run([fixed('alice')])
    expect(clean.code).toBe(0)
    expect(issueOf('alice')).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(issueOf('alice')?.comments.map(c => seen(c))).toEqual([
      expect.stringMatching(/^✅ Verified fixed by the scan of /)
    ])
  })

  it('a close whose state change keeps failing posts its comment once over several runs', async () => {
    await run([failing('alice')])
    // Not retried within a run (a 4xx): each run tries once, and the comment is still posted once.
    github.store.faults.push({ operationId: 'issues/update', status: 404, times: 2 })
    const first = await run([fixed('alice')])
    expect(first.code).toBe(1)
    expect(first.stdout).toMatch(/::error::Tracking issues: 1 write failed \(close #1/)
    const second = await run([fixed('alice')])
    expect(second.code).toBe(1)
    github.store.faults.length = 0
    await run([fixed('alice')])
    expect(issueOf('alice')?.state).toBe('closed')
    expect(issueOf('alice')?.comments).toHaveLength(1)
  })

  it('a secondary rate limit on a create is waited out, and the issue is opened once', async () => {
    github.store.faults.push({ operationId: 'issues/create', status: 403 })
    const r = await run([failing('alice')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('GitHub secondary rate limit on POST')
    expect(github.store.issues).toHaveLength(1)
  })

  it('a label another run created at the same moment is not an error', async () => {
    github.store.faults.push({ operationId: 'issues/create-label', status: 422 })
    const r = await run([failing('alice')])
    expect(r.code).toBe(0)
    expect(openIssuesOf('alice')).toHaveLength(1)
  })

  it('a token that may not label issues is named with the permission it needs', async () => {
    await run([failing('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    alice.labels = []
    github.store.faults.push({ operationId: 'issues/add-labels', status: 404 })
    const r = await run([failing('alice')])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /label #1: .*the token needs `issues: write` on acme\/security-findings/
    )
    expect(openIssuesOf('alice')).toHaveLength(1)
  })
})

describe('people and the action’s issues', () => {
  it('a line added above the marker, and the label removed: no second issue, the label comes back', async () => {
    await run([failing('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    alice.body = `Escalated to platform on Monday.\n\n${alice.body}`
    alice.labels = []
    const r = await run([failing('alice')])
    expect(r.code).toBe(0)
    expect(github.store.issues).toHaveLength(1)
    expect(alice.labels).toEqual(['iam-mfa'])
    await run([fixed('alice')])
    expect(alice.state).toBe('closed')
  })

  it('a title changed and notes added below the marker: the title is restored, the issue kept', async () => {
    await run([failing('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    const title = alice.title
    alice.title = 'alice: waiting for a new phone'
    alice.body = `${alice.body}\n\nNote: new phone arrives Friday.`
    const r = await run([failing('alice')])
    expect(r.code).toBe(0)
    expect(github.store.issues).toHaveLength(1)
    expect(alice).toMatchObject({ title, state: 'open' })
  })

  it('an issue a person opened with a copied marker and the label is never closed, and is named', async () => {
    await run([failing('alice')])
    const original = issueOf('alice')
    if (!original) throw new Error('no issue')
    const forged = github.store.openByPerson({
      title: original.title,
      body: original.body,
      labels: ['iam-mfa'],
      author: 'mallory'
    })
    const r = await run([fixed('alice')])
    expect(original.state).toBe('closed')
    expect(forged).toMatchObject({ state: 'open', comments: [] })
    expect(seen(r.summary)).toContain(
      `#${forged.number} is left alone: it carries the action's marker but was opened by mallory, a person, not by the action (github-actions[bot]); the action never changes it.`
    )
    expect(warnings(r)).toContainEqual(expect.stringContaining('was opened by mallory'))
    expectReadable(r.summary, ['alice'])
  })

  it('an edited key in the marker closes nothing and makes no "user deleted" claim', async () => {
    await run([failing('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    alice.body = alice.body.replace(/key=[a-f0-9]{24}/, `key=${'b'.repeat(24)}`)
    const r = await run([failing('bob')])
    expect(alice).toMatchObject({ state: 'open', comments: [] })
    expect(seen(r.summary)).toContain(
      `#${alice.number} is left alone: its hidden marker was edited and no longer says what it tracks`
    )
    expect(openIssuesOf('bob')).toHaveLength(1)
  })

  it('a locked issue still closes when fixed, without its comment, and the run says so', async () => {
    await run([failing('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    alice.locked = true
    const r = await run([fixed('alice')])
    expect(r.code).toBe(0)
    expect(alice).toMatchObject({ state: 'closed', comments: [] })
    expect(seen(r.summary)).toContain(
      `GitHub refused the action's comment on #${alice.number} (close) (locked, or comments limited); the change was made without it.`
    )
    expect((await run([fixed('alice')])).code).toBe(0)
    expect(github.api.writes()).toEqual([])
  })

  it('closed as not planned by a person: not reopened while the user still fails', async () => {
    await run([failing('alice')])
    github.store.closeByPerson(issueOf('alice')?.number ?? 0, 'not_planned')
    await run([failing('alice')])
    expect(issueOf('alice')?.state).toBe('closed')
    expect(github.api.writes()).toEqual([])
  })

  it('reopened by a person after the action closed it: the next close is explained again', async () => {
    await run([failing('alice')])
    await run([fixed('alice')])
    const alice = issueOf('alice')
    if (!alice) throw new Error('no issue')
    alice.state = 'open'
    alice.state_reason = 'reopened'
    await run([failing('alice')])
    await run([fixed('alice')])
    expect(alice.state).toBe('closed')
    expect(alice.comments.map(said).filter(c => c.startsWith('✅'))).toHaveLength(2)
  })

  it('two runs at the same time: the next run leaves exactly one open issue per user', async () => {
    const rows = [failing('alice'), failing('bob')]
    await Promise.all([run(rows), run(rows)])
    await run(rows)
    expect(openIssuesOf('alice')).toHaveLength(1)
    expect(openIssuesOf('bob')).toHaveLength(1)
    const closedAsDuplicate = github.store.issues.filter(i => i.state_reason === 'duplicate')
    for (const d of closedAsDuplicate)
      expect(d.comments.map(said)).toEqual([expect.stringMatching(/^Duplicate of #\d+\.$/)])
  })
})

describe('evidence too weak to close', () => {
  it('an old report showing the user fixed closes nothing and uploads no SARIF', async () => {
    const scanning = serveCodeScanning(github.api)
    await run([failing('alice')])
    const r = await run(
      { rows: [fixed('alice')], generatedAt: new Date(Date.now() - 48 * HOUR) },
      { 'upload-sarif': 'true' }
    )
    expect(issueOf('alice')).toMatchObject({ state: 'open', comments: [] })
    expect(scanning.uploads).toHaveLength(0)
    expect(seen(r.summary)).toMatch(
      /#1 stays open: this run sees it fixed, but its credential report was generated .*, before the finding was last confirmed/
    )
    expect(seen(r.summary)).toContain('Code scanning: not uploaded: 1 tracking issue stayed open')
  })

  it('a report cut down to the root row closes nothing, uploads no SARIF, and says why', async () => {
    const scanning = serveCodeScanning(github.api)
    const users = names(4)
    await run(users.map(failing))
    const r = await run({ rows: [] }, { 'upload-sarif': 'true' })
    expect(github.store.issues.filter(i => i.state === 'open')).toHaveLength(4)
    expect(github.store.issues.every(i => i.comments.length === 0)).toBe(true)
    expect(scanning.uploads).toHaveLength(0)
    expect(seen(r.summary)).toContain(
      'it lists 0 IAM users, where the report that last confirmed the open issue of a user it no longer lists had 4'
    )
  })

  it('a saved report without the root row uploads no SARIF, even when issues are not tracked', async () => {
    const scanning = serveCodeScanning(github.api)
    const r = await run(
      { rows: [failing('alice')], root: false },
      { 'upload-sarif': 'true', 'create-issues': 'false' }
    )
    expect(scanning.uploads).toHaveLength(0)
    expect(seen(r.summary)).toMatch(
      /Code scanning: not uploaded: the credential report is not plausible/
    )
  })

  it('a report without the root row closes nothing', async () => {
    await run([failing('alice'), failing('bob')])
    const r = await run({ rows: [fixed('alice'), failing('bob')], root: false })
    expect(issueOf('alice')?.state).toBe('open')
    expect(seen(r.summary)).toContain('it has no row for the root user')
  })

  it('a report of another account leaves this account’s issues alone', async () => {
    await run([failing('alice')])
    const other = report({
      rows: [userRow('zed', { mfa_active: 'true' }, '999988887777')],
      root: false
    })
    await runBundle(
      {
        'credential-report': other,
        'github-token': 'ghs_issuetoken0123456789',
        'upload-sarif': 'false'
      },
      workflowEnv(github.api.url)
    )
    expect(issueOf('alice')).toMatchObject({ state: 'open', comments: [] })
  })

  it('a newer, complete report closes the issue with its evidence', async () => {
    await run([failing('alice')])
    await run([fixed('alice')])
    expect(issueOf('alice')).toMatchObject({ state: 'closed', state_reason: 'completed' })
  })
})
