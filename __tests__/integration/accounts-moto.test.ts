// Several accounts in one run of the bundled action: an organisation in the AWS emulator (each account
// kept apart by the assumed role's account), one account whose role cannot be assumed, the GitHub API
// stand-in for issues and code scanning.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { CreateAccountAliasCommand, IAMClient } from '@aws-sdk/client-iam'
import { startAwsFaultProxy, failing, type AwsFaultProxy } from '../helpers/aws-fault-proxy.js'
import { headline, tables } from '../../scripts/lib/render-markdown.mjs'
import { serveCodeScanning } from '../helpers/code-scanning-api.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { issueServerPerTest } from '../helpers/issue-server.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'
import { seedUsers, TEST_ACCOUNT, TEST_CREDENTIALS } from '../helpers/seed-iam.js'

let moto: Moto
let proxy: AwsFaultProxy
let oidc: OidcServer
const github = issueServerPerTest()
/** Member accounts by name, created in the emulator's organisation. */
let dev = ''
let prod = ''
/** An organizational unit holding prod alone. */
let prodUnit = ''

const AUDIT_ROLE = 'posturio-iam-mfa-audit'
const roleIn = (account: string): string => `arn:aws:iam::${account}:role/${AUDIT_ROLE}`

async function iamIn(account: string): Promise<IAMClient> {
  const sts = new STSClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS
  })
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleIn(account), RoleSessionName: 'seed' })
  )
  const c = out.Credentials
  return new IAMClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? ''
    }
  })
}

beforeAll(async () => {
  moto = await startMoto()
  proxy = await startAwsFaultProxy(moto.endpoint)
  oidc = await startOidcServer()
})
afterAll(async () => {
  await oidc.stop()
  await proxy.stop()
  await moto.stop()
})
beforeEach(async () => {
  await moto.reset()
  proxy.reset()
  const org = new OrganizationsClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS
  })
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const create = async (name: string): Promise<string> =>
    (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })))
      .CreateAccountStatus?.AccountId ?? ''
  dev = await create('dev')
  prod = await create('prod')
  const root = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? ''
  prodUnit =
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'production' })))
      .OrganizationalUnit?.Id ?? ''
  await org.send(
    new MoveAccountCommand({ AccountId: prod, SourceParentId: root, DestinationParentId: prodUnit })
  )
  const devIam = await iamIn(dev)
  await devIam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-dev' }))
  await seedUsers(devIam, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true }
  ])
  await seedUsers(await iamIn(prod), [
    { name: 'carol', console: true },
    { name: 'dave', console: true }
  ])
  await seedUsers(await iamIn(TEST_ACCOUNT), [{ name: 'erin', console: true, mfa: true }])
})

const awsEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL: proxy.url,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey
})

async function scan(inputs: Record<string, string> = {}): Promise<BundleRun> {
  github.api.requests.length = 0
  const run = await runBundle(
    {
      'organization-role-name': AUDIT_ROLE,
      'github-token': 'ghs_orgtoken0123456789',
      'grace-period-days': '0',
      'upload-sarif': 'false',
      ...inputs
    },
    { ...awsEnv(), ...workflowEnv(github.api.url) }
  )
  expect(github.api.violations).toEqual([])
  return run
}

interface AccountOut {
  id: string
  alias: string | null
  status: string
  score: number | null
  grade: string | null
  failing: number | null
}
const accountsOf = (run: BundleRun): AccountOut[] =>
  JSON.parse(run.outputs['accounts'] ?? '[]') as AccountOut[]
const usersOf = (run: BundleRun): Array<{ account: string; user: string }> =>
  (
    JSON.parse(run.outputs['non-compliant-users'] ?? '[]') as Array<{
      account: string
      user: string
    }>
  )
    .map(u => ({ account: u.account, user: u.user }))
    .sort((a, b) => a.user.localeCompare(b.user))

