// Reading the policies, groups and tags of the users asked for (those who can call AWS): one
// paginated GetAccountAuthorizationDetails pass, or per-user list calls, whichever costs fewer calls
// for this many users.
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
  paginateListUserTags,
  type AttachedPolicy as SdkAttached,
  type IAMClient,
  type Tag
} from '@aws-sdk/client-iam'
import type { AttachedPolicy, GroupAuthz, InlinePolicy, UserAuthz } from '../core/privilege.js'
import { mapWithConcurrency } from '../util/pool.js'
import { awsCall } from './aws-error.js'
import { CONCURRENCY } from './live-verify.js'

export interface Authorization {
  readonly users: Map<string, UserAuthz>
  /** Customer managed policy ARN -> default version document. */
  readonly local: Map<string, unknown>
  readonly strategy: 'account-details' | 'per-user'
}

/** Calls the per-user path costs for one user, at least (tags, attached, inline, groups). */
export const PER_USER_CALLS = 4
/** Users per GetAccountAuthorizationDetails page we plan for (AWS may return fewer than MaxItems). */
export const USERS_PER_DETAILS_PAGE = 100

export function chooseStrategy(users: number, totalUsers: number): Authorization['strategy'] {
  const detailsPages = Math.max(1, Math.ceil(totalUsers / USERS_PER_DETAILS_PAGE))
  return detailsPages < users * PER_USER_CALLS ? 'account-details' : 'per-user'
}

const attached = (list: readonly SdkAttached[] | undefined): AttachedPolicy[] =>
  (list ?? []).map(p => ({ name: p.PolicyName ?? '', arn: p.PolicyArn ?? '' }))
const tagMap = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']))

async function viaAccountDetails(
  iam: IAMClient,
  wanted: ReadonlySet<string>
): Promise<Authorization> {
  const users = new Map<string, UserAuthz>()
  const groups = new Map<string, GroupAuthz>()
  const local = new Map<string, unknown>()
  const memberships = new Map<string, string[]>()
  const pages = paginateGetAccountAuthorizationDetails(
    { client: iam },
    { Filter: ['User', 'Group', 'LocalManagedPolicy'], MaxItems: 1000 }
  )
  await awsCall('iam:GetAccountAuthorizationDetails', async () => {
    for await (const page of pages) {
      for (const g of page.GroupDetailList ?? []) {
        const inline = (g.GroupPolicyList ?? []).map(p => ({
          name: p.PolicyName ?? '',
          document: p.PolicyDocument
        }))
        groups.set(g.GroupName ?? '', {
          name: g.GroupName ?? '',
          attached: attached(g.AttachedManagedPolicies),
          inline
        })
      }
      for (const p of page.Policies ?? []) {
        const version = (p.PolicyVersionList ?? []).find(v => v.IsDefaultVersion)
        if (p.Arn) local.set(p.Arn, version?.Document)
      }
      for (const u of page.UserDetailList ?? []) {
        if (!u.UserName || !wanted.has(u.UserName)) continue
        memberships.set(u.UserName, u.GroupList ?? [])
        users.set(u.UserName, {
          user: u.UserName,
          tags: tagMap(u.Tags),
          attached: attached(u.AttachedManagedPolicies),
          inline: (u.UserPolicyList ?? []).map(p => ({
            name: p.PolicyName ?? '',
            document: p.PolicyDocument
          })),
          groups: []
        })
      }
    }
  })
  for (const [name, authz] of users) {
    const member = (memberships.get(name) ?? []).map(
      g => groups.get(g) ?? { name: g, attached: [], inline: [] }
    )
    users.set(name, { ...authz, groups: member })
  }
  return { users, local, strategy: 'account-details' }
}

async function collect<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => readonly T[] | undefined
): Promise<T[]> {
  const out: T[] = []
  for await (const page of pages) out.push(...(pick(page) ?? []))
  return out
}

