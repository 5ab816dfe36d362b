// Reading and validating every input once, before any network call, into one frozen object.
import type { Exemption } from '../core/types.js'
import { parseExemptUsers } from './exempt-users.js'
import { InputError } from './input-error.js'
import {
  ACCOUNT_DEFAULTS,
  readAccountInputs,
  ROLE_ARN,
  type AccountInputs
} from './account-inputs.js'
import { ISSUE_DEFAULTS, readIssueInputs, type IssueInputs } from './issue-inputs.js'
import { readSarifInputs, SARIF_DEFAULTS, type SarifInputs } from './sarif-inputs.js'
import {
  iacModeProblems,
  PREVENTION_DEFAULTS,
  readPreventionInputs,
  type PreventionInputs
} from './prevention-inputs.js'

export const FAIL_ON = ['none', 'critical', 'high', 'medium'] as const
export type FailOn = (typeof FAIL_ON)[number]

export interface Inputs extends IssueInputs, SarifInputs, AccountInputs, PreventionInputs {
  readonly awsRegion: string
  readonly roleSessionName: string
  readonly audience: string
  readonly credentialReport: string | undefined
  readonly exemptions: readonly Exemption[]
  readonly gracePeriodDays: number
  readonly inactiveDays: number
  readonly failOn: FailOn
  readonly verifyLive: boolean
  readonly requirePhishingResistant: boolean
  readonly ownerTag: string
  readonly exemptTag: string
}

/** Defaults, the same as action.yml's (a test keeps the two equal). */
export const DEFAULTS = {
  'aws-region': 'us-east-1',
  'role-session-name': 'posturio-iam-mfa',
  audience: 'sts.amazonaws.com',
  'grace-period-days': '1',
  'inactive-days': '45',
  'fail-on': 'none',
  'verify-live': 'true',
  'require-phishing-resistant': 'false',
  'owner-tag': 'github',
  'exempt-tag': 'mfa-exempt',
  ...SARIF_DEFAULTS,
  ...ISSUE_DEFAULTS,
  ...ACCOUNT_DEFAULTS,
  ...PREVENTION_DEFAULTS
} as const

export type InputReader = (name: string) => string

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u

function flag(
  name: 'verify-live' | 'require-phishing-resistant',
  raw: string,
  problems: string[]
): boolean {
  const v = raw.toLowerCase()
  if (v !== 'true' && v !== 'false') {
    problems.push(
      `Input \`${name}\` must be true or false, e.g. \`${name}: ${DEFAULTS[name]}\`; got "${raw.slice(0, 40)}".`
    )
  }
  return v === 'true'
}

function tagKey(name: 'owner-tag' | 'exempt-tag', raw: string, problems: string[]): string {
  if (!TAG_KEY.test(raw) || raw.startsWith('aws:')) {
    problems.push(
      `Input \`${name}\` must be an IAM tag key (1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:), ` +
        `e.g. \`${name}: ${DEFAULTS[name]}\`; got "${raw.slice(0, 40)}".`
    )
  }
  return raw
}

function wholeNumber(
  name: string,
  raw: string,
  min: number,
  max: number,
  problems: string[]
): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (Number.isNaN(n) || n < min || n > max) {
    problems.push(
      `Input \`${name}\` must be a whole number of days from ${min} to ${max}, e.g. ` +
        `\`${name}: ${DEFAULTS[name as keyof typeof DEFAULTS]}\`; got "${raw.slice(0, 40)}".`
    )
  }
  return n
}

