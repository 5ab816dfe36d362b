// The SARIF step of a complete scan: locate users in infrastructure code, build the log, write it
// to `sarif-file`, and upload it to code scanning when asked and possible.
import { md, type Md } from '../text/markdown.js'
import { mkdir, writeFile } from 'node:fs/promises'
import { count } from '../text/words.js'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { VERSION } from '../version.js'
import { buildSarif } from './build-sarif.js'
import { findCodeLocations } from './iac-locations.js'
import { uploadSarif, type UploadOutcome } from './upload-sarif.js'

export interface SarifStep {
  readonly file: string
  readonly results: number
  readonly upload: UploadOutcome | undefined
  /** Why nothing was uploaded, when it was not attempted. */
  readonly skipped: Md | undefined
  readonly alertsUrl: string | undefined
}

function workspaceOf(env: NodeJS.ProcessEnv): string {
  return resolve(env['GITHUB_WORKSPACE'] ?? process.cwd())
}

async function codeLocations(inputs: Inputs, workspace: string, deps: Deps) {
  const roots = (inputs.iacPaths.length > 0 ? inputs.iacPaths : ['.']).map(p =>
    resolve(workspace, p)
  )
  const inside = roots.filter(
    r => !relative(workspace, r).startsWith('..') && !isAbsolute(relative(workspace, r))
  )
  if (inside.length < roots.length)
    deps.io.warning('Some `iac-paths` lie outside the workspace and were not scanned.')
  const found = await findCodeLocations(workspace, inside)
  deps.io.info(
    `Infrastructure code: ${count(found.locations.size, 'IAM user definition')} in ${count(found.filesScanned, 'file')}${found.truncated ? ' (scan bounded: not every file was read)' : ''}.`
  )
  return found.locations
}

function uploadTarget(env: NodeJS.ProcessEnv) {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  const commitSha = env['GITHUB_SHA']
  const ref = env['GITHUB_REF']
  return owner && repo && commitSha && ref ? { owner, repo, commitSha, ref } : undefined
}

export async function publishSarif(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  accepted: ReadonlySet<Finding> = new Set(),
  blocked?: Md
): Promise<SarifStep> {
  const { io, env } = deps
  return io.group('SARIF', async () => {
    const workspace = workspaceOf(env)
    const locations = await codeLocations(inputs, workspace, deps)
    const sarif = buildSarif(result, {
      category: inputs.sarifCategory,
      toolVersion: VERSION,
      codeLocations: locations,
      accepted
    })
    const text = JSON.stringify(sarif, null, 2)
    const file = resolve(workspace, inputs.sarifFile)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, `${text}\n`, 'utf8')
    const results = result.evaluation.findings.filter(
      f => f.verdict === 'fail' && !accepted.has(f)
    ).length
    io.info(`Wrote ${file} (${count(results, 'result')}, category ${inputs.sarifCategory}).`)
    const target = uploadTarget(env)
    const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com'
    const alertsUrl = target
      ? `${server}/${target.owner}/${target.repo}/security/code-scanning?query=${encodeURIComponent('is:open tool:Posturio')}`
      : undefined
    const skip = (reason: Md): SarifStep => {
      io.info(`SARIF not uploaded: ${reason.plain}`)
      return { file, results, upload: undefined, skipped: reason, alertsUrl: undefined }
    }
    if (!inputs.uploadSarif) return skip(md`\`upload-sarif\` is false.`)
    if (blocked) return skip(md`${blocked}.`)
    if (!target)
      return skip(
        md`not running in a GitHub workflow (\`GITHUB_REPOSITORY\`, \`GITHUB_SHA\` or \`GITHUB_REF\` is missing).`
      )
    if (!inputs.githubToken) return skip(md`\`github-token\` is empty.`)
    io.setSecret(inputs.githubToken)
    const upload = await uploadSarif(deps.github(inputs.githubToken), target, text, {
      sleep: deps.sleep,
      nowMs: () => deps.now().getTime(),
      maxWaitMs: deps.sarifWaitMs,
      log: m => io.info(m)
    })
    if (upload.status === 'complete')
      io.info(`Code scanning processed the SARIF (id ${upload.id}).`)
    else io.warning(upload.warning.plain)
    return {
      file,
      results,
      upload,
      skipped: undefined,
      alertsUrl: upload.status === 'rejected' ? undefined : alertsUrl
    }
  })
}
