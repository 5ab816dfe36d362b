// uploadSarif against the local GitHub API (checked against GitHub's OpenAPI description), with a
// fake clock for the bounded wait.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { explainRefusal, uploadSarif } from '../../src/sarif/upload-sarif.js'

let api: GithubApiServer
let scanning: CodeScanning
beforeAll(async () => {
  api = await startGithubApiServer()
  scanning = serveCodeScanning(api)
})
afterAll(() => api.stop())
beforeEach(() => {
  api.requests.length = 0
  scanning.uploads.length = 0
  scanning.polls.length = 0
})

const target = { owner: 'acme', repo: 'audits', commitSha: 'a'.repeat(40), ref: 'refs/heads/main' }
const LOG = JSON.stringify({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'Posturio' } }, results: [] }]
})

function clock() {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    options: {
      sleep: async (ms: number) => {
        sleeps.push(ms)
        now += ms
      },
      nowMs: () => now,
      maxWaitMs: 120_000,
      log: () => undefined
    }
  }
}

describe('uploadSarif', () => {
  it('gzips and base64-encodes the log, and reports complete after polling', async () => {
    scanning.mode = 'accept'
    const c = clock()
    const outcome = await uploadSarif(getOctokit('t', { baseUrl: api.url }), target, LOG, c.options)
    expect(outcome).toEqual({ status: 'complete', id: scanning.uploads[0]?.id })
    expect(scanning.uploads[0]?.log).toEqual(JSON.parse(LOG))
    expect(api.violations).toEqual([])
  })

  it('stops waiting after the bound and warns instead of failing', async () => {
    scanning.mode = 'never-finishes'
    const c = clock()
    const outcome = await uploadSarif(getOctokit('t', { baseUrl: api.url }), target, LOG, c.options)
    expect(outcome.status).toBe('timeout')
    expect('warning' in outcome ? outcome.warning.plain : '').toMatch(
      /had not finished processing the SARIF \(id [\w-]+\) after 120 s/
    )
    expect(c.sleeps.reduce((a, b) => a + b, 0)).toBe(120_000)
    expect(c.sleeps[1]).toBeGreaterThan(c.sleeps[0] ?? Infinity)
  })
})

describe('explainRefusal', () => {
  it.each([
    [
      {
        status: 403,
        message: 'Advanced Security must be enabled for this repository to use code scanning.'
      },
      /code scanning is not enabled for acme\/audits/
    ],
    [
      { status: 403, message: 'Repository was archived so is read-only.' },
      /is archived and read-only/
    ],
    [
      { status: 403, message: 'Resource not accessible by integration' },
      /permissions: security-events: write/
    ],
    [{ status: 404, message: 'Not Found' }, /was not found for this token/],
    [{ status: 413, message: 'Payload Too Large' }, /10 MB gzipped/]
  ])('explains %p', (error, message) => {
    expect(explainRefusal(error, target).plain).toMatch(message)
  })

  it("writes settings as code in Markdown and keeps GitHub's answer inert", () => {
    const why = explainRefusal({ status: 403, message: 'Denied <b>@octocat</b>' }, target)
    expect(why.markdown).toContain('`permissions: security-events: write`')
    expect(why.markdown).not.toMatch(/<b>|@octocat/)
    expect(why.plain).toContain('(GitHub answered 403: Denied <b>@octocat</b>)')
    expect(why.plain).toContain('Add permissions: security-events: write')
  })
})
