// Benchmark: runs the bundled action (`node dist/index.js`, as the runner does) against the AWS
// emulator and a local GitHub issues API, and records wall time, AWS calls by operation, GitHub reads
// and writes, peak memory and job summary size in bench/results.md (with the data), bench/results.svg
// and README.md's cost and scaling blocks.
//
//   npm run bench                         everything (many minutes)
//   npm run bench -- --quick              a small subset, written to bench/quick/ (README untouched)
//   npm run bench -- --only org           some parts: single, offline, org (comma-separated); the
//                                         others keep their recorded results
//   npm run bench -- --render             no measuring: render the files again from the recorded data
// Options: --sizes 100,1000  --runs 7  --accounts 200  --users-per-account 25  --latency 60-120
//   --report-seconds 2-5  --parallel 1,4,16  --per-job 25  --concurrent-jobs 4  --bundle PATH  --out DIR
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { measureOffline } from './bench/cases-offline.mjs'
import { measureOrg } from './bench/cases-org.mjs'
import { measureSingle } from './bench/cases-single.mjs'
import { ROOT, useBundle } from './bench/run-action.mjs'
import { table } from './lib/bench-format.mjs'
import { renderPlot } from './lib/bench-plot.mjs'
import { applyReadmeBlocks, readmeBlocks } from './lib/bench-readme.mjs'
import { EMPTY, parseResults, renderResults } from './lib/bench-results.mjs'
import { targets } from './lib/bench-targets.mjs'

const PARTS = ['single', 'offline', 'org']
// Interrupted: exit through 'exit' handlers, which stop the emulators.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130))
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
    only: { type: 'string' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    accounts: { type: 'string' },
    'users-per-account': { type: 'string' },
    latency: { type: 'string', default: '60-120' },
    'report-seconds': { type: 'string', default: '2-5' },
    parallel: { type: 'string' },
    'per-job': { type: 'string' },
    'concurrent-jobs': { type: 'string', default: '4' },
    bundle: { type: 'string' },
    out: { type: 'string' }
  }
})

const numbers = text => text.split(',').map(Number)
const span = text => text.split('-').map(Number)
const quick = args.quick
const only = args.render ? [] : args.only ? args.only.split(',').map(s => s.trim()) : PARTS
const unknown = only.filter(p => !PARTS.includes(p))
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}: choose from ${PARTS.join(', ')}.`)
  process.exit(2)
}
if (args.bundle) useBundle(resolve(args.bundle))
const out = resolve(args.out ?? join(ROOT, 'bench', quick ? 'quick' : ''))
const log = message => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

const accounts = Number(args.accounts ?? (quick ? 12 : 200))
const settings = {
  single: { sizes: numbers(args.sizes ?? (quick ? '10,100' : '10,100,1000,5000')), log },
  offline: { sizes: [10, 5000], runs: Number(args.runs ?? (quick ? 3 : 11)), log },
  org: {
    log,
    several: quick ? { accounts: 3, usersPerAccount: 20 } : { accounts: 5, usersPerAccount: 100 },
    large: {
      accounts,
      usersPerAccount: Number(args['users-per-account'] ?? (quick ? 10 : 25)),
      latencyMs: span(args.latency),
      reportMs: span(args['report-seconds']).map(s => s * 1000),
      parallels: numbers(args.parallel ?? (quick ? '1,4' : '1,4,16')),
      matrix: {
        perJob: Number(args['per-job'] ?? (quick ? 4 : 25)),
        concurrentJobs: Number(args['concurrent-jobs']),
        maxParallel: 4
      }
    }
  }
}

const resultsFile = join(out, 'results.md')
const data = existsSync(resultsFile)
  ? parseResults(readFileSync(resultsFile, 'utf8'))
  : structuredClone({ ...EMPTY })

if (only.length > 0 && !existsSync(join(ROOT, 'dist', 'index.js')) && !args.bundle) {
  console.error('No dist/index.js: build the action first (`npm run package`).')
  process.exit(1)
}
for (const part of only) {
  log(`measuring: ${part}`)
  if (part === 'single') data.single = await measureSingle(settings.single)
  if (part === 'offline') data.offline = await measureOffline(settings.offline)
  if (part === 'org') {
    const org = await measureOrg(settings.org)
    if (org.skipped) log(`NOTE: ${org.skipped} The recorded organisation results are kept.`)
    else data.org = org
  }
}

mkdirSync(out, { recursive: true })
const markdown = renderResults(data)
writeFileSync(resultsFile, markdown)
writeFileSync(join(out, 'results.svg'), renderPlot(data))
log(`wrote ${resultsFile} and results.svg`)
const files = [resultsFile]
if (out === join(ROOT, 'bench')) {
  const readmeFile = join(ROOT, 'README.md')
  const readme = applyReadmeBlocks(
    readFileSync(readmeFile, 'utf8'),
    readmeBlocks(parseResults(markdown))
  )
  writeFileSync(readmeFile, readme)
  files.push(readmeFile)
  log("updated README.md's cost and scaling blocks")
}
// Generated Markdown is laid out as Prettier would; say so loudly if it is not.
const prettier = await import('prettier')
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const options = { ...(await prettier.resolveConfig(join(ROOT, 'README.md'))), filepath: file }
  if (!(await prettier.check(text, options))) log(`WARNING: ${file} is not as Prettier formats it.`)
}
console.log(`\n${table(['target', 'measured', 'met'], targets(data))}`)
