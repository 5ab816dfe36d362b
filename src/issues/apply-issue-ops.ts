// The GitHub writes of issue tracking: apply planned operations one write at a time, each step
// safe to repeat (a comment already posted for a change is recognised by its hidden marker).
import type { Octokit } from '../sarif/upload-sarif.js'
import { listComments, type Repo } from './github-issues.js'
import { readCommentMarker, type CommentMark } from './issue-marker.js'
import type { IssueOp } from './issue-plan.js'

export interface Applied {
  readonly opened: Array<{ number: number; url: string; title: string }>
  readonly updated: number[]
  readonly closed: number[]
  readonly reopened: number[]
  readonly labelled: number[]
  readonly failures: string[]
  /** Changes made without their comment, because GitHub refused it (e.g. a locked issue). */
  readonly uncommented: string[]
}

const statusOf = (error: unknown): number | undefined => (error as { status?: number }).status

/** GitHub's rate limits answer 403 or 429 too; those pass, so the next run retries the comment. */
function isRateLimit(error: unknown): boolean {
  const e = error as {
    status?: number
    message?: unknown
    response?: { headers?: Record<string, unknown> }
  }
  if (e.status === 429) return true
  const headers = e.response?.headers ?? {}
  return (
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    (typeof e.message === 'string' && /rate limit/i.test(e.message))
  )
}

async function ensureLabel(octokit: Octokit, repo: Repo, name: string): Promise<void> {
  try {
    await octokit.request('GET /repos/{owner}/{repo}/labels/{name}', { ...repo, name })
  } catch (error) {
    if (statusOf(error) !== 404) throw error
    try {
      await octokit.request('POST /repos/{owner}/{repo}/labels', {
        ...repo,
        name,
        color: 'b60205',
        description: 'IAM user who can sign in without MFA (Posturio)'
      })
    } catch (created) {
      // Another run created it at the same moment: the label exists, which is all that matters.
      if (statusOf(created) !== 422) throw created
    }
  }
}

interface IssuePatch {
  title?: string
  body?: string
  state?: 'open' | 'closed'
  state_reason?: 'completed' | 'not_planned' | 'duplicate'
  assignees?: string[]
}

async function patch(octokit: Octokit, repo: Repo, number: number, fields: IssuePatch) {
  await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
    ...repo,
    issue_number: number,
    ...fields
  })
}

/**
 * Posts the comment for a change unless it is already there. Returns false when GitHub refuses it
 * for good (locked issue, comments limited): the change goes ahead without it rather than never.
 */
async function commentOnce(
  octokit: Octokit,
  repo: Repo,
  number: number,
  body: string,
  mark: CommentMark,
  identity: string
): Promise<boolean> {
  // Posted already when the action's latest marked comment on the issue is this very change: a
  // retry after the state change failed. An earlier episode's comment is followed by others.
  const latest = (await listComments(octokit, repo, number))
    .filter(c => c.author?.toLowerCase() === identity.toLowerCase())
    .map(c => readCommentMarker(c.body))
    .filter((m): m is CommentMark => m !== undefined && m.key === mark.key)
    .at(-1)
  if (latest?.change === mark.change && latest.stamp === mark.stamp) return true
  try {
    // Never retried: a lost answer must not post it twice; the next run finds it by its marker.
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: number,
      body,
      request: { retries: 0 }
    })
    return true
  } catch (error) {
    const status = statusOf(error)
    if (isRateLimit(error)) throw error
    if (status === 403 || status === 404 || status === 410 || status === 422) return false
    throw error
  }
}

interface Context {
  readonly octokit: Octokit
  readonly repo: Repo
  readonly label: string
  readonly identity: string
  readonly applied: Applied
}

async function applyOne(ctx: Context, op: IssueOp): Promise<void> {
  const { octokit, repo, applied } = ctx
  const assign = (a: string | undefined) => (a ? { assignees: [a] } : {})
  switch (op.kind) {
    case 'create': {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: op.title,
        body: op.body,
        labels: [ctx.label],
        ...assign(op.assignee),
        // Never retried: a lost answer must not become a second issue; the next run converges.
        request: { retries: 0 }
      })
      applied.opened.push({ number: data.number, url: data.html_url, title: op.title })
      return
    }
    case 'label':
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...repo,
        issue_number: op.number,
        labels: [ctx.label]
      })
      applied.labelled.push(op.number)
      return
    case 'update':
      await patch(octokit, repo, op.number, {
        title: op.title,
        body: op.body,
        ...assign(op.assignee)
      })
      applied.updated.push(op.number)
      return
    case 'reopen':
    case 'close': {
      // The comment first: if the state change then fails, the next run finds the comment posted.
      const said = await commentOnce(octokit, repo, op.number, op.comment, op.mark, ctx.identity)
      if (!said) applied.uncommented.push(`#${op.number} (${op.kind})`)
      if (op.kind === 'reopen') {
        await patch(octokit, repo, op.number, {
          state: 'open',
          title: op.title,
          body: op.body,
          ...assign(op.assignee)
        })
        applied.reopened.push(op.number)
      } else {
        await patch(octokit, repo, op.number, {
          state: 'closed',
          state_reason: op.reason,
          ...(op.body ? { body: op.body } : {})
        })
        applied.closed.push(op.number)
      }
    }
  }
}

/** Applies the operations in order, one write at a time; a failed write is recorded and the rest go on. */
export async function applyOps(
  octokit: Octokit,
  repo: Repo,
  ops: readonly IssueOp[],
  who: { label: string; identity: string },
  log: (m: string) => void
): Promise<Applied> {
  const applied: Applied = {
    opened: [],
    updated: [],
    closed: [],
    reopened: [],
    labelled: [],
    failures: [],
    uncommented: []
  }
  const ctx: Context = { octokit, repo, label: who.label, identity: who.identity, applied }
  if (ops.some(op => op.kind === 'create' || op.kind === 'label'))
    await ensureLabel(octokit, repo, who.label)
  for (const op of ops) {
    const name = op.kind === 'create' ? `new issue "${op.title}"` : `#${op.number}`
    try {
      await applyOne(ctx, op)
      log(`[${name}] ${op.kind}${op.kind === 'close' ? ` (${op.reason})` : ''}`)
    } catch (error) {
      const status = statusOf(error)
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
