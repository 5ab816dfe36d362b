// AccessDenied from the emulator enforcing a real IAM policy: the action names the missing permission.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  PutUserPolicyCommand
} from '@aws-sdk/client-iam'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { runBundle } from '../helpers/run-bundle.js'
import { adminIam } from '../helpers/seed-iam.js'

let moto: Moto
let keys: { id: string; secret: string }

beforeAll(async () => {
  // The emulator enforces IAM policies after the first 3 requests: the ones that create the scanner.
  moto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '3' })
  const iam = adminIam(moto.endpoint)
  await iam.send(new CreateUserCommand({ UserName: 'scanner' }))
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'scanner' }))
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'scanner',
      PolicyName: 'too-narrow',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport'], Resource: '*' }]
      })
    })
  )
  keys = { id: key.AccessKey?.AccessKeyId ?? '', secret: key.AccessKey?.SecretAccessKey ?? '' }
})
afterAll(() => moto.stop())

describe('a role without the permissions the README lists', () => {
  it('ends the step naming iam:GetCredentialReport, and presents no verdict', async () => {
    const run = await runBundle(
      {},
      {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: keys.id,
        AWS_SECRET_ACCESS_KEY: keys.secret
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::AWS denied iam:GetCredentialReport (AccessDenied')
    expect(run.stdout).toContain('the README section "IAM policy" lists every action it needs')
    expect(run.outputs).toEqual({})
    expect(run.summary).toContain('the scan did not complete')
    expect(run.summary).not.toContain('Posture score')
  })
})

describe('a role with only the three detection permissions', () => {
  let narrow: Moto
  let narrowKeys: { id: string; secret: string }
  let api: GithubApiServer
  beforeAll(async () => {
    api = await startGithubApiServer()
    // 5 unauthenticated requests: the failing user (2) and the scanner with its policy (3).
    narrow = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '5' })
    const iam = adminIam(narrow.endpoint)
    await iam.send(new CreateUserCommand({ UserName: 'alice' }))
    await iam.send(
      new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Corr3ct-Horse-Battery!' })
    )
    await iam.send(new CreateUserCommand({ UserName: 'scanner' }))
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'scanner' }))
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'scanner',
        PolicyName: 'detection-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'iam:GenerateCredentialReport',
                'iam:GetCredentialReport',
                'iam:GetAccountSummary'
              ],
              Resource: '*'
            }
          ]
        })
      })
    )
    narrowKeys = {
      id: key.AccessKey?.AccessKeyId ?? '',
      secret: key.AccessKey?.SecretAccessKey ?? ''
    }
  })
  afterAll(async () => {
    await api.stop()
    await narrow.stop()
  })

  it('still completes: the failing user keeps the report verdict, marked not re-verified, and the summary warns', async () => {
    const run = await runBundle(
      { 'grace-period-days': '0', 'github-token': 'ghs_partial0123456789' },
      {
        AWS_ENDPOINT_URL: narrow.endpoint,
        AWS_ACCESS_KEY_ID: narrowKeys.id,
        AWS_SECRET_ACCESS_KEY: narrowKeys.secret
      }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['non-compliant-users'] ?? '[]')).toEqual([
      expect.objectContaining({ user: 'alice', severity: 'high' })
    ])
    expect(run.summary).toContain('0 fixed since the report, 0 still failing, 1 not re-verified')
    expect(run.summary).toMatch(/not re-verified&#58; AWS denied iam&#58;ListMFADevices/)
    expect(run.summary).toContain(
      'Part of the account could not be read: privilege, owner and exemption tags were not read'
    )
    expect(run.summary).toContain('no SARIF was uploaded and no tracking issue was changed')
    expect(run.stdout).toContain('::warning::No SARIF upload and no issue changes in this run')
    expect(api.requests).toEqual([])
    expect(run.stdout).toContain(
      '::warning::Privilege, owner and exemption tags were not read: AWS denied iam:GetAccountAuthorizationDetails'
    )
  })
})
