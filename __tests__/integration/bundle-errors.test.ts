// Configuration and report errors, as the runner meets them: each ends the step with one clear message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportCsv, userRow } from '../helpers/report-csv.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'

// Any request reaching this server means the action went to the network when it should not have.
let requests = 0
let trap: Server
let trapUrl = ''
beforeAll(async () => {
  trap = createServer((_req, res) => {
    requests++
    res.writeHead(500).end()
  })
  await new Promise<void>(resolve => trap.listen(0, '127.0.0.1', resolve))
  const address = trap.address()
  trapUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>(resolve => trap.close(() => resolve())))
beforeEach(() => {
  requests = 0
})

const dir = mkdtempSync(join(tmpdir(), 'posturio-reports-'))
function reportFile(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function networkEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: trapUrl,
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    ACTIONS_ID_TOKEN_REQUEST_URL: `${trapUrl}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token'
  }
}

function expectCleanFailure(run: BundleRun, message: RegExp): void {
  expect(run.code).toBe(1)
  const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(message)
  expect(run.outputs).toEqual({})
  expect(seen(run.summary)).toContain('the scan did not complete')
  expectReadable(run.summary, [])
}

describe('bad inputs fail before any network call', () => {
  it.each([
    [
      'role-to-assume',
      { 'role-to-assume': 'posturio-iam-mfa' },
      /Input `role-to-assume` must be an IAM role ARN, e\.g\. `role-to-assume: arn:aws:iam::/
    ],
    [
      'aws-region',
      { 'aws-region': 'Virginia' },
      /Input `aws-region` must be an AWS region code, e\.g\. `aws-region: us-east-1`/
    ],
    [
      'role-session-name',
      { 'role-session-name': 'has spaces' },
      /Input `role-session-name` must be 2-64 characters/
    ],
    [
      'grace-period-days',
      { 'grace-period-days': '-1' },
      /Input `grace-period-days` must be a whole number of days from 0 to 365, e\.g\. `grace-period-days: 1`/
    ],
    ['inactive-days', { 'inactive-days': 'soon' }, /Input `inactive-days` must be a whole number/],
    [
      'fail-on',
      { 'fail-on': 'low' },
      /Input `fail-on` must be one of none, critical, high, medium, e\.g\. `fail-on: high`/
    ],
    [
      'exempt-users',
      { 'exempt-users': 'ok-user\nbad user until=2027-13-01' },
      /Input `exempt-users` line 2/
    ]
  ])('%s', async (_name, inputs, message) => {
    const run = await runBundle(
      { 'role-to-assume': 'arn:aws:iam::123456789012:role/x', ...inputs },
      networkEnv()
    )
    expectCleanFailure(run, message)
    expect(requests).toBe(0)
  })
})

describe('OIDC without the id-token permission', () => {
  it('says which permissions line to add to the workflow', async () => {
    const env = networkEnv()
    delete env['ACTIONS_ID_TOKEN_REQUEST_URL']
    delete env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']
    const run = await runBundle(
      { 'role-to-assume': 'arn:aws:iam::123456789012:role/posturio-iam-mfa' },
      env
    )
    expectCleanFailure(
      run,
      /cannot request an OIDC token from GitHub\. Add `permissions: \{ id-token: write, contents: read \}`/
    )
    expect(requests).toBe(0)
  })
})

