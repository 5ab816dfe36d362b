// Reading and validating the prevention and evidence inputs: simulated actions, groups known to
// enforce MFA, and the report file's format (part of the one inputs object).

export const REPORT_FORMATS = ['json', 'ocsf', 'csv'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

export interface PreventionInputs {
  /** Actions to simulate with and without MFA for each privileged user; empty = no simulation. */
  readonly simulatePrivilegedActions: readonly string[]
  /** Groups known to enforce MFA though defined outside the code `mode: iac` reads. */
  readonly mfaEnforcingGroups: readonly string[]
  readonly reportFormat: ReportFormat
}

export const PREVENTION_DEFAULTS = { 'report-format': 'json' } as const

/** At most this many actions are simulated: each costs nothing extra per call, but pages grow. */
export const MAX_SIMULATED_ACTIONS = 50

const ACTION = /^[A-Za-z0-9-]{2,64}:[A-Za-z0-9]{1,128}$/
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/

/** Items of a list input: one a line or comma-separated, without blanks and `#` comments. */
function items(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.replace(/#.*$/, ''))
    .flatMap(l => l.split(','))
    .map(s => s.trim())
    .filter(s => s !== '')
}

export function readPreventionInputs(
  get: (name: string) => string,
  problems: string[]
): PreventionInputs {
  const actions = items(get('simulate-privileged-actions'))
  for (const a of actions.filter(x => !ACTION.test(x)))
    problems.push(
      `Input \`simulate-privileged-actions\` must list IAM actions as service:Action, one a line and without wildcards (the simulation evaluates named actions), e.g. \`iam:CreateUser\`; got "${a.slice(0, 60)}".`
    )
  if (actions.length > MAX_SIMULATED_ACTIONS)
    problems.push(
      `Input \`simulate-privileged-actions\` lists ${actions.length} actions; at most ${MAX_SIMULATED_ACTIONS} are simulated: keep the privileged ones that matter.`
    )
  const groups = items(get('mfa-enforcing-groups'))
  for (const g of groups.filter(x => !GROUP_NAME.test(x)))
    problems.push(
      `Input \`mfa-enforcing-groups\` must list IAM group names (1-128 letters, digits and +=,.@_-), one a line, e.g. \`mfa-enforcing-groups: console-users\`; got "${g.slice(0, 60)}".`
    )
  const format = (get('report-format') || PREVENTION_DEFAULTS['report-format']).toLowerCase()
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    problems.push(
      `Input \`report-format\` must be one of ${REPORT_FORMATS.join(', ')}, e.g. \`report-format: ocsf\`; got "${format.slice(0, 40)}".`
    )
  // Actions are case-insensitive in IAM: one spelling each, as the user wrote it first.
  const seen = new Set<string>()
  const unique = actions.filter(a => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()))
  return {
    simulatePrivilegedActions: Object.freeze(unique),
    mfaEnforcingGroups: Object.freeze([...new Set(groups)]),
    reportFormat: format as ReportFormat
  }
}

/** `mode: iac` reads code only: inputs that bring AWS credentials or a saved report are refused. */
export function iacModeProblems(set: {
  readonly 'role-to-assume': boolean
  readonly 'organization-role-name': boolean
  readonly 'credential-report': boolean
}): string[] {
  const named = Object.entries(set)
    .filter(([, on]) => on)
    .map(([name]) => `\`${name}\``)
  if (named.length === 0) return []
  return [
    `\`mode: iac\` reviews the repository's Terraform and CloudFormation and uses no AWS credentials, but ${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} set. ` +
      'Remove ' +
      (named.length === 1 ? 'it' : 'them') +
      ' from this step, and scan the account in a step of its own.'
  ]
}
