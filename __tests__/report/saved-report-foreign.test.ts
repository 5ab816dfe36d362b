import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/config/input-error.js'
import { readReportFile } from '../../src/report/read-report-file.js'
import { ReportFormatError } from '../../src/report/report-error.js'
import { HEADER, reportCsv, rootRow, userRow } from '../helpers/report-csv.js'
import { CSV, makeDir, readError, pathFor, removeDir, SAVE_JSON, utf16 } from './report-files.js'

beforeAll(makeDir)
afterAll(removeDir)

const NO_SPREADSHEET = 'Do not open and save the report in a spreadsheet program'

describe('readReportFile: a CSV a spreadsheet program saved', () => {
  it('says a semicolon-separated file came from a spreadsheet, without quoting its rows', async () => {
    const e = await readError('semicolons.csv', CSV.replace(/,/g, ';'))
    expect(e).toBeInstanceOf(ReportFormatError)
    expect(e.message).toContain(
      'it separates fields with semicolons where a credential report uses commas'
    )
    expect(e.message).toContain(NO_SPREADSHEET)
    expect(e.message).not.toContain('arn:aws:iam')
  })

  it('says a tab-separated file came from a spreadsheet', async () => {
    const e = await readError('tabs.txt', CSV.replace(/,/g, '\t'))
    expect(e.message).toContain('it separates fields with tabs')
    expect(e.message).toContain('"Text (Tab delimited)"')
  })

  it.each([
    {
      label: 'little-endian with a BOM',
      bytes: utf16(CSV.replace(/,/g, '\t')),
      mark: 'byte order mark FF FE'
    },
    { label: 'big-endian with a BOM', bytes: utf16(CSV, 'be'), mark: 'byte order mark FE FF' },
    {
      label: 'little-endian without a BOM',
      bytes: utf16(CSV, 'le', false),
      mark: 'no byte order mark'
    }
  ])('says a UTF-16 CSV ($label) is a spreadsheet save', async ({ bytes, mark }) => {
    const e = await readError('unicode.txt', bytes)
    expect(e.message).toContain(
      `it is UTF-16 (${mark}) text, as a spreadsheet program's "Unicode Text" save writes a CSV`
    )
    expect(e.message).toContain(NO_SPREADSHEET)
  })

  it('says a CSV in a legacy encoding is not UTF-8 and names the line', async () => {
    const e = await readError('latin1.csv', Buffer.from(CSV.replace(/zoe/g, 'zoë'), 'latin1'))
    expect(e.message).toContain('it is not UTF-8 text: line 4 has bytes that are not valid UTF-8')
    expect(e.message).toContain('Windows-1252')
  })

  it('names the line and column of a date a spreadsheet rewrote', async () => {
    const csv = reportCsv([rootRow(), userRow('alice', { password_last_used: '11/30/2026 10:02' })])
    const e = await readError('excel.csv', csv)
    expect(e.message).toContain(
      'Input `credential-report` (reports/excel.csv): line 3, column password_last_used holds ' +
        '"11/30/2026 10:02" where an ISO 8601 time such as 2026-11-30T19:08:10+00:00 was expected. ' +
        'A spreadsheet program re-saved this file and rewrote its dates'
    )
  })

  it('names every column missing from the header', async () => {
    const columns = HEADER.filter(c => c !== 'mfa_active' && c !== 'password_enabled')
    const keep = (line: string): string =>
      line
        .split(',')
        .filter((_, k) => columns.includes(HEADER[k] as (typeof columns)[number]))
        .join(',')
    const csv = CSV.trimEnd().split('\n').map(keep).join('\n')
    const e = await readError('trimmed.csv', csv)
    expect(e.message).toContain('its header lacks the columns password_enabled, mfa_active')
  })
})

describe('readReportFile: a file that is something else', () => {
  it.each([
    {
      name: 'page.html',
      text: '<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>',
      says: 'it is an HTML page (it begins "<!DOCTYPE…")'
    },
    {
      name: 'api.xml',
      text: '<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
      says: 'the XML response of the IAM API'
    },
    {
      name: 'config.yml',
      text: 'credential-report: reports/report.json\nfail-on: any\n',
      says: 'it looks like YAML (it begins "credential-report…")'
    },
    {
      name: 'notes.txt',
      text: 'ab cd '.repeat(100),
      says: 'it is not a credential report: a report starts with the header user,arn,user_creation_time,password_enabled,... but this file begins "ab…"'
    },
    {
      name: 'env',
      text: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      says: 'but this file begins "AWS_SECRET_ACCESS_KEY…"'
    }
  ])('says what $name is', async ({ name, text, says }) => {
    const e = await readError(name, text)
    expect(e.message).toContain(says)
    expect(e.message).not.toContain('ab cd '.repeat(7))
    // A file named by mistake never shows its values: only the name of its first setting.
    expect(e.message).not.toContain('wJalrXUtnFEMI')
  })

  it.each([
    {
      name: 'report.xlsx',
      bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]),
      says: 'a spreadsheet workbook (.xlsx)'
    },
    {
      name: 'report.csv.gz',
      bytes: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]),
      says: 'gzip-compressed data'
    },
    {
      name: 'report.bin',
      bytes: Buffer.from([1, 2, 0, 0, 0, 4, 9, 9, 9, 0, 7]),
      says: 'binary data'
    }
  ])('says what the binary file $name is', async ({ name, bytes, says }) => {
    expect((await readError(name, bytes)).message).toContain(says)
  })
})

describe('readReportFile: a path that cannot be read', () => {
  it('names the input, its value and where it looked, with an example and the commands', async () => {
    const path = pathFor('missing.json')
    const e = await readReportFile(path, 'reports/missing.json').then(
      () => new Error('expected a rejection'),
      (error: unknown) => error as Error
    )
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain(
      `Input \`credential-report\` (reports/missing.json): there is no such file (ENOENT, looked for ${path}).`
    )
    expect(e.message).toContain('e.g. `credential-report: reports/credential-report.json`')
    expect(e.message).toContain(SAVE_JSON)
  })
})
