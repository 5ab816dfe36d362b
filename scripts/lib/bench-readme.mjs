// README.md's generated blocks (cost and scaling), rendered from bench/results.md's data, and their
// place in README.md between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`.
import {
  blocks,
  bytes,
  day,
  int,
  machine,
  median,
  mib,
  seconds,
  splitCalls,
  table,
  wrap
} from './bench-format.mjs'
import { describeLarge, largeRows, PROJECTED_ACCOUNTS } from './bench-org.mjs'
import { POPULATION, singleRows } from './bench-results.mjs'
import { BENCH_MAX_NEW_ISSUES } from './bench-settings.mjs'
import { enrichmentLine, offlineRatio } from './bench-targets.mjs'

export const BLOCKS = ['cost', 'scaling']
const start = name => `<!-- bench:${name}:start -->`
const end = name => `<!-- bench:${name}:end -->`

function cost(data) {
  const parts = []
  const single = data.single
  if (single) {
    const rows = singleRows(single)
    const line = enrichmentLine(single.cases)
    parts.push(
      `Measured with \`npm run bench\` (${day(single.measuredAt)}; ${machine(single.environment)}): one ` +
        `account at each size, ${POPULATION}. Each case runs twice, a first run that opens a tracking ` +
        'issue per failing user and a repeat run with nothing changed (code scanning and the artifact ' +
        'off). Times are the whole `node dist/index.js` process. All figures: ' +
        '[bench/results.md](bench/results.md).',
      table(
        [
          'users>',
          'failing>',
          'AWS calls: detection>',
          'enrichment>',
          'GitHub writes: first run>',
          'repeat run>',
          'time: first run>',
          'repeat run>',
          'peak memory>',
          'job summary>'
        ],
        rows.map(({ c, first }) => [
          int(c.users),
          int(c.failing),
          first.detection,
          int(first.enrichment),
          c.first.github.writes,
          c.repeat.github.writes,
          seconds(c.first.wallMs),
          seconds(c.repeat.wallMs),
          mib(Math.max(c.first.peakRssKiB, c.repeat.peakRssKiB)),
          bytes(c.first.summaryBytes)
        ])
      ),
      '![AWS calls and time against the number of users](bench/results.svg)',
      `Detection costs ${rows[0].first.detection} calls at every size; enrichment about ` +
        `${line.slope.toFixed(1)} calls per failing user (plus ${Math.round(line.offset)}). A first ` +
        "run's time is mostly GitHub pacing: `@octokit/plugin-throttling` spaces issue creations about " +
        "3 s apart to stay under GitHub's secondary limits; " +
        repeatWrites(rows.map(r => r.c))
    )
  } else parts.push('Not measured yet: `npm run bench -- --only single`.')
  if (data.offline) {
    const r = offlineRatio(data.offline)
    parts.push(
      `Offline, on a saved report, the whole process takes ${seconds(r.bigMs)} for ${int(r.big.users)} ` +
        `users, ${r.ratio.toFixed(2)}× the ${seconds(r.smallMs)} of ${int(r.small.users)} users ` +
        `(median of ${data.offline.runs} runs each; peak memory ${mib(median(r.big.peakRssKiB))}).`
    )
  }
  return blocks(parts)
}

function scaling(data) {
  const org = data.org
  if (!org)
    return wrap(
      'Not measured yet: `npm run bench -- --only org` measures an organisation of 200 accounts ' +
        'through AWS-like latency, scanned by one process with `max-parallel-accounts` 1, 4 and 16 and ' +
        'as a matrix.'
    )
  const large = org.large
  const rows = largeRows(large)
  const s = org.several
  return blocks([
    `Measured with \`npm run bench\` (${day(org.measuredAt)}; ${machine(org.environment)}): ` +
      `${describeLarge(large)}; tracking issues and code scanning off.`,
    table(
      [
        'how',
        'AWS calls>',
        'time>',
        'peak memory>',
        `${int(PROJECTED_ACCOUNTS)} accounts (projected): AWS calls>`,
        'time>'
      ],
      rows.map(({ label, run, projected }) => [
        label,
        int(splitCalls(run.aws).total),
        seconds(run.wallMs),
        mib(run.peakRssKiB),
        int(projected.calls),
        seconds(projected.ms)
      ])
    ),
    `The projection scales calls and time in proportion to accounts (a matrix: its list step, plus the ` +
      `jobs' time times the rounds of jobs needed); on GitHub each matrix job also waits for a runner. ` +
      `With tracking issues, ${s.accounts} accounts of ${s.usersPerAccount} users took ` +
      `${seconds(s.first.wallMs)} and ${s.first.github.writes} GitHub writes on a first run, ` +
      `${seconds(s.repeat.wallMs)} and ${s.repeat.github.writes} writes on a repeat run.`
  ])
}

/** The blocks' contents, without their markers. */
export function readmeBlocks(data) {
  return { cost: cost(data), scaling: scaling(data) }
}

/** The content between a block's markers in `readme`, trimmed. */
export function readmeBlock(readme, name) {
  const from = readme.indexOf(start(name))
  const to = readme.indexOf(end(name))
  if (from < 0 || to < from)
    throw new Error(`README.md has no ${start(name)} … ${end(name)} block.`)
  return readme.slice(from + start(name).length, to).trim()
}

/** `readme` with each block's content replaced. */
export function applyReadmeBlocks(readme, contents) {
  let out = readme
  for (const name of BLOCKS) {
    readmeBlock(out, name)
    const from = out.indexOf(start(name)) + start(name).length
    out = `${out.slice(0, from)}\n\n${contents[name]}\n\n${out.slice(out.indexOf(end(name)))}`
  }
  return out
}

/**
 * What the repeat runs wrote: zero, or (where a first run had more issues to open than
 * `max-new-issues` lets one run open) the issues left waiting, which the next run opens.
 */
function repeatWrites(cases) {
  const writing = cases.filter(c => c.repeat.github.writes > 0)
  if (writing.length === 0) return 'a repeat run with nothing changed makes zero GitHub writes.'
  const where = writing
    .map(c => `${int(c.repeat.github.writes)} at ${int(c.users)} users`)
    .join(', ')
  return (
    'a repeat run with nothing changed makes zero GitHub writes, except the issues a first run ' +
    `left waiting because it reached \`max-new-issues\` (${BENCH_MAX_NEW_ISSUES} ` +
    `in the benchmark), which the next run opens: ${where}.`
  )
}
