import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../src/config/input-error.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { readReportFile } from '../../src/report/read-report-file.js'
import { ReportFormatError } from '../../src/report/report-error.js'

const CSV = [
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  '<root_account>,arn:aws:iam::111122223333:root,2019-03-04T09:12:44+00:00,not_supported,2026-10-02T17:40:11+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  '"frank,finance","arn:aws:iam::111122223333:user/frank,finance",2020-07-07T07:07:07+00:00,true,2026-11-27T13:00:00+00:00,2026-01-07T07:07:07+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  'zoe,arn:aws:iam::111122223333:user/zoe,2020-07-07T07:07:07+00:00,true,2026-11-27T13:00:00+00:00,2026-01-07T07:07:07+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  ''
].join('\n')

let dir = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'posturio-read-report-'))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

function write(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content, 'utf8')
  return path
}

function cliJson(fields: Record<string, unknown>, indent = 4): string {
  return `${JSON.stringify(fields, null, indent)}\n`
}

async function rejection(path: string): Promise<Error> {
  try {
    await readReportFile(path)
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    return error as Error
  }
  throw new Error('expected readReportFile to reject')
}

describe('readReportFile', () => {
  it('reads a decoded CSV file as it is, with no generation time', async () => {
    const saved = await readReportFile(write('report.csv', CSV))
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt).toBeUndefined()
    expect(parseCredentialReport(saved.text).map(r => r.user)).toEqual([
      '<root_account>',
      'frank,finance',
      'zoe'
    ])
  })

  it('reads the JSON the CLI prints: decodes Content and returns GeneratedTime', async () => {
    const path = write(
      'report.json',
      cliJson({
        Content: Buffer.from(CSV, 'utf8').toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: '2026-11-30T19:08:10+00:00'
      })
    )
    const saved = await readReportFile(path)
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt).toEqual(new Date('2026-11-30T19:08:10Z'))
    expect(parseCredentialReport(saved.text)).toHaveLength(3)
  })

  it('recognises the JSON form after leading whitespace', async () => {
    const path = write(
      'indented.json',
      `\n   ${cliJson({ Content: Buffer.from(CSV).toString('base64'), GeneratedTime: '2026-11-30T19:08:10Z' })}`
    )
    const saved = await readReportFile(path)
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt?.toISOString()).toBe('2026-11-30T19:08:10.000Z')
  })

  it.each([
    { label: 'missing', fields: {} },
    { label: 'not a time', fields: { GeneratedTime: 'last tuesday' } },
    { label: 'not a string', fields: { GeneratedTime: 1_764_529_690 } }
  ])('returns no generation time when GeneratedTime is $label', async ({ fields }) => {
    const path = write(
      `no-time-${Object.keys(fields).length}-${String(Object.values(fields)[0])}.json`,
      cliJson({ Content: Buffer.from(CSV).toString('base64'), ...fields })
    )
    const saved = await readReportFile(path)
    expect(saved.text).toBe(CSV)
    expect(saved.generatedAt).toBeUndefined()
  })

  it('rejects a missing file with an InputError naming `credential-report` and the path', async () => {
    const path = join(dir, 'does-not-exist.csv')
    const error = await rejection(path)
    expect(error).toBeInstanceOf(InputError)
    expect(error.name).toBe('InputError')
    expect(error.message).toContain('`credential-report`')
    expect(error.message).toContain(path)
    expect(error.message).toContain('ENOENT')
    expect(error.message).toMatch(/e\.g\. `credential-report: /)
  })

  it('rejects a directory with an InputError', async () => {
    const error = await rejection(dir)
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain('`credential-report`')
  })

  it.each([
    { label: 'no Content', fields: { GeneratedTime: '2026-11-30T19:08:10+00:00' } },
    { label: 'a numeric Content', fields: { Content: 42 } },
    { label: 'a null Content', fields: { Content: null } }
  ])('rejects JSON with $label as a ReportFormatError', async ({ label, fields }) => {
    const path = write(`bad-${label.replace(/\W+/g, '-')}.json`, cliJson(fields))
    const error = await rejection(path)
    expect(error).toBeInstanceOf(ReportFormatError)
    expect(error.message).toContain('"Content"')
    expect(error.message).toContain(path)
  })

  it('rejects JSON that does not parse as a ReportFormatError naming the file', async () => {
    const path = write('broken.json', '{ "Content": "abc", ')
    const error = await rejection(path)
    expect(error).toBeInstanceOf(ReportFormatError)
    expect(error.message).toContain(path)
    expect(error.message).toMatch(/does not parse/)
  })
})
