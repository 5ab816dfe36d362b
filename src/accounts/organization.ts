// The accounts to scan from AWS Organizations: every active account, or those under some OUs.
import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
  type Account,
  type OrganizationsClient
} from '@aws-sdk/client-organizations'
import { AwsCallError, describeAwsError, errorCode } from '../aws/aws-error.js'
import { InputError } from '../config/input-error.js'

export interface OrgAccount {
  readonly id: string
  /** The account's name in the organization; '' when AWS gives none. */
  readonly name: string
}

/** The most AWS returns on one page of ListAccounts, ListAccountsForParent and ListChildren. */
export const ORGANIZATIONS_PAGE_SIZE = 20

const OU_INPUT = 'organizational-units'
/** AWS's pattern for a parent id: the root (`r-…`) or an organizational unit (`ou-…-…`). */
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/
const DENIED = new Set(['AccessDeniedException', 'AccessDenied'])
const UNKNOWN_PARENT = new Set([
  'ParentNotFoundException',
  'ChildNotFoundException',
  'InvalidInputException'
])

const OU_ID_HINT =
  'Use OU ids (ou-ab12-cd34ef56) or the root id (r-ab12) as the AWS Organizations console shows ' +
  'them, one a line; `aws organizations list-roots` and `aws organizations ' +
  'list-organizational-units-for-parent --parent-id <id>` list them.'

/**
 * Whether AWS says the account is active. `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED,
 * PENDING_ACTIVATION, …) is current; `Status`, which AWS retired in September 2026, is read only when
 * `State` is absent.
 */
export function isActiveAccount(account: Pick<Account, 'State' | 'Status'>): boolean {
  return account.State !== undefined ? account.State === 'ACTIVE' : account.Status === 'ACTIVE'
}

interface CallContext {
  /** Whether accounts are listed by OU (the permissions needed differ). */
  readonly byOu: boolean
  /** The OU id the user named in `organizational-units`, when this call reads it. */
  readonly requestedOu?: string
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** Turns a failed Organizations call into a message that says what to change. */
function organizationsError(action: string, error: unknown, context: CallContext): AwsCallError {
  if (error instanceof AwsCallError) return error
  const code = errorCode(error)
  const detail = `${code}: ${messageOf(error).replace(/\.$/, '')}`
  if (code === 'AWSOrganizationsNotInUseException') {
    return new AwsCallError(
      `${action} failed: the AWS account of these credentials is not in an organization (${detail}). ` +
        'To scan several accounts without AWS Organizations, set `role-to-assume` to one role ARN ' +
        'per line, one role in each account.',
      action,
      code
    )
  }
  if (DENIED.has(code)) {
    const needs = context.byOu
      ? '"organizations:ListAccountsForParent" and "organizations:ListChildren"'
      : '"organizations:ListAccounts"'
    return new AwsCallError(
      `AWS denied ${action} (${detail}). Listing the organization's accounts needs ${needs} in the ` +
        "policy of the IAM role this action runs as, and that role must be in the organization's " +
        'management account or in a delegated administrator account whose delegation policy allows ' +
        'these actions: a member account cannot list the organization.',
      action,
      code
    )
  }
  if (context.requestedOu !== undefined && UNKNOWN_PARENT.has(code)) {
    return new AwsCallError(
      `The organizational unit ${context.requestedOu} in \`${OU_INPUT}\` was not found in this ` +
        `organization (${detail}). ${OU_ID_HINT}`,
      action,
      code
    )
  }
  return describeAwsError(action, error)
}

/** Refuses what cannot be an OU or root id before any call is made. */
function checkOuIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (PARENT_ID.test(id)) continue
    const accountHint = /^\d{12}$/.test(id)
      ? ' That is an account id: list accounts in `accounts` instead.'
      : ''
    throw new InputError(
      `\`${OU_INPUT}\`: "${id.slice(0, 80)}" is not the id of an organizational unit or root.` +
        `${accountHint} ${OU_ID_HINT}`
    )
  }
}

async function collect<P, T>(
  action: string,
  context: CallContext,
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined
): Promise<T[]> {
  const all: T[] = []
  try {
    for await (const page of pages) all.push(...(items(page) ?? []))
  } catch (error) {
    throw organizationsError(action, error, context)
  }
  return all
}

/** Accounts directly in the OUs and, recursively, in their child OUs; each OU is read once. */
async function accountsUnder(
  client: OrganizationsClient,
  ous: readonly string[]
): Promise<Account[]> {
  const config = { client, pageSize: ORGANIZATIONS_PAGE_SIZE }
  // The OUs the user named come first, so an error about one of them names the input.
  const queue = ous.map(id => ({ id, requested: true }))
  const read = new Set<string>()
  const accounts: Account[] = []
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (read.has(next.id)) continue
    read.add(next.id)
    const context: CallContext = next.requested
      ? { byOu: true, requestedOu: next.id }
      : { byOu: true }
    accounts.push(
      ...(await collect(
        'organizations:ListAccountsForParent',
        context,
        paginateListAccountsForParent(config, { ParentId: next.id }),
        page => page.Accounts
      ))
    )
    const children = await collect(
      'organizations:ListChildren',
      context,
      paginateListChildren(config, { ParentId: next.id, ChildType: 'ORGANIZATIONAL_UNIT' }),
      page => page.Children
    )
    for (const child of children) if (child.Id) queue.push({ id: child.Id, requested: false })
  }
  return accounts
}

/**
 * The organization's active accounts, sorted by id: all of them (`ListAccounts`), or, when
 * `organizationalUnits` names some, those in these OUs and the OUs below them.
 */
export async function listOrganizationAccounts(
  client: OrganizationsClient,
  options: { readonly organizationalUnits: readonly string[] }
): Promise<OrgAccount[]> {
  const ous = options.organizationalUnits
  checkOuIds(ous)
  const accounts =
    ous.length > 0
      ? await accountsUnder(client, ous)
      : await collect(
          'organizations:ListAccounts',
          { byOu: false },
          paginateListAccounts({ client, pageSize: ORGANIZATIONS_PAGE_SIZE }, {}),
          page => page.Accounts
        )
  const byId = new Map<string, OrgAccount>()
  for (const account of accounts) {
    if (account.Id === undefined || !isActiveAccount(account)) continue
    byId.set(account.Id, { id: account.Id, name: account.Name ?? '' })
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * The accounts to scan after the user's own lists: `include` empty means all, `exclude` wins over
 * `include`. `unknownIncluded` are the ids in `include` that are not among `accounts`, to warn about.
 */
export function narrowAccounts<T extends { id: string }>(
  accounts: readonly T[],
  include: readonly string[],
  exclude: readonly string[]
): { readonly kept: T[]; readonly unknownIncluded: string[] } {
  const wanted = new Set(include)
  const unwanted = new Set(exclude)
  const known = new Set(accounts.map(a => a.id))
  return {
    kept: accounts.filter(a => (wanted.size === 0 || wanted.has(a.id)) && !unwanted.has(a.id)),
    unknownIncluded: [...wanted].filter(id => !known.has(id))
  }
}
