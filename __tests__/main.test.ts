// `run` with in-memory runner IO and mocked AWS clients: root decisions and failures the emulator cannot stage.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { run } from '../src/main.js'
import { fakeDeps, fakeIo } from './helpers/fake-io.js'
import { fakeJwt } from './helpers/oidc-server.js'
import { reportCsv, rootRow, userRow } from './helpers/report-csv.js'

const iamMock = mockClient(IAMClient)
const stsMock = mockClient(STSClient)
afterEach(() => {
  iamMock.reset()
  stsMock.reset()
})

const clients = () => ({
  iam: new IAMClient({ region: 'us-east-1' }),
  sts: new STSClient({ region: 'us-east-1' })
})
const ROLE = 'arn:aws:iam::123456789012:role/posturio-iam-mfa'
const TOKEN = fakeJwt({ sub: 'repo:acme/infra:environment:audit', aud: 'sts.amazonaws.com' })
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?x=1',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
}

function liveReport(csv: string, summary: Record<string, number>): void {
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' })
  iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
  iamMock.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(csv),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date('2026-11-30T09:00:00Z')
  })
  iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: summary })
}

async function runWith(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  token?: string
) {
  const io = fakeIo(inputs, token)
  const deps = fakeDeps(io, clients())
  await run({ ...deps, env: { ...deps.env, ...env } })
  return io
}

const rootVerdict = (io: ReturnType<typeof fakeIo>) =>
  (JSON.parse(io.outputs['non-compliant-users'] ?? '[]') as Array<{ user: string }>).some(
    u => u.user === '<root_account>'
  )

describe('run: the root account with live credentials', () => {
  it('passes root without MFA when GetAccountSummary shows no root password and no keys (removed centrally)', async () => {
    liveReport(reportCsv([rootRow({ mfa_active: 'false' })]), {
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      AccountMFAEnabled: 0
    })
    const io = await runWith({})
    expect(io.failures).toEqual([])
    expect(rootVerdict(io)).toBe(false)
    expect(io.summary).toContain('no password and no access keys')
  })

  it('fails root as critical iam.root_without_mfa when it has a password and no MFA', async () => {
    liveReport(
      reportCsv([rootRow({ mfa_active: 'false' }), userRow('alice', { mfa_active: 'true' })]),
      {
        AccountPasswordPresent: 1,
        AccountAccessKeysPresent: 0,
        AccountMFAEnabled: 0
      }
    )
    const io = await runWith({ 'fail-on': 'critical' })
    expect(JSON.parse(io.outputs['non-compliant-users'] ?? '[]')).toEqual([
      {
        account: '123456789012',
        user: '<root_account>',
        arn: 'arn:aws:iam::123456789012:root',
        severity: 'critical',
        rule: 'iam.root_without_mfa'
      }
    ])
    expect(io.failures[0]).toMatch(/1 finding\(s\) at or above fail-on: critical/)
    expect(io.outputs['grade']).toBe('D')
  })

  it('reports the account from GetCallerIdentity and the report age', async () => {
    liveReport(reportCsv([userRow('alice')]), {
      AccountMFAEnabled: 1,
      AccountPasswordPresent: 1,
      AccountAccessKeysPresent: 0
    })
    const io = await runWith({})
    expect(io.logs.join('\n')).toContain('Scanning AWS account 123456789012')
    expect(io.summary).toContain('generated 2026-11-30 09:00 UTC, 3 h 0 min before this scan')
  })
})

describe('run: credentials through OIDC', () => {
  it('explains an unknown role or a trust policy that does not match, with the token subject', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures).toHaveLength(1)
    expect(io.failures[0]).toContain(`AWS refused to let this workflow assume ${ROLE}`)
    expect(io.failures[0]).toContain('sub "repo:acme/infra:environment:audit"')
    expect(io.failures[0]).toContain('"OIDC trust policy"')
    expect(io.secrets).toContain(TOKEN)
    expect(iamMock.calls()).toHaveLength(0)
  })

  it('says to create the OIDC identity provider when AWS rejects the token', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('No OpenIDConnect provider found in your account'), {
        name: 'InvalidIdentityToken',
        $metadata: {}
      })
    )
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures[0]).toMatch(
      /Create the IAM OIDC identity provider for https:\/\/token\.actions\.githubusercontent\.com/
    )
  })

  it('masks the token and every part of the temporary credentials', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAFAKE',
        SecretAccessKey: 'secret-part',
        SessionToken: 'session-part',
        Expiration: new Date()
      },
      AssumedRoleUser: {
        Arn: 'arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/s',
        AssumedRoleId: 'x'
      }
    })
    liveReport(reportCsv([userRow('alice', { mfa_active: 'true' })]), { AccountMFAEnabled: 1 })
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures).toEqual([])
    expect(io.secrets).toEqual(
      expect.arrayContaining([TOKEN, 'ASIAFAKE', 'secret-part', 'session-part'])
    )
  })
})

describe('run: a scan that does not complete presents no result', () => {
  it('sets no outputs and says what failed when the report never completes', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' })
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' })
    const io = await runWith({})
    expect(io.failures).toHaveLength(1)
    expect(io.failures[0]).toMatch(/did not become available within 60 s/)
    expect(io.outputs).toEqual({})
    expect(io.summary).toContain('the scan did not complete')
    expect(io.summary).not.toContain('Posture score')
  })

  it('names the missing permission when GetAccountSummary is denied, and presents no verdicts', async () => {
    liveReport(reportCsv([userRow('alice')]), {})
    iamMock.on(GetAccountSummaryCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const io = await runWith({})
    expect(io.failures[0]).toMatch(/AWS denied iam:GetAccountSummary/)
    expect(io.outputs).toEqual({})
  })

  it('reports an unexpected failure of an AWS call once, naming the call', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' })
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).callsFake(() => {
      throw new TypeError('boom')
    })
    const io = await runWith({})
    expect(io.failures).toEqual(['iam:GetCredentialReport failed (TypeError: boom).'])
    expect(io.outputs).toEqual({})
  })
})
