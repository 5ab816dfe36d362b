// The GitHub reads of issue tracking: who the action writes as, its issues (by label and by author),
// the repository's visibility, assignees, and an issue's comments.
import type { Octokit } from '../sarif/upload-sarif.js'
import type { ExistingIssue } from './issue-plan.js'

export interface Repo {
  readonly owner: string
  readonly repo: string
}

/** The login the token writes as (a user, or an app's `name[bot]`): GraphQL's viewer works for both. */
export async function whoAmI(octokit: Octokit): Promise<string> {
  const data = await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }')
  const login = data.viewer?.login
  if (!login) throw new Error('GitHub did not say which account the token belongs to')
  return login
}

type IssueItem = Awaited<ReturnType<Octokit['rest']['issues']['listForRepo']>>['data'][number]

async function listBy(
  octokit: Octokit,
  repo: Repo,
  filter: { labels: string } | { creator: string }
): Promise<IssueItem[]> {
  return octokit.paginate('GET /repos/{owner}/{repo}/issues', {
    ...repo,
    ...filter,
    state: 'all',
    per_page: 100
  })
}

/**
 * The action's issues: those with its label, and those its identity opened (a person may have
 * taken the label off). Each issue once.
 */
export async function listIssues(
  octokit: Octokit,
  repo: Repo,
  label: string,
  identity: string,
  log: (message: string) => void = () => undefined
): Promise<ExistingIssue[]> {
  const labelled = await listBy(octokit, repo, { labels: label })
  // GitHub refuses a creator it does not know as a user (422): then only labelled issues are found.
  const authored = await listBy(octokit, repo, { creator: identity }).catch((error: unknown) => {
    if ((error as { status?: number }).status !== 422) throw error
    log(`GitHub does not list issues by ${identity}: only issues labelled ${label} are found.`)
    return []
  })
  const byNumber = new Map<number, IssueItem>()
  for (const i of [...labelled, ...authored]) byNumber.set(i.number, i)
  return [...byNumber.values()]
    .filter(i => !i.pull_request)
    .map(i => ({
      number: i.number,
      state: i.state === 'open' ? 'open' : 'closed',
      stateReason: i.state_reason ?? null,
      labels: i.labels.map(l => (typeof l === 'string' ? l : (l.name ?? ''))),
      title: i.title,
      body: i.body ?? '',
      url: i.html_url,
      createdAt: i.created_at,
      assignees: (i.assignees ?? []).map(a => a.login),
      ...(i.user?.login ? { author: i.user.login } : {})
    }))
}

export interface IssueComment {
  readonly author: string | undefined
  readonly body: string
}

/** An issue's comments (read only before the action comments, to never post one twice). */
export async function listComments(
  octokit: Octokit,
  repo: Repo,
  number: number
): Promise<IssueComment[]> {
  const items = await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: number,
    per_page: 100
  })
  return items.map(c => ({ author: c.user?.login, body: c.body ?? '' }))
}

export async function isPublic(octokit: Octokit, repo: Repo): Promise<boolean> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}', { ...repo })
  return !data.private && data.visibility !== 'internal'
}

export async function isAssignable(octokit: Octokit, repo: Repo, login: string): Promise<boolean> {
  try {
    await octokit.request('GET /repos/{owner}/{repo}/assignees/{assignee}', {
      ...repo,
      assignee: login
    })
    return true
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false
    throw error
  }
}
