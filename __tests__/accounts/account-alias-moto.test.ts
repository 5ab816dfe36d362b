// Reading an account's alias from the AWS emulator: shown when set, and never a reason to fail.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateUserCommand,
  type IAMClient,
  PutUserPolicyCommand
} from '@aws-sdk/client-iam'
import { accountAlias } from '../../src/accounts/account-alias.js'
import { createIamClient } from '../../src/aws/clients.js'
import { startAwsFaultProxy, throttled, type AwsFaultProxy } from '../helpers/aws-fault-proxy.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { adminIam, TEST_CREDENTIALS } from '../helpers/seed-iam.js'

let moto: Moto
let proxy: AwsFaultProxy
const saved = { ...process.env }

beforeAll(async () => {
  moto = await startMoto()
  proxy = await startAwsFaultProxy(moto.endpoint)
})
afterAll(async () => {
  process.env = { ...saved }
  await proxy.stop()
  await moto.stop()
})
beforeEach(async () => {
  await moto.reset()
  await moto.resetAuth(Infinity)
  proxy.reset()
  process.env = { ...saved, AWS_ENDPOINT_URL_IAM: proxy.url }
})

const iam = (): IAMClient => createIamClient('us-east-1', TEST_CREDENTIALS)

describe('accountAlias', () => {
  it("gives the account's alias", async () => {
    await adminIam(moto.endpoint).send(new CreateAccountAliasCommand({ AccountAlias: 'acme-prod' }))
    const result = await accountAlias(iam())
    expect(result).toEqual({ alias: 'acme-prod' })
    expect(result).not.toHaveProperty('problem')
  })

  it('gives no alias and no problem when the account has none', async () => {
    const result = await accountAlias(iam())
    expect(result.alias).toBeUndefined()
    expect(result).not.toHaveProperty('problem')
  })

  it('shows the account by id, and says why, when the role may not read aliases', async () => {
    await adminIam(moto.endpoint).send(new CreateAccountAliasCommand({ AccountAlias: 'acme-prod' }))
    // From here the emulator enforces IAM policies, after the 3 calls that create the scanner.
    await moto.resetAuth(3)
    const admin = adminIam(moto.endpoint)
    await admin.send(new CreateUserCommand({ UserName: 'scanner' }))
    const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'scanner' }))
    await admin.send(
      new PutUserPolicyCommand({
        UserName: 'scanner',
        PolicyName: 'report-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:GetCredentialReport'], Resource: '*' }]
        })
      })
    )
    const scanner = createIamClient('us-east-1', {
      accessKeyId: key.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? ''
    })
    const result = await accountAlias(scanner)
    expect(result.alias).toBeUndefined()
    expect(result.problem).toMatch(
      /^AWS denied iam:ListAccountAliases \(AccessDenied: User: arn:aws:iam::123456789012:user\/scanner is not authorized to perform: iam:ListAccountAliases\), so the account is shown by its id; allow "iam:ListAccountAliases" in the role's policy to show its alias\.$/
    )
  })

  it('turns any other failure into a problem, not an error', async () => {
    process.env['AWS_MAX_ATTEMPTS'] = '2'
    proxy.plan([throttled('ListAccountAliases')])
    const result = await accountAlias(iam())
    expect(result.alias).toBeUndefined()
    expect(result.problem).toMatch(
      /^AWS kept throttling iam:ListAccountAliases after 2 attempts \(Throttling: Rate exceeded\)\..* The account is shown by its id\.$/
    )
    expect(proxy.counts()).toEqual({ ListAccountAliases: 2 })
  })
})
