// Scanning every target account, a bounded number at a time; with several accounts, one that fails
// is recorded with its reason and the others go on.
import type { Inputs } from '../config/inputs.js'
import { isAccountFailure } from '../runtime/expected-errors.js'
import type { Deps } from '../runtime/deps.js'
import { count } from '../text/words.js'
import { mapWithConcurrency } from '../util/pool.js'
import { accountIo } from './account-io.js'
import { NoAccountScannedError } from './no-account-scanned.js'
import type { Targets, Target } from './resolve-targets.js'
import { scanAccount, type ScannedAccount } from './scan-account.js'

export type AccountOutcome =
  | { readonly kind: 'scanned'; readonly target: Target; readonly scanned: ScannedAccount }
  | { readonly kind: 'failed'; readonly target: Target; readonly error: Error }

/** Accounts named one by one in an error; the log has all of them. */
const MAX_NAMED = 20

function label(target: Target): string {
  return target.account ?? 'default account'
}

export async function scanAccounts(
  resolved: Targets,
  inputs: Inputs,
  deps: Deps
): Promise<AccountOutcome[]> {
  const { targets, base, several } = resolved
  // One account: exactly the pipeline of a single-account run, and its failure ends the run.
  if (!several)
    return Promise.all(
      targets.map(async target => ({
        kind: 'scanned' as const,
        target,
        scanned: await scanAccount(target, base, inputs, deps)
      }))
    )
  deps.io.info(
    `Scanning ${count(targets.length, 'account')}, at most ${inputs.maxParallelAccounts} at a time.`
  )
  const outcomes = await mapWithConcurrency(
    targets,
    inputs.maxParallelAccounts,
    async (target): Promise<AccountOutcome> => {
      const io = accountIo(deps.io, label(target))
      try {
        const scanned = await scanAccount(target, base, inputs, { ...deps, io })
        return { kind: 'scanned', target, scanned }
      } catch (error) {
        if (!isAccountFailure(error)) throw error
        io.info(`Not scanned: ${error.message}`)
        return { kind: 'failed', target, error }
      }
    }
  )
  const failed = outcomes.filter(o => o.kind === 'failed')
  if (failed.length === outcomes.length) {
    const shown = failed.slice(0, MAX_NAMED)
    const more = failed.length - shown.length
    throw new NoAccountScannedError(
      `No account could be scanned (${count(failed.length, 'account')}):\n` +
        shown.map(f => `- ${label(f.target)}: ${f.error.message}`).join('\n') +
        (more > 0 ? `\n- and ${count(more, 'more account')} (see the log)` : '')
    )
  }
  return outcomes
}
