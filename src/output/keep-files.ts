// Keeping the run's files (report file, SARIF) past the job: one workflow artifact, linked from the summary.
import { copyFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import type { FilesStep } from '../render/files-line.js'
import type { Deps } from '../runtime/deps.js'

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
 * Uploads the report file with the SARIF beside it. The report file lives in a folder of its own
 * for this run, so the SARIF is copied there and both go up from that one folder.
 */
export async function keepFiles(
  [reportFile, sarifFile]: readonly [string, string],
  accounts: readonly string[],
  inputs: Inputs,
  deps: Deps
): Promise<FilesStep> {
  if (!inputs.uploadArtifact) return { status: 'off' }
  const folder = dirname(reportFile)
  const sarifCopy = join(folder, basename(sarifFile))
  if (sarifCopy !== sarifFile) await copyFile(sarifFile, sarifCopy)
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
