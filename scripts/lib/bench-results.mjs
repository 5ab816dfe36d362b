// bench/results.md: the benchmark's measurements as tables, with the data they were rendered from at
// the end (a JSON block), from which README.md's cost and scaling blocks and bench/results.svg are
// generated too.
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
  isDetection
} from './bench-format.mjs'
import { renderOrg } from './bench-org.mjs'
import { offlineRatio, targets } from './bench-targets.mjs'

export const SCHEMA = 1
export const EMPTY = Object.freeze({ schema: SCHEMA, single: null, offline: null, org: null })
const DATA_HEADING = '## Data'

export const POPULATION =
  '10% of users failing (a console password and no MFA), 2% privileged (AdministratorAccess ' +
  'attached directly or through a group), the rest with a virtual MFA device enabled'

export function singleRows(single) {
  return single.cases.map(c => {
    const first = splitCalls(c.first.aws)
    return { c, first, repeat: splitCalls(c.repeat.aws) }
  })
}

function renderSingle(single) {
  if (!single) return 'Not measured yet: `npm run bench -- --only single`.'
  const rows = singleRows(single)
  const sizes = single.cases.map(c => int(c.users))
  const ops = [...new Set(single.cases.flatMap(c => Object.keys(c.first.aws)))].sort()
  const routes = [
    ...new Set(
      single.cases.flatMap(c => [
        ...Object.keys(c.first.github.byRoute),
        ...Object.keys(c.repeat.github.byRoute)
      ])
    )
  ].sort()
  return [
    `Measured ${day(single.measuredAt)} on ${machine(single.environment)}. Each account: ${POPULATION}. ` +
      'Each size runs twice: a first run, which opens a tracking issue per failing user, and a repeat run ' +
      'with nothing changed. Code scanning and the artifact are off, so GitHub requests are the tracking ' +
      "issues' (GitHub API stand-in on 127.0.0.1).",
    table(
      [
        'users>',
        'failing>',
        'privileged>',
        'AWS calls: detection>',
        'enrichment>',
        'total>',
        'repeat: AWS calls>',
        'GitHub reads / writes>',
        'repeat: GitHub reads / writes>',
        'time>',
        'repeat: time>',
        'peak memory>',
        'job summary>'
      ],
      rows.map(({ c, first, repeat }) => [
        int(c.users),
        int(c.failing),
        int(c.privileged),
        first.detection,
        int(first.enrichment),
        int(first.total),
        int(repeat.total),
        `${c.first.github.reads} / ${c.first.github.writes}`,
        `${c.repeat.github.reads} / ${c.repeat.github.writes}`,
        seconds(c.first.wallMs),
        seconds(c.repeat.wallMs),
        mib(Math.max(c.first.peakRssKiB, c.repeat.peakRssKiB)),
        bytes(c.first.summaryBytes)
      ])
    ),
    '### AWS calls by operation, first run',
    table(
      ['operation', 'counts as', ...sizes.map(s => `${s} users>`)],
      ops.map(op => [
        op,
        isDetection(op) ? 'detection' : 'enrichment',
        ...single.cases.map(c => int(c.first.aws[op] ?? 0))
      ])
    ),
    '### GitHub requests by route, first run / repeat run',
    table(
      ['route', ...sizes.map(s => `${s} users>`)],
      routes.map(r => [
        r,
        ...single.cases.map(
          c => `${c.first.github.byRoute[r] ?? 0} / ${c.repeat.github.byRoute[r] ?? 0}`
        )
      ])
    )
  ].join('\n\n')
}

function renderOffline(offline) {
  if (!offline) return 'Not measured yet: `npm run bench -- --only offline`.'
  const { small } = offlineRatio(offline)
  const base = median(small.timesMs)
  return [
    `Measured ${day(offline.measuredAt)} on ${machine(offline.environment)}: the whole \`node dist/index.js\` ` +
      'process on a saved credential report (`credential-report`, no AWS or GitHub call), ' +
      `${offline.runs} runs of each size after a warm-up run, the sizes taking turns.`,
    table(
      [
        'users>',
        'failing>',
        'median>',
        'fastest>',
        'slowest>',
        `vs ${int(small.users)} users>`,
        'peak memory>',
        'job summary>'
      ],
      offline.cases.map(c => [
        int(c.users),
        int(c.failing),
        seconds(median(c.timesMs)),
        seconds(Math.min(...c.timesMs)),
        seconds(Math.max(...c.timesMs)),
        `${(median(c.timesMs) / base).toFixed(2)}×`,
        mib(median(c.peakRssKiB)),
        bytes(c.summaryBytes)
      ])
    )
  ].join('\n\n')
}

export function renderResults(data) {
  return `${blocks([
    '# Benchmark results',
    'Written by `npm run bench` (`scripts/bench.mjs`); run it again rather than editing. The cost and ' +
      'scaling blocks of `README.md` and `bench/results.svg` are generated from the data at the end.',
    '## Targets',
    table(['target', 'measured', 'met'], targets(data)),
    '## One account',
    renderSingle(data.single),
    '## A saved report (offline)',
    renderOffline(data.offline),
    '## An organisation',
    renderOrg(data.org),
    DATA_HEADING,
    `\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\``
  ])}\n`
}

/** The data a results.md was rendered from. */
export function parseResults(markdown) {
  const at = markdown.indexOf(`\n${DATA_HEADING}\n`)
  const block = at < 0 ? undefined : /```json\n([\s\S]*?)\n```/.exec(markdown.slice(at))
  if (!block)
    throw new Error(`bench/results.md has no "${DATA_HEADING}" section with a JSON block.`)
  const data = JSON.parse(block[1])
  if (data.schema !== SCHEMA)
    throw new Error(`bench/results.md has data of schema ${data.schema}, not ${SCHEMA}.`)
  return data
}
