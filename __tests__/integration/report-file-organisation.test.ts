// The report file of an organisation scanned in one run of the bundled action, against the AWS
// emulator: it validates against its schema, and each account has evidence of its own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateAccountAliasCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { readFileSync } from 'node:fs'
import { startMoto, type Moto } from '../helpers/moto.js'
import { seen } from '../helpers/readable.js'
import { reportSchemaErrors } from '../helpers/report-schema.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { seedUsers, TEST_ACCOUNT, TEST_CREDENTIALS } from '../helpers/seed-iam.js'

interface Doc {
  readonly accountScans: ReadonlyArray<{
    readonly id: string
    readonly status: string
    readonly evidence?: { readonly awsCalls: ReadonlyArray<{ operation: string; calls: number }> }
  }>
}

let moto: Moto
beforeAll(async () => {
  moto = await startMoto()
})
afterAll(async () => {
  await moto.stop()
})

describe('the report of an organisation', () => {
  const ROLE = 'posturio-iam-mfa-audit'
  let dev = ''
  let prod = ''
  let run: BundleRun
  let doc: Doc

  /** IAM in `account`, through the audit role the emulator lets the test assume. */
  async function iamIn(account: string): Promise<IAMClient> {
    const sts = new STSClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS
    })
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/${ROLE}`,
        RoleSessionName: 'seed'
      })
    )
    return new IAMClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId: out.Credentials?.AccessKeyId ?? '',
        secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
        sessionToken: out.Credentials?.SessionToken ?? ''
      }
    })
  }

  beforeAll(async () => {
    const org = new OrganizationsClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS
    })
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
    const create = async (name: string): Promise<string> =>
      (
        await org.send(
          new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })
        )
      ).CreateAccountStatus?.AccountId ?? ''
    dev = await create('dev')
    prod = await create('prod')
    const devIam = await iamIn(dev)
    await devIam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-dev' }))
    await seedUsers(devIam, [{ name: 'alice', console: true }])
    await seedUsers(await iamIn(prod), [{ name: 'carol', console: true, mfa: true }])
    run = await runBundle(
      // The management account has no IAM user, so the emulator gives it an empty report: it stays
      // not scanned, as an account whose report cannot be read is, and the report says so.
      { 'organization-role-name': ROLE, 'grace-period-days': '0', 'fail-on-incomplete': 'false' },
      {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey
      }
    )
    doc = JSON.parse(readFileSync(run.outputs['report-file'] ?? '', 'utf8')) as Doc
  }, 120_000)

  it('validates against the schema, each account scanned with evidence of its own', () => {
    expect(run.code).toBe(0)
    expect(reportSchemaErrors(doc)).toEqual([])
    const notScanned = doc.accountScans.find(a => a.id === TEST_ACCOUNT)
    expect(notScanned?.status).toBe('incomplete')
    expect(notScanned?.evidence).toBeUndefined()
    for (const id of [dev, prod]) {
      const calls = doc.accountScans.find(a => a.id === id)?.evidence?.awsCalls ?? []
      expect(calls).toEqual(
        expect.arrayContaining([
          { operation: 'sts:AssumeRole', calls: 1 },
          { operation: 'iam:GetCredentialReport', calls: 1 }
        ])
      )
    }
  })

  it('names each account in the folded evidence of the summary', () => {
    const text = seen(run.summary)
    const evidence = text.slice(text.indexOf('Evidence for reviewers'))
    expect(evidence).toContain(`Account acme-dev (${dev})`)
    expect(evidence).toContain(`Account ${prod}`)
  })
})
