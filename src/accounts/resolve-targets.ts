// Which accounts to scan and how to reach each: the default chain, one OIDC role per account, or a
// role of the same name in every account of the organisation (chained from the base credentials).
import { AwsCallError } from '../aws/aws-error.js'
import { accountOfRole } from '../config/account-inputs.js'
import type { Inputs } from '../config/inputs.js'
import type { Deps } from '../runtime/deps.js'
import { count } from '../text/words.js'
import type { CredentialSource } from './account-credentials.js'
import { listOrganizationAccounts, narrowAccounts } from './organization.js'
import { oidcSource } from './oidc-source.js'

export interface Target {
  /** The account id, when known before scanning (from a role ARN or the organisation). */
  readonly account: string | undefined
  /** The organisation's name for the account, when listed from it. */
  readonly name?: string
  readonly roleArn: string | undefined
  /** `oidc`: assumed with the OIDC token; `chained`: assumed from the base credentials; `chain`: the default chain. */
  readonly via: 'oidc' | 'chained' | 'chain'
}

export interface Targets {
  readonly targets: readonly Target[]
  /** Several accounts, or an organisation: each account is kept apart and may fail alone. */
  readonly several: boolean
  /** The credentials that list the organisation and assume each account's role. */
  readonly base: CredentialSource | undefined
  /** Ids in `accounts` that matched no account. */
  readonly unknownIncluded: readonly string[]
}

/** The partition of the run: the role's, else the region's. */
export function partitionOf(inputs: Pick<Inputs, 'awsRegion' | 'rolesToAssume'>): string {
  const fromRole = inputs.rolesToAssume[0]?.split(':')[1]
  if (fromRole) return fromRole
  const r = inputs.awsRegion
  return r.startsWith('us-gov-') ? 'aws-us-gov' : r.startsWith('cn-') ? 'aws-cn' : 'aws'
}

function nothingLeft(inputs: Inputs, found: number): AwsCallError {
  return new AwsCallError(
    `No account is left to scan: ${count(found, 'account')} found, and \`accounts\` / \`exclude-accounts\` leave none of them. ` +
      `Check the ids in \`accounts\` (${inputs.includeAccounts.slice(0, 5).join(', ') || 'all'}) and \`exclude-accounts\`.`,
    'accounts',
    'NoAccounts'
  )
}

async function organisationTargets(inputs: Inputs, deps: Deps): Promise<Targets> {
  const { io } = deps
  const name = inputs.organizationRoleName ?? ''
  const base = inputs.rolesToAssume[0]
    ? await oidcSource(inputs.rolesToAssume[0], inputs, deps)
    : undefined
  if (!base)
    io.info(
      '`role-to-assume` is empty: listing the organisation with the default AWS credential chain.'
    )
  const listed = await io.group('Organisation accounts', async () => {
    const all = await listOrganizationAccounts(deps.organizations(inputs.awsRegion, base), {
      organizationalUnits: inputs.organizationalUnits
    })
    const where =
      inputs.organizationalUnits.length > 0
        ? ` in ${inputs.organizationalUnits.join(', ')}`
        : ' in the organisation'
    io.info(`${count(all.length, 'active account')}${where}.`)
    return all
  })
  const { kept, unknownIncluded } = narrowAccounts(
    listed,
    inputs.includeAccounts,
    inputs.excludeAccounts
  )
  if (kept.length === 0) throw nothingLeft(inputs, listed.length)
  const partition = partitionOf(inputs)
  return {
    targets: kept.map(a => ({
      account: a.id,
      name: a.name,
      roleArn: `arn:${partition}:iam::${a.id}:role/${name}`,
      via: 'chained' as const
    })),
    several: true,
    base,
    unknownIncluded
  }
}

/** Resolves the accounts of a live run; lists the organisation when `organization-role-name` is set. */
export async function resolveTargets(inputs: Inputs, deps: Deps): Promise<Targets> {
  if (inputs.organizationRoleName) return organisationTargets(inputs, deps)
  if (inputs.rolesToAssume.length === 0)
    return {
      targets: [{ account: undefined, roleArn: undefined, via: 'chain' }],
      several: false,
      base: undefined,
      unknownIncluded: []
    }
  const roles = inputs.rolesToAssume.map(arn => ({ id: accountOfRole(arn), arn }))
  const { kept, unknownIncluded } = narrowAccounts(
    roles,
    inputs.includeAccounts,
    inputs.excludeAccounts
  )
  if (kept.length === 0) throw nothingLeft(inputs, roles.length)
  return {
    targets: kept.map(r => ({ account: r.id, roleArn: r.arn, via: 'oidc' as const })),
    several: inputs.rolesToAssume.length > 1,
    base: undefined,
    unknownIncluded
  }
}
