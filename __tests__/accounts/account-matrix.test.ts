// The matrix the next job reads with `strategy.matrix: ${{ fromJSON(...) }}`: jobs of N accounts,
// named for the Actions UI, within GitHub's 256 jobs, and never empty.
import { describe, expect, it } from '@jest/globals'
import { buildMatrix, MAX_MATRIX_JOBS, type MatrixJob } from '../../src/accounts/account-matrix.js'
import { InputError } from '../../src/config/input-error.js'

const accountIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => String(100000000000 + i * 7919))
const accounts = (n: number): Array<{ id: string; name: string }> =>
  accountIds(n).map((id, i) => ({ id, name: `account-${i}` }))

/** What the next workflow job sees: the step output, parsed as GitHub's fromJSON does. */
function asWorkflowSeesIt(matrix: { readonly include: MatrixJob[] }): {
  include: Array<Record<string, unknown>>
} {
  return JSON.parse(JSON.stringify(matrix)) as { include: Array<Record<string, unknown>> }
}

/** The `accounts` input of a matrix job, read one id a line. */
const idsOf = (input: unknown): string[] =>
  String(input)
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '')

describe('buildMatrix', () => {
  it('splits 37 accounts into jobs of 10, in order, each job named for its range', () => {
    const matrix = asWorkflowSeesIt(buildMatrix(accounts(37), 10))
    expect(matrix.include.map(job => job['name'])).toEqual([
      'accounts 1-10 of 37',
      'accounts 11-20 of 37',
      'accounts 21-30 of 37',
      'accounts 31-37 of 37'
    ])
    for (const job of matrix.include) {
      expect(Object.keys(job).sort()).toEqual(['accounts', 'name'])
      expect(typeof job['accounts']).toBe('string')
    }
    expect(matrix.include.map(job => idsOf(job['accounts']).length)).toEqual([10, 10, 10, 7])
    expect(matrix.include.flatMap(job => idsOf(job['accounts']))).toEqual(accountIds(37))
  })

  it('names a job of one account by its id, and keeps every name unique', () => {
    const one = asWorkflowSeesIt(buildMatrix(accounts(3), 1))
    expect(one.include).toEqual(accountIds(3).map(id => ({ accounts: id, name: id })))

    const lastAlone = asWorkflowSeesIt(buildMatrix(accounts(11), 10))
    expect(lastAlone.include.map(job => job['name'])).toEqual([
      'accounts 1-10 of 11',
      accountIds(11)[10]
    ])
  })

  it('puts every account in one job when they all fit', () => {
    const matrix = asWorkflowSeesIt(buildMatrix(accounts(5), 50))
    expect(matrix.include).toEqual([
      { accounts: accountIds(5).join('\n'), name: 'accounts 1-5 of 5' }
    ])
  })

  it('scans an account listed twice once', () => {
    const a = { id: '111111111111', name: 'prod' }
    const b = { id: '222222222222', name: 'staging' }
    const matrix = buildMatrix([a, b, a], 1)
    expect(matrix.include.map(job => job.accounts)).toEqual([a.id, b.id])
  })

  it(`allows exactly ${MAX_MATRIX_JOBS} jobs, GitHub's limit for one matrix`, () => {
    expect(MAX_MATRIX_JOBS).toBe(256)
    expect(buildMatrix(accounts(256), 1).include).toHaveLength(256)
    expect(buildMatrix(accounts(2560), 10).include).toHaveLength(256)
  })

  it.each([
    [257, 1, 2, '257 accounts would need 257 jobs'],
    [600, 2, 3, '600 accounts would need 300 jobs'],
    [2561, 10, 11, '2,561 accounts would need 257 jobs']
  ])(
    'refuses %i accounts at %i a job and names the smallest accounts-per-job that fits (%i)',
    (n, perJob, smallest, need) => {
      const attempt = () => buildMatrix(accounts(n), perJob)
      expect(attempt).toThrow(InputError)
      expect(attempt).toThrow(
        `\`accounts-per-job\` is ${perJob}: ${need}, and GitHub runs at most 256 jobs from one matrix. ` +
          `Set \`accounts-per-job\` to ${smallest} or more.`
      )
      expect(buildMatrix(accounts(n), smallest).include.length).toBeLessThanOrEqual(256)
    }
  )

  it('refuses an empty list, naming the inputs that removed every account', () => {
    const attempt = () => buildMatrix([], 10)
    expect(attempt).toThrow(InputError)
    expect(attempt).toThrow(
      /^No account is left to scan after `organizational-units`, `accounts` and `exclude-accounts`/
    )
    expect(attempt).toThrow('GitHub fails a matrix without jobs')
  })

  it.each([0, -1, 2.5, Number.NaN])('refuses %p accounts a job', perJob => {
    expect(() => buildMatrix(accounts(3), perJob)).toThrow(
      /^`accounts-per-job` must be a whole number of at least 1, e\.g\. `accounts-per-job: 10`/
    )
  })
})
