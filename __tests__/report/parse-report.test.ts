import { describe, expect, it } from '@jest/globals'
import { parseCredentialReport, REQUIRED_COLUMNS } from '../../src/report/parse-report.js'
import { ReportFormatError } from '../../src/report/report-error.js'
import type { ReportSource } from '../../src/report/report-source.js'
import { HEADER } from '../helpers/report-csv.js'

const COLUMNS = HEADER
type Column = (typeof COLUMNS)[number]
type Raw = Partial<Record<Column, string>>
type Row = Record<Column, string>

const ACCOUNT = '111122223333'

function userRow(raw: Raw = {}): Row {
  const user = raw.user ?? 'alice'
  const na = Object.fromEntries(COLUMNS.map(c => [c, 'N/A'])) as Row
  return {
    ...na,
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: '2023-05-10T08:00:00+00:00',
    password_enabled: 'true',
    password_last_used: '2026-11-28T07:41:09+00:00',
    password_last_changed: '2026-02-01T10:00:00+00:00',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
    ...raw
  }
}

function rootRow(raw: Raw = {}): Row {
  return userRow({
    user: '<root_account>',
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    user_creation_time: '2019-03-04T09:12:44+00:00',
    password_enabled: 'not_supported',
    password_last_used: '2026-10-02T17:40:11+00:00',
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    ...raw
  })
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Writes rows as a credential report CSV with the given columns, in the given order. */
function reportCsv(rows: readonly Row[], columns: readonly Column[] = COLUMNS, eol = '\n'): string {
  const lines = [columns.join(','), ...rows.map(r => columns.map(c => csvField(r[c])).join(','))]
  return `${lines.join(eol)}${eol}`
}

/** The ReportFormatError that parsing `text` throws. */
function formatError(text: string): ReportFormatError {
  return parseError(text, undefined)
}

function parseError(text: string, source: ReportSource | undefined): ReportFormatError {
  try {
    parseCredentialReport(text, source)
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFormatError)
    return error as ReportFormatError
  }
  throw new Error('expected parseCredentialReport to throw')
}

describe('parseCredentialReport: reading rows', () => {
  it('types every value of a user row', () => {
    const [row] = parseCredentialReport(
      reportCsv([userRow({ access_key_1_active: 'true', mfa_active: 'true' })])
    )
    expect(row).toEqual({
      user: 'alice',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      isRoot: false,
      createdAt: new Date('2023-05-10T08:00:00Z'),
      passwordEnabled: true,
      passwordLastUsed: { kind: 'used', at: new Date('2026-11-28T07:41:09Z') },
      mfaActive: true,
      activeAccessKeys: 1
    })
  })

  it('reads the root row, whose password_enabled is not_supported, as unknown', () => {
    const [root] = parseCredentialReport(reportCsv([rootRow()]))
    expect(root).toMatchObject({
      user: '<root_account>',
      accountId: ACCOUNT,
      isRoot: true,
      passwordEnabled: undefined,
      passwordLastUsed: { kind: 'used', at: new Date('2026-10-02T17:40:11Z') },
      mfaActive: false
    })
  })

  it.each(['not_supported', 'NOT_SUPPORTED', 'Not_Supported'])(
    "reads root's password_enabled %s as unknown",
    value => {
      const [root] = parseCredentialReport(reportCsv([rootRow({ password_enabled: value })]))
      expect(root?.passwordEnabled).toBeUndefined()
    }
  )

  it('reads a root password_enabled of true or false when a report gives one', () => {
    const rows = parseCredentialReport(reportCsv([rootRow({ password_enabled: 'FALSE' })]))
    expect(rows[0]?.passwordEnabled).toBe(false)
  })

  it('rejects not_supported in password_enabled of an ordinary user', () => {
    const e = formatError(reportCsv([userRow({ password_enabled: 'not_supported' })]))
    expect(e.message).toContain('password_enabled')
  })

  it.each([
    { value: 'no_information', expected: { kind: 'never' } },
    { value: 'NO_INFORMATION', expected: { kind: 'never' } },
    { value: 'N/A', expected: undefined },
    { value: 'n/a', expected: undefined },
    {
      value: '2026-11-30T08:20:00+00:00',
      expected: { kind: 'used', at: new Date('2026-11-30T08:20:00Z') }
    }
  ])('reads password_last_used $value', ({ value, expected }) => {
    const [row] = parseCredentialReport(reportCsv([userRow({ password_last_used: value })]))
    expect(row?.passwordLastUsed).toEqual(expected)
  })

  it.each([
    { key1: 'false', key2: 'false', count: 0 },
    { key1: 'true', key2: 'false', count: 1 },
    { key1: 'FALSE', key2: 'TRUE', count: 1 },
    { key1: 'True', key2: 'true', count: 2 }
  ])('counts active access keys $key1/$key2 as $count', ({ key1, key2, count }) => {
    const [row] = parseCredentialReport(
      reportCsv([userRow({ access_key_1_active: key1, access_key_2_active: key2 })])
    )
    expect(row?.activeAccessKeys).toBe(count)
  })

  it('reads a user_creation_time of N/A as unknown', () => {
    const [row] = parseCredentialReport(reportCsv([userRow({ user_creation_time: 'N/A' })]))
    expect(row?.createdAt).toBeUndefined()
  })

  it('keeps rows in report order', () => {
    const rows = parseCredentialReport(
      reportCsv([rootRow(), userRow({ user: 'zed' }), userRow({ user: 'amy' })])
    )
    expect(rows.map(r => r.user)).toEqual(['<root_account>', 'zed', 'amy'])
  })

  it.each([
    { arn: 'arn:aws:iam::123456789012:user/alice', account: '123456789012' },
    { arn: 'arn:aws-us-gov:iam::210987654321:user/alice', account: '210987654321' },
    { arn: 'arn:aws-cn:iam::333344445555:user/ops/team/alice', account: '333344445555' }
  ])('reads the account $account from $arn', ({ arn, account }) => {
    const [row] = parseCredentialReport(reportCsv([userRow({ arn })]))
    expect(row?.accountId).toBe(account)
  })
})

