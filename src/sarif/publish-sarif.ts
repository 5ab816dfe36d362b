// The SARIF step of a complete scan: locate users in infrastructure code, write the log to
// `sarif-file` (again when accepted risks change it), and upload it to code scanning when asked.
import { allFindings } from '../core/all-findings.js'
import { md, type Md } from '../text/markdown.js'
import { mkdir, writeFile } from 'node:fs/promises'
import { count } from '../text/words.js'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import { workspaceOf } from '../config/path-inputs.js'
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { VERSION } from '../version.js'
import { buildSarif, type CodeLocation } from './build-sarif.js'
import { findCodeLocations } from './iac-locations.js'
import { uploadSarif, type UploadOutcome } from './upload-sarif.js'
import { checkedOutCommit, sarifTarget, workflowEvent } from './upload-target.js'

export interface SarifStep {
  readonly file: string
  readonly results: number
  readonly upload: UploadOutcome | undefined
  /** Why nothing was uploaded, when it was not attempted. */
  readonly skipped: Md | undefined
  readonly alertsUrl: string | undefined
  /** Accounts whose run was left out of the upload, and why (their alerts stay as they were). */
  readonly heldBack?: ReadonlyArray<{ readonly account: string; readonly why: Md }>
}

/** The SARIF as written to `sarif-file`. */
export interface WrittenSarif {
  readonly file: string
  readonly text: string
  /** Open alerts it holds: failing findings not accepted as a risk. */
  readonly results: number
}

/** Where the workspace defines IAM users, found once per run (the SARIF may be written twice). */
export async function locateUsers(
  inputs: Inputs,
  deps: Deps
): Promise<ReadonlyMap<string, CodeLocation>> {
  const workspace = workspaceOf(deps.env)
  const roots = (inputs.iacPaths.length > 0 ? inputs.iacPaths : ['.']).map(p =>
    resolve(workspace, p)
  )
  const inside = roots.filter(
    r => !relative(workspace, r).startsWith('..') && !isAbsolute(relative(workspace, r))
  )
  if (inside.length < roots.length)
    deps.io.warning('Some `iac-paths` lie outside the workspace and were not scanned.')
  const found = await findCodeLocations(workspace, inside, undefined, deps.hcl)
  deps.io.info(
    `Infrastructure code: ${count(found.locations.size, 'IAM user definition')} in ${count(found.filesScanned, 'file')}${found.truncated ? ' (scan bounded: not every file was read)' : ''}.`
  )
  return found.locations
}

/** What a SARIF log was built from: the same inputs build the same log. */
interface SarifSource {
  readonly result: ScanResult
  readonly locations: ReadonlyMap<string, CodeLocation>
  readonly category: string
  /** The failing findings left out as accepted risks, in the order of the findings. */
  readonly accepted: readonly Finding[]
}

/** The source of each log this module wrote, so that an unchanged log is not built twice. */
const sources = new WeakMap<WrittenSarif, SarifSource>()

function sameSource(a: SarifSource | undefined, b: SarifSource): boolean {
  return (
    a !== undefined &&
    a.result === b.result &&
    a.locations === b.locations &&
    a.category === b.category &&
    a.accepted.length === b.accepted.length &&
    a.accepted.every((f, i) => f === b.accepted[i])
  )
}

/**
 * Writes the SARIF for `accepted` risks to `sarif-file`; when `previous` already holds the same
 * log, the file is left as it is.
 */
export async function writeSarif(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  locations: ReadonlyMap<string, CodeLocation>,
  accepted: ReadonlySet<Finding>,
  previous?: WrittenSarif
): Promise<WrittenSarif> {
  const failing = allFindings(result.evaluation).filter(f => f.verdict === 'fail')
  const source: SarifSource = {
    result,
    locations,
    category: inputs.sarifCategory,
    accepted: accepted.size === 0 ? [] : failing.filter(f => accepted.has(f))
  }
  // The same scan, code locations and accepted failing findings build the same log.
  if (previous && sameSource(sources.get(previous), source)) return previous
  const sarif = buildSarif(result, {
    category: inputs.sarifCategory,
    toolVersion: VERSION,
    codeLocations: locations,
    accepted
  })
  const text = JSON.stringify(sarif, null, 2)
  const file = resolve(workspaceOf(deps.env), inputs.sarifFile)
  const results = failing.length - source.accepted.length
  if (previous?.text === text) return previous
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, [text, '\n'], 'utf8')
  deps.io.info(
    `${previous ? 'Rewrote' : 'Wrote'} ${file} (${count(results, 'result')}, category ${inputs.sarifCategory})${previous ? ' without the accepted risks' : ''}.`
  )
  const written: WrittenSarif = { file, text, results }
  sources.set(written, source)
  return written
}