describe('an organisation scanned in one run', () => {
  it("reports each account's users under their own account, with its alias and score", async () => {
    const scanning = serveCodeScanning(github.api)
    const run = await scan({ 'upload-sarif': 'true' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(usersOf(run)).toEqual([
      { account: dev, user: 'alice' },
      { account: prod, user: 'carol' },
      { account: prod, user: 'dave' }
    ])
    const accounts = accountsOf(run)
    expect(accounts.map(a => a.id).sort()).toEqual([TEST_ACCOUNT, dev, prod].sort())
    expect(accounts.find(a => a.id === dev)).toEqual({
      id: dev,
      alias: 'acme-dev',
      status: 'complete',
      score: 50,
      grade: 'D',
      failing: 1
    })
    expect(accounts.find(a => a.id === prod)).toMatchObject({ status: 'complete', failing: 2 })
    expect(accounts.find(a => a.id === TEST_ACCOUNT)).toMatchObject({
      status: 'complete',
      failing: 0
    })
    // One upload holds one run per account, each in its own category.
    expect(scanning.uploads).toHaveLength(1)
    expect(scanning.uploads[0]?.log.runs.map(r => r.automationDetails?.id).sort()).toEqual(
      [TEST_ACCOUNT, dev, prod].sort().map(a => `posturio/iam-mfa/${a}/`)
    )
    // Issues are per account, and the alias labels the account where people read it.
    expect(github.store.issues.map(i => i.title).sort()).toEqual([
      `IAM user alice in account acme-dev (${dev}) can sign in without MFA`,
      `IAM user carol in account ${prod} can sign in without MFA`,
      `IAM user dave in account ${prod} can sign in without MFA`
    ])
    // Each account's role was assumed once, from the base credentials.
    expect(proxy.counts()['AssumeRole']).toBe(3)
    expect(proxy.counts()['GetCredentialReport']).toBe(3)
  })

  it("isolates an account whose role cannot be assumed: its issues and alerts are untouched, the others' are right, and the step fails naming it", async () => {
    const scanning = serveCodeScanning(github.api)
    await scan({ 'upload-sarif': 'true' })
    const before = github.store.issues.filter(i => i.title.includes(prod)).map(i => ({ ...i }))
    expect(before).toHaveLength(2)
    // carol is fixed in prod and alice in dev, but prod cannot be read this time.
    await seedUsers(await iamIn(dev), [{ name: 'frank', console: true }])
    proxy.plan([{ ...failing('AssumeRole', 'AccessDenied'), params: { RoleArn: roleIn(prod) } }])
    const run = await scan({ 'upload-sarif': 'true' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      new RegExp(
        `^::error::1 account could not be scanned \\(${prod}\\): their issues and alerts were left as they were`,
        'm'
      )
    )
    const status = accountsOf(run).find(a => a.id === prod)
    expect(status).toEqual({
      id: prod,
      alias: null,
      status: 'incomplete',
      score: null,
      grade: null,
      failing: null
    })
    expect(usersOf(run)).toEqual([
      { account: dev, user: 'alice' },
      { account: dev, user: 'frank' }
    ])
    // prod's issues: not one write.
    const after = github.store.issues.filter(i => i.title.includes(prod))
    expect(after).toEqual(before)
    expect(
      github.api.requests.filter(
        r => r.method !== 'GET' && before.some(i => r.path.includes(`/issues/${i.number}`))
      )
    ).toEqual([])
    // dev's new failing user has its issue.
    expect(github.store.issues.some(i => i.title.includes('frank'))).toBe(true)
    // No run in prod's category: its alerts stay as they were.
    const last = scanning.uploads.at(-1)
    expect(last?.log.runs.map(r => r.automationDetails?.id).sort()).toEqual(
      [TEST_ACCOUNT, dev].sort().map(a => `posturio/iam-mfa/${a}/`)
    )
    // The summary, as GitHub renders it: the organisation first, the account not scanned worst.
    expect(headline(run.summary)).toBe(
      '❌ IAM MFA check: 2 failing identities · 50.0% (D) · 2/3 accounts scanned'
    )
    const accountsTable = tables(run.summary).find(t => t[0]?.[0] === 'account') ?? []
    expect(accountsTable[0]).toEqual(['account', 'alias', 'score', 'grade', 'failing', 'status'])
    expect(accountsTable[1]?.slice(0, 5)).toEqual([prod, '—', '—', '—', '—'])
    expect(accountsTable[1]?.[5]).toContain(`⛔ not scanned: Could not assume ${roleIn(prod)}`)
    expect(accountsTable.slice(2).map(r => r.slice(0, 5))).toEqual([
      [dev, 'acme-dev', '33.3%', 'F', '2'],
      [TEST_ACCOUNT, '—', '100.0%', 'A', '0']
    ])
    const summary = seen(run.summary)
    expect(summary).toContain(
      `1 account could not be scanned: ${prod}: Could not assume ${roleIn(prod)}`
    )
    expect(summary).toContain('its code scanning alerts and tracking issues were left untouched')
    expectReadable(run.summary, ['alice', 'frank'])
  })

  it("leaves an account read only in part as it was, beside the others' published results", async () => {
    const scanning = serveCodeScanning(github.api)
    await seedUsers(await iamIn(TEST_ACCOUNT), [{ name: 'gina', console: true }])
    await scan({ 'upload-sarif': 'true' })
    // Scanned one at a time, the first account in id order is denied its policy reads.
    const [partial, ...others] = [TEST_ACCOUNT, dev, prod].sort()
    const before = github.store.issues
      .filter(i => i.title.includes(partial ?? ''))
      .map(i => ({ ...i }))
    expect(before.length).toBeGreaterThan(0)
    // A new failing user there: with the account read whole, an issue would open.
    await seedUsers(await iamIn(partial ?? ''), [{ name: 'hal', console: true }])
    proxy.reset()
    proxy.plan([{ ...failing('GetAccountAuthorizationDetails', 'AccessDenied'), first: 1 }])
    const run = await scan({ 'upload-sarif': 'true', 'max-parallel-accounts': '1' })
    expect(run.code).toBe(0)
    expect(accountsOf(run).find(a => a.id === partial)?.status).toBe('partial')
    for (const other of others)
      expect(accountsOf(run).find(a => a.id === other)?.status).toBe('complete')
    expect(github.store.issues.filter(i => i.title.includes(partial ?? ''))).toEqual(before)
    expect(usersOf(run)).toContainEqual({ account: partial, user: 'hal' })
    expect(
      scanning.uploads
        .at(-1)
        ?.log.runs.map(r => r.automationDetails?.id)
        .sort()
    ).toEqual(others.map(a => `posturio/iam-mfa/${a}/`))
    expect(seen(run.summary)).toContain('1 account could be read only in part')
  })

  it('passes the step with fail-on-incomplete: false, still reporting the account as not scanned', async () => {
    proxy.plan([{ ...failing('AssumeRole', 'AccessDenied'), params: { RoleArn: roleIn(prod) } }])
    const run = await scan({ 'fail-on-incomplete': 'false', 'create-issues': 'false' })
    expect(run.code).toBe(0)
    expect(accountsOf(run).find(a => a.id === prod)?.status).toBe('incomplete')
    expect(run.stdout).toContain(`Could not assume ${roleIn(prod)} (AccessDenied`)
  })

  it('scans only the accounts asked for, and none excluded', async () => {
    const run = await scan({ accounts: `${dev}\n${prod}`, 'exclude-accounts': prod })
    expect(run.code).toBe(0)
    expect(accountsOf(run).map(a => a.id)).toEqual([dev])
    expect(proxy.counts()['AssumeRole']).toBe(1)
  })

  it('fails with every reason when no account can be scanned', async () => {
    proxy.plan([failing('AssumeRole', 'AccessDenied')])
    const run = await scan()
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^::error::No account could be scanned \(3 accounts\):/m)
    expect(github.api.writes()).toEqual([])
  })
})

describe('a list of roles, one per account, through OIDC', () => {
  it('assumes each role with the OIDC token and scans its account', async () => {
    const run = await runBundle(
      {
        'role-to-assume': `${roleIn(dev)}\n${roleIn(prod)}`,
        'grace-period-days': '0',
        'create-issues': 'false',
        'upload-sarif': 'false'
      },
      {
        AWS_ENDPOINT_URL: proxy.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
      }
    )
    expect(run.code).toBe(0)
    expect(proxy.counts()['AssumeRoleWithWebIdentity']).toBe(2)
    expect(usersOf(run)).toEqual([
      { account: dev, user: 'alice' },
      { account: prod, user: 'carol' },
      { account: prod, user: 'dave' }
    ])
    expect(accountsOf(run).map(a => [a.id, a.alias])).toEqual([
      [dev, 'acme-dev'],
      [prod, null]
    ])
  })
})

describe('mode: list-accounts', () => {
  it('writes a matrix of the accounts in chunks of accounts-per-job, and scans nothing', async () => {
    const run = await scan({ mode: 'list-accounts', 'accounts-per-job': '2' })
    expect(run.code).toBe(0)
    const matrix = JSON.parse(run.outputs['matrix'] ?? '') as {
      include: Array<{ accounts: string; name: string }>
    }
    expect(matrix.include).toHaveLength(2)
    expect(matrix.include.flatMap(j => j.accounts.split('\n')).sort()).toEqual(
      [TEST_ACCOUNT, dev, prod].sort()
    )
    expect(matrix.include.every(j => j.accounts.split('\n').length <= 2)).toBe(true)
    expect(new Set(matrix.include.map(j => j.name)).size).toBe(2)
    expect(proxy.counts()['GetCredentialReport']).toBeUndefined()
    expect(proxy.counts()['AssumeRole']).toBeUndefined()
    expect(github.api.requests).toEqual([])
  })

  it('lists only the accounts of the organizational units asked for', async () => {
    const run = await scan({ mode: 'list-accounts', 'organizational-units': prodUnit })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs['matrix'] ?? '')).toEqual({
      include: [{ accounts: prod, name: prod }]
    })
  })

  it("feeds a job per chunk that scans just its accounts, each job's results apart", async () => {
    const listed = await scan({ mode: 'list-accounts', 'accounts-per-job': '2' })
    const matrix = JSON.parse(listed.outputs['matrix'] ?? '') as {
      include: Array<{ accounts: string }>
    }
    const seenAccounts: string[] = []
    for (const job of matrix.include) {
      const run = await scan({ accounts: job.accounts, 'create-issues': 'false' })
      expect(run.code).toBe(0)
      seenAccounts.push(...accountsOf(run).map(a => a.id))
    }
    expect(seenAccounts.sort()).toEqual([TEST_ACCOUNT, dev, prod].sort())
  })
})
