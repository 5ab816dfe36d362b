// Owners from IAM tags (emulator) drive issue assignment (local GitHub API): assigned when GitHub
// accepts the assignee, said in the body when it does not, and a team is mentioned, never assigned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { startMoto, type Moto } from '../helpers/moto.js'
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
    expect(byUser('alice')?.assignees).toEqual(['octo-cat'])
    expect(byUser('alice')?.body).toContain('**Owner:** @octo-cat\n')
    expect(byUser('bob')?.assignees).toEqual([])
    expect(byUser('bob')?.body).toContain(
      '**Owner:** @outsider (could not be assigned here: not a collaborator of this repository)'
    )
    expect(byUser('carol')?.assignees).toEqual([])
    expect(byUser('carol')?.body).toContain('**Owner:** @acme/platform')
    expect(byUser('dave')?.body).not.toContain('@bad')
    expect(byUser('dave')?.body).toContain('not a GitHub login or org/team')
    const checked = api.requests
      .filter(q => q.operationId === 'issues/check-user-can-be-assigned')
      .map(q => q.params['assignee'])
    expect(checked.sort()).toEqual(['octo-cat', 'outsider'])
  })
})
