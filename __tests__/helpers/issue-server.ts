// Test fixture: a fresh local GitHub API with an issue store for each test of a file.
import { afterAll, beforeEach } from '@jest/globals'
import { startGithubApiServer, type GithubApiServer } from './github-api-server.js'
import { serveIssues, type IssueStore } from './issues-api.js'

export interface IssueServer {
  readonly api: GithubApiServer
  readonly store: IssueStore
}

/** Registers the hooks; read `api` and `store` inside tests (they change for each test). */
export function issueServerPerTest(): IssueServer {
  let current: IssueServer | undefined
  const servers: GithubApiServer[] = []
  beforeEach(async () => {
    const api = await startGithubApiServer()
    servers.push(api)
    current = { api, store: serveIssues(api) }
  })
  afterAll(async () => {
    for (const s of servers) await s.stop()
  })
  const get = (): IssueServer => {
    if (!current) throw new Error('the GitHub API starts before each test')
    return current
  }
  return {
    get api() {
      return get().api
    },
    get store() {
      return get().store
    }
  }
}
