// The action's real output on the bundled sample, as the docs' pictures show it: two runs of the
// bundle against a local GitHub API (the second after a user enrolled MFA), and the Markdown of the
// summary, one issue, one comment and one alert's help. Used by `npm run screenshots` and by the
// test that keeps the pictures current.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startGithubStub } from './github-stub.mjs'

/** Runs the sample twice in `work` and returns what the pictures show. */
export async function captureSampleOutput(root, work) {
  // As scripts/demo.mjs: the sample's timestamps move to today, with the demo's exemptions.
  const DAY = 86_400_000
  const shift = Date.now() - Date.parse('2026-11-30T12:00:00Z')
  const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
  const day = ms => new Date(ms).toISOString().slice(0, 10)
  const sample = readFileSync(join(root, 'sample', 'credential-report.csv'), 'utf8').replace(
    /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/g,
    t => iso(Date.parse(t) + shift)
  )
  const exemptUsers = [
    `breakglass-* until=${day(Date.now() + 60 * DAY)} # sealed credentials in the safe, reviewed quarterly`,
    `heidi until=${day(Date.now() - 10 * DAY)} # finishing the migration to SSO`,
    'old-contractor # left in 2025'
  ].join('\n')
  const users = sample
    .split('\n')
    .slice(1)
    .map(line => (line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(',')[0]))
    .filter(Boolean)

  const github = await startGithubStub()

  /**
   * One run of dist/index.js as the runner starts it; `csv` is the credential report, generated
   * `ageMs` before the run.
   */
  async function runAction(name, csv, ageMs) {
    const dir = join(work, name)
    mkdirSync(dir)
    const report = join(dir, 'credential-report.json')
    const generated = iso(Date.now() - ageMs)
    const content = Buffer.from(csv).toString('base64')
    writeFileSync(
      report,
      JSON.stringify({ Content: content, ReportFormat: 'text/csv', GeneratedTime: generated })
    )
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      // Relative to the workspace, as a workflow would pass it (the summary shows it).
      'INPUT_CREDENTIAL-REPORT': 'credential-report.json',
      'INPUT_EXEMPT-USERS': exemptUsers,
      'INPUT_GRACE-PERIOD-DAYS': '1',
      'INPUT_INACTIVE-DAYS': '45',
      'INPUT_FAIL-ON': 'none',
      'INPUT_UPLOAD-SARIF': 'false',
      'INPUT_UPLOAD-ARTIFACT': 'false',
      'INPUT_GITHUB-TOKEN': 'screenshot-token',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/security-findings',
      GITHUB_WORKFLOW_REF: 'acme/security-findings/.github/workflows/iam-mfa.yml@refs/heads/main',
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_OUTPUT: join(dir, 'output.txt'),
      RUNNER_TEMP: dir,
      GITHUB_WORKSPACE: dir
    }
    writeFileSync(env.GITHUB_STEP_SUMMARY, '')
    writeFileSync(env.GITHUB_OUTPUT, '')
    // Asynchronous: the stub answers from this process.
    const child = spawn(process.execPath, [join(root, 'dist', 'index.js')], { env, cwd: dir })
    let log = ''
    child.stdout.on('data', d => (log += d))
    child.stderr.on('data', d => (log += d))
    const status = await new Promise(resolve => child.on('close', resolve))
    if (status !== 0) throw new Error(`the ${name} run failed (exit ${status}):\n${log}`)
    // GITHUB_OUTPUT holds `name<<DELIMITER`, the value, then `DELIMITER`.
    const sarifFile = /^sarif-file<<.+\n(.*)\n/m.exec(readFileSync(env.GITHUB_OUTPUT, 'utf8'))?.[1]
    return { summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), sarifFile }
  }

  let captured
  try {
    const first = await runAction('first', sample, 2 * 3_600_000 + 17 * 60_000)
    // alice.admin enrols MFA: the second run closes her issue with a "verified fixed" comment.
    const fixed = sample.replace(/^(alice\.admin,(?:[^,]*,){6})false,/m, '$1true,')
    if (fixed === sample) throw new Error('could not mark alice.admin as fixed in the sample')
    // The next report is generated after the first run opened its issues (AWS times have seconds).
    await new Promise(resolve => setTimeout(resolve, 1_100))
    await runAction('second', fixed, 0)
    const issues = github.issues
    const issue =
      issues.find(i => /lapsed/i.test(i.body)) ??
      issues.find(i => /inactive/i.test(i.body)) ??
      issues[0]
    const comment = github.comments.find(c => /verified fixed/i.test(c.body)) ?? github.comments[0]
    if (!issue || !comment)
      throw new Error(
        `expected issues and a comment, got ${issues.length} issue(s), ${github.comments.length} comment(s)`
      )
    const sarif = JSON.parse(readFileSync(first.sarifFile, 'utf8'))
    const run = sarif.runs[0]
    const who = /IAM user (\S+) in account/.exec(issue.title)?.[1]
    const result = run.results.find(r => r.properties?.user === who) ?? run.results[0]
    const rule = run.tool.driver.rules.find(r => r.id === result.ruleId)
    const commented = issues.find(i => i.number === comment.issue)
    captured = { summary: first.summary, issue, comment, commented, rule, result }
  } finally {
    await github.stop()
  }
  return { ...captured, users }
}

/** The Markdown of each picture, with the caption data the page needs. */
export function shotSources({ summary, issue, comment, commented, rule, result }) {
  return {
    summary,
    issue: `${issue.title}\n${issue.body}`,
    comment: `${commented.title}\n${comment.body}`,
    'alert-help': `${result.message.text}\n${rule.help.markdown}`
  }
}

/** A digest of what a picture shows, with the times (which move every run) taken out. */
export function digestOf(markdown) {
  const stable = markdown
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d(?: \d\d(?::|&#58;)\d\d UTC)?/g, '<time>')
    .replace(/digest=[a-f0-9]{16}/g, 'digest=<digest>')
  return createHash('sha256').update(stable).digest('hex').slice(0, 16)
}
