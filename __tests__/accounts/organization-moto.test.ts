// Listing an organization's accounts against the AWS emulator: all of them, or those under some OUs,
// page by page, without closed accounts; and the messages for the mistakes people make.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient
} from '@aws-sdk/client-organizations'
import { listOrganizationAccounts } from '../../src/accounts/organization.js'
import { createOrganizationsClient } from '../../src/aws/clients.js'
import { AwsCallError } from '../../src/aws/aws-error.js'
import { InputError } from '../../src/config/input-error.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { TEST_ACCOUNT, TEST_CREDENTIALS } from '../helpers/seed-iam.js'
import { startOrganizationsProxy, type OrganizationsProxy } from './organizations-proxy.js'

let moto: Moto
let proxy: OrganizationsProxy
const saved = { ...process.env }

/** The organization the emulator holds for every test. */
interface Org {
  readonly root: string
  readonly ou: { prod: string; web: string; edge: string; dev: string; empty: string }
  /** Account name -> id, for the 25 member accounts `m00`..`m24`. */
  readonly ids: Map<string, string>
  readonly closed: string
}
let org: Org

/**
 * root ── management (TEST_ACCOUNT), m24
 *  ├── prod ── m22
 *  │    └── web ── m21
 *  │         └── edge ── m00..m20 (21 accounts, more than a page; m20 closed)
 *  ├── dev ── m23
 *  └── empty
 */
async function seedOrganization(endpoint: string): Promise<Org> {
  const admin = new OrganizationsClient({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS
  })
  await admin.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const root = (await admin.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? ''
  const createOu = async (parent: string, name: string): Promise<string> =>
    (await admin.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
      .OrganizationalUnit?.Id ?? ''
  const prod = await createOu(root, 'prod')
  const web = await createOu(prod, 'web')
  const edge = await createOu(web, 'edge')
  const dev = await createOu(root, 'dev')
  const empty = await createOu(root, 'empty')
  const ids = new Map<string, string>()
  for (let i = 0; i < 25; i++) {
    const name = `m${String(i).padStart(2, '0')}`
    const created = await admin.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })
    )
    ids.set(name, created.CreateAccountStatus?.AccountId ?? '')
  }
  const move = (name: string, to: string) =>
    admin.send(
      new MoveAccountCommand({
        AccountId: ids.get(name),
        SourceParentId: root,
        DestinationParentId: to
      })
    )
  for (let i = 0; i <= 20; i++) await move(`m${String(i).padStart(2, '0')}`, edge)
  await move('m21', web)
  await move('m22', prod)
  await move('m23', dev)
  const closed = ids.get('m20') ?? ''
  await admin.send(new CloseAccountCommand({ AccountId: closed }))
  return { root, ou: { prod, web, edge, dev, empty }, ids, closed }
}

beforeAll(async () => {
  moto = await startMoto()
  proxy = await startOrganizationsProxy(moto.endpoint)
  org = await seedOrganization(moto.endpoint)
  // The action's own client, pointed at the emulator the way a workflow would point it.
  process.env['AWS_ENDPOINT_URL_ORGANIZATIONS'] = proxy.url
})
afterAll(async () => {
  process.env = { ...saved }
  await proxy.stop()
  await moto.stop()
})
beforeEach(() => proxy.reset())

