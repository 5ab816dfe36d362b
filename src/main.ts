// The action: validate inputs and runner files, resolve the accounts, scan each (or read a saved
// report), merge, then report (files, issues, code scanning, artifact, summary, outputs).
import { listAccounts } from './accounts/list-accounts.js'
import { mergeScans, recheckAll } from './accounts/merge-scans.js'
import { resolveTargets } from './accounts/resolve-targets.js'
import { judge } from './accounts/scan-account.js'
import { scanAccounts, type AccountOutcome } from './accounts/scan-accounts.js'
import { readInputs, type Inputs } from './config/inputs.js'
import { checkPathInputs } from './config/path-inputs.js'
import { publish } from './output/publish.js'
import { ReportingError } from './output/publish-errors.js'
import { checkSummaryFile } from './output/summary-file.js'
import { renderIncomplete, renderReportingFailed } from './render/incomplete.js'
import { defaultDeps, type Deps } from './runtime/deps.js'
import { isExpected } from './runtime/expected-errors.js'
import { reviewIac } from './iac/review-iac.js'
import { gatherOffline } from './scan/gather.js'

/** The accounts of this run, scanned (or the saved report, read). */
async function scanAll(inputs: Inputs, deps: Deps): Promise<{ outcomes: AccountOutcome[] }> {
  if (inputs.credentialReport) {
    const gathered = await gatherOffline(inputs.credentialReport, deps)
    const scanned = await judge(gathered, inputs, deps)
    const target = { account: undefined, roleArn: undefined, via: 'chain' as const }
    return { outcomes: [{ kind: 'scanned', target, scanned }] }
  }
  const resolved = await resolveTargets(inputs, deps)
  if (resolved.unknownIncluded.length > 0)
    deps.io.warning(
      `\`accounts\` lists ${resolved.unknownIncluded.join(', ')}, which ${resolved.unknownIncluded.length === 1 ? 'is' : 'are'} not among the accounts found: check the id${resolved.unknownIncluded.length === 1 ? '' : 's'}.`
    )
  return { outcomes: await scanAccounts(resolved, inputs, deps) }
}

async function scan(deps: Deps): Promise<void> {
  const { io } = deps
  const inputs = readInputs(name => io.getInput(name))
  // Everything that can be checked on the runner is, before the first network call.
  await checkPathInputs(inputs, deps.env)
  await checkSummaryFile(deps.env)
  if (inputs.mode === 'list-accounts') return listAccounts(inputs, deps)
  // Code review needs no AWS credentials: it runs before any AWS work.
  if (inputs.mode === 'iac') return reviewIac(inputs, deps)
  // A report of several accounts, or of another account than the caller's, is refused in gather.
  const { outcomes } = await scanAll(inputs, deps)
  const result = mergeScans(outcomes, inputs, deps.now())
  await publish(result, inputs, deps, recheckAll(outcomes))
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
