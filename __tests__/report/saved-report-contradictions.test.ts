// Saved reports whose rows contradict each other or IAM's rules, which AWS never writes: refused,
// naming the lines at fault; and the harmless variations that stay accepted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readReportFile } from '../../src/report/read-report-file.js'
import { ReportFormatError } from '../../src/report/report-error.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'
import { cliJson, makeDir, readError, removeDir, utf16, write } from './report-files.js'

beforeAll(makeDir)
afterAll(removeDir)

const NEVER = 'A credential report from AWS never has this.'
const root = rootRow({ mfa_active: 'true' })

describe('readReportFile: one user listed twice', () => {
  it('names both lines of a user listed twice', async () => {
    const csv = reportCsv([root, userRow('alice'), userRow('bob'), userRow('alice')])
    const e = await readError('twice.csv', csv)
    expect(e).toBeInstanceOf(ReportFormatError)
    expect(e.message).toContain(
      'Input `credential-report` (reports/twice.csv): lines 3 and 5 both list the user "alice": IAM user names are unique whatever their case, so one user has one row. ' +
        NEVER
    )
  })

  it('names the lines of a user listed in two cases, as IAM names are one whatever their case', async () => {
    const csv = reportCsv([root, userRow('Alice'), userRow('alice', { mfa_active: 'true' })])
    const e = await readError('case.csv', csv)
    expect(e.message).toContain('lines 3 and 4 list the same user as "Alice" and "alice"')
  })

  it('names three lines of one user and counts further repeated users', async () => {
    const rows = [root, ...['a', 'b', 'c', 'd'].flatMap(n => [userRow(n), userRow(n)])]
    const e = await readError('many.csv', reportCsv([...rows, userRow('a')]))
    expect(e.message).toContain(
      'lines 3, 4 and 11 all list the user "a"; lines 5 and 6 both list the user "b"; lines 7 and 8 both list the user "c", and 1 more user is listed again'
    )
  })

  it('refuses two root rows', async () => {
    const e = await readError('roots.csv', reportCsv([root, userRow('alice'), root]))
    expect(e.message).toContain('lines 2 and 4 both list the user "<root_account>"')
  })
})

describe('readReportFile: a user name IAM cannot have', () => {
  it('accepts a name of 64 characters, the longest IAM allows', async () => {
    const name = `${'a'.repeat(60)}+=@-`
    const saved = await readReportFile(write('64.csv', reportCsv([root, userRow(name)])))
    expect(saved.rows.map(r => r.user)).toEqual(['<root_account>', name])
  })

  it('refuses a name of 65 characters, showing its start', async () => {
    const name = 'b'.repeat(65)
    const e = await readError('65.csv', reportCsv([root, userRow(name)]))
    expect(e.message).toContain(
      `line 3 has a user name of 65 characters ("${'b'.repeat(64)}…"), longer than the 64 IAM allows. ${NEVER}`
    )
  })

  it.each(['zoë', 'bob smith', 'q"uote', 'a/b', 'x;y'])(
    'refuses the name %j, which has a character IAM does not allow',
    async name => {
      const e = await readError('chars.csv', reportCsv([root, userRow(name)]))
      expect(e.message).toContain(
        `line 3 has the user name "${name}", which IAM does not allow: a user name is letters, digits and +=,.@_- only.`
      )
    }
  )

  it('quotes the name as decoded from a UTF-16 file, so the owner can find it', async () => {
    const csv = reportCsv([root, userRow('zoë')])
    const e = await readError('ps.json', utf16(cliJson(csv)))
    expect(e.message).toContain('line 3 has the user name "zoë", which IAM does not allow')
  })
})

