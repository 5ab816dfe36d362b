// `mode: list-accounts`: resolve the accounts to scan and hand them to a following job's matrix, in
// chunks of `accounts-per-job`; nothing is scanned and nothing is published.
import type { Inputs } from '../config/inputs.js'
import type { Deps } from '../runtime/deps.js'
import { code, lines, md, table } from '../text/markdown.js'
import { count } from '../text/words.js'
import { buildMatrix } from './account-matrix.js'
import { resolveTargets } from './resolve-targets.js'

/** Jobs listed one by one in the summary; the output has all of them. */
const MAX_SHOWN_JOBS = 50

export async function listAccounts(inputs: Inputs, deps: Deps): Promise<void> {
  const { io } = deps
  const resolved = await resolveTargets(inputs, deps)
  const accounts = resolved.targets.flatMap(t =>
    t.account ? [{ id: t.account, ...(t.name ? { name: t.name } : {}) }] : []
  )
  const matrix = buildMatrix(accounts, inputs.accountsPerJob)
  if (resolved.unknownIncluded.length > 0)
    io.warning(
      `\`accounts\` lists ${resolved.unknownIncluded.join(', ')}, not among the accounts found: check the ids.`
    )
  const jobs = matrix.include
  const shown = jobs.slice(0, MAX_SHOWN_JOBS)
  const summary = lines(
    md`## IAM MFA check: ${count(accounts.length, 'account')} to scan in ${count(jobs.length, 'job')}`,
    md``,
    md`Each job of the following matrix scans up to ${count(inputs.accountsPerJob, 'account')} (\`accounts-per-job\`); its results use the category and issues of each of its accounts, so the jobs never touch each other's.`,
    md``,
    table(
      [md`job`, md`accounts`],
      shown.map(j => [md`${j.name}`, code(j.accounts.split('\n').join(' '))])
    ),
    ...(jobs.length > shown.length
      ? [md``, md`…and ${count(jobs.length - shown.length, 'more job')} in the \`matrix\` output.`]
      : [])
  )
  await io.writeSummary(`${summary.markdown}\n`)
  io.setOutput('matrix', JSON.stringify(matrix))
  io.info(
    `Listed ${count(accounts.length, 'account')} in ${count(jobs.length, 'matrix job')} (output \`matrix\`).`
  )
}
