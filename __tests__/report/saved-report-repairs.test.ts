import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { readReportFile } from '../../src/report/read-report-file.js'
import { base64, cliJson, CSV, makeDir, removeDir, utf16, write } from './report-files.js'

beforeAll(makeDir)
afterAll(removeDir)

const USERS = ['<root_account>', 'alice', 'zoe']

describe('readReportFile: harmless differences are read as they are', () => {
  it('reads the CSV the AWS CLI decodes, and returns its rows', async () => {
    const saved = await readReportFile(write('plain.csv', CSV))
    expect(saved.text).toBe(CSV)
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
    expect(saved.rows).toEqual(parseCredentialReport(CSV))
  })

  it('reads a CSV with a UTF-8 byte order mark', async () => {
    const saved = await readReportFile(write('bom.csv', `\uFEFF${CSV}`))
    expect(saved.text).toBe(CSV)
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('reads a CSV whose every field is quoted', async () => {
    const quoted = CSV.trimEnd()
      .split('\n')
      .map(line =>
        line
          .split(',')
          .map(f => `"${f}"`)
          .join(',')
      )
      .join('\n')
    const saved = await readReportFile(write('quoted.csv', quoted))
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('skips rows of bare commas, as a spreadsheet leaves after the data', async () => {
    const saved = await readReportFile(write('commas.csv', `${CSV},,,,,\n,,\r\n`))
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('reads a CSV with Windows line endings', async () => {
    const saved = await readReportFile(write('crlf.csv', CSV.replace(/\n/g, '\r\n')))
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('reads the CLI JSON with a byte order mark and Windows line endings', async () => {
    const saved = await readReportFile(
      write('bom-crlf.json', `\uFEFF${cliJson().replace(/\n/g, '\r\n')}`)
    )
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt).toEqual(new Date('2026-11-30T19:08:10Z'))
  })

  it.each([
    { label: 'little-endian', order: 'le' },
    { label: 'big-endian', order: 'be' }
  ] as const)(
    "reads the CLI JSON saved as $label UTF-16 by Windows PowerShell's `>`",
    async ({ order }) => {
      const saved = await readReportFile(write(`ps-${order}.json`, utf16(cliJson(), order)))
      expect(saved.text).toBe(CSV)
      expect(saved.rows.map(r => r.user)).toEqual(USERS)
      expect(saved.generatedAt).toEqual(new Date('2026-11-30T19:08:10Z'))
    }
  )
})

describe('readReportFile: the base64 the CLI prints is decoded', () => {
  it('reads the bare base64 of `--query Content --output text` without `base64 --decode`', async () => {
    const saved = await readReportFile(write('content.b64', `${base64(CSV)}\n`))
    expect(saved.text).toBe(CSV)
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
    expect(saved.generatedAt).toBeUndefined()
  })

  it('reads base64 wrapped at 76 columns, as `base64` writes it', async () => {
    const wrapped = base64(CSV).replace(/(.{76})/g, '$1\n')
    expect(wrapped.split('\n').length).toBeGreaterThan(3)
    const saved = await readReportFile(write('wrapped.b64', wrapped))
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('reads the JSON string of `--query Content --output json`', async () => {
    const saved = await readReportFile(write('content.json', `${JSON.stringify(base64(CSV))}\n`))
    expect(saved.text).toBe(CSV)
  })

  it('reads the `--output text` print: Content, GeneratedTime and ReportFormat, tab-separated', async () => {
    const line = `${base64(CSV)}\t2026-11-30T19:08:10+00:00\ttext/csv\n`
    const saved = await readReportFile(write('report.txt', line))
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt).toEqual(new Date('2026-11-30T19:08:10Z'))
    expect(saved.rows.map(r => r.user)).toEqual(USERS)
  })

  it('names the decoded CSV when a row inside the CLI JSON is bad', async () => {
    const bad = CSV.replace('alice,arn', 'alice,arn:aws:iam::123456789012:role/x,arn')
    const path = write('bad-row.json', cliJson(bad))
    await expect(readReportFile(path, 'reports/bad-row.json')).rejects.toThrow(
      'Input `credential-report` (reports/bad-row.json, the CSV decoded from its base64 ' +
        '`Content`): line 3 has 23 fields where the header has 22.'
    )
  })
})