function perUserReader(iam: IAMClient) {
  const groupCache = new Map<string, Promise<GroupAuthz>>()
  const policyCache = new Map<string, Promise<unknown>>()
  const client = { client: iam }

  const inlineUser = (user: string, name: string): Promise<InlinePolicy> =>
    awsCall('iam:GetUserPolicy', () =>
      iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: name }))
    ).then(r => ({ name, document: r.PolicyDocument }))
  const inlineGroup = (group: string, name: string): Promise<InlinePolicy> =>
    awsCall('iam:GetGroupPolicy', () =>
      iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name }))
    ).then(r => ({ name, document: r.PolicyDocument }))

  const group = (name: string): Promise<GroupAuthz> => {
    const cached = groupCache.get(name)
    if (cached) return cached
    const loading = (async (): Promise<GroupAuthz> => {
      const att = await awsCall('iam:ListAttachedGroupPolicies', () =>
        collect(
          paginateListAttachedGroupPolicies(client, { GroupName: name }),
          p => p.AttachedPolicies
        )
      )
      const names = await awsCall('iam:ListGroupPolicies', () =>
        collect(paginateListGroupPolicies(client, { GroupName: name }), p => p.PolicyNames)
      )
      return {
        name,
        attached: attached(att),
        inline: await Promise.all(names.map(n => inlineGroup(name, n)))
      }
    })()
    groupCache.set(name, loading)
    return loading
  }

  /** Default version document of a customer managed policy (AWS managed ones: managed-policies.ts). */
  const policyDocument = (arn: string): Promise<unknown> => {
    const cached = policyCache.get(arn)
    if (cached) return cached
    const loading = (async () => {
      const policy = await awsCall('iam:GetPolicy', () =>
        iam.send(new GetPolicyCommand({ PolicyArn: arn }))
      )
      const version = await awsCall('iam:GetPolicyVersion', () =>
        iam.send(
          new GetPolicyVersionCommand({
            PolicyArn: arn,
            VersionId: policy.Policy?.DefaultVersionId
          })
        )
      )
      return version.PolicyVersion?.Document
    })()
    policyCache.set(arn, loading)
    return loading
  }

  const user = async (name: string): Promise<UserAuthz> => {
    const tags = await awsCall('iam:ListUserTags', () =>
      collect(paginateListUserTags(client, { UserName: name }), p => p.Tags)
    )
    const att = await awsCall('iam:ListAttachedUserPolicies', () =>
      collect(paginateListAttachedUserPolicies(client, { UserName: name }), p => p.AttachedPolicies)
    )
    const inlineNames = await awsCall('iam:ListUserPolicies', () =>
      collect(paginateListUserPolicies(client, { UserName: name }), p => p.PolicyNames)
    )
    const groupNames = await awsCall('iam:ListGroupsForUser', () =>
      collect(paginateListGroupsForUser(client, { UserName: name }), p => p.Groups)
    )
    return {
      user: name,
      tags: tagMap(tags),
      attached: attached(att),
      inline: await Promise.all(inlineNames.map(n => inlineUser(name, n))),
      groups: await Promise.all(groupNames.map(g => group(g.GroupName ?? '')))
    }
  }
  return { user, group, policyDocument }
}

async function viaPerUser(iam: IAMClient, wanted: readonly string[]): Promise<Authorization> {
  const reader = perUserReader(iam)
  const list = await mapWithConcurrency(wanted, CONCURRENCY, u => reader.user(u))
  const customer = new Set(
    list
      .flatMap(u => [...u.attached, ...u.groups.flatMap(g => g.attached)])
      .map(p => p.arn)
      .filter(arn => !/:iam::aws:policy\//.test(arn))
  )
  const local = new Map<string, unknown>()
  await mapWithConcurrency([...customer], CONCURRENCY, async arn =>
    local.set(arn, await reader.policyDocument(arn))
  )
  return { users: new Map(list.map(u => [u.user, u])), local, strategy: 'per-user' }
}

export async function readAuthorization(
  iam: IAMClient,
  wanted: readonly string[],
  totalUsers: number
): Promise<Authorization> {
  if (wanted.length === 0) return { users: new Map(), local: new Map(), strategy: 'per-user' }
  return chooseStrategy(wanted.length, totalUsers) === 'account-details'
    ? viaAccountDetails(iam, new Set(wanted))
    : viaPerUser(iam, wanted)
}
