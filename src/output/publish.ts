// Publishing a complete scan, in an order that never half-reports: the local files first (report
// file, SARIF), then GitHub (issues, the SARIF rewritten when accepted risks change it, its upload,
// the artifact), then the summary, annotations, outputs, the one-line result and fail-on.
import { allFindings } from '../core/all-findings.js'
import type { Inputs } from '../config/inputs.js'
import { findingsAtOrAbove } from '../core/fail-on.js'
import { accountLabel, settledAccounts, type ScanResult } from '../core/scan-result.js'
import { renderSummary } from '../render/summary.js'
import { locateUsers, uploadSarifFile, writeSarif } from '../sarif/publish-sarif.js'
import { trackIssues, type IssueStep, type Recheck } from '../issues/track-issues.js'
import { issueWarnings } from '../render/issue-warnings.js'
import { holdBackAll, unsettled, uploadPlan } from './upload-plan.js'
import type { Deps } from '../runtime/deps.js'
import { buildOutputs } from './outputs.js'
import { Progress, resultLine } from './progress.js'
import { writeReportFile } from './report-file.js'
import { keepFiles } from './keep-files.js'
import { summaryWarnings } from '../render/warnings.js'
import { md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined
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

/**
 * Publishes `result`. A step that fails throws a ReportingError saying what failed, the scan's
 * result and what the run had already changed.
 */
export async function publish(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  recheck?: Recheck
): Promise<void> {
  const progress = new Progress(result)
  try {
    await publishSteps(result, inputs, deps, progress, recheck)
  } catch (error) {
    throw progress.failure(error)
  }
}

async function publishSteps(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  progress: Progress,
  recheck: Recheck | undefined
): Promise<void> {
  const { io } = deps
  const failOn = inputs.failOn
  // Local files first: a file that cannot be written stops the run before GitHub changes anything.
  progress.at('reportFile')
  const reportFile = await writeReportFile(result, deps.env, inputs.reportFormat)
  progress.at('sarifFile')
  const { locations, written } = await io.group('SARIF', async () => {
    const found = await locateUsers(inputs, deps)
    return { locations: found, written: await writeSarif(result, inputs, deps, found, new Set()) }
  })
  let sarifFile = written
  // An account not read whole must not close its alerts or issues: nothing of it that could is published.
  const settled = settledAccounts(result)
  const untouched = unsettled(result, settled)
  const holdBack = settled.size === 0 ? holdBackAll(untouched) : undefined
  if (holdBack) io.info(`No SARIF upload and no issue changes in this run: ${holdBack.plain}.`)
  // Issues first: a finding a person accepted as a risk is not an open code scanning alert.
  progress.at('issues')
  const tracked = holdBack
    ? skippedIssues(holdBack)
    : await trackIssues(result, inputs, deps, recheck, settled)
  const issues: IssueStep = untouched.length > 0 ? { ...tracked, untouched } : tracked
  if (issues.status === 'applied' && (issues.plan?.ops.length ?? 0) > 0)
    progress.changed('tracking issue changes')
  const accepted = new Set((issues.plan?.accepted ?? []).map(a => a.finding))
  progress.at('sarifRewrite')
  sarifFile = await writeSarif(result, inputs, deps, locations, accepted, sarifFile)
  const upload = uploadPlan(result, issues, untouched, holdBack)
  progress.at('sarifUpload')
  const sarif = await uploadSarifFile(sarifFile, inputs, deps, upload.blocked, upload.only)
  if (sarif.upload && sarif.upload.status !== 'rejected') progress.changed('code scanning upload')
  progress.at('artifact')
  const files = await keepFiles([reportFile, sarif.file], result.accounts, inputs, deps)
  if (files.status === 'uploaded') progress.changed('artifact upload')
  progress.at('summary')
  const warnings = [...summaryWarnings(result), ...issueWarnings(issues)]
  const summary = renderSummary(result, {
    runUrl: runUrl(deps.env),
    sarif,
    issues,
    files,
    warnings
  })
  await io.writeSummary(summary)
  progress.at('outputs')
  for (const w of warnings.slice(0, MAX_ANNOTATIONS)) io.warning(w.plain)
  if (warnings.length > MAX_ANNOTATIONS)
    io.warning(`${count(warnings.length - MAX_ANNOTATIONS, 'more warning')}: see the job summary.`)
  for (const [name, value] of Object.entries({
    ...buildOutputs(result, reportFile, sarif),
    ...issueOutputs(issues),
    ...(files.status === 'uploaded' && files.url ? { 'artifact-url': files.url } : {})
  }))
    io.setOutput(name, value)
  io.info(`iam.users_without_mfa: ${resultLine(result)}.`)
  if (issues.status === 'refused' || issues.status === 'error')
    io.setFailed(`Tracking issues: ${issues.reason?.plain ?? ''}`)
  const failedWrites = issues.applied?.failures ?? []
  if (failedWrites.length > 0) {
    io.setFailed(
      `Tracking issues: ${count(failedWrites.length, 'write')} failed (${failedWrites.slice(0, 3).join('; ')}); the next run retries ${failedWrites.length === 1 ? 'it' : 'them'}.`
    )
  }
  const incomplete = result.accountScans.filter(a => a.status === 'incomplete')
  if (incomplete.length > 0 && inputs.failOnIncomplete)
    io.setFailed(
      `${count(incomplete.length, 'account')} could not be scanned (${incomplete
        .slice(0, 10)
        .map(a => a.id)
        .join(
          ', '
        )}${incomplete.length > 10 ? ', ...' : ''}): their issues and alerts were left as they were; the job summary says why. Set \`fail-on-incomplete: false\` to pass the step anyway.`
    )
  const tripping = findingsAtOrAbove(allFindings(result.evaluation), failOn)
  if (tripping.length > 0) {
    const where = (account: string): string =>
      result.accounts.length > 1 ? ` in ${accountLabel(result, account)}` : ''
    const named = tripping.slice(0, 5).map(f => `${f.user}${where(f.account)} ${f.severity ?? ''}`)
    io.setFailed(
      `${count(tripping.length, 'finding')} at or above fail-on: ${failOn} (${named.join(', ')}${tripping.length > 5 ? ', ...' : ''}). ` +
        'The job summary says how to fix each.'
    )
  }
}
