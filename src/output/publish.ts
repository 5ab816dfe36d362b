// Publishing a complete scan, in an order that never half-reports: report file, issues, SARIF, the
// artifact, summary, then annotations, outputs, the one-line result and the fail-on decision.
import type { Inputs } from '../config/inputs.js'
import { findingsAtOrAbove } from '../core/fail-on.js'
import type { ScanResult } from '../core/scan-result.js'
import { renderSummary } from '../render/summary.js'
import { publishSarif } from '../sarif/publish-sarif.js'
import { trackIssues, type IssueStep, type Recheck } from '../issues/track-issues.js'
import { issueWarnings } from '../render/issue-warnings.js'
import type { Deps } from '../runtime/deps.js'
import { buildOutputs } from './outputs.js'
import { writeReportFile } from './report-file.js'
import { keepFiles } from './keep-files.js'
import { summaryWarnings } from '../render/warnings.js'
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

/** The runner's files (summary, report file) could not be written: the environment, not the scan. */
export class RunnerFileError extends Error {
  override readonly name = 'RunnerFileError'
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined
}

async function runnerFile<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new RunnerFileError(
      `Could not write the ${what} (${detail}); no result was published. Check the runner's disk and RUNNER_TEMP.`
    )
  }
}

function skippedIssues(reason: Md): IssueStep {
  return {
    status: 'skipped',
    repo: undefined,
    reason: md`${reason}.`,
    plan: undefined,
    applied: undefined
  }
}

function issueOutputs(step: IssueStep): Record<string, string> {
  const a = step.applied
  return {
    'issues-opened': String(a?.opened.length ?? 0),
    'issues-updated': String(a?.updated.length ?? 0),
    'issues-closed': String(a?.closed.length ?? 0),
    'issues-reopened': String(a?.reopened.length ?? 0)
  }
}

/**
 * Warnings also go to the run page as annotations, where they are seen without opening the summary.
 * GitHub shows at most 10 warnings a step, and other steps of the run may warn too.
 */
const MAX_ANNOTATIONS = 8

export async function publish(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  recheck?: Recheck
): Promise<void> {
  const { io } = deps
  const failOn = inputs.failOn
  const reportFile = await runnerFile('report file', () => writeReportFile(result, deps.env))
  // A partly read account must not close alerts or issues: publish nothing that could.
  const partial = result.evaluation.partial ?? []
  const holdBack =
    partial.length > 0
      ? md`parts of the account could not be read: ${join(partial, '; ')}`
      : undefined
  if (holdBack) io.info(`No SARIF upload and no issue changes in this run: ${holdBack.plain}.`)
  // Issues first: a finding a person accepted as a risk is not an open code scanning alert.
  const issues = holdBack
    ? skippedIssues(holdBack)
    : await trackIssues(result, inputs, deps, recheck)
  const accepted = new Set((issues.plan?.accepted ?? []).map(a => a.finding))
  const doubts = issues.doubts ?? []
  const held = issues.plan?.held.length ?? 0
  const uploadBlocked =
    holdBack ??
    (issues.status === 'error'
      ? md`the tracking issues could not be read, so accepted risks are unknown`
      : doubts.length > 0
        ? md`the credential report is not plausible for the account (${join(doubts, '; ')}), and its SARIF would close alerts`
        : held > 0
          ? md`${count(held, 'tracking issue')} stayed open for want of newer evidence (see the warnings), and the SARIF would close ${held === 1 ? md`its alert` : md`their alerts`}`
          : undefined)
  const sarif = await runnerFile('SARIF file', () =>
    publishSarif(result, inputs, deps, accepted, uploadBlocked)
  )
  const files = await keepFiles([reportFile, sarif.file], result.accounts, inputs, deps)
  const warnings = [...summaryWarnings(result), ...issueWarnings(issues)]
  const summary = renderSummary(result, {
    runUrl: runUrl(deps.env),
    sarif,
    issues,
    files,
    warnings
  })
  await runnerFile('job summary', () => io.writeSummary(summary))
  for (const w of warnings.slice(0, MAX_ANNOTATIONS)) io.warning(w.plain)
  if (warnings.length > MAX_ANNOTATIONS)
    io.warning(`${count(warnings.length - MAX_ANNOTATIONS, 'more warning')}: see the job summary.`)
  for (const [name, value] of Object.entries({
    ...buildOutputs(result, reportFile, sarif),
    ...issueOutputs(issues),
    ...(files.status === 'uploaded' && files.url ? { 'artifact-url': files.url } : {})
  }))
    io.setOutput(name, value)
  const { counts, score, grade, inScope } = result.posture
  io.info(
    `iam.users_without_mfa: ${counts.fail} non-compliant of ${count(inScope, 'in-scope identity')} in ${result.accounts.join(', ') || 'unknown account'} ` +
      `(score ${score.toFixed(1)}%, grade ${grade}; ${counts.pending} pending, ${counts.exempt} exempt, ${counts['not-applicable']} API-only).`
  )
  if (issues.status === 'refused' || issues.status === 'error')
    io.setFailed(`Tracking issues: ${issues.reason?.plain ?? ''}`)
  const failedWrites = issues.applied?.failures ?? []
  if (failedWrites.length > 0) {
    io.setFailed(
      `Tracking issues: ${count(failedWrites.length, 'write')} failed (${failedWrites.slice(0, 3).join('; ')}); the next run retries ${failedWrites.length === 1 ? 'it' : 'them'}.`
    )
  }
  const tripping = findingsAtOrAbove(result.evaluation.findings, failOn)
  if (tripping.length > 0) {
    const named = tripping.slice(0, 5).map(f => `${f.user} ${f.severity ?? ''}`)
    io.setFailed(
      `${count(tripping.length, 'finding')} at or above fail-on: ${failOn} (${named.join(', ')}${tripping.length > 5 ? ', ...' : ''}). ` +
        'The job summary says how to fix each.'
    )
  }
}
