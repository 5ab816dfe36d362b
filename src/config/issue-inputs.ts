// Reading and validating the issue-tracking inputs (part of the one inputs object).

export interface IssueInputs {
  readonly createIssues: boolean
  /** `owner/repo`; undefined = the workflow's repository. */
  readonly issueRepository: string | undefined
  readonly issueLabel: string
  readonly acceptedRiskLabel: string
  readonly maxNewIssues: number
  readonly allowPublicRepository: boolean
  readonly dryRun: boolean
  /** Token for the issues; undefined = `github-token`. */
  readonly issueToken: string | undefined
}

export const ISSUE_DEFAULTS = {
  'create-issues': 'true',
  'issue-label': 'iam-mfa',
  'accepted-risk-label': 'accepted-risk',
  'max-new-issues': '20',
  'allow-public-repository': 'false',
  'dry-run': 'false'
} as const

const REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/

function bool(name: keyof typeof ISSUE_DEFAULTS, raw: string, problems: string[]): boolean {
  const v = raw.toLowerCase()
  if (v !== 'true' && v !== 'false') {
    problems.push(
      `Input \`${name}\` must be true or false, e.g. \`${name}: ${ISSUE_DEFAULTS[name]}\`; got "${raw.slice(0, 40)}".`
    )
  }
  return v === 'true'
}

function label(
  name: 'issue-label' | 'accepted-risk-label',
  raw: string,
  problems: string[]
): string {
  if (raw.length > 50 || /[,\n]/.test(raw)) {
    problems.push(
      `Input \`${name}\` must be one label name of at most 50 characters without commas, e.g. \`${name}: ${ISSUE_DEFAULTS[name]}\`; got "${raw.slice(0, 60)}".`
    )
  }
  return raw
}

export function readIssueInputs(get: (name: string) => string, problems: string[]): IssueInputs {
  const value = (name: keyof typeof ISSUE_DEFAULTS): string => get(name) || ISSUE_DEFAULTS[name]
  const issueRepository = get('issue-repository') || undefined
  // GitHub has no repository named `.` or `..`; as a path segment either would leave the repository.
  const repoName = issueRepository?.split('/')[1]
  if (issueRepository && (!REPO.test(issueRepository) || repoName === '.' || repoName === '..')) {
    problems.push(
      `Input \`issue-repository\` must be owner/repo, e.g. \`issue-repository: acme/security-findings\`; got "${issueRepository.slice(0, 80)}".`
    )
  }
  const rawMax = value('max-new-issues')
  const maxNewIssues = /^\d+$/.test(rawMax) ? Number(rawMax) : NaN
  if (Number.isNaN(maxNewIssues) || maxNewIssues > 500) {
    problems.push(
      `Input \`max-new-issues\` must be a whole number from 0 to 500, e.g. \`max-new-issues: 20\`; got "${rawMax.slice(0, 40)}".`
    )
  }
  const issueLabel = label('issue-label', value('issue-label'), problems)
  const acceptedRiskLabel = label('accepted-risk-label', value('accepted-risk-label'), problems)
  // GitHub label names are one label whatever their case: `Accepted-Risk` is `accepted-risk`.
  if (issueLabel.toLowerCase() === acceptedRiskLabel.toLowerCase()) {
    problems.push(
      `Inputs \`issue-label\` and \`accepted-risk-label\` name the same label ("${issueLabel.slice(0, 50)}"; GitHub ` +
        'compares label names ignoring case), so every tracking issue a person closed would count as an accepted ' +
        'risk and never be reopened. Give them different names, e.g. `issue-label: iam-mfa` and ' +
        '`accepted-risk-label: accepted-risk`.'
    )
  }
  return {
    createIssues: bool('create-issues', value('create-issues'), problems),
    issueRepository,
    issueLabel,
    acceptedRiskLabel,
    maxNewIssues,
    allowPublicRepository: bool(
      'allow-public-repository',
      value('allow-public-repository'),
      problems
    ),
    dryRun: bool('dry-run', value('dry-run'), problems),
    issueToken: get('issue-token') || undefined
  }
}
