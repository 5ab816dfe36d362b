// The organisation part of the benchmark's results: several accounts with tracking issues, and a
// large organisation through AWS-like latency, with what 1,000 accounts would take.
import { bytes, int, mib, range, seconds, splitCalls, table } from './bench-format.mjs'

export const PROJECTED_ACCOUNTS = 1000

/** How a large-organisation run is named in tables. */
export function runLabel(run) {
  return `one process, \`max-parallel-accounts: ${run.maxParallel}\``
}
export function matrixLabel(m) {
  return `matrix: ${m.jobs} jobs of ${m.perJob} accounts, ${m.concurrentJobs} at a time`
}

/**
 * What `PROJECTED_ACCOUNTS` accounts would cost: calls in proportion to accounts; time in proportion
 * to accounts for one process (each of its lanes scans accounts one after another), and for a matrix
 * its list step plus its jobs' time times the rounds of jobs the larger organisation needs.
 */
export function projection(large, run) {
  const scale = PROJECTED_ACCOUNTS / large.accounts
  const calls = Math.round(splitCalls(run.aws).total * scale)
  if (run.jobs === undefined) return { calls, ms: run.wallMs * scale }
  const rounds = n => Math.ceil(Math.ceil(n / run.perJob) / run.concurrentJobs)
  const ms =
    run.listMs + (run.wallMs - run.listMs) * (rounds(PROJECTED_ACCOUNTS) / rounds(large.accounts))
  return { calls, ms }
}

/** Rows of the large organisation: each `max-parallel-accounts`, then the matrix. */
export function largeRows(large) {
  const all = [
    ...large.runs.map(r => [runLabel(r), r]),
    ...(large.matrix?.jobs ? [[matrixLabel(large.matrix), large.matrix]] : [])
  ]
  return all.map(([label, run]) => ({ label, run, projected: projection(large, run) }))
}

export function describeLarge(large) {
  return (
    `${int(large.accounts)} accounts of ${large.usersPerAccount} users (${int(large.failing)} failing in all), ` +
    `each AWS call delayed ${range(large.latencyMs, ' ms')} and each account's credential report ` +
    `taking ${range(
      large.reportMs.map(ms => ms / 1000),
      ' s'
    )} to build`
  )
}

export function renderOrg(org) {
  if (!org)
    return 'Not measured yet: `npm run bench -- --only org` measures it with a build of the action that scans an organisation (`organization-role-name`).'
  const parts = []
  const s = org.several
  parts.push(
    `### Several accounts\n\n${s.accounts} accounts of ${s.usersPerAccount} users each (${s.failing} failing and ` +
      `${s.privileged} privileged in all), scanned by one process (\`organization-role-name\`), a first run and ` +
      'a repeat run keeping tracking issues; no added latency.\n\n' +
      table(
        [
          'run',
          'accounts scanned>',
          'AWS calls>',
          'per account>',
          'GitHub reads>',
          'GitHub writes>',
          'time>',
          'peak memory>',
          'job summary>'
        ],
        ['first', 'repeat'].map(which => {
          const r = s[which]
          const calls = splitCalls(r.aws).total
          return [
            which,
            r.scanned.accounts,
            int(calls),
            (calls / s.accounts).toFixed(1),
            r.github.reads,
            r.github.writes,
            seconds(r.wallMs),
            mib(r.peakRssKiB),
            bytes(r.summaryBytes)
          ]
        })
      )
  )
  const large = org.large
  const rows = largeRows(large)
  parts.push(
    `### ${int(large.accounts)} accounts through AWS-like latency\n\n` +
      `${describeLarge(large)} (GenerateCredentialReport answers \`STARTED\`, then \`INPROGRESS\`; ` +
      'GetCredentialReport answers `ReportInProgress`). Tracking issues, code scanning and the artifact ' +
      `are off. Matrix jobs here start at once and share this machine; on GitHub each waits for a runner of its own.\n\n` +
      table(
        [
          'how',
          'accounts scanned>',
          'AWS calls>',
          'per account>',
          'most calls at once>',
          'time>',
          'peak memory>',
          'job summary>'
        ],
        rows.map(({ label, run }) => {
          const calls = splitCalls(run.aws).total
          return [
            label,
            run.scanned.accounts,
            int(calls),
            (calls / large.accounts).toFixed(1),
            run.peakInFlight,
            seconds(run.wallMs),
            mib(run.peakRssKiB),
            bytes(run.summaryBytes)
          ]
        })
      ) +
      `\n\nProjected for ${int(PROJECTED_ACCOUNTS)} accounts (calls and time in proportion to accounts; a matrix: its ` +
      "list step, plus the jobs' time times the rounds of jobs needed):\n\n" +
      table(
        ['how', 'AWS calls>', 'time>'],
        rows.map(({ label, projected }) => [label, int(projected.calls), seconds(projected.ms)])
      )
  )
  const ops = [...new Set(rows.flatMap(r => Object.keys(r.run.aws)))].sort()
  parts.push(
    '#### AWS calls by operation\n\n' +
      table(
        [
          'operation',
          ...rows.map(
            r => `${r.run.jobs === undefined ? `max-parallel ${r.run.maxParallel}` : 'matrix'}>`
          )
        ],
        ops.map(op => [op, ...rows.map(r => int(r.run.aws[op] ?? 0))])
      )
  )
  return parts.join('\n\n')
}
