// The action: validate inputs, gather the report, evaluate, then report (summary, outputs, file).
import { AwsCallError } from './aws/aws-error.js'
import { ReportTimeoutError } from './aws/credential-report.js'
import { InputError } from './config/input-error.js'
import { readInputs, type Inputs } from './config/inputs.js'
import { evaluate } from './core/evaluate.js'
import { findingsAtOrAbove } from './core/fail-on.js'
import { posture } from './core/posture.js'
import type { ScanResult } from './core/scan-result.js'
import type { Evaluation } from './core/types.js'
import { buildOutputs } from './output/outputs.js'
import { writeReportFile } from './output/report-file.js'
import { renderIncomplete } from './render/incomplete.js'
import { renderSummary } from './render/summary.js'
import { ReportFormatError } from './report/report-error.js'
import { defaultDeps, type Deps } from './runtime/deps.js'
import { enrichLive } from './scan/enrich-live.js'
import { gather, type Gathered } from './scan/gather.js'

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined
}

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
    error instanceof ReportTimeoutError
  )
}

async function scan(deps: Deps): Promise<void> {
  const { io } = deps
  const inputs = readInputs(name => io.getInput(name))
  const gathered = await gather(inputs, deps)
  if (gathered.callerAccount && gathered.rows.some(r => r.accountId !== gathered.callerAccount)) {
    io.warning(
      `The credential report lists accounts other than the caller's (${gathered.callerAccount}).`
    )
  }
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
  const result = toResult(inputs, gathered, evaluation, deps.now())
  const reportFile = await writeReportFile(result, deps.env)
  for (const [name, value] of Object.entries(buildOutputs(result, reportFile)))
    io.setOutput(name, value)
  await io.writeSummary(renderSummary(result, { runUrl: runUrl(deps.env), reportFile }))
  const { counts, score, grade, inScope } = result.posture
  io.info(
    `iam.users_without_mfa: ${counts.fail} non-compliant of ${inScope} in-scope identities in ${result.accounts.join(', ') || 'unknown account'} ` +
      `(score ${score.toFixed(1)}%, grade ${grade}; ${counts.pending} pending, ${counts.exempt} exempt, ${counts['not-applicable']} API-only).`
  )
  const tripping = findingsAtOrAbove(result.evaluation.findings, inputs.failOn)
  if (tripping.length > 0) {
    io.setFailed(
      `${tripping.length} finding(s) at or above fail-on: ${inputs.failOn} (${tripping
        .slice(0, 5)
        .map(f => `${f.user} ${f.severity ?? ''}`)
        .join(', ')}${tripping.length > 5 ? ', ...' : ''}). The job summary says how to fix each.`
    )
  }
}

export async function run(deps: Deps = defaultDeps()): Promise<void> {
  try {
    await scan(deps)
  } catch (error) {
    const message = isExpected(error)
      ? error.message
      : `Unexpected error, a bug in the action: ${error instanceof Error ? error.message : String(error)}`
    if (!isExpected(error) && error instanceof Error && error.stack) deps.io.debug(error.stack)
    try {
      await deps.io.writeSummary(renderIncomplete(message))
    } catch {
      // The failure itself is what matters; a summary that cannot be written changes nothing.
    }
    deps.io.setFailed(message)
  }
}
