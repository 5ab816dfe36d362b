// Owners from IAM tags (emulator) drive issue assignment (local GitHub API): assigned when GitHub
// accepts the assignee, said in the body when it does not, and a team is mentioned, never assigned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { runBundle } from '../helpers/run-bundle.js'
import { adminIam, seedUsers } from '../helpers/seed-iam.js'

let moto: Moto
let api: GithubApiServer
let store: IssueStore
beforeAll(async () => {
  moto = await startMoto()
  api = await startGithubApiServer()
  store = serveIssues(api)
  await seedUsers(adminIam(moto.endpoint), [
    { name: 'alice', console: true, tags: { github: 'octo-cat' } },
    { name: 'bob', console: true, tags: { github: 'outsider' } },
    { name: 'carol', console: true, tags: { github: 'acme/platform' } },
    { name: 'dave', console: true, tags: { github: '@bad owner!' } }
  ])
})
afterAll(async () => {
  await api.stop()
  await moto.stop()
})

describe('issue owners from IAM tags', () => {
  it('assigns, explains, mentions a team, and never mentions a malformed owner', async () => {
    const r = await runBundle(
      { 'grace-period-days': '0', 'github-token': 'ghs_x0123456789', 'upload-sarif': 'false' },
      {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
        AWS_SECRET_ACCESS_KEY: 'x',
        GITHUB_API_URL: api.url,
        GITHUB_REPOSITORY: 'acme/security-findings'
      }
    )
    expect(api.violations).toEqual([])
    expect(r.code).toBe(0)
    const byUser = (u: string) => store.issues.find(i => i.title.startsWith(`IAM user ${u} `))
    const body = (u: string): string => byUser(u)?.body ?? ''
    const owner = (u: string): string | undefined => /^Owner: .*$/m.exec(seen(body(u)))?.[0]
    expect(byUser('alice')?.assignees).toEqual(['octo-cat'])
    expect(owner('alice')).toBe('Owner: @octo-cat')
    expect(byUser('bob')?.assignees).toEqual([])
    expect(owner('bob')).toBe(
      'Owner: outsider (GitHub login; not mentioned or assigned: not a collaborator of this repository)'
    )
    expect(byUser('carol')?.assignees).toEqual([])
    expect(owner('carol')).toBe('Owner: @acme/platform')
    // The malformed tag is shown as written, as words: no mention reaches GitHub's Markdown.
    expect(byUser('dave')?.assignees).toEqual([])
    expect(body('dave')).not.toContain('@bad')
    expect(owner('dave')).toBe(
      'Owner: none: tag github holds "@bad owner!", which is not a GitHub login or org/team (e.g. octocat or acme/platform-team); no owner is assigned.'
    )
    for (const u of ['alice', 'bob', 'carol']) expectReadable(body(u), [u])
    expectReadable(body('dave'), ['dave', '@bad owner!'])
    const checked = api.requests
      .filter(q => q.operationId === 'issues/check-user-can-be-assigned')
      .map(q => q.params['assignee'])
    expect(checked.sort()).toEqual(['octo-cat', 'outsider'])
  })
})
