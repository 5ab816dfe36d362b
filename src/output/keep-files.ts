// Keeping the run's files (report file, SARIF) past the job: one workflow artifact, linked from the summary.
import { copyFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import type { FilesStep } from '../render/files-line.js'
import type { Deps } from '../runtime/deps.js'
import { isPublic } from '../issues/github-issues.js'

/**
 * The artifact's name, unique within a workflow run when scans differ in account or category (the
 * matrix legs of one workflow, several steps in one job); a clash still falls back to `-2`, `-3`.
 */
export function artifactName(category: string, accounts: readonly string[]): string {
  const slug = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')
  const parts = ['posturio-iam-mfa']
  if (slug(category) !== 'posturio-iam-mfa') parts.push(slug(category))
  if (accounts.length > 0)
    parts.push(
      accounts.length <= 3 ? accounts.join('-') : `${accounts[0]}-and-${accounts.length - 1}-more`
    )
  return parts.join('-')
}

/**
 * Why the artifact must not be uploaded: a public repository's artifacts can be downloaded by anyone
 * signed in to GitHub, and the report file names every IAM user.
 */
async function publicRefusal(inputs: Inputs, deps: Deps): Promise<string | undefined> {
  if (inputs.allowPublicRepository || !deps.env['ACTIONS_RUNTIME_TOKEN']) return undefined
  const [owner, repo] = (deps.env['GITHUB_REPOSITORY'] ?? '').split('/')
  if (!owner || !repo || !inputs.githubToken)
    return "the repository's visibility is unknown (no `GITHUB_REPOSITORY` or `github-token`), and a public repository's artifacts can be downloaded by anyone."
  try {
    if (!(await isPublic(deps.github(inputs.githubToken), { owner, repo }))) return undefined
    return `${owner}/${repo} is public, so anyone signed in to GitHub could download the artifact, which names every IAM user. Set \`allow-public-repository: true\` to upload it anyway.`
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    return `the repository's visibility could not be read (${detail}), and a public repository's artifacts can be downloaded by anyone.`
  }
}

/**
 * Uploads the report file with the SARIF beside it. The report file lives in a folder of its own
 * for this run, so the SARIF is copied there and both go up from that one folder. A dry run uploads
 * nothing. Never throws: the results are already published, and losing their copy must not fail or
 * hide them.
 */
export async function keepFiles(
  [reportFile, sarifFile]: readonly [string, string],
  accounts: readonly string[],
  inputs: Inputs,
  deps: Deps
): Promise<FilesStep> {
  if (!inputs.uploadArtifact) return { status: 'off' }
  if (inputs.dryRun) {
    const reason =
      'dry run (`dry-run: true`): nothing is uploaded, so the report file and the SARIF stay on the runner and are gone when the job ends.'
    deps.io.info(`No artifact: ${reason}`)
    return { status: 'skipped', reason }
  }
  const refused = await publicRefusal(inputs, deps)
  if (refused) {
    deps.io.info(`No artifact: ${refused}`)
    return { status: 'skipped', reason: refused }
  }
  const folder = dirname(reportFile)
  const name =
    basename(sarifFile) === basename(reportFile)
      ? `sarif-${basename(sarifFile)}`
      : basename(sarifFile)
  const sarifCopy = join(folder, name)
  try {
    if (sarifCopy !== sarifFile) await copyFile(sarifFile, sarifCopy)
  } catch (error) {
    const reason = `the SARIF could not be copied beside the report file (${error instanceof Error ? error.message : String(error)})`
    deps.io.warning(`The artifact was not uploaded: ${reason}`)
    return { status: 'failed', reason }
  }
  const outcome = await deps.uploadArtifact([reportFile, sarifCopy], {
    name: artifactName(inputs.sarifCategory, accounts),
    rootDirectory: folder
  })
  if (outcome.status === 'uploaded')
    return { status: 'uploaded', name: outcome.name, url: outcome.url }
  if (outcome.status === 'failed')
    deps.io.warning(`The artifact was not uploaded: ${outcome.reason}`)
  else deps.io.info(`No artifact: ${outcome.reason}`)
  return outcome
}