describe('a saved report that cannot be trusted', () => {
  it.each([
    [
      'a bad boolean',
      reportCsv([userRow('alice', { mfa_active: 'maybe' })]),
      /line 2, column mfa_active holds "maybe" where true or false was expected/
    ],
    [
      'missing columns',
      'user,arn,password_enabled\nalice,arn:aws:iam::123456789012:user/alice,true\n',
      /::error::Input `credential-report` \(.*missing-columns\.csv\): its header lacks the columns user_creation_time, password_last_used, mfa_active, access_key_1_active, access_key_2_active/
    ],
    [
      'no rows',
      reportCsv([]),
      /::error::Input `credential-report` \(.*no-rows\.csv\): it has a header but no rows/
    ],
    [
      'broken quoting',
      'user,arn\n"alice,arn:aws:iam::1:user/alice\n',
      /it is not valid CSV: a quoted field is never closed.*run `aws iam generate-credential-report`/
    ],
    [
      'a non-IAM ARN',
      reportCsv([userRow('alice', { arn: 'arn:aws:s3:::bucket' })]),
      /line 2 has ARN "arn:aws:s3:::bucket", which is not an IAM user or root ARN/
    ],
    [
      'one user in two rows',
      reportCsv([userRow('alice'), userRow('bob'), userRow('Alice')]),
      /::error::Input `credential-report` \(.*one-user-in-two-rows\.csv\): lines 2 and 4 list the same user as "alice" and "Alice": IAM user names are unique whatever their case/
    ],
    [
      'two accounts',
      reportCsv([userRow('alice'), userRow('bob', {}, '444455556666')]),
      /it lists 2 accounts, 123456789012 \(line 2\) and 444455556666 \(line 3\), but a credential report covers one account/
    ],
    [
      'a name its ARN contradicts',
      reportCsv([userRow('alice', { arn: 'arn:aws:iam::123456789012:user/admin' })]),
      /line 2 lists the user "alice" with the ARN "arn:aws:iam::123456789012:user\/admin", which names the user "admin"\. A credential report from AWS never has this\. Save the report/
    ],
    [
      'a name too long for IAM',
      reportCsv([userRow('x'.repeat(65))]),
      /line 2 has a user name of 65 characters \("x{64}…"\), longer than the 64 IAM allows/
    ],
    [
      'a generation time tomorrow',
      JSON.stringify({
        Content: Buffer.from(reportCsv([userRow('alice')])).toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: new Date(Date.now() + 86_400_000).toISOString()
      }),
      /::error::Input `credential-report` \(.*a-generation-time-tomorrow\.csv\): it says AWS generated it at .+ UTC, 2\d h \d+ min after this run's clock/
    ]
  ])('%s', async (name, text, message) => {
    const path = reportFile(`${name.replace(/\W/g, '-')}.csv`, text)
    const run = await runBundle({ 'credential-report': path }, networkEnv())
    expectCleanFailure(run, message)
    expect(requests).toBe(0)
  })

  it('names the input when the file does not exist', async () => {
    const run = await runBundle({ 'credential-report': 'reports/missing.csv' }, networkEnv())
    expectCleanFailure(
      run,
      /::error::Input `credential-report` \(reports\/missing\.csv\): there is no such file \(ENOENT, looked for \/.*\)/
    )
  })
})

describe('a saved report that is fine', () => {
  it('is judged offline with no AWS call, and says so', async () => {
    const path = reportFile(
      'ok.csv',
      reportCsv([userRow('alice'), userRow('bob', { mfa_active: 'TRUE' })])
    )
    const run = await runBundle({ 'credential-report': path }, networkEnv())
    expect(run.code).toBe(0)
    expect(requests).toBe(0)
    expect(run.outputs['non-compliant-count']).toBe('1')
    const summary = seen(run.summary)
    expect(summary).toContain('saved report (offline)')
    expect(summary).toContain(
      `Credential report: generation time unknown (file ${path}; a decoded CSV does not record it, the JSON that aws iam get-credential-report prints does).`
    )
    expect(summary).toContain(
      'Live re-verification: not possible: a saved report cannot be checked against the account'
    )
    // Outside GitHub Actions there is no artifact to upload to: the summary says so and why.
    expect(summary).toMatch(/^Files: no artifact: not running in GitHub Actions \(.+\)/m)
    expect(run.outputs).not.toHaveProperty('artifact-url')
    expectReadable(run.summary, ['alice', 'bob'])
  })
})
