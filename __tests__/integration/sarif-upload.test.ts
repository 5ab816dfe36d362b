// The bundled action uploads SARIF to a local GitHub API that checks each request against GitHub's
// OpenAPI description: accepted and processed, refused, failed processing, and never after a failed scan.
import { codeTexts, links } from '../../scripts/lib/render-markdown.mjs'
import { expectReadable, seen } from '../helpers/readable.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'
import { runBundle } from '../helpers/run-bundle.js'

const SHA = 'a3c9f0e1b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0'
let api: GithubApiServer
let scanning: CodeScanning
beforeAll(async () => {
  api = await startGithubApiServer()
  scanning = serveCodeScanning(api)
})
afterAll(() => api.stop())
beforeEach(() => {
  api.requests.length = 0
  api.violations.length = 0
  scanning.uploads.length = 0
  scanning.polls.length = 0
  scanning.mode = 'accept'
})

const dir = mkdtempSync(join(tmpdir(), 'posturio-sarif-'))
function report(name: string, csv: string): string {
  const path = join(dir, name)
  writeFileSync(path, csv)
  return path
}
const failing = report(
  'failing.csv',
  reportCsv([
    rootRow({ mfa_active: 'true' }),
    userRow('alice'),
    userRow('bob', { mfa_active: 'true' }),
    userRow('carol+ops@x')
  ])
)
const clean = report(
  'clean.csv',
  reportCsv([rootRow({ mfa_active: 'true' }), userRow('bob', { mfa_active: 'true' })])
)

const github = (): Record<string, string> => ({
  GITHUB_API_URL: api.url,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/security-audits',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/main'
})
const inputs = (path: string, extra: Record<string, string> = {}) => ({
  'credential-report': path,
  'github-token': 'ghs_testtoken0123456789',
  'grace-period-days': '0',
  'create-issues': 'false',
  ...extra
})

describe('SARIF upload', () => {
  it('uploads a valid request, waits for processing, and links the alerts', async () => {
    const run = await runBundle(inputs(failing), github())
    expect(api.violations).toEqual([])
    expect(run.code).toBe(0)
    expect(scanning.uploads).toHaveLength(1)
    const upload = scanning.uploads[0]
    expect(upload?.body).toMatchObject({
      commit_sha: SHA,
      ref: 'refs/heads/main',
      tool_name: 'Posturio'
    })
    expect(upload?.log.runs).toHaveLength(1)
    expect(upload?.log.runs[0]?.automationDetails?.id).toBe('posturio/iam-mfa/123456789012/')
    expect(upload?.log.runs[0]?.results).toHaveLength(2)
    expect(scanning.polls).toEqual([upload?.id, upload?.id])
    expect(run.outputs['sarif-id']).toBe(upload?.id)
    expect(run.outputs['code-scanning-url']).toBe(
      'https://github.com/acme/security-audits/security/code-scanning?query=is%3Aopen%20tool%3APosturio'
    )
    expect(seen(run.summary)).toContain(
      'Code scanning: uploaded and processed, 2 results (one open alert each); alerts of fixed users close on their own. See the alerts.'
    )
    expect(links(run.summary).map(l => l.href)).toContain(run.outputs['code-scanning-url'])
    expectReadable(run.summary, [])
    expect(run.stdout).toContain('::add-mask::ghs_testtoken0123456789')
  })

  it('uploads a SARIF with zero results when nobody fails, so fixed alerts close', async () => {
    const run = await runBundle(inputs(clean), github())
    expect(run.code).toBe(0)
    expect(api.violations).toEqual([])
    expect(scanning.uploads[0]?.log.runs[0]?.results).toEqual([])
  })

  it('always writes the sarif-file, also when upload-sarif is false, and then sends nothing', async () => {
    const run = await runBundle(
      inputs(failing, { 'upload-sarif': 'false', 'sarif-file': 'out/iam.sarif' }),
      github()
    )
    expect(run.code).toBe(0)
    expect(api.requests).toEqual([])
    expect(run.outputs['sarif-file']).toBe(join(run.workDir, 'out', 'iam.sarif'))
    const log = JSON.parse(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')) as {
      runs: Array<{ results: unknown[] }>
    }
    expect(log.runs[0]?.results).toHaveLength(2)
    expect(seen(run.summary)).toContain(
      'Code scanning: not uploaded: upload-sarif is false. The SARIF file holds 2 results (see Files).'
    )
    expect(codeTexts(run.summary)).toContain('upload-sarif')
  })
})

describe('SARIF upload refused: a warning that says what to change, and the run goes on', () => {
  it('says to enable code scanning when Code Security is off', async () => {
    scanning.mode = 'code-security-off'
    const run = await runBundle(inputs(failing), github())
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /::warning::The SARIF was not uploaded: code scanning is not enabled for acme\/security-audits \(GitHub answered 403: Code Security must be enabled/
    )
    expect(run.outputs['non-compliant-count']).toBe('2')
    expect(run.outputs).not.toHaveProperty('sarif-id')
    expect(seen(run.summary)).toContain('Score 50.0%, grade D')
    expect(seen(run.summary)).toContain(
      'Code scanning: ⚠️ The SARIF was not uploaded: code scanning is not enabled for acme/security-audits'
    )
  })

  it('names the permissions line when the token may not write security events', async () => {
    scanning.mode = 'no-permission'
    const run = await runBundle(inputs(failing), github())
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Add permissions: security-events: write')
    expect(codeTexts(run.summary)).toContain('permissions: security-events: write')
  })

  it("shows GitHub's processing errors when processing fails", async () => {
    scanning.mode = 'processing-fails'
    const run = await runBundle(inputs(failing), github())
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /::warning::Code scanning could not process the SARIF \(id [\w-]+\): locationFromSarifResult: expected artifact location; run\[0\]: too many results/
    )
    expect(run.outputs['sarif-id']).toBe(scanning.uploads[0]?.id)
  })
})

describe('a scan that does not complete', () => {
  it('uploads nothing and writes no SARIF file, so no alert is closed', async () => {
    const broken = report('broken.csv', reportCsv([userRow('alice', { mfa_active: 'maybe' })]))
    const run = await runBundle(inputs(broken), github())
    expect(run.code).toBe(1)
    expect(api.requests).toEqual([])
    expect(existsSync(join(run.workDir, 'posturio-iam-mfa.sarif'))).toBe(false)
  })
})