const client = (): OrganizationsClient => createOrganizationsClient('eu-west-1', TEST_CREDENTIALS)
const idsOf = (...names: string[]): string[] => names.map(n => org.ids.get(n) ?? '')
const members = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${String(from + i).padStart(2, '0')}`)
const sorted = (ids: string[]): string[] => [...ids].sort()

describe('listOrganizationAccounts - the whole organization', () => {
  it('lists every active account once, sorted by id, reading every page of ListAccounts', async () => {
    const accounts = await listOrganizationAccounts(client(), { organizationalUnits: [] })
    // 26 accounts in all: the management account, 25 members, one of them closed.
    expect(accounts).toHaveLength(25)
    expect(accounts.map(a => a.id)).toEqual(
      sorted([TEST_ACCOUNT, ...idsOf(...members(0, 19), ...members(21, 24))])
    )
    expect(accounts.map(a => a.id)).not.toContain(org.closed)
    expect(accounts.find(a => a.id === org.ids.get('m07'))).toEqual({
      id: org.ids.get('m07'),
      name: 'm07'
    })
    expect(accounts.find(a => a.id === TEST_ACCOUNT)?.name).toBe('master')
    // More than one page was read (AWS returns at most 20 accounts a page).
    expect(proxy.counts()).toEqual({ ListAccounts: 2 })
    expect(proxy.bodies('ListAccounts')[1]).toHaveProperty('NextToken')
  })
})

describe('listOrganizationAccounts - by organizational unit', () => {
  it('lists the accounts in an OU and in every OU below it, without closed ones', async () => {
    const accounts = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.prod]
    })
    expect(accounts.map(a => a.id)).toEqual(sorted(idsOf('m22', 'm21', ...members(0, 19))))
    // prod, web and edge (two pages: 21 accounts) for accounts; one ListChildren each.
    expect(proxy.counts()).toEqual({ ListAccountsForParent: 4, ListChildren: 3 })
  })

  it('lists an account once when OUs overlap, and reads each OU once', async () => {
    const accounts = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.web, org.ou.prod, org.ou.edge, org.ou.dev]
    })
    expect(accounts.map(a => a.id)).toEqual(sorted(idsOf('m23', 'm22', 'm21', ...members(0, 19))))
    expect(proxy.counts()).toEqual({ ListAccountsForParent: 5, ListChildren: 4 })
  })

  it('the root id stands for the whole organization', async () => {
    const byRoot = await listOrganizationAccounts(client(), { organizationalUnits: [org.root] })
    proxy.reset()
    const all = await listOrganizationAccounts(client(), { organizationalUnits: [] })
    expect(byRoot).toEqual(all)
  })

  it('an OU with no accounts gives an empty list', async () => {
    expect(
      await listOrganizationAccounts(client(), { organizationalUnits: [org.ou.empty] })
    ).toEqual([])
  })
})

describe('listOrganizationAccounts - mistakes and missing permissions', () => {
  it('names an OU the organization does not have, and the input it came from', async () => {
    const missing = 'ou-zzzz-zzzzzzzz'
    const error = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.dev, missing]
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AwsCallError)
    expect(error).toMatchObject({
      action: 'organizations:ListAccountsForParent',
      code: 'ParentNotFoundException'
    })
    expect((error as Error).message).toMatch(
      /^The organizational unit ou-zzzz-zzzzzzzz in `organizational-units` was not found in this organization \(ParentNotFoundException: .+\)\. Use OU ids \(ou-ab12-cd34ef56\) or the root id \(r-ab12\)/
    )
  })

  it('names the OU when AWS says the id does not match its pattern (InvalidInputException)', async () => {
    proxy.plan([{ operation: 'ListAccountsForParent', code: 'InvalidInputException' }])
    const error = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.prod]
    }).catch((e: unknown) => e)
    expect((error as Error).message).toContain(
      `The organizational unit ${org.ou.prod} in \`organizational-units\` was not found`
    )
  })

  it.each([
    [
      'prod',
      /^`organizational-units`: "prod" is not the id of an organizational unit or root\. Use OU ids/
    ],
    [
      TEST_ACCOUNT,
      /is not the id of an organizational unit or root\. That is an account id: list accounts in `accounts` instead\./
    ]
  ])('refuses "%s" as an OU before calling AWS', async (ou, message) => {
    const error = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.prod, ou]
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(message)
    expect(proxy.counts()).toEqual({})
  })

  it('says which permission and which account a denied ListAccounts needs', async () => {
    proxy.plan([{ operation: 'ListAccounts', code: 'AccessDeniedException' }])
    const error = await listOrganizationAccounts(client(), { organizationalUnits: [] }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(AwsCallError)
    expect((error as Error).message).toBe(
      "AWS denied organizations:ListAccounts (AccessDeniedException: You don't have permissions to " +
        'access this resource). Listing the organization\'s accounts needs "organizations:ListAccounts" ' +
        "in the policy of the IAM role this action runs as, and that role must be in the organization's " +
        'management account or in a delegated administrator account whose delegation policy allows ' +
        'these actions: a member account cannot list the organization.'
    )
  })

  it('names both OU permissions when listing by OU is denied', async () => {
    proxy.plan([{ operation: 'ListChildren', code: 'AccessDeniedException' }])
    const error = await listOrganizationAccounts(client(), {
      organizationalUnits: [org.ou.prod]
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ action: 'organizations:ListChildren' })
    expect((error as Error).message).toContain(
      'needs "organizations:ListAccountsForParent" and "organizations:ListChildren" in the policy'
    )
    expect((error as Error).message).toContain('management account or in a delegated administrator')
  })

  it('tells an account outside any organization to list its roles instead', async () => {
    proxy.plan([{ operation: 'ListAccounts', code: 'AWSOrganizationsNotInUseException' }])
    const error = await listOrganizationAccounts(client(), { organizationalUnits: [] }).catch(
      (e: unknown) => e
    )
    expect(error).toMatchObject({
      action: 'organizations:ListAccounts',
      code: 'AWSOrganizationsNotInUseException'
    })
    expect((error as Error).message).toBe(
      'organizations:ListAccounts failed: the AWS account of these credentials is not in an ' +
        'organization (AWSOrganizationsNotInUseException: Your account is not a member of an ' +
        'organization). To scan several accounts without AWS Organizations, set `role-to-assume` to ' +
        'one role ARN per line, one role in each account.'
    )
  })
})
