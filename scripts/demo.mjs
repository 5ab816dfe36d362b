// Runs the bundled action (dist/index.js, the same run() the runner calls) on the sample credential
// report, offline, and prints the job summary as text. No AWS account is needed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const DAY = 86_400_000
// The sample's timestamps are written as of this instant; the demo moves them to today so the
// verdicts (grace period, inactivity, exemption expiry) look the same on any day.
const SAMPLE_AS_OF = Date.parse('2026-11-30T12:00:00Z')
const shift = Date.now() - SAMPLE_AS_OF
const iso = ms =>
  new Date(ms)
    .toISOString()
    .replace('.000Z', '+00:00')
    .replace(/\.\d{3}Z$/, '+00:00')
const day = ms => new Date(ms).toISOString().slice(0, 10)

const csv = readFileSync(join(root, 'sample', 'credential-report.csv'), 'utf8').replace(
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/g,
  t => iso(Date.parse(t) + shift)
)
const work = mkdtempSync(join(tmpdir(), 'posturio-demo-'))
const reportPath = join(work, 'credential-report.json')
// The shape `aws iam get-credential-report --output json` prints: base64 CSV plus GeneratedTime.
writeFileSync(
  reportPath,
  JSON.stringify({
    Content: Buffer.from(csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: iso(Date.now() - 2 * 3_600_000 - 17 * 60_000)
  })
)
const exemptUsers = [
  `breakglass-* until=${day(Date.now() + 60 * DAY)} # sealed credentials in the safe, reviewed quarterly`,
  `heidi until=${day(Date.now() - 10 * DAY)} # finishing the migration to SSO`,
  'old-contractor # left in 2025'
].join('\n')

const summaryFile = join(work, 'summary.md')
const outputFile = join(work, 'output.txt')
writeFileSync(summaryFile, '')
writeFileSync(outputFile, '')
const env = {
  PATH: process.env.PATH,
  'INPUT_CREDENTIAL-REPORT': reportPath,
  'INPUT_EXEMPT-USERS': exemptUsers,
  'INPUT_GRACE-PERIOD-DAYS': '1',
  'INPUT_INACTIVE-DAYS': '45',
  'INPUT_FAIL-ON': 'none',
  GITHUB_STEP_SUMMARY: summaryFile,
  GITHUB_OUTPUT: outputFile,
  RUNNER_TEMP: work,
  GITHUB_WORKSPACE: work
}
const run = spawnSync(process.execPath, [join(root, 'dist', 'index.js')], { env, encoding: 'utf8' })
process.stdout.write(run.stdout)
process.stderr.write(run.stderr)

const entities = s => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
const text = entities(
  readFileSync(summaryFile, 'utf8')
    .replace(/<summary>(.*?)<\/summary>/g, '$1:')
    .replace(/<\/?details>|<br>/g, '')
    .replace(/\*\*/g, '')
).replace(/\u2060/g, '')
console.log('\n======== Job summary (as text) ========\n')
console.log(text)
console.log('======== Outputs ========')
// GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then `DELIMITER`.
const lines = readFileSync(outputFile, 'utf8').split('\n')
for (let i = 0; i < lines.length; i++) {
  const m = /^([\w-]+)<<(.+)$/.exec(lines[i])
  if (!m) continue
  const end = lines.indexOf(m[2], i + 1)
  console.log(`${m[1]}: ${lines.slice(i + 1, end).join('\n')}`)
  i = end
}
console.log(`Files are in ${work}`)
process.exit(run.status ?? 1)
