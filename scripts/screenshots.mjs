// Screenshots for the docs: runs the bundled action on the sample against a local GitHub API, renders its real Markdown as GitHub does, and photographs it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { renderMarkdown, renderProblems } from './lib/render-markdown.mjs'
import { captureSampleOutput, digestOf, shotSources } from './lib/sample-output.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const started = Date.now()
const CHROMIUM = '/usr/bin/chromium'
if (spawnSync('bash', [join(root, 'scripts', 'setup-browser.sh')], { stdio: 'inherit' }).status)
  process.exit(1)

const work = mkdtempSync(join(tmpdir(), 'posturio-screenshots-'))
const captured = await captureSampleOutput(root, work)
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

const { summary, issue, comment, commented, rule, result, users } = captured
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
// What each picture shows, so a test can tell when the output changed and the pictures did not.
const sources = Object.fromEntries(
  Object.entries(shotSources(captured)).map(([name, markdown]) => [name, digestOf(markdown)])
)
writeFileSync(join(out, 'sources.json'), `${JSON.stringify(sources, null, 2)}\n`)
console.log(
  `Done in ${((Date.now() - started) / 1000).toFixed(1)} s; the Markdown and pages are in ${work}`
)
