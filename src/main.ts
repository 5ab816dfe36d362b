// The action: validate inputs and runner files, gather the report, evaluate, then report (files,
// issues, code scanning, artifact, summary, outputs).
import { AwsCallError } from './aws/aws-error.js'
import { ReportTimeoutError } from './aws/credential-report.js'
import { InputError } from './config/input-error.js'
import { readInputs, type Inputs } from './config/inputs.js'
import { checkPathInputs } from './config/path-inputs.js'
import { evaluate } from './core/evaluate.js'
import { posture } from './core/posture.js'
import type { ScanResult } from './core/scan-result.js'
import type { Evaluation } from './core/types.js'
import { publish } from './output/publish.js'
import { ReportingError, RunnerFileError } from './output/publish-errors.js'
import { checkSummaryFile } from './output/summary-file.js'
import { renderIncomplete, renderReportingFailed } from './render/incomplete.js'
import { ReportFormatError } from './report/report-error.js'
import { defaultDeps, type Deps } from './runtime/deps.js'
import { enrichLive } from './scan/enrich-live.js'
import { gather, type Gathered } from './scan/gather.js'
import { recheckUsers } from './scan/recheck-users.js'

function toResult(
  inputs: Inputs,
  gathered: Gathered,
  evaluation: Evaluation,
  now: Date
): ScanResult {
  const accounts = [
    ...new Set([
      ...gathered.rows.map(r => r.accountId),
      ...(gathered.callerAccount ? [gathered.callerAccount] : [])
    ])
  ].sort()
  return {
    check: 'iam.users_without_mfa',
    accounts,
    accountScans: [],
    scannedAt: now.toISOString(),
    mode: gathered.mode,
    report: {
      origin: gathered.origin,
      generatedAt: gathered.generatedAt?.toISOString(),
      ageMs: gathered.generatedAt ? now.getTime() - gathered.generatedAt.getTime() : undefined
    },
    evaluation,
    posture: posture(evaluation.findings),
    liveChecks: gathered.mode === 'offline' ? 'offline' : inputs.verifyLive ? 'on' : 'off',
    settings: {
      gracePeriodDays: inputs.gracePeriodDays,
      inactiveDays: inputs.inactiveDays,
      failOn: inputs.failOn,
      requirePhishingResistant: inputs.requirePhishingResistant
    }
  }
}

/** Errors a user can act on; anything else is a bug in the action. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof InputError ||
    error instanceof AwsCallError ||
    error instanceof ReportFormatError ||
    error instanceof ReportTimeoutError ||
    error instanceof RunnerFileError ||
    error instanceof ReportingError
  )
}

async function scan(deps: Deps): Promise<void> {
  const { io } = deps
  const inputs = readInputs(name => io.getInput(name))
  // Everything that can be checked on the runner is, before the first network call.
  await checkPathInputs(inputs, deps.env)
  await checkSummaryFile(deps.env)
  // A report of several accounts, or of another account than the caller's, is refused in gather.
  const gathered = await gather(inputs, deps)
  const reportOnly = evaluate(
    gathered.rows,
    {
      gracePeriodDays: inputs.gracePeriodDays,
      inactiveDays: inputs.inactiveDays,
      exemptions: inputs.exemptions,
      rootFacts: gathered.rootFacts
    },
    deps.now()
  )
  const evaluation = gathered.iam
    ? await enrichLive(
        reportOnly,
        gathered.iam,
        { inputs, generatedAt: gathered.generatedAt, totalUsers: gathered.rows.length },
        deps
      )
    : reportOnly
  const recheck = gathered.iam
    ? recheckUsers(gathered.iam, gathered.callerAccount, gathered.generatedAt, deps.now)
    : undefined
  await publish(toResult(inputs, gathered, evaluation, deps.now()), inputs, deps, recheck)
}

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  try {
    await scan(deps)
  } catch (error) {
    const message = isExpected(error)
      ? error.message
      : `Unexpected error, a bug in the action: ${error instanceof Error ? error.message : String(error)}`
    const cause =
      error instanceof ReportingError ? error.cause : isExpected(error) ? undefined : error
    if (cause instanceof Error && cause.stack) deps.io.debug(cause.stack)
    // After a complete scan, a failing reporter says what failed and what it had already changed.
    const summary =
      error instanceof ReportingError ? renderReportingFailed(message) : renderIncomplete(message)
    try {
      await deps.io.writeSummary(summary)
    } catch {
      // The failure itself is what matters; a summary that cannot be written changes nothing.
    }
    deps.io.setFailed(message)
  }
}