describe('parseCredentialReport: the CSV layout', () => {
  const rows = [rootRow(), userRow({ user: 'alice' }), userRow({ user: 'bob', mfa_active: 'true' })]

  it('parses by header name, whatever the order of the columns', () => {
    const reversed = [...COLUMNS].reverse()
    const shuffled: Column[] = [...COLUMNS.slice(11), ...COLUMNS.slice(0, 11)]
    const expected = parseCredentialReport(reportCsv(rows))
    expect(parseCredentialReport(reportCsv(rows, reversed))).toEqual(expected)
    expect(parseCredentialReport(reportCsv(rows, shuffled))).toEqual(expected)
    expect(expected.map(r => r.user)).toEqual(['<root_account>', 'alice', 'bob'])
  })

  it('needs only the columns it reads, and ignores extra ones', () => {
    const only = parseCredentialReport(reportCsv(rows, REQUIRED_COLUMNS))
    expect(only).toEqual(parseCredentialReport(reportCsv(rows)))
    const extra = `owner_tag,${reportCsv(rows).replace(/\n(?=.)/g, '\nteam-x,')}`
    expect(parseCredentialReport(extra)).toEqual(only)
  })

  it('handles a UTF-8 byte order mark before the header', () => {
    const withBom = `\uFEFF${reportCsv(rows)}`
    const parsed = parseCredentialReport(withBom)
    expect(parsed).toEqual(parseCredentialReport(reportCsv(rows)))
    expect(parsed[0]?.user).toBe('<root_account>')
  })

  it('handles CRLF line endings, blank trailing lines and surrounding spaces', () => {
    const crlf = `${reportCsv(rows, COLUMNS, '\r\n')}\r\n\r\n`
    expect(parseCredentialReport(crlf)).toEqual(parseCredentialReport(reportCsv(rows)))
    const spaced = reportCsv([userRow({ mfa_active: ' true ' })])
    expect(parseCredentialReport(spaced)[0]?.mfaActive).toBe(true)
  })

  it('reads quoted names that contain commas', () => {
    const [row] = parseCredentialReport(
      reportCsv([
        userRow({ user: 'frank,finance', arn: `arn:aws:iam::${ACCOUNT}:user/frank,finance` })
      ])
    )
    expect(row).toMatchObject({
      user: 'frank,finance',
      arn: `arn:aws:iam::${ACCOUNT}:user/frank,finance`,
      accountId: ACCOUNT
    })
  })

  it.each(['bob+ops@example.com', 'dave=contractor', 'carol_dev', 'a.b-c', 'x,y,z', 'q"uote'])(
    'keeps the IAM user name %s intact',
    user => {
      const [row] = parseCredentialReport(reportCsv([userRow({ user })]))
      expect(row?.user).toBe(user)
      expect(row?.arn).toBe(`arn:aws:iam::${ACCOUNT}:user/${user}`)
    }
  )
})

