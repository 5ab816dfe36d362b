// The accounts to scan split into the jobs of a GitHub Actions matrix (`strategy.matrix: fromJSON`).
import { InputError } from '../config/input-error.js'
import { count } from '../text/words.js'

/** One job of the matrix: the `accounts` input of the job that scans them, and its name. */
export interface MatrixJob {
  /** Account ids, one a line, as the `accounts` input reads them. */
  readonly accounts: string
  /** Short, unique, readable in the Actions UI: `accounts 1-10 of 37`, or the id of a lone account. */
  readonly name: string
}

/** GitHub runs at most this many jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256

/**
 * The matrix for `strategy.matrix`: the accounts, in the given order and each once, in jobs of
 * `perJob`. Throws an InputError when no account is left (GitHub fails a matrix without jobs) or when
 * the jobs would be more than GitHub allows.
 */
export function buildMatrix(
  accounts: ReadonlyArray<{ readonly id: string; readonly name?: string }>,
  perJob: number
): { readonly include: MatrixJob[] } {
  if (!Number.isSafeInteger(perJob) || perJob < 1) {
    throw new InputError(
      `\`accounts-per-job\` must be a whole number of at least 1, e.g. \`accounts-per-job: 10\`; got ${perJob}.`
    )
  }
  const ids = [...new Set(accounts.map(a => a.id))]
  if (ids.length === 0) {
    throw new InputError(
      'No account is left to scan after `organizational-units`, `accounts` and `exclude-accounts`, ' +
        'and GitHub fails a matrix without jobs ("Matrix must define at least one vector"). Check ' +
        'that `accounts` names active accounts of the organization, that the ' +
        '`organizational-units` hold active accounts, and that `exclude-accounts` does not remove ' +
        'them all.'
    )
  }
  const jobs = Math.ceil(ids.length / perJob)
  if (jobs > MAX_MATRIX_JOBS) {
    throw new InputError(
      `\`accounts-per-job\` is ${perJob}: ${count(ids.length, 'account')} would need ` +
        `${count(jobs, 'job')}, and GitHub runs at most ${MAX_MATRIX_JOBS} jobs from one matrix. ` +
        `Set \`accounts-per-job\` to ${Math.ceil(ids.length / MAX_MATRIX_JOBS)} or more.`
    )
  }
  const include: MatrixJob[] = []
  for (let start = 0; start < ids.length; start += perJob) {
    const chunk = ids.slice(start, start + perJob)
    const name =
      chunk.length === 1
        ? (chunk[0] ?? '')
        : `accounts ${start + 1}-${start + chunk.length} of ${ids.length}`
    include.push({ accounts: chunk.join('\n'), name })
  }
  return { include }
}
