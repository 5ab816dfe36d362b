// The GitHub side of issue tracking: list the action's issues by label, check the repository and
// assignees, and apply planned operations one write at a time.
import type { Octokit } from '../sarif/upload-sarif.js'
import type { ExistingIssue, IssueOp } from './issue-plan.js'

export interface Repo {
  readonly owner: string
  readonly repo: string
}

export async function listIssues(
  octokit: Octokit,
  repo: Repo,
  label: string
): Promise<ExistingIssue[]> {
  const items = await octokit.paginate('GET /repos/{owner}/{repo}/issues', {
    ...repo,
    labels: label,
    state: 'all',
    per_page: 100
  })
  return items
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
      assignees: (i.assignees ?? []).map(a => a.login)
    }))
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

async function ensureLabel(octokit: Octokit, repo: Repo, name: string): Promise<void> {
  try {
    await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { ...repo, name })
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
    await octokit.request('POST /repos/{owner}/{repo}/labels', {
      ...repo,
      name,
      color: 'b60205',
      description: 'IAM user who can sign in without MFA (Posturio)'
    })
  }
}

export interface Applied {
  readonly opened: Array<{ number: number; url: string; title: string }>
  readonly updated: number[]
  readonly closed: number[]
  readonly reopened: number[]
  readonly failures: string[]
}

async function applyOne(
  octokit: Octokit,
  repo: Repo,
  op: IssueOp,
  label: string,
  applied: Applied
): Promise<void> {
  switch (op.kind) {
    case 'create': {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: op.title,
        body: op.body,
        labels: [label],
        ...(op.assignee ? { assignees: [op.assignee] } : {}),
        // Never retried: a lost answer must not become a second issue; the next run converges.
        request: { retries: 0 }
      })
      applied.opened.push({ number: data.number, url: data.html_url, title: op.title })
      return
    }
    case 'update':
      await patch(octokit, repo, op.number, {
        title: op.title,
        body: op.body,
        ...(op.assignee ? { assignees: [op.assignee] } : {})
      })
      applied.updated.push(op.number)
      return
    case 'reopen':
      await comment(octokit, repo, op.number, op.comment)
      await patch(octokit, repo, op.number, {
        state: 'open',
        title: op.title,
        body: op.body,
        ...(op.assignee ? { assignees: [op.assignee] } : {})
      })
      applied.reopened.push(op.number)
      return
    case 'close':
      await comment(octokit, repo, op.number, op.comment)
      await patch(octokit, repo, op.number, {
        state: 'closed',
        state_reason: op.reason,
        ...(op.body ? { body: op.body } : {})
      })
      applied.closed.push(op.number)
  }
}

/** A comment is never retried: a lost answer must not post it twice; the next run converges. */
async function comment(octokit: Octokit, repo: Repo, number: number, body: string): Promise<void> {
  await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: number,
    body,
    request: { retries: 0 }
  })
}

interface IssuePatch {
  title?: string
  body?: string
  state?: 'open' | 'closed'
  state_reason?: 'completed' | 'not_planned' | 'duplicate'
  assignees?: string[]
}

async function patch(
  octokit: Octokit,
  repo: Repo,
  number: number,
  fields: IssuePatch
): Promise<void> {
  await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...repo,
    issue_number: number,
    ...fields
  })
}

/** Applies the operations in order, one write at a time; a failed write is recorded and the rest go on. */
export async function applyOps(
  octokit: Octokit,
  repo: Repo,
  ops: readonly IssueOp[],
  label: string,
  log: (m: string) => void
): Promise<Applied> {
  const applied: Applied = { opened: [], updated: [], closed: [], reopened: [], failures: [] }
  if (ops.some(op => op.kind === 'create')) await ensureLabel(octokit, repo, label)
  for (const op of ops) {
    const name = op.kind === 'create' ? `new issue "${op.title}"` : `#${op.number}`
    try {
      await applyOne(octokit, repo, op, label, applied)
      log(`[${name}] ${op.kind}${op.kind === 'close' ? ` (${op.reason})` : ''}`)
    } catch (error) {
      const status = (error as { status?: number }).status
      const hint =
        status === 403 || status === 404
          ? ` (the token needs \`issues: write\` on ${repo.owner}/${repo.repo})`
          : ''
      const message = `${error instanceof Error ? error.message : String(error)}${hint}`
      applied.failures.push(`${op.kind} ${name}: ${message}`)
      log(`[${name}] ${op.kind} failed: ${message}`)
    }
  }
  return applied
}
