// The IAM facts of one Terraform module (pure): users, login profiles, groups, memberships from
// either side, inline policies and attachments, each at the line of the block that states it.
import {
  onlyIf,
  type EntityKey,
  type GroupFact,
  type IacFacts,
  type MembershipFact,
  type PolicyFact,
  type UserFact
} from './iac-facts.js'
import { staticJson } from './hcl-value.js'
import { attachedPolicy, inlinePolicy } from './terraform-policy.js'
import { conditionOf, entityKey, itemsOf, resourceId, type TfModule } from './terraform-refs.js'

const literalName = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined

export function terraformFacts(module: TfModule): IacFacts {
  const users: UserFact[] = []
  const groups: GroupFact[] = []
  const loginProfiles: Array<IacFacts['loginProfiles'][number]> = []
  const memberships: MembershipFact[] = []
  const userPolicies: Array<{ user: EntityKey; policy: PolicyFact }> = []
  const groupPolicies: Array<{ group: EntityKey; policy: PolicyFact }> = []
  const user = (v: Parameters<typeof entityKey>[1]) => entityKey(module, v, 'aws_iam_user')
  const group = (v: Parameters<typeof entityKey>[1]) => entityKey(module, v, 'aws_iam_group')
  const none = { kind: 'dynamic', text: '(missing)' } as const
  for (const b of module.blocks) {
    if (b.kind !== 'resource') continue
    const at = { uri: b.uri, line: b.line }
    const label = `${b.type}.${b.name}`
    const get = (name: string) => b.attributes.get(name) ?? none
    // A guardrail given by a resource that may not be created proves nothing.
    const conditional = conditionOf(module, b)
    const when = conditional ? { conditional } : {}
    const given = (policy: PolicyFact) => onlyIf(policy, conditional)
    switch (b.type) {
      case 'aws_iam_user':
        users.push({
          id: resourceId(module, b.type, b.name),
          name: literalName(staticJson(get('name'))),
          label,
          at,
          nameAt: { uri: b.uri, line: b.attributeLines.get('name') ?? b.line }
        })
        break
      case 'aws_iam_group':
        groups.push({
          id: resourceId(module, b.type, b.name),
          name: literalName(staticJson(get('name'))),
          label,
          at,
          ...when
        })
        break
      case 'aws_iam_user_login_profile':
        loginProfiles.push({ user: user(get('user')), at, label })
        break
      case 'aws_iam_user_group_membership':
        for (const g of itemsOf(module, b.attributes.get('groups')))
          memberships.push({ user: user(get('user')), group: group(g), ...when })
        break
      case 'aws_iam_group_membership':
        for (const u of itemsOf(module, b.attributes.get('users')))
          memberships.push({ user: user(u), group: group(get('group')), ...when })
        break
      case 'aws_iam_user_policy':
        userPolicies.push({
          user: user(get('user')),
          policy: given(inlinePolicy(module, label, b.attributes.get('policy'), at))
        })
        break
      case 'aws_iam_group_policy':
        groupPolicies.push({
          group: group(get('group')),
          policy: given(inlinePolicy(module, label, b.attributes.get('policy'), at))
        })
        break
      case 'aws_iam_user_policy_attachment':
        userPolicies.push({
          user: user(get('user')),
          policy: given(attachedPolicy(module, b.attributes.get('policy_arn')))
        })
        break
      case 'aws_iam_group_policy_attachment':
        groupPolicies.push({
          group: group(get('group')),
          policy: given(attachedPolicy(module, b.attributes.get('policy_arn')))
        })
        break
      case 'aws_iam_policy_attachment': {
        const policy = given(attachedPolicy(module, b.attributes.get('policy_arn')))
        for (const u of itemsOf(module, b.attributes.get('users')))
          userPolicies.push({ user: user(u), policy })
        for (const g of itemsOf(module, b.attributes.get('groups')))
          groupPolicies.push({ group: group(g), policy })
        break
      }
    }
  }
  return { users, groups, loginProfiles, memberships, userPolicies, groupPolicies }
}
