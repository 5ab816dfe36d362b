// Uploading SARIF to code scanning: gzip + base64, POST, then bounded polling of the processing
// status. Every problem becomes a warning that says what to change; nothing here fails the run.
import { md, type Md } from '../text/markdown.js'
import type { getOctokit } from '@actions/github'
import { gzipSync } from 'node:zlib'

export type Octokit = ReturnType<typeof getOctokit>

export interface UploadTarget {
  readonly owner: string
  readonly repo: string
  readonly commitSha: string
  readonly ref: string
}

export interface UploadOptions {
  readonly sleep: (ms: number) => Promise<void>
  readonly nowMs: () => number
  readonly maxWaitMs: number
  readonly log: (message: string) => void
}

export type UploadOutcome =
  | { readonly status: 'complete'; readonly id: string }
  | { readonly status: 'failed'; readonly id: string; readonly warning: Md }
  | { readonly status: 'timeout'; readonly id: string; readonly warning: Md }
  | { readonly status: 'rejected'; readonly warning: Md }

interface HttpError {
  status?: number
  message?: string
}

/** What to change, for each way GitHub refuses an upload. */
export function explainRefusal(error: unknown, target: UploadTarget): Md {
  const e = (typeof error === 'object' && error !== null ? error : {}) as HttpError
  const said = md`GitHub answered ${String(e.status ?? 'an error')}: ${e.message ?? String(error)}`
  const repo = `${target.owner}/${target.repo}`
  if (
    e.status === 403 &&
    /Advanced Security|Code Security|code scanning is not enabled/i.test(e.message ?? '')
  ) {
    return md`The SARIF was not uploaded: code scanning is not enabled for ${repo} (${said}). Enable it under Settings → Code security (GitHub Code Security / Advanced Security), or set \`upload-sarif: false\`.`
  }
  if (e.status === 403 && /archived/i.test(e.message ?? '')) {
    return md`The SARIF was not uploaded: ${repo} is archived and read-only (${said}). Run the check from an active repository.`
  }
  if (e.status === 403 || e.status === 401) {
    return md`The SARIF was not uploaded: the token may not write code scanning results (${said}). Add \`permissions: security-events: write\` (and \`contents: read\` in a private repository) to the job.`
  }
  if (e.status === 404) {
    return md`The SARIF was not uploaded: ${repo} was not found for this token (${said}). Check \`github-token\` and the repository.`
  }
  if (e.status === 413) {
    return md`The SARIF was not uploaded: it is larger than GitHub accepts, 10 MB gzipped (${said}). Scan fewer accounts per job (one job and \`sarif-category\` each), or set \`upload-sarif: false\` and rely on the summary and issues.`
  }
  return md`The SARIF was not uploaded (${said}).`
}

export async function uploadSarif(
  octokit: Octokit,
  target: UploadTarget,
  sarifJson: string,
  options: UploadOptions
): Promise<UploadOutcome> {
  let id: string
  try {
    const response = await octokit.request('POST /repos/{owner}/{repo}/code-scanning/sarifs', {
      owner: target.owner,
      repo: target.repo,
      commit_sha: target.commitSha,
      ref: target.ref,
      sarif: gzipSync(Buffer.from(sarifJson, 'utf8')).toString('base64'),
      tool_name: 'Posturio'
    })
    id = response.data.id ?? ''
  } catch (error) {
    return { status: 'rejected', warning: explainRefusal(error, target) }
  }
  options.log(`SARIF uploaded (id ${id}); waiting for code scanning to process it.`)
  const started = options.nowMs()
  for (let attempt = 0; ; attempt++) {
    let status: string | undefined
    let errors: readonly string[] = []
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}', {
        owner: target.owner,
        repo: target.repo,
        sarif_id: id
      })
      status = r.data.processing_status
      errors = r.data.errors ?? []
    } catch (error) {
      options.log(
        `Checking the upload status failed: ${error instanceof Error ? error.message : String(error)}`
      )
    }
    if (status === 'complete') return { status: 'complete', id }
    if (status === 'failed') {
      return {
        status: 'failed',
        id,
        warning: md`Code scanning could not process the SARIF (id ${id}): ${errors.join('; ') || 'no reason given'}. Alerts were not updated.`
      }
    }
    const waited = options.nowMs() - started
    if (waited >= options.maxWaitMs) {
      return {
        status: 'timeout',
        id,
        warning: md`Code scanning had not finished processing the SARIF (id ${id}) after ${String(Math.round(options.maxWaitMs / 1000))} s; it usually completes shortly. Check the code scanning page.`
      }
    }
    await options.sleep(Math.min(1000 * 2 ** attempt, 15_000, options.maxWaitMs - waited))
  }
}