describe('parseCredentialReport: malformed reports', () => {
  it('names every missing column', () => {
    const columns = COLUMNS.filter(c => c !== 'mfa_active' && c !== 'access_key_2_active')
    const e = formatError(reportCsv([userRow()], columns))
    expect(e.message).toContain('lacks the columns mfa_active, access_key_2_active')
    expect(e.message).toContain('aws iam get-credential-report')
    expect(e.name).toBe('ReportFormatError')
  })

  it('lists all the needed columns for a file that is not a credential report', () => {
    const e = formatError('<html><body>Access denied</body></html>\n<p>try again</p>\n')
    for (const column of REQUIRED_COLUMNS) expect(e.message).toContain(column)
  })

  it.each([
    { label: 'an empty file', text: '' },
    { label: 'blank lines', text: '\n\n\n' }
  ])('says the report is empty for $label', ({ text }) => {
    expect(formatError(text).message).toMatch(/^The credential report is malformed: it is empty\./)
  })

  it('says a header alone has no rows, not even the root account', () => {
    const e = formatError(`${COLUMNS.join(',')}\n`)
    expect(e.message).toContain('it has a header but no rows')
    expect(e.message).toContain('root account')
  })

  it('says the report is not valid CSV for unbalanced quotes, without quoting the report', () => {
    const text = reportCsv([userRow()]).replace('alice,', '"alice,')
    const e = formatError(text)
    expect(e.message).toMatch(/not valid CSV: a quoted field is never closed/)
    expect(e.message).not.toContain('arn:aws:iam')
  })

  it('says where a closing quote is followed by more characters', () => {
    const text = reportCsv([userRow()]).replace('alice,', '"ali"ce,')
    expect(formatError(text).message).toMatch(/not valid CSV: a closing quote .* at line 2/)
  })

  it('names the line of a row with the wrong number of fields', () => {
    const text = `${reportCsv([userRow()])}bob,arn:aws:iam::111122223333:user/bob,true\n`
    const e = formatError(text)
    expect(e.message).toContain('line 3')
    expect(e.message).toContain('malformed')
  })

  it('rejects binary garbage', () => {
    expect(formatError('\u0000\u0001garbage,\n1,2,3\n').message).toMatch(/credential report/)
  })

  it.each([
    { column: 'mfa_active', value: 'yes' },
    { column: 'password_enabled', value: '1' },
    { column: 'access_key_1_active', value: '' },
    { column: 'access_key_2_active', value: 'N/A' }
  ] as const)(
    'names the line and column of a bad boolean ($column = "$value")',
    ({ column, value }) => {
      const text = reportCsv([rootRow(), userRow({ user: 'bob' }), userRow({ [column]: value })])
      const e = formatError(text)
      expect(e.message).toContain('line 4')
      expect(e.message).toContain(`column ${column}`)
      expect(e.message).toContain(`"${value}"`)
      expect(e.message).toContain('true or false')
    }
  )

  it.each([
    { column: 'user_creation_time', value: 'yesterday' },
    { column: 'user_creation_time', value: '30/11/2026' },
    { column: 'password_last_used', value: '2026-13-45T00:00:00+00:00' },
    { column: 'password_last_used', value: 'never' }
  ] as const)(
    'names the line and column of a bad date ($column = "$value")',
    ({ column, value }) => {
      const e = formatError(reportCsv([userRow({ [column]: value })]))
      expect(e.message).toContain('line 2')
      expect(e.message).toContain(`column ${column}`)
      expect(e.message).toContain('ISO 8601')
    }
  )

  it.each([
    { column: 'password_last_used', value: '11/30/2026 10:02' },
    { column: 'user_creation_time', value: '30.11.2026 19:08' },
    { column: 'password_last_used', value: '2026-11-30 19:08:10' },
    { column: 'password_last_used', value: '11/30/2026 7:02 PM' },
    { column: 'user_creation_time', value: '46356.42' }
  ] as const)('says a spreadsheet rewrote the date "$value" in $column', ({ column, value }) => {
    const e = formatError(reportCsv([rootRow(), userRow({ [column]: value })]))
    expect(e.message).toContain(`line 3, column ${column} holds "${value}"`)
    expect(e.message).toContain('ISO 8601 time such as 2026-11-30T19:08:10+00:00')
    expect(e.message).toContain('was expected. A spreadsheet program re-saved this file')
  })

  it('uses the lead and fix of the source it is given', () => {
    const source = { lead: 'Input `credential-report` (r.csv): ', fix: 'Run `this`.' }
    const e = parseError(reportCsv([userRow({ mfa_active: 'yes' })]), source)
    expect(e.message).toBe(
      'Input `credential-report` (r.csv): line 2, column mfa_active holds "yes" where true or ' +
        'false was expected. Run `this`.'
    )
  })

  it('cuts a very long bad value short in the message', () => {
    const e = formatError(reportCsv([userRow({ mfa_active: 'x'.repeat(500) })]))
    expect(e.message).toContain(`"${'x'.repeat(40)}"`)
    expect(e.message).not.toContain('x'.repeat(41))
  })

  it.each([
    'arn:aws:iam::111122223333:role/admin',
    'arn:aws:s3:::my-bucket',
    'arn:aws:iam::11112222333:user/alice',
    'arn:aws:iam::111122223333:user/',
    'alice',
    ''
  ])('rejects the non-IAM-user ARN "%s", naming the line', arn => {
    const e = formatError(reportCsv([rootRow(), userRow({ arn })]))
    expect(e.message).toContain('line 3')
    expect(e.message).toContain('not an IAM user or root ARN')
    expect(e.message).toContain(`"${arn}"`)
  })
})
