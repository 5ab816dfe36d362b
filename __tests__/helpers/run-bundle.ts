// Test fixture: runs `node dist/index.js` as the runner does, with INPUT_* variables and runner files.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './moto.js'

export interface BundleRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Record<string, string>
  readonly summary: string
  readonly workDir: string
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m || m[1] === undefined || m[2] === undefined) continue
    const end = lines.indexOf(m[2], i + 1)
    out[m[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return out
}

/** Environment of a plain runner: no AWS credentials or endpoints leak in from the test process. */
function baseEnv(workDir: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: workDir,
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_STEP_SUMMARY: join(workDir, 'summary.md'),
    GITHUB_OUTPUT: join(workDir, 'output.txt'),
    RUNNER_TEMP: workDir,
    GITHUB_WORKSPACE: workDir
  }
}

/** A push-triggered workflow run of acme/security-findings, its GitHub API at `apiUrl`. */
export function workflowEnv(
  apiUrl: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: 'acme/security-findings',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW_REF: 'acme/security-findings/.github/workflows/iam-mfa.yml@refs/heads/main',
    ...extra
  }
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
}

export async function runBundle(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<BundleRun> {
  const workDir = mkdtempSync(join(tmpdir(), 'posturio-run-'))
  const fullEnv = { ...baseEnv(workDir), ...inputEnv(inputs), ...env }
  const summaryFile = join(workDir, 'summary.md')
  const outputFile = join(workDir, 'output.txt')
  writeFileSync(summaryFile, '')
  writeFileSync(outputFile, '')
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'index.js')], {
    env: fullEnv,
    cwd: workDir
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += String(d)))
  child.stderr.on('data', d => (stderr += String(d)))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workDir
  }
}
