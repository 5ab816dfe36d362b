// Checking the path inputs on disk before any network call: where `sarif-file` really leads.
import { access, constants, lstat, readlink, realpath, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { InputError } from './input-error.js'
import type { Inputs } from './inputs.js'

/** The folder relative paths are read from and written to: the checkout, or where the step runs. */
export function workspaceOf(env: NodeJS.ProcessEnv): string {
  return resolve(env['GITHUB_WORKSPACE'] || process.cwd())
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : 'error'
}

/** Symbolic links a path may pass through before it is called a loop (Linux allows 40). */
const MAX_LINKS = 40

/**
 * Where `path` really leads, following every symbolic link, also a dangling one and one in a folder
 * that does not exist yet: the file a write to `path` would create or change.
 */
export async function realTarget(path: string, links = 0): Promise<string> {
  try {
    return await realpath(path)
  } catch (error) {
    if (codeOf(error) === 'ELOOP') throw error
  }
  if (links > MAX_LINKS)
    throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' })
  const parent = dirname(path)
  const link = await lstat(path).then(
    s => s.isSymbolicLink(),
    () => false
  )
  if (link) return realTarget(resolve(parent, await readlink(path)), links + 1)
  if (parent === path) return path
  return join(await realTarget(parent, links), basename(path))
}

/** The nearest folder of `path` that exists, and what it is. */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  try {
    return { path, isDirectory: (await stat(path)).isDirectory() }
  } catch {
    const parent = dirname(path)
    return parent === path ? { path, isDirectory: true } : nearestExisting(parent)
  }
}

/** Device and inode of an existing file, to tell two names of one file apart (hard links). */
async function identity(path: string): Promise<string | undefined> {
  return stat(path).then(
    s => `${s.dev}:${s.ino}`,
    () => undefined
  )
}

const EXAMPLE = 'e.g. `sarif-file: posturio-iam-mfa.sarif`'

/** The runner's own files, which a SARIF must never overwrite. */
const RUNNER_FILES = [
  'GITHUB_STEP_SUMMARY',
  'GITHUB_OUTPUT',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_STATE'
] as const

async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true
  const [x, y] = await Promise.all([identity(a), identity(b)])
  return x !== undefined && x === y
}

/** Problems with `sarif-file`, each naming the input and the fix. */
async function sarifFileProblems(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<string[]> {
  const value = inputs.sarifFile
  const lead = `Input \`sarif-file\` (${value.slice(0, 200)})`
  const workspace = workspaceOf(env)
  const path = resolve(workspace, value)
  if (!inside(workspace, path))
    return [
      `${lead} must be a path inside the workspace (${workspace}), which is the only place the action ` +
        `writes to; ${EXAMPLE}.`
    ]
  let target: string
  let realWorkspace: string
  try {
    realWorkspace = await realTarget(workspace)
    target = await realTarget(path)
  } catch (error) {
    return [
      `${lead} cannot be followed to a file (${codeOf(error)}: a loop of symbolic links); ${EXAMPLE}.`
    ]
  }
  if (!inside(realWorkspace, target))
    return [
      `${lead} leads outside the workspace (${workspace}) through a symbolic link, to ${target}; the ` +
        `action writes only inside the workspace. Name a path without such a link, ${EXAMPLE}.`
    ]
  const existing = await stat(target).catch(() => undefined)
  if (existing?.isDirectory()) {
    const file = `${value.replace(/[/\\]+$/, '')}/posturio-iam-mfa.sarif`
    return [`${lead} names a directory; give the path of a file, e.g. \`sarif-file: ${file}\`.`]
  }
  if (existing && !existing.isFile())
    return [`${lead} names something that is not a regular file; ${EXAMPLE}.`]
  const folder = await nearestExisting(dirname(target))
  if (!folder.isDirectory)
    return [`${lead} lies under ${folder.path}, which is a file, not a folder; ${EXAMPLE}.`]
  const writable = await access(folder.path, constants.W_OK).then(
    () => undefined,
    (error: unknown) => codeOf(error)
  )
  if (writable)
    return [
      `${lead} cannot be written: the folder ${folder.path} is not writable (${writable}); ${EXAMPLE}.`
    ]
  const problems: string[] = []
  if (inputs.credentialReport) {
    const report = await realTarget(resolve(workspace, inputs.credentialReport)).catch(() => '')
    if (report && (await sameFile(target, report)))
      problems.push(
        `Inputs \`sarif-file\` and \`credential-report\` name the same file (${target}): writing the ` +
          `SARIF would overwrite the saved report. Give \`sarif-file\` a path of its own, ${
            basename(target) === 'posturio-iam-mfa.sarif'
              ? 'e.g. `sarif-file: results/posturio-iam-mfa.sarif`'
              : EXAMPLE
          }.`
      )
  }
  for (const name of RUNNER_FILES) {
    const file = env[name]
    if (!file) continue
    const runnerFile = await realTarget(resolve(file)).catch(() => '')
    if (runnerFile && (await sameFile(target, runnerFile)))
      problems.push(
        `${lead} names the runner's ${name} file (${runnerFile}), which the SARIF would overwrite; ` +
          `give it a path of its own, ${EXAMPLE}.`
      )
  }
  return problems
}

/**
 * Checks the path inputs where they lead on disk, before any network call. Throws one InputError
 * listing every problem, as `readInputs` does.
 */
export async function checkPathInputs(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<void> {
  const problems = await sarifFileProblems(inputs, env)
  if (problems.length > 0)
    throw new InputError(
      problems.length === 1
        ? (problems[0] ?? '')
        : `The inputs have ${problems.length} problems:\n- ${problems.join('\n- ')}`
    )
}
