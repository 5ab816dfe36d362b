// Where `sarif-file` leads on disk, checked before any network call: the cases a bundle run does
// not show (hard links, loops, several problems at once) and the paths that stay accepted.
import { describe, expect, it } from '@jest/globals'
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../src/config/input-error.js'
import { readInputs } from '../../src/config/inputs.js'
import { checkPathInputs, realTarget } from '../../src/config/path-inputs.js'

function checkout(): string {
  const ws = mkdtempSync(join(tmpdir(), 'posturio-paths-'))
  writeFileSync(join(ws, 'report.csv'), 'user,arn\n')
  return ws
}

async function problem(ws: string, values: Record<string, string>, env = {}): Promise<string> {
  const inputs = readInputs(name => values[name] ?? '')
  const error = await checkPathInputs(inputs, { GITHUB_WORKSPACE: ws, ...env }).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(InputError)
  return (error as InputError).message
}

async function accepted(ws: string, values: Record<string, string>): Promise<void> {
  const inputs = readInputs(name => values[name] ?? '')
  await expect(checkPathInputs(inputs, { GITHUB_WORKSPACE: ws })).resolves.toBeUndefined()
}

describe('checkPathInputs: accepted', () => {
  it.each(['posturio-iam-mfa.sarif', 'results/new/x.sarif', './a/../b.sarif', 'report.csv.sarif'])(
    'sarif-file %s, inside the workspace',
    async sarifFile => {
      await accepted(checkout(), { 'sarif-file': sarifFile, 'credential-report': 'report.csv' })
    }
  )

  it('an existing SARIF file, and a link to a file inside the workspace', async () => {
    const ws = checkout()
    writeFileSync(join(ws, 'old.sarif'), '{}')
    symlinkSync(join(ws, 'old.sarif'), join(ws, 'link.sarif'))
    await accepted(ws, { 'sarif-file': 'old.sarif' })
    await accepted(ws, { 'sarif-file': 'link.sarif' })
  })

  it('a workspace that is itself reached through a link', async () => {
    const real = checkout()
    const link = join(mkdtempSync(join(tmpdir(), 'posturio-link-')), 'ws')
    symlinkSync(real, link)
    await accepted(link, { 'sarif-file': 'out/x.sarif' })
  })
})

describe('checkPathInputs: refused', () => {
  it('a hard link to the saved report', async () => {
    const ws = checkout()
    mkdirSync(join(ws, 'out'))
    linkSync(join(ws, 'report.csv'), join(ws, 'out', 'copy.sarif'))
    expect(
      await problem(ws, { 'sarif-file': 'out/copy.sarif', 'credential-report': 'report.csv' })
    ).toMatch(/^Inputs `sarif-file` and `credential-report` name the same file/)
  })

  it('suggests another path when the saved report has the default SARIF name', async () => {
    const ws = checkout()
    writeFileSync(join(ws, 'posturio-iam-mfa.sarif'), '')
    expect(await problem(ws, { 'credential-report': 'posturio-iam-mfa.sarif' })).toContain(
      'Give `sarif-file` a path of its own, e.g. `sarif-file: results/posturio-iam-mfa.sarif`.'
    )
  })

  it('a loop of symbolic links', async () => {
    const ws = checkout()
    symlinkSync(join(ws, 'b'), join(ws, 'a'))
    symlinkSync(join(ws, 'a'), join(ws, 'b'))
    expect(await problem(ws, { 'sarif-file': 'a' })).toBe(
      'Input `sarif-file` (a) cannot be followed to a file (ELOOP: a loop of symbolic links); e.g. `sarif-file: posturio-iam-mfa.sarif`.'
    )
  })

  it('lists every problem in one message', async () => {
    const ws = checkout()
    const output = join(ws, 'report.csv')
    const message = await problem(
      ws,
      { 'sarif-file': 'report.csv', 'credential-report': 'report.csv' },
      { GITHUB_OUTPUT: output }
    )
    expect(message).toMatch(
      /^The inputs have 2 problems:\n- Inputs `sarif-file` and `credential-report`/
    )
    expect(message).toContain(
      "\n- Input `sarif-file` (report.csv) names the runner's GITHUB_OUTPUT file"
    )
  })
})

describe('realTarget', () => {
  it('follows a dangling link and links in folders that do not exist yet', async () => {
    const ws = checkout()
    const elsewhere = mkdtempSync(join(tmpdir(), 'posturio-target-'))
    symlinkSync(join(elsewhere, 'deep', 'x'), join(ws, 'dangling'))
    expect(await realTarget(join(ws, 'dangling'))).toBe(join(elsewhere, 'deep', 'x'))
    symlinkSync(elsewhere, join(ws, 'dir'))
    expect(await realTarget(join(ws, 'dir', 'new', 'y.sarif'))).toBe(
      join(elsewhere, 'new', 'y.sarif')
    )
  })
})
