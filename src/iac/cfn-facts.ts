// The IAM facts of one CloudFormation or SAM template (pure): AWS::IAM::User with LoginProfile,
// Groups, Policies and ManagedPolicyArns; groups, group additions, and managed and inline policies.
import { cfnString, listOf, policyDocument, str } from './cfn-values.js'
import { entryOf, type CfnNode } from './cfn-yaml.js'
import {
  awsManagedPolicyName,
  onlyIf,
  type CodeSpot,
  type EntityKey,
  type GroupFact,
  type IacFacts,
  type MembershipFact,
  type PolicyFact,
  type UserFact
} from './iac-facts.js'

interface Resource {
  readonly id: string
  readonly type: string
  readonly line: number
  readonly properties: CfnNode | undefined
  /** Why the resource may not be created: its `Condition`. */
  readonly conditional: string | undefined
}

/** Why a resource with a `Condition` may not be created, said for people. */
function conditionOf(id: string, resource: CfnNode): string | undefined {
  const condition = entryOf(resource, 'Condition')
  if (!condition) return undefined
  const name = str(condition.value)
  return name
    ? `${id} is created only when the condition \`${name}\` holds`
    : `${id} is created only when its \`Condition\` holds`
}

export function cloudFormationFacts(root: CfnNode, uri: string): IacFacts {
  const resources: Resource[] = (
    entryOf(root, 'Resources')?.value.kind === 'map'
      ? (entryOf(root, 'Resources')?.value as Extract<CfnNode, { kind: 'map' }>).entries
      : []
  ).flatMap(e => {
    const type = str(entryOf(e.value, 'Type')?.value)
    return type
      ? [
          {
            id: e.key,
            type,
            line: e.line,
            properties: entryOf(e.value, 'Properties')?.value,
            conditional: conditionOf(e.key, e.value)
          }
        ]
      : []
  })
  const parameters = new Set(
    (entryOf(root, 'Parameters')?.value.kind === 'map'
      ? (entryOf(root, 'Parameters')?.value as Extract<CfnNode, { kind: 'map' }>).entries
      : []
    ).map(e => e.key)
  )
  const byId = new Map(resources.map(r => [r.id, r]))
  const idOf = (logical: string) => `cfn:${uri}:${logical}`
  const prop = (r: Resource, key: string) => entryOf(r.properties, key)

  const key = (n: CfnNode, type: 'AWS::IAM::User' | 'AWS::IAM::Group'): EntityKey => {
    const literal = str(n)
    if (literal) return { kind: 'name', name: literal }
    if (n.kind === 'intrinsic' && n.fn === 'Ref') {
      const target = str(n.arg) ?? ''
      if (byId.get(target)?.type === type) return { kind: 'id', id: idOf(target) }
      const why = parameters.has(target)
        ? `it is the template parameter \`${target}\``
        : `\`${target}\` is not a resource of type ${type} in this template`
      return { kind: 'unresolved', text: `!Ref ${target}`, why }
    }
    if (n.kind === 'intrinsic' && n.fn === 'Fn::ImportValue')
      return {
        kind: 'unresolved',
        text: 'Fn::ImportValue',
        why: 'it is imported from another stack'
      }
    return {
      kind: 'unresolved',
      text: n.kind === 'intrinsic' ? n.fn : 'value',
      why: 'it is known only when the stack is deployed'
    }
  }

  const inline = (r: Resource, policy: CfnNode, spot: CodeSpot): PolicyFact => {
    const named =
      str(entryOf(policy, 'PolicyName')?.value) ?? str(entryOf(policy, 'ManagedPolicyName')?.value)
    const name = named ? `${named} (${r.id})` : r.id
    const document = policyDocument(entryOf(policy, 'PolicyDocument')?.value)
    return document === undefined
      ? {
          kind: 'unresolved',
          name,
          why: 'its document uses values known only when the stack is deployed'
        }
      : { kind: 'document', name, document, at: spot }
  }

  const managed = (n: CfnNode): PolicyFact => {
    const ref = n.kind === 'intrinsic' && n.fn === 'Ref' ? byId.get(str(n.arg) ?? '') : undefined
    if (ref?.type === 'AWS::IAM::ManagedPolicy')
      return onlyIf(inline(ref, ref.properties ?? n, { uri, line: ref.line }), ref.conditional)
    const arn = cfnString(n)
    if (arn === undefined)
      return {
        kind: 'unresolved',
        name: n.kind === 'intrinsic' ? n.fn : 'policy',
        why: 'its ARN is known only when the stack is deployed'
      }
    const aws = awsManagedPolicyName(arn)
    if (aws) return { kind: 'aws-managed', name: aws }
    const name = arn.split('/').pop() ?? arn
    const own = resources.find(
      r => r.type === 'AWS::IAM::ManagedPolicy' && str(prop(r, 'ManagedPolicyName')?.value) === name
    )
    if (own)
      return onlyIf(inline(own, own.properties ?? n, { uri, line: own.line }), own.conditional)
    return {
      kind: 'unresolved',
      name,
      why: `the customer managed policy \`${arn}\` is not defined in the code read`
    }
  }

  const users: UserFact[] = []
  const groups: GroupFact[] = []
  const memberships: MembershipFact[] = []
  const userPolicies: Array<{ user: EntityKey; policy: PolicyFact }> = []
  const groupPolicies: Array<{ group: EntityKey; policy: PolicyFact }> = []
  for (const r of resources) {
    const at = { uri, line: r.line }
    const self: EntityKey = { kind: 'id', id: idOf(r.id) }
    const label = `${r.id} (${r.type})`
    // A guardrail given by a resource that may not be created proves nothing (a user's own
    // policies and groups are created with the user).
    const when = r.conditional ? { conditional: r.conditional } : {}
    const policies = prop(r, 'Policies')?.value
    const arns = prop(r, 'ManagedPolicyArns')?.value
    switch (r.type) {
      case 'AWS::IAM::User': {
        const login = prop(r, 'LoginProfile')
        const userName = prop(r, 'UserName')
        users.push({
          id: idOf(r.id),
          name: str(userName?.value),
          label,
          at,
          nameAt: { uri, line: userName?.line ?? r.line },
          ...(login ? { loginProfile: { uri, line: login.line } } : {})
        })
        for (const g of listOf(prop(r, 'Groups')?.value))
          memberships.push({ user: self, group: key(g, 'AWS::IAM::Group') })
        for (const p of listOf(policies))
          userPolicies.push({ user: self, policy: inline(r, p, { uri, line: p.line }) })
        for (const a of listOf(arns)) userPolicies.push({ user: self, policy: managed(a) })
        break
      }
      case 'AWS::IAM::Group':
        groups.push({ id: idOf(r.id), name: str(prop(r, 'GroupName')?.value), label, at, ...when })
        for (const p of listOf(policies))
          groupPolicies.push({ group: self, policy: inline(r, p, { uri, line: p.line }) })
        for (const a of listOf(arns)) groupPolicies.push({ group: self, policy: managed(a) })
        break
      case 'AWS::IAM::UserToGroupAddition': {
        const group = prop(r, 'GroupName')?.value
        for (const u of listOf(prop(r, 'Users')?.value))
          memberships.push({
            user: key(u, 'AWS::IAM::User'),
            group: group
              ? key(group, 'AWS::IAM::Group')
              : { kind: 'unresolved', text: r.id, why: 'it names no group' },
            ...when
          })
        break
      }
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::Policy': {
        const policy = onlyIf(
          inline(r, r.properties ?? { kind: 'map', entries: [], line: r.line }, at),
          r.conditional
        )
        for (const u of listOf(prop(r, 'Users')?.value))
          userPolicies.push({ user: key(u, 'AWS::IAM::User'), policy })
        for (const g of listOf(prop(r, 'Groups')?.value))
          groupPolicies.push({ group: key(g, 'AWS::IAM::Group'), policy })
        break
      }
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const policy = onlyIf(
          inline(r, r.properties ?? { kind: 'map', entries: [], line: r.line }, at),
          r.conditional
        )
        const target = prop(r, r.type === 'AWS::IAM::UserPolicy' ? 'UserName' : 'GroupName')?.value
        if (!target) break
        if (r.type === 'AWS::IAM::UserPolicy')
          userPolicies.push({ user: key(target, 'AWS::IAM::User'), policy })
        else groupPolicies.push({ group: key(target, 'AWS::IAM::Group'), policy })
        break
      }
    }
  }
  return { users, groups, loginProfiles: [], memberships, userPolicies, groupPolicies }
}

/** Whether a parsed document is a CloudFormation template: a `Resources` map of typed resources. */
export function isTemplate(root: CfnNode): boolean {
  const resources = entryOf(root, 'Resources')?.value
  return (
    resources?.kind === 'map' && resources.entries.some(e => entryOf(e.value, 'Type') !== undefined)
  )
}
