// What infrastructure code says about IAM users, groups and policies, before names are matched
// across files: each fact from one Terraform module or one CloudFormation template.

/** A place in the repository: a relative POSIX path (percent-encoded per segment) and a line. */
export interface CodeSpot {
  readonly uri: string
  readonly line: number
}

/** How a user or group is named by the code that points at it. */
export type EntityKey =
  /** Defined in the same module or template: its id there (`tf:dir:aws_iam_user.alice`). */
  | { readonly kind: 'id'; readonly id: string }
  /** A literal IAM name, to be matched with definitions anywhere in the code read. */
  | { readonly kind: 'name'; readonly name: string }
  /** Known only at deploy time (a variable, a module output, an import): `why` says which. */
  | { readonly kind: 'unresolved'; readonly text: string; readonly why: string }

/** A policy that applies to a user or a group, as far as the code can tell. */
export type PolicyFact =
  | {
      readonly kind: 'document'
      readonly name: string
      readonly document: unknown
      readonly at: CodeSpot
    }
  /** AWS managed policies grant permissions and never carry an MFA condition. */
  | { readonly kind: 'aws-managed'; readonly name: string }
  /** A policy whose document the code does not hold (a module output, a variable, another stack). */
  | { readonly kind: 'unresolved'; readonly name: string; readonly why: string }

export interface UserFact {
  readonly id: string
  /** The IAM user name when the code states it literally. */
  readonly name: string | undefined
  /** How people find it in the code: `aws_iam_user.alice`, `BillingUser (AWS::IAM::User)`. */
  readonly label: string
  readonly at: CodeSpot
  /** Where the literal name is written (`name = "alice"`, `UserName: alice`). */
  readonly nameAt?: CodeSpot
  /** Where a console password is given to the user in its own definition (CloudFormation). */
  readonly loginProfile?: CodeSpot
}

export interface GroupFact {
  readonly id: string
  readonly name: string | undefined
  readonly label: string
  readonly at: CodeSpot
  /** Why the group may not be created (Terraform `count`/`for_each`, a CloudFormation `Condition`). */
  readonly conditional?: string
}

/** A user's membership of a group; `conditional` says why it may not be created. */
export interface MembershipFact {
  readonly user: EntityKey
  readonly group: EntityKey
  readonly conditional?: string
}

export interface IacFacts {
  readonly users: readonly UserFact[]
  readonly groups: readonly GroupFact[]
  /** Console passwords given to users by a resource of their own (`aws_iam_user_login_profile`). */
  readonly loginProfiles: ReadonlyArray<{
    readonly user: EntityKey
    readonly at: CodeSpot
    readonly label: string
  }>
  readonly memberships: readonly MembershipFact[]
  readonly userPolicies: ReadonlyArray<{ readonly user: EntityKey; readonly policy: PolicyFact }>
  readonly groupPolicies: ReadonlyArray<{ readonly group: EntityKey; readonly policy: PolicyFact }>
}

export const NO_FACTS: IacFacts = {
  users: [],
  groups: [],
  loginProfiles: [],
  memberships: [],
  userPolicies: [],
  groupPolicies: []
}

/** An AWS managed policy ARN (`arn:<partition>:iam::aws:policy/…`): its name, else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)
  return m?.[1]
}

/** Whether a document can only grant: every statement an Allow without a condition. */
function onlyGrants(document: unknown): boolean {
  let parsed = document
  if (typeof document === 'string')
    try {
      parsed = JSON.parse(document) as unknown
    } catch {
      return false
    }
  const raw = (parsed as { Statement?: unknown } | null | undefined)?.Statement
  const statements = Array.isArray(raw) ? (raw as unknown[]) : [raw]
  return statements.every(
    s =>
      typeof s === 'object' &&
      s !== null &&
      (s as Record<string, unknown>)['Effect'] === 'Allow' &&
      (s as Record<string, unknown>)['Condition'] === undefined
  )
}

/**
 * A policy given by a resource that may not be created (`why` says so): a policy that only grants
 * is kept as if created (the worse case), one that could deny or condition access cannot prove
 * enforcement and becomes unresolved.
 */
export function onlyIf(policy: PolicyFact, why: string | undefined): PolicyFact {
  if (why === undefined || policy.kind !== 'document' || onlyGrants(policy.document)) return policy
  return { kind: 'unresolved', name: policy.name, why }
}
