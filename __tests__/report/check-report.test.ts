// The checks of a whole report on the report the action fetches itself (live): the same refusals as
// for a saved file, worded for a fetched report, plus the caller's account and the clock.
import { describe, expect, it } from '@jest/globals'
import { checkedReportRows, checkGeneratedAt, linesText } from '../../src/report/check-report.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { ReportFormatError } from '../../src/report/report-error.js'
import { UNNAMED_SOURCE } from '../../src/report/report-source.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'

const ACCOUNT = '123456789012'
const FETCH_AGAIN = 'Fetch a fresh report: re-run the action'

function refusal(run: () => unknown): ReportFormatError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFormatError)
    return error as ReportFormatError
  }
  throw new Error('expected a refusal')
}

describe('checkedReportRows: a fetched report', () => {
  it('returns the rows of a consistent report, as the plain parser reads them', () => {
    const csv = reportCsv([rootRow(), userRow('alice'), userRow('bob', { mfa_active: 'true' })])
    expect(checkedReportRows(csv, UNNAMED_SOURCE, ACCOUNT)).toEqual(parseCredentialReport(csv))
  })

  it.each([
    ['a repeated user', [userRow('alice'), userRow('ALICE')], 'lines 2 and 3 list the same user'],
    ['a name too long', [userRow('n'.repeat(70))], 'line 2 has a user name of 70 characters'],
    [
      'a name its ARN contradicts',
      [userRow('alice', { arn: `arn:aws:iam::${ACCOUNT}:user/mallory` })],
      'which names the user "mallory"'
    ],
    [
      'two accounts',
      [userRow('alice'), userRow('bob', {}, '999988887777')],
      'it lists 2 accounts, 123456789012 (line 2) and 999988887777 (line 3)'
    ]
  ])('refuses %s, worded as the live report errors are', (_label, rows, says) => {
    const e = refusal(() => checkedReportRows(reportCsv(rows), UNNAMED_SOURCE, ACCOUNT))
    expect(e.message).toMatch(/^The credential report is malformed: /)
    expect(e.message).toContain(says)
    expect(e.message).toContain(FETCH_AGAIN)
  })

  it("refuses a report of another account than the caller's", () => {
    const csv = reportCsv([rootRow({}, '999988887777'), userRow('alice', {}, '999988887777')])
    const e = refusal(() => checkedReportRows(csv, UNNAMED_SOURCE, ACCOUNT))
    expect(e.message).toBe(
      `The credential report is malformed: it is the report of account 999988887777, but the credentials are of account ${ACCOUNT} (sts:GetCallerIdentity), whose report was asked for. ${UNNAMED_SOURCE.fix}`
    )
  })

  it('reads the report when the caller’s account is unknown', () => {
    const csv = reportCsv([userRow('alice', {}, '999988887777')])
    expect(checkedReportRows(csv, UNNAMED_SOURCE)).toHaveLength(1)
  })
})

describe('checkGeneratedAt', () => {
  const now = new Date('2026-11-30T12:00:00Z')

  it('refuses a report generated 6 minutes after the clock', () => {
    const e = refusal(() => checkGeneratedAt(new Date('2026-11-30T12:06:00Z'), now, UNNAMED_SOURCE))
    expect(e.message).toBe(
      "The credential report is malformed: it says AWS generated it at 2026-11-30 12:06 UTC, 6 min after this run's clock (2026-11-30 12:00 UTC): no report comes from the future, so its generation time was edited or the runner's clock is wrong. " +
        UNNAMED_SOURCE.fix
    )
  })

  it.each([undefined, new Date('2026-11-30T12:05:00Z'), new Date('2026-11-30T08:00:00Z')])(
    'accepts %s',
    generatedAt => {
      expect(() => checkGeneratedAt(generatedAt, now, UNNAMED_SOURCE)).not.toThrow()
    }
  )
})

describe('linesText', () => {
  it.each([
    [[3], 'line 3'],
    [[3, 7], 'lines 3 and 7'],
    [[2, 3, 4, 5, 6, 7], 'lines 2, 3, 4, 5, 6 and 7'],
    [[2, 3, 4, 5, 6, 7, 8, 9], 'lines 2, 3, 4, 5, 6 and 3 more']
  ])('says %j as %j', (lines, text) => {
    expect(linesText(lines)).toBe(text)
  })
})
