// The bundled action run as a process against the AWS emulator, with credentials from GitHub OIDC.
import { headline, tables } from '../../scripts/lib/render-markdown.mjs'
import { expectReadable, seen } from '../helpers/readable.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startMoto, type Moto } from '../helpers/moto.js'
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.js'
import { runBundle } from '../helpers/run-bundle.js'
import { adminIam, seedUsers, TEST_ACCOUNT } from '../helpers/seed-iam.js'

const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/posturio-iam-mfa`
const ODD_NAME = 'dev+ops=1,a.b@c_d-e'

let moto: Moto
let oidc: OidcServer

beforeAll(async () => {
  moto = await startMoto()
  oidc = await startOidcServer()
})
afterAll(async () => {
  await oidc.stop()
  await moto.stop()
})
beforeEach(async () => {
  await moto.reset()
  oidc.requests.length = 0
  await seedUsers(adminIam(moto.endpoint), [
    { name: 'alice', console: true },
    { name: ODD_NAME, console: true },
    { name: 'bob', console: true, mfa: true },
    { name: 'ci-deploy', accessKey: true },
    { name: 'breakglass-1', console: true }
  ])
})

function oidcEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: moto.endpoint,
    ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
  }
}

const inputs = {
  'role-to-assume': ROLE,
  'aws-region': 'us-east-1',
  'grace-period-days': '0',
  'exempt-users': 'breakglass-* until=2099-12-31 # sealed credentials, reviewed quarterly'
}

describe('the action through OIDC against the emulator', () => {
  it('reports exactly the console users without MFA, with the right verdict for each kind of user', async () => {
    const run = await runBundle(inputs, oidcEnv())
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const users = JSON.parse(run.outputs['non-compliant-users'] ?? 'null') as Array<
      Record<string, string>
    >
    expect(users).toEqual([
      {
        account: TEST_ACCOUNT,
        user: 'alice',
        arn: `arn:aws:iam::${TEST_ACCOUNT}:user/alice`,
        severity: 'high',
        rule: 'iam.users_without_mfa'
      },
      {
        account: TEST_ACCOUNT,
        user: ODD_NAME,
        arn: `arn:aws:iam::${TEST_ACCOUNT}:user/${ODD_NAME}`,
        severity: 'high',
        rule: 'iam.users_without_mfa'
      }
    ])
    expect(run.outputs['non-compliant-count']).toBe('2')
    expect(run.outputs['score']).toBe('33.3')

    const report = JSON.parse(readFileSync(run.outputs['report-file'] ?? '', 'utf8')) as {
      evaluation: { findings: Array<{ user: string; verdict: string }> }
    }
    const verdicts = Object.fromEntries(report.evaluation.findings.map(f => [f.user, f.verdict]))
    expect(verdicts).toEqual({
      alice: 'fail',
      [ODD_NAME]: 'fail',
      bob: 'pass',
      'ci-deploy': 'not-applicable',
      'breakglass-1': 'exempt'
    })
  })

  it('gets its AWS credentials from the OIDC token for the configured audience', async () => {
    const run = await runBundle({ ...inputs, audience: 'sts.amazonaws.com' }, oidcEnv())
    expect(run.code).toBe(0)
    expect(oidc.requests).toHaveLength(1)
    expect(oidc.requests[0]?.audience).toBe('sts.amazonaws.com')
    expect(run.stdout).toContain(
      `Assumed arn:aws:sts::${TEST_ACCOUNT}:assumed-role/posturio-iam-mfa/posturio-iam-mfa`
    )
    expect(run.stdout).toContain(`Scanning AWS account ${TEST_ACCOUNT}`)
  })

  it('never prints the OIDC token or the temporary keys', async () => {
    const run = await runBundle(inputs, oidcEnv())
    expect(run.stdout).toMatch(/::add-mask::/)
    const masked = [...run.stdout.matchAll(/::add-mask::(.+)/g)].map(m => m[1] ?? '')
    expect(masked.length).toBeGreaterThanOrEqual(3)
    const visible = run.stdout.replace(/::add-mask::.+/g, '') + run.summary
    for (const secret of masked) expect(visible).not.toContain(secret)
  })

  it('writes a job summary with the score, the failing users and how to fix them', async () => {
    const run = await runBundle(inputs, oidcEnv())
    const text = seen(run.summary)
    expect(headline(run.summary)).toBe(
      '❌ IAM MFA check: 2 identities can sign in without MFA · 33.3% (F)'
    )
    expect(text).toContain('Score 33.3%, grade F: 1 of the 3 identities in scope passes and 2 fail')
    expect(tables(run.summary)[1]?.map(row => row[0])).toEqual(
      expect.arrayContaining(['identity', 'alice', 'dev+ops=1,a.b@c_d-e'])
    )
    expect(text).toContain('sealed credentials, reviewed quarterly')
    expect(run.summary).toContain('<details><summary>How to fix and verify</summary>')
    expectReadable(run.summary, ['dev+ops=1,a.b@c_d-e', 'sealed credentials, reviewed quarterly'])
  })

  it('treats a brand-new console user inside the grace period as pending, not failing', async () => {
    const run = await runBundle({ ...inputs, 'grace-period-days': '1' }, oidcEnv())
    expect(run.code).toBe(0)
    expect(run.outputs['non-compliant-count']).toBe('0')
    expect(seen(run.summary)).toContain('Pending (grace period)')
  })

  it('fails the step after reporting when fail-on is reached', async () => {
    const run = await runBundle({ ...inputs, 'fail-on': 'high' }, oidcEnv())
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::2 findings at or above fail-on: high')
    expect(run.outputs['non-compliant-count']).toBe('2')
    expect(seen(run.summary)).toContain('Score 33.3%, grade F')
  })

  it('uses the default credential chain when role-to-assume is empty', async () => {
    const run = await runBundle(
      { 'grace-period-days': '0' },
      {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
        AWS_SECRET_ACCESS_KEY: 'x'
      }
    )
    expect(run.code).toBe(0)
    expect(oidc.requests).toHaveLength(0)
    expect(run.stdout).toContain('using the default AWS credential chain')
    expect(run.outputs['non-compliant-count']).toBe('3')
  })
})
