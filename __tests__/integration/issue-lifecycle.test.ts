// Tracking issues over several runs of the bundled action, as the runner runs it, against the local
// GitHub API (every request checked against GitHub's OpenAPI description, issues kept in memory).
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { issueServerPerTest } from '../helpers/issue-server.js'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import { expectReadable, said, seen } from '../helpers/readable.js'
import { links } from '../../scripts/lib/render-markdown.mjs'
import { reportFiles, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'

const github = issueServerPerTest()

const saveReport = reportFiles('posturio-issues-')
/** A report as `aws iam get-credential-report --output json` saves it, generated just now. */
const report = (rows: RowFields[]): string => saveReport([rootRow({ mfa_active: 'true' }), ...rows])
const failing = (name: string): RowFields => userRow(name)
const fixed = (name: string): RowFields => userRow(name, { mfa_active: 'true' })
const ISSUES = 'https://github.com/acme/security-findings/issues'
/** One time, as people read it everywhere: "2026-11-30 10:02 UTC". */
const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d UTC`
/** The links a reader can follow, by target (their text without the invisible word joiners). */
const linksOf = (markdown: string): Array<{ href: string | undefined; text: string }> =>
  links(markdown).map(l => ({ href: l.href, text: l.text.replace(/\u2060/g, '') }))

async function run(rows: RowFields[], inputs: Record<string, string> = {}): Promise<BundleRun> {
  github.api.requests.length = 0
  const r = await runBundle(
    {
      'credential-report': report(rows),
      'github-token': 'ghs_issuetoken0123456789',
      'upload-sarif': 'false',
      'grace-period-days': '0',
      ...inputs
    },
    workflowEnv(github.api.url)
  )
  expect(github.api.violations).toEqual([])
  return r
}

describe('tracking issues across runs', () => {
  it('opens one labelled issue per failing user, then makes zero writes when nothing changed', async () => {
    const first = await run([failing('alice'), failing('bob'), fixed('carol')])
    expect(first.code).toBe(0)
    expect(github.store.issues.map(i => i.title).sort()).toEqual([
      'IAM user alice in account 123456789012 can sign in without MFA',
      'IAM user bob in account 123456789012 can sign in without MFA'
    ])
    expect(
      github.store.issues.every(
        i => i.labels.includes('iam-mfa') && i.body.startsWith('<!-- posturio-iam-mfa:key=')
      )
    ).toBe(true)
    expect(github.store.labels.has('iam-mfa')).toBe(true)
    expect(first.outputs['issues-opened']).toBe('2')
    const summary = seen(first.summary)
    expect(summary).toContain(
      'Tracking issues: in acme/security-findings, 2 opened, 0 updated, 0 closed, 0 reopened.'
    )
    expect(summary).toContain(
      'opened #1: IAM user alice in account 123456789012 can sign in without MFA'
    )
    expect(linksOf(first.summary)).toContainEqual({ href: `${ISSUES}/1`, text: '#1' })
    expectReadable(first.summary, ['alice', 'bob'])
    const alice = github.store.issues.find(i => i.title.includes(' alice '))?.body ?? ''
    expect(seen(alice)).toMatch(
      new RegExp(
        `^Severity: high \\(iam\\.users_without_mfa\\) · Account: 123456789012 · Identity: alice · First seen: ${TIME}\\n`
      )
    )
    expect(seen(alice)).toContain('After the change, re-run the workflow.')
    expect(linksOf(alice)).toEqual([
      {
        href: 'https://github.com/acme/security-findings/actions/workflows/iam-mfa.yml',
        text: 're-run the workflow'
      }
    ])
    expectReadable(alice, ['alice'])

    const second = await run([failing('alice'), failing('bob'), fixed('carol')])
    expect(second.code).toBe(0)
    expect(github.api.writes()).toEqual([])
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
    expect(seen(fixedRun.summary)).toMatch(/^closed: #1$/m)
    expect(linksOf(fixedRun.summary)).toContainEqual({ href: `${ISSUES}/1`, text: '#1' })
    expect(github.store.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(seen(github.store.issues[0]?.comments[0] ?? '')).toMatch(
      new RegExp(
        `^✅ Verified fixed by the scan of ${TIME} \\(credential report generated ${TIME}\\): Console password with MFA active\\.$`
      )
    )

    const regressed = await run([failing('alice')])
    expect(regressed.outputs['issues-reopened']).toBe('1')
    expect(github.store.issues).toHaveLength(1)
    expect(github.store.issues[0]?.state).toBe('open')
    expect(seen(github.store.issues[0]?.comments[1] ?? '')).toMatch(
      new RegExp(
        `^Reopened: the scan of ${TIME} still sees this problem\\. Console password without MFA\\.`
      )
    )
    expect(seen(regressed.summary)).toMatch(/^reopened: #1$/m)
  })

  it('reopens an issue a person closed while the user still fails, but respects accepted risk', async () => {
    await run([failing('alice'), failing('bob')])
    const alice = github.store.issues.find(i => i.title.includes('alice'))
    const bob = github.store.issues.find(i => i.title.includes('bob'))
    github.store.closeByPerson(alice?.number ?? 0, 'completed')
    github.store.closeByPerson(bob?.number ?? 0, 'completed', 'accepted-risk')
    const r = await run([failing('alice'), failing('bob')])
    expect(alice?.state).toBe('open')
    expect(bob?.state).toBe('closed')
    expect(r.outputs['issues-reopened']).toBe('1')
    expect(seen(r.summary)).toContain(
      `accepted risk, closed by a person and not reopened: #${bob?.number} (bob)`
    )
    expect(seen(r.summary)).toMatch(new RegExp(`^reopened: #${alice?.number}$`, 'm'))
    expectReadable(r.summary, ['alice', 'bob'])
  })

  it('spreads new issues over runs with max-new-issues', async () => {
    const rows = [failing('a1'), failing('a2'), failing('a3')]
    const first = await run(rows, { 'max-new-issues': '2' })
    expect(github.store.issues).toHaveLength(2)
    expect(seen(first.summary)).toContain(
      '1 more failing user will get an issue on later runs (max-new-issues).'
    )
    expectReadable(first.summary, ['a1', 'a2', 'a3'])
    await run(rows, { 'max-new-issues': '2' })
    expect(github.store.issues).toHaveLength(3)
  })

  it('ends with exactly one issue per failing user after a write fails midway and the run is repeated', async () => {
    const rows = [failing('alice'), failing('bob'), failing('carol')]
    github.store.failNextWrite = undefined
    // The second create is refused (not retried), as if the run had died between two writes.
    const first = run(rows)
    const waitForFirstCreate = setInterval(() => {
      if (github.store.issues.length === 1) {
        github.store.failNextWrite = 422
        clearInterval(waitForFirstCreate)
      }
    }, 5)
    const r1 = await first
    clearInterval(waitForFirstCreate)
    expect(r1.code).toBe(1)
    expect(r1.stdout).toContain(
      '::error::Tracking issues: 1 write failed (create new issue "IAM user bob in account 123456789012 can sign in without MFA": Server Error)'
    )
    expect(seen(r1.summary)).toContain(
      'Tracking issues: in acme/security-findings, 2 opened, 0 updated, 0 closed, 0 reopened; ❌ 1 write failed.'
    )
    expect(seen(r1.summary)).toMatch(
      /^❌ create .*bob.*: Server Error \(the next run retries it\)$/m
    )
    const r2 = await run(rows)
    expect(r2.code).toBe(0)
    expect(github.store.issues.map(i => i.title.split(' ')[2]).sort()).toEqual([
      'alice',
      'bob',
      'carol'
    ])
    // One failed write is "it", not "them".
    expect(r1.stdout).toMatch(
      /^::error::Tracking issues: 1 write failed \(.+\); the next run retries it\.$/m
    )
  })

  it('refuses to publish user names in a public repository without the opt-in, and the rest still works', async () => {
    github.store.isPrivate = false
    const r = await run([failing('alice')])
    expect(github.store.issues).toEqual([])
    expect(github.api.writes()).toEqual([])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('::error::Tracking issues: acme/security-findings is public')
    expect(r.outputs['non-compliant-count']).toBe('1')
    expect(seen(r.summary)).toContain('Score 50.0%, grade D')
    expect(seen(r.summary)).toContain(
      'Tracking issues: ❌ acme/security-findings is public: IAM user names and account ids would be published in its issues.'
    )
    const allowed = await run([failing('alice')], { 'allow-public-repository': 'true' })
    expect(allowed.code).toBe(0)
    expect(github.store.issues).toHaveLength(1)
  })

  it('shows the plan and changes nothing in a dry run', async () => {
    const r = await run([failing('alice')], { 'dry-run': 'true' })
    expect(github.api.writes()).toEqual([])
    const summary = seen(r.summary)
    expect(summary).toContain(
      'Tracking issues: dry run (dry-run: true): nothing was changed in acme/security-findings; 1 change planned (listed below).'
    )
    expect(summary).toContain(
      'would create: IAM user alice in account 123456789012 can sign in without MFA'
    )
    expectReadable(r.summary, ['alice'])
  })

  it('closes an exempt user’s issue as not planned, and reopens it when the exemption lapses', async () => {
    await run([failing('legacy')])
    await run([failing('legacy')], { 'exempt-users': 'legacy until=2099-01-01 # vendor login' })
    expect(github.store.issues[0]).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(seen(github.store.issues[0]?.comments[0] ?? '')).toBe(
      'Closing for now: the user is exempt (exempt-users line 1, until 2099-01-01: vendor login); when the exemption lapses, the scan reopens this issue.'
    )
    const lapsed = await run([failing('legacy')], {
      'exempt-users': 'legacy until=2020-01-01 # vendor login'
    })
    expect(lapsed.outputs['issues-reopened']).toBe('1')
    expect(github.store.issues).toHaveLength(1)
  })

  it('closes the newer of two open issues for one user as a duplicate, and never touches unmarked issues', async () => {
    await run([failing('alice')])
    const original = github.store.issues[0]
    if (!original) throw new Error('run 1 opened no issue')
    github.store.issues.push({
      ...structuredClone(original),
      number: 2,
      comments: [],
      commentBy: []
    })
    github.store.openByPerson({
      title: 'Question about IAM MFA',
      body: 'Written by a person',
      labels: ['iam-mfa'],
      author: 'octo-cat'
    })
    const r = await run([failing('alice')])
    expect(github.store.issues[1]).toMatchObject({ state: 'closed', state_reason: 'duplicate' })
    expect(github.store.issues[1]?.comments.map(said)).toEqual(['Duplicate of #1.'])
    expect(github.store.issues[0]?.state).toBe('open')
    expect(github.store.issues[2]).toMatchObject({
      state: 'open',
      comments: [],
      body: 'Written by a person'
    })
    expect(r.outputs['issues-closed']).toBe('1')
  })

  it('keeps an accepted risk out of the open code scanning alerts', async () => {
    const scanning = serveCodeScanning(github.api)
    await run([failing('alice'), failing('bob')])
    const bob = github.store.issues.find(i => i.title.includes(' bob '))
    github.store.closeByPerson(bob?.number ?? 0, 'not_planned', 'accepted-risk')
    const r = await run([failing('alice'), failing('bob')], { 'upload-sarif': 'true' })
    expect(r.code).toBe(0)
    const results = scanning.uploads[0]?.log.runs[0]?.results as Array<{
      properties: { user: string }
    }>
    expect(results.map(x => x.properties.user)).toEqual(['alice'])
    expect(r.outputs['non-compliant-count']).toBe('2')
    // The file on the runner, written before the issues were read, is rewritten to what was uploaded.
    const file = r.outputs['sarif-file'] ?? ''
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(scanning.uploads[0]?.log)
    expect(r.stdout).toContain(
      `Rewrote ${file} (1 result, category posturio/iam-mfa) without the accepted risks.`
    )
  })
})