async function uploadTarget(env: NodeJS.ProcessEnv) {
  const head = await checkedOutCommit(workspaceOf(env))
  return sarifTarget(env, head, await workflowEvent(env))
}

/** The log with only the runs of `accounts` (each run's category ends with its account id). */
function onlyRuns(
  text: string,
  category: string,
  accounts: ReadonlySet<string>
): { text: string; results: number } {
  const log = JSON.parse(text) as {
    runs: Array<{ automationDetails?: { id?: string }; results?: unknown[] }>
  }
  const ids = new Set([...accounts].map(a => `${category}/${a}/`))
  const runs = log.runs.filter(run => ids.has(run.automationDetails?.id ?? ''))
  const results = runs.reduce((n, run) => n + (run.results?.length ?? 0), 0)
  return { text: JSON.stringify({ ...log, runs }, null, 2), results }
}

/**
 * Uploads the written SARIF to code scanning, unless `blocked` says why it must not be; with
 * `only`, just the runs of those accounts (the others' alerts stay as they were).
 */
export async function uploadSarifFile(
  written: WrittenSarif,
  inputs: Inputs,
  deps: Deps,
  blocked?: Md,
  only?: {
    readonly accounts: ReadonlySet<string>
    readonly heldBack: ReadonlyArray<{ readonly account: string; readonly why: Md }>
  }
): Promise<SarifStep> {
  const { io, env } = deps
  const { file, results } = written
  const skip = (reason: Md): SarifStep => {
    io.info(`SARIF not uploaded: ${reason.plain}`)
    return { file, results, upload: undefined, skipped: reason, alertsUrl: undefined }
  }
  if (!inputs.uploadSarif) return skip(md`\`upload-sarif\` is false.`)
  if (inputs.dryRun)
    return skip(
      md`dry run (\`dry-run: true\`): nothing is uploaded, so no code scanning alert changes.`
    )
  if (blocked) return skip(md`${blocked}.`)
  const target = await uploadTarget(env)
  if (!target)
    return skip(
      md`not running in a GitHub workflow (\`GITHUB_REPOSITORY\`, \`GITHUB_SHA\` or \`GITHUB_REF\` is missing).`
    )
  if (!inputs.githubToken) return skip(md`\`github-token\` is empty.`)
  const token = inputs.githubToken
  return io.group('SARIF upload', async () => {
    io.setSecret(token)
    const sent = only
      ? onlyRuns(written.text, inputs.sarifCategory, only.accounts)
      : { text: written.text, results }
    if (only)
      io.info(
        `Uploading the runs of ${count(only.accounts.size, 'account')}; ${count(only.heldBack.length, 'account')} held back: ${only.heldBack.map(h => `${h.account} (${h.why.plain})`).join('; ')}.`
      )
    const upload = await uploadSarif(deps.github(token), target, sent.text, {
      sleep: deps.sleep,
      nowMs: () => deps.now().getTime(),
      maxWaitMs: deps.sarifWaitMs,
      log: m => io.info(m)
    })
    if (upload.status === 'complete')
      io.info(`Code scanning processed the SARIF (id ${upload.id}).`)
    else io.warning(upload.warning.plain)
    const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com'
    const alertsUrl = `${server}/${target.owner}/${target.repo}/security/code-scanning?query=${encodeURIComponent('is:open tool:Posturio')}`
    return {
      file,
      results: sent.results,
      upload,
      skipped: undefined,
      alertsUrl: upload.status === 'rejected' ? undefined : alertsUrl,
      ...(only ? { heldBack: only.heldBack } : {})
    }
  })
}
