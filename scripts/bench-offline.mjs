// Offline benchmark: times `node dist/index.js` on generated credential reports of 10 and 5,000 users.
// Runs it as the runner does (INPUT_CREDENTIAL-REPORT, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP,
// GITHUB_WORKSPACE), sizes interleaved, and prints the median and min wall time of each size and its
// ratio to the smallest (the product target: 5,000 users within 1.5x of 10).
// Usage: node scripts/bench-offline.mjs [--runs 7] [--sizes 10,5000] [--node PATH] [--dist FILE]
//        [--keep DIR]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '10,5000' },
    node: { type: 'string', default: process.execPath },
    dist: { type: 'string', default: join(root, 'dist', 'index.js') },
    keep: { type: 'string' }
  }
})
const RUNS = Number(args.runs)
const SIZES = args.sizes.split(',').map(Number)
const DAY = 86_400_000
const ACCOUNT = '111122223333'
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,' +
  'cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']
const LAST = ['smith', 'jones', 'garcia', 'chen', 'novak', 'okafor', 'silva', 'kowalski']
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2']
const SERVICES = ['s3', 'sts', 'ec2', 'dynamodb', 'ecr']

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same report. */
function random(seed) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** A credential report of `users` IAM users plus root: ~10% console users without MFA, ~15% API-only. */
function reportCsv(users, now) {
  const rnd = random(users)
  const pick = list => list[Math.floor(rnd() * list.length)]
  const ago = (minDays, maxDays) => now - (minDays + rnd() * (maxDays - minDays)) * DAY
  const key = created => {
    if (rnd() < 0.6) return ['false', 'N/A', 'N/A', 'N/A', 'N/A']
    const rotated = Math.max(created, ago(1, 400))
    return rnd() < 0.15
      ? ['true', iso(rotated), 'N/A', 'N/A', 'N/A']
      : ['true', iso(rotated), iso(ago(0, 30)), pick(REGIONS), pick(SERVICES)]
  }
  const lines = [
    HEADER,
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,${iso(now - 2400 * DAY)},not_supported,` +
      `${iso(ago(20, 90))},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
  ]
  for (let i = 0; i < users; i++) {
    const name = `${pick(FIRST)}.${pick(LAST)}${i}`
    const path = rnd() < 0.2 ? 'engineering/' : ''
    const kind = rnd()
    const apiOnly = kind < 0.15
    const failing = !apiOnly && kind < 0.25
    const created = ago(failing && rnd() < 0.05 ? 0 : 2, 1800)
    const neverUsed = !apiOnly && rnd() < 0.05
    const lastUsed = neverUsed ? 'no_information' : iso(Math.max(created, ago(0, 120)))
    const password = apiOnly
      ? ['false', 'N/A', 'N/A', 'N/A']
      : ['true', lastUsed, iso(Math.max(created, ago(1, 300))), 'N/A']
    const cells = [
      name,
      `arn:aws:iam::${ACCOUNT}:user/${path}${name}`,
      iso(created),
      ...password,
      String(!apiOnly && !failing),
      ...key(created),
      ...(rnd() < 0.1 ? key(created) : ['false', 'N/A', 'N/A', 'N/A', 'N/A']),
      'false',
      'N/A',
      'false',
      'N/A'
    ]
    lines.push(cells.join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Runs the bundle once on `reportPath` in a fresh runner folder; returns the wall time in ms. */
function runOnce(reportPath, work) {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  const summary = join(work, 'summary.md')
  const output = join(work, 'output.txt')
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    'INPUT_CREDENTIAL-REPORT': reportPath,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: work,
    GITHUB_WORKSPACE: work
  }
  const start = process.hrtime.bigint()
  const run = spawnSync(resolve(args.node), [resolve(args.dist)], { env, cwd: work })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (run.error) throw run.error
  if (run.status !== 0) {
    process.stderr.write(run.stdout)
    process.stderr.write(run.stderr)
    throw new Error(`dist/index.js exited with ${run.status}`)
  }
  return ms
}

const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'posturio-bench-'))
mkdirSync(dir, { recursive: true })
const now = Date.now()
const reports = SIZES.map(users => {
  const path = join(dir, `credential-report-${users}.json`)
  const csv = reportCsv(users, now)
  const json = {
    Content: Buffer.from(csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: iso(now - 3_600_000)
  }
  writeFileSync(path, JSON.stringify(json))
  return { users, path, times: [] }
})
// Warm the file cache, then interleave sizes so drift in machine load hits every size alike.
for (const r of reports) runOnce(r.path, join(dir, `run-${r.users}`))
for (let i = 0; i < RUNS; i++)
  for (const r of reports) r.times.push(runOnce(r.path, join(dir, `run-${r.users}`)))

const median = xs => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const base = median(reports[0].times)
const version = spawnSync(args.node, ['--version'], { encoding: 'utf8' }).stdout.trim()
console.log(`node ${version}, ${RUNS} runs each, files in ${dir}`)
console.log('users   median ms   min ms   ratio (median)')
for (const r of reports) {
  const m = median(r.times)
  console.log(
    `${String(r.users).padStart(5)}   ${m.toFixed(0).padStart(9)}   ${Math.min(...r.times)
      .toFixed(0)
      .padStart(6)}   ${(m / base).toFixed(2).padStart(14)}`
  )
}