/** Validates all inputs; throws one InputError listing every problem. */
export function readInputs(read: InputReader): Inputs {
  const get = (name: string): string => read(name).trim()
  const withDefault = (name: keyof typeof DEFAULTS): string => get(name) || DEFAULTS[name]
  const problems: string[] = []

  const accountInputs = readAccountInputs(get, problems)
  const roleToAssume = accountInputs.rolesToAssume[0]
  const awsRegion = withDefault('aws-region')
  if (!REGION.test(awsRegion)) {
    problems.push(
      `Input \`aws-region\` must be an AWS region code, e.g. \`aws-region: us-east-1\` ` +
        `(or us-gov-west-1, cn-north-1); got "${awsRegion.slice(0, 40)}".`
    )
  }
  const roleSessionName = withDefault('role-session-name')
  if (!SESSION_NAME.test(roleSessionName)) {
    problems.push(
      'Input `role-session-name` must be 2-64 characters of letters, digits and +=,.@_-, e.g. ' +
        `\`role-session-name: posturio-iam-mfa\`; got "${roleSessionName.slice(0, 80)}".`
    )
  }
  const audience = withDefault('audience')
  if (/\s/.test(audience)) {
    problems.push(
      `Input \`audience\` must not contain spaces, e.g. \`audience: sts.amazonaws.com\`; got "${audience.slice(0, 80)}".`
    )
  }
  const credentialReport = get('credential-report') || undefined
  const { exemptions, problems: exemptProblems } = parseExemptUsers(read('exempt-users'))
  problems.push(...exemptProblems)
  const gracePeriodDays = wholeNumber(
    'grace-period-days',
    withDefault('grace-period-days'),
    0,
    365,
    problems
  )
  const inactiveDays = wholeNumber('inactive-days', withDefault('inactive-days'), 1, 3650, problems)
  const failOn = withDefault('fail-on').toLowerCase()
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    problems.push(
      `Input \`fail-on\` must be one of ${FAIL_ON.join(', ')}, e.g. \`fail-on: high\`; got "${failOn.slice(0, 40)}".`
    )
  }
  if (credentialReport && roleToAssume) {
    problems.push(
      'Inputs `credential-report` and `role-to-assume` are both set: a saved report is read offline ' +
        'with no AWS call, so the role would never be used. Set one of them.'
    )
  }
  if (credentialReport && accountInputs.organizationRoleName) {
    problems.push(
      'Inputs `credential-report` and `organization-role-name` are both set: a saved report is read ' +
        'offline with no AWS call, so no account of the organisation would be scanned. Set one of them.'
    )
  }
  if (accountInputs.mode === 'iac')
    problems.push(
      ...iacModeProblems({
        'role-to-assume': accountInputs.rolesToAssume.length > 0,
        'organization-role-name': accountInputs.organizationRoleName !== undefined,
        'credential-report': credentialReport !== undefined
      })
    )
  const partition = roleToAssume?.split(':')[1]
  const regionPartition = awsRegion.startsWith('us-gov-')
    ? 'aws-us-gov'
    : awsRegion.startsWith('cn-')
      ? 'aws-cn'
      : awsRegion.startsWith('us-iso')
        ? partition
        : 'aws'
  if (
    partition &&
    ROLE_ARN.test(roleToAssume ?? '') &&
    REGION.test(awsRegion) &&
    partition !== regionPartition
  ) {
    problems.push(
      `Input \`aws-region\` (${awsRegion}) is in partition ${regionPartition}, but \`role-to-assume\` is in ${partition}; ` +
        `use a region of the role's partition, e.g. \`aws-region: ${partition === 'aws-us-gov' ? 'us-gov-west-1' : partition === 'aws-cn' ? 'cn-north-1' : 'us-east-1'}\`.`
    )
  }
  const verifyLive = flag('verify-live', withDefault('verify-live'), problems)
  const requirePhishingResistant = flag(
    'require-phishing-resistant',
    withDefault('require-phishing-resistant'),
    problems
  )
  const ownerTag = tagKey('owner-tag', withDefault('owner-tag'), problems)
  const exemptTag = tagKey('exempt-tag', withDefault('exempt-tag'), problems)
  const sarif = readSarifInputs(name => read(name).trim(), problems)
  const issues = readIssueInputs(get, problems)
  const prevention = readPreventionInputs(get, problems)
  if (problems.length > 0) {
    throw new InputError(
      problems.length === 1
        ? (problems[0] ?? '')
        : `The inputs have ${problems.length} problems:\n- ${problems.join('\n- ')}`
    )
  }
  return Object.freeze({
    ...accountInputs,
    awsRegion,
    roleSessionName,
    audience,
    credentialReport,
    exemptions: Object.freeze(exemptions),
    gracePeriodDays,
    inactiveDays,
    failOn: failOn as FailOn,
    verifyLive,
    requirePhishingResistant,
    ownerTag,
    exemptTag,
    ...sarif,
    ...issues,
    ...prevention
  })
}
