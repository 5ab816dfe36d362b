// Which commit and ref a SARIF upload belongs to, so that on a pull request the alerts annotate it:
// the workflow's ref and commit, or the pull request's head when that is what was checked out.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { UploadTarget } from './upload-sarif.js'

const SHA = /^[0-9a-f]{40}$/

/**
 * The target (pure). A `pull_request` run analyses `refs/pull/N/merge` at GITHUB_SHA; when the job
 * checked out another commit (the head, as `ref: ${{ github.event.pull_request.head.sha }}` does),
 * the results belong to `refs/pull/N/head` at that commit, as GitHub's upload API expects. A
 * `pull_request_target` run that checked out the pull request's head uploads to its head ref too.
 */
export function sarifTarget(
  env: NodeJS.ProcessEnv,
  head: string | undefined,
  event: unknown
): UploadTarget | undefined {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  const commitSha = env['GITHUB_SHA']
  const ref = env['GITHUB_REF']
  if (!owner || !repo || !commitSha || !ref) return undefined
  const merge = /^refs\/pull\/(\d+)\/merge$/.exec(ref)
  if (merge && head && SHA.test(head) && head !== commitSha)
    return { owner, repo, commitSha: head, ref: `refs/pull/${merge[1] ?? ''}/head` }
  const pr = (
    event as { pull_request?: { number?: unknown; head?: { sha?: unknown } } } | undefined
  )?.pull_request
  if (
    env['GITHUB_EVENT_NAME'] === 'pull_request_target' &&
    typeof pr?.number === 'number' &&
    head !== undefined &&
    head === pr.head?.sha
  )
    return { owner, repo, commitSha: head, ref: `refs/pull/${pr.number}/head` }
  return { owner, repo, commitSha, ref }
}

/** The commit checked out in `workspace` (`.git/HEAD`, detached or on a branch), if any. */
export async function checkedOutCommit(workspace: string): Promise<string | undefined> {
  const git = join(workspace, '.git')
  const head = (await readFile(join(git, 'HEAD'), 'utf8').catch(() => '')).trim()
  if (SHA.test(head)) return head
  const branch = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1]
  if (!branch || branch.split('/').includes('..')) return undefined
  const loose = (await readFile(join(git, branch), 'utf8').catch(() => '')).trim()
  if (SHA.test(loose)) return loose
  const packed = await readFile(join(git, 'packed-refs'), 'utf8').catch(() => '')
  const line = packed.split('\n').find(l => l.endsWith(` ${branch}`))
  const sha = line?.split(' ')[0]
  return sha && SHA.test(sha) ? sha : undefined
}

/** The workflow's event payload (GITHUB_EVENT_PATH), if it can be read. */
export async function workflowEvent(env: NodeJS.ProcessEnv): Promise<unknown> {
  const path = env['GITHUB_EVENT_PATH']
  if (!path) return undefined
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}