describe('readReportFile: a row whose name and ARN disagree', () => {
  it('refuses a user whose ARN names another user', async () => {
    const csv = reportCsv([root, userRow('alice', { arn: 'arn:aws:iam::123456789012:user/bob' })])
    const e = await readError('swapped.csv', csv)
    expect(e.message).toContain(
      'line 3 lists the user "alice" with the ARN "arn:aws:iam::123456789012:user/bob", which names the user "bob". ' +
        NEVER
    )
  })

  it('compares the name with the last part of an ARN with a path, case and all', async () => {
    const arn = 'arn:aws:iam::123456789012:user/ops/team/Alice'
    const e = await readError('path.csv', reportCsv([root, userRow('alice', { arn })]))
    expect(e.message).toContain(`with the ARN "${arn}", which names the user "Alice"`)
    const ok = reportCsv([root, userRow('alice', { arn: arn.replace('Alice', 'alice') })])
    expect((await readReportFile(write('path-ok.csv', ok))).rows[1]?.user).toBe('alice')
  })

  it('refuses <root_account> with a user ARN', async () => {
    const row = rootRow({ arn: 'arn:aws:iam::123456789012:user/root' })
    const e = await readError('root-user.csv', reportCsv([row]))
    expect(e.message).toContain(
      `line 2 lists the user <root_account> with the ARN "arn:aws:iam::123456789012:user/root", but the root user's ARN is arn:aws:iam::123456789012:root. ${NEVER}`
    )
  })

  it("refuses a user name on the root user's ARN", async () => {
    const row = userRow('admin', { arn: 'arn:aws:iam::123456789012:root' })
    const e = await readError('root-arn.csv', reportCsv([row]))
    expect(e.message).toContain(
      `line 2 has the root user's ARN "arn:aws:iam::123456789012:root" but the user name "admin", where the root user is <root_account>.`
    )
  })
})

describe('readReportFile: several accounts in one report', () => {
  it('names each account and its lines, and says to scan them one by one', async () => {
    const csv = reportCsv([
      root,
      userRow('alice'),
      rootRow({}, '444455556666'),
      userRow('bob', {}, '444455556666')
    ])
    const e = await readError('joined.csv', csv)
    expect(e.message).toContain(
      'Input `credential-report` (reports/joined.csv): it lists 2 accounts, 123456789012 (lines 2 and 3) and 444455556666 (lines 4 and 5), ' +
        'but a credential report covers one account: it looks joined from several reports. Scan each account with its own report, e.g. one job per account in a matrix.'
    )
  })

  it('refuses the same user name in two accounts as two accounts, not as a repeated user', async () => {
    const csv = reportCsv([userRow('alice'), userRow('alice', {}, '444455556666')])
    const e = await readError('two.csv', csv)
    expect(e.message).toContain('it lists 2 accounts')
    expect(e.message).not.toContain('both list')
  })
})

describe('readReportFile: a report generated in the future', () => {
  const NOW = new Date('2026-12-03T12:00:00Z')

  it('refuses a GeneratedTime more than 5 minutes after the clock, saying both times', async () => {
    const path = write('future.json', cliJson(undefined, '2026-12-04T12:00:00+00:00'))
    const e = await readReportFile(path, 'reports/future.json', NOW).then(
      () => new Error('expected a rejection'),
      (error: unknown) => error as Error
    )
    expect(e).toBeInstanceOf(ReportFormatError)
    expect(e.message).toMatch(
      /^Input `credential-report` \(reports\/future\.json\): it says AWS generated it at 2026-12-04 12:00 UTC, 24 h 0 min after this run's clock \(2026-12-03 12:00 UTC\): no report comes from the future, so its generation time was edited or the runner's clock is wrong\. Save the report with the AWS CLI/
    )
  })

  it.each(['2026-12-03T12:05:00Z', '2026-12-03T12:04:00Z', '2026-11-30T19:08:10Z'])(
    'accepts %s, within the drift clocks have',
    async time => {
      const saved = await readReportFile(write('near.json', cliJson(undefined, time)), 'r', NOW)
      expect(saved.generatedAt).toEqual(new Date(time))
    }
  )
})

describe('readReportFile: what real reports look like stays accepted', () => {
  it('reads a report without a root row', async () => {
    const saved = await readReportFile(write('no-root.csv', reportCsv([userRow('alice')])))
    expect(saved.rows.map(r => r.user)).toEqual(['alice'])
  })

  it('reads the unusual names IAM allows, with paths in their ARNs', async () => {
    const names = ['bob+ops@example.com', 'dave=contractor', 'carol_dev', 'a.b-c', 'frank,finance']
    const rows = names.map(n => userRow(n, { arn: `arn:aws:iam::123456789012:user/x/${n}` }))
    const saved = await readReportFile(write('odd.csv', reportCsv([root, ...rows])))
    expect(saved.rows.map(r => r.user)).toEqual(['<root_account>', ...names])
  })
})
