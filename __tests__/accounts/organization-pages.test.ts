// What the emulator cannot show: child OUs on several pages of ListChildren, and accounts whose
// `State` and retired `Status` disagree or where only one of them is present.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  OrganizationsClient,
  type Account,
  type Child,
  type ListAccountsForParentCommandInput,
  type ListChildrenCommandInput
} from '@aws-sdk/client-organizations'
import { mockClient } from 'aws-sdk-client-mock'
import { isActiveAccount, listOrganizationAccounts } from '../../src/accounts/organization.js'

const orgMock = mockClient(OrganizationsClient)
afterEach(() => {
  orgMock.reset()
})

const client = (): OrganizationsClient =>
  new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1 })
const meta = { $metadata: {} }
const ROOT_OU = 'ou-ab12-00000000'
const ou = (id: string): Child => ({ Id: id, Type: 'ORGANIZATIONAL_UNIT' })

describe('listOrganizationAccounts - child OUs over several pages', () => {
  it('follows NextToken through ListChildren and reads the OUs of every page', async () => {
    // The root OU has two child OUs, one on each page; they have none below them.
    const childPages: Record<string, { Children: Child[]; NextToken?: string }> = {
      [`${ROOT_OU}/`]: { Children: [ou('ou-ab12-11111111')], NextToken: 'page-2' },
      [`${ROOT_OU}/page-2`]: { Children: [ou('ou-ab12-22222222')] }
    }
    // A copy of each request: the SDK's paginator reuses one input object for every page.
    const requests: ListChildrenCommandInput[] = []
    orgMock.on(ListChildrenCommand).callsFake((input: ListChildrenCommandInput) => {
      requests.push({ ...input })
      return {
        ...meta,
        ...(childPages[`${input.ParentId}/${input.NextToken ?? ''}`] ?? { Children: [] })
      }
    })
    const accountsIn: Record<string, Account[]> = {
      'ou-ab12-11111111': [{ Id: '111111111111', Name: 'one', State: 'ACTIVE' }],
      'ou-ab12-22222222': [{ Id: '222222222222', Name: 'two', State: 'ACTIVE' }]
    }
    orgMock
      .on(ListAccountsForParentCommand)
      .callsFake((input: ListAccountsForParentCommandInput) => ({
        ...meta,
        Accounts: accountsIn[input.ParentId ?? ''] ?? []
      }))

    const accounts = await listOrganizationAccounts(client(), { organizationalUnits: [ROOT_OU] })
    expect(accounts).toEqual([
      { id: '111111111111', name: 'one' },
      { id: '222222222222', name: 'two' }
    ])
    expect(requests.filter(r => r.ParentId === ROOT_OU)).toEqual([
      { ParentId: ROOT_OU, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 20 },
      { ParentId: ROOT_OU, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 20, NextToken: 'page-2' }
    ])
  })
})

describe('isActiveAccount - State first, the retired Status only without it', () => {
  it.each<[string, Pick<Account, 'State' | 'Status'>, boolean]>([
    ['State ACTIVE', { State: 'ACTIVE' }, true],
    ['State ACTIVE, Status ACTIVE', { State: 'ACTIVE', Status: 'ACTIVE' }, true],
    ['State SUSPENDED', { State: 'SUSPENDED', Status: 'SUSPENDED' }, false],
    [
      'State PENDING_CLOSURE while Status still says ACTIVE',
      { State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
      false
    ],
    ['State CLOSED', { State: 'CLOSED' }, false],
    ['State PENDING_ACTIVATION', { State: 'PENDING_ACTIVATION' }, false],
    ['only Status ACTIVE (older answers)', { Status: 'ACTIVE' }, true],
    ['only Status SUSPENDED', { Status: 'SUSPENDED' }, false]
  ])('%s -> active %s', (_label, account, active) => {
    expect(isActiveAccount(account)).toBe(active)
  })

  it('leaves out of the list every account AWS does not call active', async () => {
    orgMock.on(ListAccountsCommand).resolves({
      ...meta,
      Accounts: [
        { Id: '000000000004', Name: 'closing', State: 'PENDING_CLOSURE', Status: 'ACTIVE' },
        { Id: '000000000003', Name: 'new', State: 'PENDING_ACTIVATION' },
        { Id: '000000000002', Name: 'legacy', Status: 'ACTIVE' },
        { Id: '000000000001', Name: 'live', State: 'ACTIVE' },
        { Id: '000000000005', Name: 'closed', State: 'CLOSED' }
      ]
    })
    const accounts = await listOrganizationAccounts(client(), { organizationalUnits: [] })
    expect(accounts).toEqual([
      { id: '000000000001', name: 'live' },
      { id: '000000000002', name: 'legacy' }
    ])
  })
})
