// Which ref and commit a SARIF upload belongs to, so code scanning annotates the pull request:
// the merge ref by default, the head ref when the head was checked out, the base branch otherwise.
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkedOutCommit, sarifTarget } from '../../src/sarif/upload-target.js'

const MERGE = 'a'.repeat(40)
const HEAD = 'b'.repeat(40)
const env = (extra: Record<string, string> = {}) => ({
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_SHA: MERGE,
  GITHUB_REF: 'refs/pull/42/merge',
  GITHUB_EVENT_NAME: 'pull_request',
  ...extra
})
const event = { pull_request: { number: 42, head: { sha: HEAD } } }

describe('sarifTarget', () => {
  it('uploads a pull_request run to refs/pull/N/merge at the merge commit it checked out', () => {
    expect(sarifTarget(env(), MERGE, event)).toEqual({
      owner: 'acme',
      repo: 'infra',
      ref: 'refs/pull/42/merge',
      commitSha: MERGE
    })
    expect(sarifTarget(env(), undefined, event)).toMatchObject({
      ref: 'refs/pull/42/merge',
      commitSha: MERGE
    })
  })

  it('uploads to refs/pull/N/head at the head commit when the job checked out the head', () => {
    expect(sarifTarget(env(), HEAD, event)).toMatchObject({
      ref: 'refs/pull/42/head',
      commitSha: HEAD
    })
  })

  it('uploads a pull_request_target run that checked out the head to the pull request, else to the base branch', () => {
    const target = env({
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: 'c'.repeat(40)
    })
    expect(sarifTarget(target, HEAD, event)).toMatchObject({
      ref: 'refs/pull/42/head',
      commitSha: HEAD
    })
    expect(sarifTarget(target, 'c'.repeat(40), event)).toMatchObject({
      ref: 'refs/heads/main',
      commitSha: 'c'.repeat(40)
    })
  })

  it('uploads a push or scheduled run to its own ref and commit, and nothing outside a workflow', () => {
    expect(
      sarifTarget(
        env({ GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }),
        HEAD,
        undefined
      )
    ).toMatchObject({
      ref: 'refs/heads/main',
      commitSha: MERGE
    })
    expect(sarifTarget({}, HEAD, undefined)).toBeUndefined()
  })
})

describe('checkedOutCommit', () => {
  const dirs: string[] = []
  afterAll(async () => Promise.all(dirs.map(d => rm(d, { recursive: true, force: true }))))
  const repo = async (files: Record<string, string>): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'posturio-git-'))
    dirs.push(dir)
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, '.git', path, '..'), { recursive: true })
      await writeFile(join(dir, '.git', path), text)
    }
    return dir
  }

  it('reads a detached HEAD, a branch, and a packed branch; nothing without a checkout', async () => {
    expect(await checkedOutCommit(await repo({ HEAD: `${HEAD}\n` }))).toBe(HEAD)
    expect(
      await checkedOutCommit(
        await repo({ HEAD: 'ref: refs/heads/main\n', 'refs/heads/main': `${MERGE}\n` })
      )
    ).toBe(MERGE)
    expect(
      await checkedOutCommit(
        await repo({
          HEAD: 'ref: refs/heads/dev\n',
          'packed-refs': `# pack-refs\n${HEAD} refs/heads/dev\n`
        })
      )
    ).toBe(HEAD)
    expect(await checkedOutCommit(await repo({}))).toBeUndefined()
  })
})
