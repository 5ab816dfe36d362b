// Reading and validating the inputs that say which accounts to scan (part of the one inputs object).

export const MODES = ['scan', 'list-accounts', 'iac'] as const
export type Mode = (typeof MODES)[number]

export interface AccountInputs {
  /** Roles to assume with the OIDC token, one per account; empty = the default credential chain. */
  readonly rolesToAssume: readonly string[]
  /** The role to assume in each account of the organisation, from the base credentials. */
  readonly organizationRoleName: string | undefined
  /** OU ids whose accounts (recursively) are scanned; empty = the whole organisation. */
  readonly organizationalUnits: readonly string[]
  /** Input `accounts`: only these account ids; empty = every account found. */
  readonly includeAccounts: readonly string[]
  readonly excludeAccounts: readonly string[]
  readonly maxParallelAccounts: number
  readonly failOnIncomplete: boolean
  readonly mode: Mode
  readonly accountsPerJob: number
}

export const ACCOUNT_DEFAULTS = {
  'max-parallel-accounts': '4',
  'fail-on-incomplete': 'true',
  mode: 'scan',
  'accounts-per-job': '10'
} as const

export const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const ROLE_NAME = /^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/
const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/
const ACCOUNT_ID = /^\d{12}$/

/** The account id in a role ARN. */
export const accountOfRole = (arn: string): string => arn.split(':')[4] ?? ''

/** Lines of a list input, without blanks and `#` comments. */
function listLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
}

function roles(raw: string, problems: string[]): string[] {
  const list = listLines(raw)
  const seen = new Map<string, number>()
  list.forEach((arn, i) => {
    const where = list.length > 1 ? ` line ${i + 1}` : ''
    if (!ROLE_ARN.test(arn)) {
      problems.push(
        `Input \`role-to-assume\`${where} must be an IAM role ARN, e.g. ` +
          '`role-to-assume: arn:aws:iam::123456789012:role/posturio-iam-mfa`' +
          (list.length > 1 ? ', one a line' : '') +
          `; got "${arn.slice(0, 100)}". Leave it empty to use the default AWS credential chain.`
      )
      return
    }
    const account = accountOfRole(arn)
    const first = seen.get(account)
    if (first !== undefined)
      problems.push(
        `Input \`role-to-assume\` lines ${first + 1} and ${i + 1} are both in account ${account}: give one role per account.`
      )
    else seen.set(account, i)
  })
  const partitions = new Set(list.filter(a => ROLE_ARN.test(a)).map(a => a.split(':')[1]))
  if (partitions.size > 1)
    problems.push(
      `Input \`role-to-assume\` mixes partitions (${[...partitions].join(', ')}): one run scans one partition; use a step per partition.`
    )
  return list
}

function accountIds(name: 'accounts' | 'exclude-accounts', raw: string, problems: string[]) {
  const ids = raw
    .split(/\r?\n/)
    .map(line => line.replace(/#.*$/, ''))
    .join(' ')
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(s => s !== '')
  const bad = ids.filter(id => !ACCOUNT_ID.test(id))
  if (bad.length > 0)
    problems.push(
      `Input \`${name}\` must list 12-digit AWS account ids, one a line, e.g. \`${name}: 111111111111\`; got "${(bad[0] ?? '').slice(0, 40)}".`
    )
  return [...new Set(ids.filter(id => ACCOUNT_ID.test(id)))]
}

function count(
  name: 'max-parallel-accounts' | 'accounts-per-job',
  raw: string,
  max: number,
  problems: string[]
): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (Number.isNaN(n) || n < 1 || n > max)
    problems.push(
      `Input \`${name}\` must be a whole number from 1 to ${max}, e.g. \`${name}: ${ACCOUNT_DEFAULTS[name]}\`; got "${raw.slice(0, 40)}".`
    )
  return n
}

export function readAccountInputs(
  get: (name: string) => string,
  problems: string[]
): AccountInputs {
  const value = (name: keyof typeof ACCOUNT_DEFAULTS): string => get(name) || ACCOUNT_DEFAULTS[name]
  const rolesToAssume = roles(get('role-to-assume'), problems)
  const organizationRoleName = get('organization-role-name') || undefined
  if (organizationRoleName !== undefined && !ROLE_NAME.test(organizationRoleName))
    problems.push(
      'Input `organization-role-name` must be the name of the IAM role to assume in each account (letters, digits and +=,.@_-, optionally after a path), ' +
        `e.g. \`organization-role-name: posturio-iam-mfa-audit\`; got "${organizationRoleName.slice(0, 80)}".`
    )
  if (organizationRoleName !== undefined && rolesToAssume.length > 1)
    problems.push(
      'Inputs `organization-role-name` and a list of `role-to-assume` ARNs are both set: with an organisation, `role-to-assume` is the one role (in the management or a delegated administrator account) that lists the accounts. ' +
        'Give one ARN there, or leave `organization-role-name` empty and list one role per account.'
    )
  const organizationalUnits = listLines(get('organizational-units'))
  for (const ou of organizationalUnits.filter(o => !OU_ID.test(o)))
    problems.push(
      `Input \`organizational-units\` must list organizational unit ids (ou-…) or the root id (r-…), one a line, e.g. \`organizational-units: ou-ab12-cdef3456\`; got "${ou.slice(0, 60)}".`
    )
  if (organizationalUnits.length > 0 && organizationRoleName === undefined)
    problems.push(
      'Input `organizational-units` needs `organization-role-name`: the accounts of an organizational unit are scanned through the role of that name in each account.'
    )
  const includeAccounts = accountIds('accounts', get('accounts'), problems)
  const excludeAccounts = accountIds('exclude-accounts', get('exclude-accounts'), problems)
  const narrowed = includeAccounts.length > 0 || excludeAccounts.length > 0
  if (narrowed && organizationRoleName === undefined && rolesToAssume.length === 0)
    problems.push(
      "Inputs `accounts` and `exclude-accounts` narrow a list of accounts: set `organization-role-name` (an organisation) or list the accounts' roles in `role-to-assume`."
    )
  const mode = value('mode').toLowerCase()
  if (!(MODES as readonly string[]).includes(mode))
    problems.push(
      `Input \`mode\` must be one of ${MODES.join(', ')}, e.g. \`mode: list-accounts\`; got "${mode.slice(0, 40)}".`
    )
  if (mode === 'list-accounts' && organizationRoleName === undefined && rolesToAssume.length === 0)
    problems.push(
      "`mode: list-accounts` lists the accounts to scan: set `organization-role-name` (an organisation) or list the accounts' roles in `role-to-assume`."
    )
  const fail = value('fail-on-incomplete').toLowerCase()
  if (fail !== 'true' && fail !== 'false')
    problems.push(
      `Input \`fail-on-incomplete\` must be true or false, e.g. \`fail-on-incomplete: true\`; got "${fail.slice(0, 40)}".`
    )
  return {
    rolesToAssume,
    organizationRoleName,
    organizationalUnits,
    includeAccounts,
    excludeAccounts,
    maxParallelAccounts: count(
      'max-parallel-accounts',
      value('max-parallel-accounts'),
      64,
      problems
    ),
    failOnIncomplete: fail === 'true',
    mode: mode as Mode,
    accountsPerJob: count('accounts-per-job', value('accounts-per-job'), 256, problems)
  }
}
