// Screenshots for the docs: runs the bundled action on the sample against a local GitHub API, renders its real Markdown as GitHub does, and photographs it.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { startGithubStub } from './lib/github-stub.mjs'
import { renderMarkdown, renderProblems } from './lib/render-markdown.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
const CHROMIUM = '/usr/bin/chromium'
if (spawnSync('bash', [join(root, 'scripts', 'setup-browser.sh')], { stdio: 'inherit' }).status)
  process.exit(1)

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

const work = mkdtempSync(join(tmpdir(), 'posturio-screenshots-'))
const github = await startGithubStub()

/** One run of dist/index.js as the runner starts it; `csv` is the credential report. */
async function runAction(name, csv) {
  const dir = join(work, name)
  mkdirSync(dir)
  const report = join(dir, 'credential-report.json')
  const generated = iso(Date.now() - 2 * 3_600_000 - 17 * 60_000)
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
  const first = await runAction('first', sample)
  // alice.admin enrols MFA: the second run closes her issue with a "verified fixed" comment.
  const fixed = sample.replace(/^(alice\.admin,(?:[^,]*,){6})false,/m, '$1true,')
  if (fixed === sample) throw new Error('could not mark alice.admin as fixed in the sample')
  await runAction('second', fixed)
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

const escape = s =>
  s.replace(/[&<>"]/g, c => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`)
const css = readFileSync(
  join(root, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'),
  'utf8'
)
const page = (body, caption = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>${css}</style><style>
body { margin: 0; background: #fff; color: #1f2328;
  font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.page { box-sizing: border-box; max-width: 980px; margin: 0 auto; padding: 32px 45px 45px; }
.caption { font-size: 24px; font-weight: 600; line-height: 1.25; margin: 0 0 6px; }
.sub { color: #59636e; margin: 0 0 16px; padding-bottom: 16px; border-bottom: 1px solid #d1d9e0; }
.message { white-space: pre-wrap; border: 1px solid #d1d9e0; border-left: 4px solid #d1242f;
  border-radius: 6px; padding: 12px 16px; margin: 0 0 24px; }
</style></head><body><div class="page">${caption}<article class="markdown-body">${body}</article></div></body></html>`
const heading = (title, sub) =>
  `<h1 class="caption">${escape(title)}</h1><p class="sub">${escape(sub)}</p>`

const { summary, issue, comment, commented, rule, result } = captured
const shots = [
  ['summary', summary, ''],
  [
    'issue',
    issue.body,
    heading(
      `${issue.title} #${issue.number}`,
      `Tracking issue · ${issue.state} · label ${issue.labels.join(', ')}`
    )
  ],
  [
    'comment',
    comment.body,
    heading(
      `${commented.title} #${commented.number}`,
      `The action's comment · the issue is now ${commented.state} (${commented.state_reason})`
    )
  ],
  [
    'alert-help',
    rule.help.markdown,
    `${heading(rule.shortDescription.text, `Code scanning alert · ${rule.id} · ${result.level}`)}<p class="message">${escape(result.message.text)}</p>`
  ]
]

const out = join(root, 'docs', 'images')
mkdirSync(out, { recursive: true })
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
})
try {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 100 },
    deviceScaleFactor: 1
  })
  // Nothing but the page's own file is loaded: no network.
  await context.route('**/*', route =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort()
  )
  const tab = await context.newPage()
  for (const [name, markdown, caption] of shots) {
    const file = join(work, `${name}.html`)
    writeFileSync(join(work, `${name}.md`), markdown)
    writeFileSync(file, page(renderMarkdown(markdown).html, caption))
    await tab.goto(pathToFileURL(file).href)
    const png = join(out, `${name}.png`)
    await tab.screenshot({ path: png, fullPage: true })
    const problems = renderProblems(markdown, { data: users })
    console.log(
      `${png.slice(root.length + 1)}: ${Math.round(statSync(png).size / 1024)} KiB; ${problems.length} rendering problem(s)`
    )
    for (const p of problems) console.log(`  - ${p}`)
  }
} finally {
  await browser.close()
}
console.log(
  `Done in ${((Date.now() - started) / 1000).toFixed(1)} s; the Markdown and pages are in ${work}`
)
