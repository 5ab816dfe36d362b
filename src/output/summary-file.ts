// Checking, before the scan, that the job summary file the runner gives can be written.
import { access, constants, stat } from 'node:fs/promises'
import { RunnerFileError } from './publish-errors.js'

const WHY: { readonly [code: string]: string } = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a folder on its path is a file',
  EACCES: 'the action may not write it',
  EPERM: 'the action may not write it',
  EROFS: 'it is on a read-only file system'
}

/** Throws a RunnerFileError when GITHUB_STEP_SUMMARY is set and cannot be appended to. */
export async function checkSummaryFile(env: NodeJS.ProcessEnv): Promise<void> {
  const path = env['GITHUB_STEP_SUMMARY']
  if (!path) return
  let problem: string | undefined
  try {
    if ((await stat(path)).isDirectory()) problem = 'it is a directory, not a file'
    // What @actions/core checks before it appends the summary.
    else await access(path, constants.R_OK | constants.W_OK)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const known = typeof code === 'string' ? code : 'error'
    problem = `${WHY[known] ?? 'it cannot be opened'} (${known})`
  }
  if (problem)
    throw new RunnerFileError(
      `Could not write the job summary: the runner's GITHUB_STEP_SUMMARY file (${path}) cannot be written: ` +
        `${problem}. The runner creates this file for every step: check the runner's disk and its ` +
        'temporary folder (RUNNER_TEMP), or leave GITHUB_STEP_SUMMARY unset outside GitHub Actions. ' +
        'Nothing was scanned and nothing was changed.'
    )
}
