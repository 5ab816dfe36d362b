// Reading the policies, groups and tags of the users who can call AWS, against a mocked IAM client.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  GetAccountAuthorizationDetailsCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  type GetAccountAuthorizationDetailsCommandOutput
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import {
  chooseStrategy,
  PER_USER_CALLS,
  readAuthorization,
  USERS_PER_DETAILS_PAGE
} from '../../src/aws/authorization.js'
import { AwsCallError } from '../../src/aws/aws-error.js'
import { privilegedVia } from '../../src/core/privilege.js'

const iamMock = mockClient(IAMClient)
afterEach(() => {
  iamMock.reset()
})

const iam = (): IAMClient => new IAMClient({ region: 'us-east-1', maxAttempts: 1 })
const meta = { $metadata: {} }
const ACCOUNT = '123456789012'
const NOW = new Date('2026-11-30T12:00:00Z')

const encode = (document: unknown): string => encodeURIComponent(JSON.stringify(document))
const allow = (action: string, resource = '*'): string =>
  encode({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }]
  })
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const READONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
const localArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`

function denied(message = 'User is not authorized to perform this action'): Error {
  return Object.assign(new Error(message), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 }
  })
}

// --- Which strategy costs fewer calls. ---

describe('chooseStrategy', () => {
  it('plans for the documented costs', () => {
    expect(PER_USER_CALLS).toBe(4)
    expect(USERS_PER_DETAILS_PAGE).toBe(100)
  })

  it.each<[number, number, 'account-details' | 'per-user']>([
    [20, 200, 'account-details'],
    [1, 50, 'account-details'],
    [1, 0, 'account-details'],
    [1, 300, 'account-details'],
    [1, 301, 'per-user'],
    [1, 400, 'per-user'],
    [2, 800, 'per-user'],
    [2, 700, 'account-details'],
    [3, 1200, 'per-user'],
    [3, 1100, 'account-details'],
    [100, 5000, 'account-details'],
    [0, 10, 'per-user']
  ])('with %i users to read of %i picks %s', (wanted, total, strategy) => {
    expect(chooseStrategy(wanted, total)).toBe(strategy)
  })
})

describe('readAuthorization with no user to read', () => {
  it('returns nothing and makes no call', async () => {
    const got = await readAuthorization(iam(), [], 10)
    expect(got.users.size).toBe(0)
    expect(got.local.size).toBe(0)
    expect(iamMock.calls()).toHaveLength(0)
  })
})

// --- One paginated GetAccountAuthorizationDetails pass. ---

describe('readAuthorization through GetAccountAuthorizationDetails', () => {
  type Page = Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata'>
  const page1: Page = {
    IsTruncated: true,
    Marker: 'page-2',
    UserDetailList: [
      {
        UserName: 'alice',
        Tags: [
          { Key: 'owner', Value: 'octocat' },
          { Key: 'mfa-exempt', Value: 'sealed;until=2027-01-31' }
        ],
        GroupList: ['admins', 'readers'],
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }],
        UserPolicyList: [
          { PolicyName: 'inline-s3', PolicyDocument: allow('s3:*', 'arn:aws:s3:::b') }
        ]
      },
      { UserName: 'not-failing', GroupList: ['admins'] }
    ],
    GroupDetailList: [
      {
        GroupName: 'readers',
        AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }],
        GroupPolicyList: []
      }
    ],
    Policies: [
      {
        PolicyName: 'local-iam',
        Arn: localArn('local-iam'),
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          { VersionId: 'v1', IsDefaultVersion: false, Document: allow('s3:GetObject') },
          { VersionId: 'v2', IsDefaultVersion: true, Document: allow('iam:*') }
        ]
      }
    ]
  }
  const page2: Page = {
    IsTruncated: false,
    UserDetailList: [
      {
        UserName: 'bob',
        GroupList: ['devs'],
        AttachedManagedPolicies: [{ PolicyName: 'local-iam', PolicyArn: localArn('local-iam') }]
      },
      { UserName: 'also-not-failing' }
    ],
    GroupDetailList: [
      {
        GroupName: 'admins',
        AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }]
      },
      {
        GroupName: 'devs',
        GroupPolicyList: [{ PolicyName: 'devs-inline', PolicyDocument: allow('*') }]
      }
    ],
    Policies: [
      {
        PolicyName: 'old-admin',
        Arn: localArn('old-admin'),
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          { VersionId: 'v3', IsDefaultVersion: false, Document: allow('*') },
          { VersionId: 'v1', IsDefaultVersion: true, Document: allow('s3:GetObject') }
        ]
      }
    ]
  }

  function mockPages(): void {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .callsFake((input: { Marker?: string }) => (input.Marker === 'page-2' ? page2 : page1))
  }

  it('reads every page, following the Marker', async () => {
    mockPages()
    const got = await readAuthorization(iam(), ['alice', 'bob'], 200)
    expect(got.strategy).toBe('account-details')
    const calls = iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)
    expect(calls).toHaveLength(2)
    expect(calls[1]?.args[0].input).toMatchObject({ Marker: 'page-2' })
    expect(calls[0]?.args[0].input.Filter).toEqual(
      expect.arrayContaining(['User', 'Group', 'LocalManagedPolicy'])
    )
  })

  it('keeps only the wanted users', async () => {
    mockPages()
    const got = await readAuthorization(iam(), ['alice', 'bob'], 200)
    expect([...got.users.keys()].sort()).toEqual(['alice', 'bob'])
  })

  it('reads tags, attached and inline policies of a user', async () => {
    mockPages()
    const alice = (await readAuthorization(iam(), ['alice', 'bob'], 200)).users.get('alice')
    expect(alice?.tags).toEqual({ owner: 'octocat', 'mfa-exempt': 'sealed;until=2027-01-31' })
    expect(alice?.attached).toEqual([{ name: 'ReadOnlyAccess', arn: READONLY_ARN }])
    expect(alice?.inline.map(p => p.name)).toEqual(['inline-s3'])
  })

  it('resolves group membership across pages, in the user’s group order', async () => {
    mockPages()
    const got = await readAuthorization(iam(), ['alice', 'bob'], 200)
    const alice = got.users.get('alice')
    expect(alice?.groups.map(g => g.name)).toEqual(['admins', 'readers'])
    expect(alice?.groups[0]?.attached).toEqual([{ name: 'AdministratorAccess', arn: ADMIN_ARN }])
    expect(got.users.get('bob')?.groups[0]?.inline.map(p => p.name)).toEqual(['devs-inline'])
  })

  it('takes the default version of each local managed policy', async () => {
    mockPages()
    const got = await readAuthorization(iam(), ['alice', 'bob'], 200)
    expect(got.local.get(localArn('local-iam'))).toBe(allow('iam:*'))
    expect(got.local.get(localArn('old-admin'))).toBe(allow('s3:GetObject'))
  })

  it('gives privilegedVia what it needs to name the policy', async () => {
    mockPages()
    const got = await readAuthorization(iam(), ['alice', 'bob'], 200)
    const via = (u: string): string | undefined => {
      const a = got.users.get(u)
      return a ? privilegedVia(a, got.local)?.plain : 'missing'
    }
    expect(via('alice')).toBe('group admins: attached policy AdministratorAccess')
    expect(via('bob')).toBe('attached policy local-iam (allows iam:*)')
  })

  it('gives a member of a group missing from the details an empty group', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [{ UserName: 'carol', GroupList: ['ghosts'] }]
    })
    const got = await readAuthorization(iam(), ['carol'], 10)
    expect(got.users.get('carol')?.groups).toEqual([{ name: 'ghosts', attached: [], inline: [] }])
  })

  it('rejects with a message naming iam:GetAccountAuthorizationDetails when AWS denies it', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(denied())
    const attempt = readAuthorization(iam(), ['alice'], 10)
    await expect(attempt).rejects.toThrow(AwsCallError)
    await expect(attempt).rejects.toThrow(/AWS denied iam:GetAccountAuthorizationDetails/)
  })

  it('rejects naming the action when the second page is denied', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolvesOnce(page1).rejectsOnce(denied())
    await expect(readAuthorization(iam(), ['alice'], 10)).rejects.toThrow(
      /iam:GetAccountAuthorizationDetails/
    )
  })
})

// --- Per-user list calls. ---

/** Per IAM action of the per-user path: how many times it was called, and a way to make AWS deny it. */
const PER_USER_ACTIONS: Record<string, { calls: () => number; deny: () => void }> = {
  'iam:ListUserTags': {
    calls: () => iamMock.commandCalls(ListUserTagsCommand).length,
    deny: () => {
      iamMock.on(ListUserTagsCommand).rejects(denied())
    }
  },
  'iam:ListAttachedUserPolicies': {
    calls: () => iamMock.commandCalls(ListAttachedUserPoliciesCommand).length,
    deny: () => {
      iamMock.on(ListAttachedUserPoliciesCommand).rejects(denied())
    }
  },
  'iam:ListUserPolicies': {
    calls: () => iamMock.commandCalls(ListUserPoliciesCommand).length,
    deny: () => {
      iamMock.on(ListUserPoliciesCommand).rejects(denied())
    }
  },
  'iam:GetUserPolicy': {
    calls: () => iamMock.commandCalls(GetUserPolicyCommand).length,
    deny: () => {
      iamMock.on(GetUserPolicyCommand).rejects(denied())
    }
  },
  'iam:ListGroupsForUser': {
    calls: () => iamMock.commandCalls(ListGroupsForUserCommand).length,
    deny: () => {
      iamMock.on(ListGroupsForUserCommand).rejects(denied())
    }
  },
  'iam:ListAttachedGroupPolicies': {
    calls: () => iamMock.commandCalls(ListAttachedGroupPoliciesCommand).length,
    deny: () => {
      iamMock.on(ListAttachedGroupPoliciesCommand).rejects(denied())
    }
  },
  'iam:ListGroupPolicies': {
    calls: () => iamMock.commandCalls(ListGroupPoliciesCommand).length,
    deny: () => {
      iamMock.on(ListGroupPoliciesCommand).rejects(denied())
    }
  },
  'iam:GetGroupPolicy': {
    calls: () => iamMock.commandCalls(GetGroupPolicyCommand).length,
    deny: () => {
      iamMock.on(GetGroupPolicyCommand).rejects(denied())
    }
  },
  'iam:GetPolicy': {
    calls: () => iamMock.commandCalls(GetPolicyCommand).length,
    deny: () => {
      iamMock.on(GetPolicyCommand).rejects(denied())
    }
  },
  'iam:GetPolicyVersion': {
    calls: () => iamMock.commandCalls(GetPolicyVersionCommand).length,
    deny: () => {
      iamMock.on(GetPolicyVersionCommand).rejects(denied())
    }
  }
}
const perUserAction = (action: string): { calls: () => number; deny: () => void } => {
  const found = PER_USER_ACTIONS[action]
  if (!found) throw new Error(`no probe for ${action}`)
  return found
}

describe('readAuthorization per user', () => {
  // alice: tagged, ReadOnlyAccess, inline "mine", groups devs + admins. bob: groups devs.
  // devs: customer managed "devs-policy" (default v3 allows iam:*) and inline "devs-inline".
  // admins: AdministratorAccess.
  const USERS = ['alice', 'bob']
  const TOTAL = 1000 // 10 details pages > 2 users * 4 calls: per-user is cheaper

  function mockAccount(): void {
    iamMock
      .on(ListUserTagsCommand)
      .callsFake((input: { UserName?: string }) =>
        input.UserName === 'alice'
          ? { Tags: [{ Key: 'owner', Value: 'acme/platform-team' }] }
          : { Tags: [] }
      )
    iamMock
      .on(ListAttachedUserPoliciesCommand)
      .callsFake((input: { UserName?: string }) =>
        input.UserName === 'alice'
          ? { AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READONLY_ARN }] }
          : { AttachedPolicies: [] }
      )
    iamMock.on(ListUserPoliciesCommand).callsFake((input: { UserName?: string }) => ({
      PolicyNames: input.UserName === 'alice' ? ['mine'] : []
    }))
    iamMock
      .on(GetUserPolicyCommand)
      .callsFake((input: { UserName?: string; PolicyName?: string }) => ({
        UserName: input.UserName,
        PolicyName: input.PolicyName,
        PolicyDocument: allow('s3:GetObject', 'arn:aws:s3:::b/*')
      }))
    const group = (name: string) => ({
      GroupName: name,
      GroupId: `AGPA${name.toUpperCase()}`,
      Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
      Path: '/',
      CreateDate: NOW
    })
    iamMock.on(ListGroupsForUserCommand).callsFake((input: { UserName?: string }) => ({
      Groups: input.UserName === 'alice' ? [group('devs'), group('admins')] : [group('devs')]
    }))
    iamMock.on(ListAttachedGroupPoliciesCommand).callsFake((input: { GroupName?: string }) =>
      input.GroupName === 'admins'
        ? { AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_ARN }] }
        : {
            AttachedPolicies: [{ PolicyName: 'devs-policy', PolicyArn: localArn('devs-policy') }]
          }
    )
    iamMock.on(ListGroupPoliciesCommand).callsFake((input: { GroupName?: string }) => ({
      PolicyNames: input.GroupName === 'devs' ? ['devs-inline'] : []
    }))
    iamMock
      .on(GetGroupPolicyCommand)
      .callsFake((input: { GroupName?: string; PolicyName?: string }) => ({
        GroupName: input.GroupName,
        PolicyName: input.PolicyName,
        PolicyDocument: allow('ec2:Describe*')
      }))
    iamMock.on(GetPolicyCommand).callsFake((input: { PolicyArn?: string }) => ({
      Policy: { Arn: input.PolicyArn, PolicyName: 'devs-policy', DefaultVersionId: 'v3' }
    }))
    iamMock
      .on(GetPolicyVersionCommand)
      .callsFake((input: { PolicyArn?: string; VersionId?: string }) => ({
        PolicyVersion: {
          VersionId: input.VersionId,
          IsDefaultVersion: input.VersionId === 'v3',
          Document: input.VersionId === 'v3' ? allow('iam:*') : allow('s3:GetObject')
        }
      }))
  }

  it('chooses the per-user path and never reads the whole account', async () => {
    mockAccount()
    const got = await readAuthorization(iam(), USERS, TOTAL)
    expect(got.strategy).toBe('per-user')
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(0)
  })

  it.each([
    { action: 'iam:ListUserTags', times: 2 },
    { action: 'iam:ListAttachedUserPolicies', times: 2 },
    { action: 'iam:ListUserPolicies', times: 2 },
    { action: 'iam:GetUserPolicy', times: 1 },
    { action: 'iam:ListGroupsForUser', times: 2 },
    {
      action: 'iam:ListAttachedGroupPolicies',
      command: ListAttachedGroupPoliciesCommand,
      times: 2
    },
    { action: 'iam:ListGroupPolicies', times: 2 },
    { action: 'iam:GetGroupPolicy', times: 1 },
    { action: 'iam:GetPolicy', times: 1 },
    { action: 'iam:GetPolicyVersion', times: 1 }
  ])(
    'calls $action $times time(s) for two users sharing a group (each group read once)',
    async ({ action, times }) => {
      mockAccount()
      await readAuthorization(iam(), USERS, TOTAL)
      expect(perUserAction(action).calls()).toBe(times)
    }
  )

  it('reads each shared group once, by name', async () => {
    mockAccount()
    await readAuthorization(iam(), USERS, TOTAL)
    const groups = iamMock
      .commandCalls(ListAttachedGroupPoliciesCommand)
      .map(c => c.args[0].input.GroupName)
      .sort()
    expect(groups).toEqual(['admins', 'devs'])
  })

  it('assembles tags, policies and groups per user', async () => {
    mockAccount()
    const got = await readAuthorization(iam(), USERS, TOTAL)
    const alice = got.users.get('alice')
    expect(alice?.tags).toEqual({ owner: 'acme/platform-team' })
    expect(alice?.attached).toEqual([{ name: 'ReadOnlyAccess', arn: READONLY_ARN }])
    expect(alice?.inline).toEqual([
      { name: 'mine', document: allow('s3:GetObject', 'arn:aws:s3:::b/*') }
    ])
    expect(alice?.groups.map(g => g.name)).toEqual(['devs', 'admins'])
    expect(got.users.get('bob')?.groups).toEqual([
      {
        name: 'devs',
        attached: [{ name: 'devs-policy', arn: localArn('devs-policy') }],
        inline: [{ name: 'devs-inline', document: allow('ec2:Describe*') }]
      }
    ])
  })

  it('fetches the default version of customer managed policies, and not AWS managed ones', async () => {
    mockAccount()
    const got = await readAuthorization(iam(), USERS, TOTAL)
    expect([...got.local.keys()]).toEqual([localArn('devs-policy')])
    expect(got.local.get(localArn('devs-policy'))).toBe(allow('iam:*'))
    expect(iamMock.commandCalls(GetPolicyVersionCommand)[0]?.args[0].input).toEqual({
      PolicyArn: localArn('devs-policy'),
      VersionId: 'v3'
    })
    const policyArns = iamMock.commandCalls(GetPolicyCommand).map(c => c.args[0].input.PolicyArn)
    expect(policyArns).toEqual([localArn('devs-policy')])
  })

  it('gives privilegedVia what it needs', async () => {
    mockAccount()
    const got = await readAuthorization(iam(), USERS, TOTAL)
    const bob = got.users.get('bob')
    expect(bob && privilegedVia(bob, got.local)?.plain).toBe(
      'group devs: attached policy devs-policy (allows iam:*)'
    )
    const alice = got.users.get('alice')
    expect(alice && privilegedVia(alice, got.local)?.plain).toBe(
      'group devs: attached policy devs-policy (allows iam:*)'
    )
  })

  it.each([
    { action: 'iam:ListUserTags' },
    { action: 'iam:ListAttachedUserPolicies' },
    { action: 'iam:ListUserPolicies' },
    { action: 'iam:GetUserPolicy' },
    { action: 'iam:ListGroupsForUser' },
    { action: 'iam:ListAttachedGroupPolicies' },
    { action: 'iam:ListGroupPolicies' },
    { action: 'iam:GetGroupPolicy' },
    { action: 'iam:GetPolicy' },
    { action: 'iam:GetPolicyVersion' }
  ])('rejects with a message naming $action when AWS denies it', async ({ action }) => {
    mockAccount()
    perUserAction(action).deny()
    const attempt = readAuthorization(iam(), USERS, TOTAL)
    await expect(attempt).rejects.toThrow(AwsCallError)
    await expect(attempt).rejects.toMatchObject({ action, code: 'AccessDenied' })
    await expect(attempt).rejects.toThrow(`AWS denied ${action} (AccessDenied:`)
  })

  it('follows the Marker of the per-user list calls', async () => {
    mockAccount()
    iamMock
      .on(ListUserTagsCommand)
      .callsFake((input: { Marker?: string }) =>
        input.Marker === 't2'
          ? { Tags: [{ Key: 'mfa-exempt', Value: 'vendor' }], IsTruncated: false }
          : { Tags: [{ Key: 'owner', Value: 'octocat' }], IsTruncated: true, Marker: 't2' }
      )
    const got = await readAuthorization(iam(), ['bob'], TOTAL)
    expect(got.users.get('bob')?.tags).toEqual({ owner: 'octocat', 'mfa-exempt': 'vendor' })
    expect(iamMock.commandCalls(ListUserTagsCommand)).toHaveLength(2)
  })

  it('names the action for a failure other than a denial too', async () => {
    mockAccount()
    iamMock
      .on(ListGroupsForUserCommand)
      .rejects(
        new NoSuchEntityException({ message: 'The user with name bob cannot be found.', ...meta })
      )
    await expect(readAuthorization(iam(), USERS, TOTAL)).rejects.toThrow(
      /iam:ListGroupsForUser failed \(NoSuchEntityException: The user with name bob cannot be found\.\)/
    )
  })
})
