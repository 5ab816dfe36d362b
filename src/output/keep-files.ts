// Keeping the run's files (report file, SARIF) past the job: one workflow artifact, linked from the summary.
import { copyFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import type { FilesStep } from '../render/files-line.js'
import type { Deps } from '../runtime/deps.js'

/** The artifact's name: one per category, so several scans in one run keep apart. */
export function artifactName(category: string): string {
  const slug = category.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')
  return slug === 'posturio-iam-mfa' ? 'posturio-iam-mfa' : `posturio-iam-mfa-${slug}`
}

/**
 * Uploads the report file with the SARIF beside it. The report file lives in a folder of its own
 * for this run, so the SARIF is copied there and both go up from that one folder.
 */
export async function keepFiles(
  [reportFile, sarifFile]: readonly [string, string],
  inputs: Inputs,
  deps: Deps
): Promise<FilesStep> {
  if (!inputs.uploadArtifact) return { status: 'off' }
  const folder = dirname(reportFile)
  const sarifCopy = join(folder, basename(sarifFile))
  if (sarifCopy !== sarifFile) await copyFile(sarifFile, sarifCopy)
  const outcome = await deps.uploadArtifact([reportFile, sarifCopy], {
    name: artifactName(inputs.sarifCategory),
    rootDirectory: folder
  })
  if (outcome.status === 'uploaded') {
    deps.io.info(`Artifact ${outcome.name} uploaded (${outcome.size} bytes).`)
    return { status: 'uploaded', name: outcome.name, url: outcome.url }
  }
  if (outcome.status === 'failed') deps.io.warning(`The artifact was not uploaded: ${outcome.reason}`)
  else deps.io.info(`No artifact: ${outcome.reason}`)
  return outcome
}
