// Runs the bundled action the way the GitHub runner does: `node dist/index.js` in a fresh workspace,
// inputs as INPUT_* variables, the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) and nothing
// else from this process's environment. Wall time and peak memory are measured by a small wrapper
// around the child (measure-child.py), so the action runs unchanged.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const here = import.meta.dirname
export const ROOT = join(here, '..', '..')
let bundle = join(ROOT, 'dist', 'index.js')
// Runs still going when the bench exits are stopped with it (the wrapper passes the signal on).
const running = new Set()
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM')
})

/** Runs another build of the action instead of dist/index.js (e.g. one from another checkout). */
export function useBundle(path) {
  bundle = path
}
const VENV_PYTHON = join(ROOT, '.emulator', 'venv', 'bin', 'python')

/** Reads GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
export function parseOutputFile(text) {
  const out = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const end = lines.indexOf(m[2], i + 1)
    out[m[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return out
}

/** The workflow context of a push-triggered run of `repository`. */
export function workflowEnv(apiUrl, repository = 'acme/security-findings') {
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: repository,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/iam-mfa.yml@refs/heads/main`,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1'
  }
}

const inputEnv = inputs =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))

/**
 * Runs the bundle once. `inputs` are the step's `with:`; `env` adds the step's environment (AWS
 * credentials and endpoint, the workflow context); `files` are written into the workspace first
 * (name -> content). Resolves when the process has exited.
 */
export async function runAction(
  inputs,
  env = {},
  { files: extra = {}, timeoutMs = 7_200_000 } = {}
) {
  const work = mkdtempSync(join(tmpdir(), 'posturio-bench-'))
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(work, name), content)
  const files = {
    summary: join(work, 'summary.md'),
    output: join(work, 'output.txt'),
    measure: join(work, 'measure.json')
  }
  writeFileSync(files.summary, '')
  writeFileSync(files.output, '')
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    RUNNER_TEMP: work,
    GITHUB_WORKSPACE: work,
    ...inputEnv(inputs),
    ...env
  }
  const python = existsSync(VENV_PYTHON) ? VENV_PYTHON : 'python3'
  const measured = [
    python,
    [join(here, 'measure-child.py'), files.measure, process.execPath, bundle]
  ]
  const started = process.hrtime.bigint()
  const child = spawn(measured[0], measured[1], { env: fullEnv, cwd: work })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  running.add(child)
  child.once('exit', () => running.delete(child))
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  clearTimeout(timer)
  const outsideMs = Number(process.hrtime.bigint() - started) / 1e6
  const measure = existsSync(files.measure)
    ? JSON.parse(readFileSync(files.measure, 'utf8'))
    : { wallMs: outsideMs, peakRssKiB: null, code }
  const summary = readFileSync(files.summary, 'utf8')
  const result = {
    code: measure.code,
    wallMs: measure.wallMs,
    peakRssKiB: measure.peakRssKiB,
    outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
    summary,
    summaryBytes: Buffer.byteLength(summary),
    stdout,
    stderr,
    workDir: work
  }
  // A failed run's folder is kept for a look at its files.
  if (result.code === 0) rmSync(work, { recursive: true, force: true })
  return result
}

/** Throws with the action's log when it failed; `what` names the run for the message. */
export function expectSuccess(run, what) {
  if (run.code === 0) return run
  const log = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-40).join('\n')
  throw new Error(`${what}: the action exited with ${run.code}.\n${log}`)
}
