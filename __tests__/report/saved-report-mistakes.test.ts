import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ReportFormatError } from '../../src/report/report-error.js'
import { base64, cliJson, CSV, makeDir, readError, removeDir } from './report-files.js'

beforeAll(makeDir)
afterAll(removeDir)

describe('readReportFile: a file with no report in it', () => {
  it('says an empty file is empty, and why that happens', async () => {
    const e = await readError('empty.csv', '')
    expect(e).toBeInstanceOf(ReportFormatError)
    expect(e.message).toContain('the file is empty (0 bytes)')
    expect(e.message).toContain('ReportNotPresent')
  })

  it('says a file of blank lines holds only whitespace', async () => {
    const e = await readError('blank.csv', '\n   \n\t\n')
    expect(e.message).toContain('the file holds only whitespace (7 bytes)')
  })

  it('recognises an AWS CLI error saved in place of the report', async () => {
    const text =
      '\nAn error occurred (ReportNotPresent) when calling the GetCredentialReport operation: ' +
      'Credential report not present.\n'
    const e = await readError('error.json', text)
    expect(e.message).toContain('an AWS CLI error (ReportNotPresent from GetCredentialReport)')
  })

  it('says what permissions an access-denied CLI error needs', async () => {
    const text =
      'An error occurred (AccessDenied) when calling the GenerateCredentialReport operation: no'
    const e = await readError('denied.txt', text)
    expect(e.message).toContain('`iam:GenerateCredentialReport` and `iam:GetCredentialReport`')
  })
})

describe('readReportFile: the CLI JSON gone wrong', () => {
  it('says the JSON was cut off when it ends early', async () => {
    const json = cliJson()
    const e = await readError('cut.json', json.slice(0, json.length / 2))
    expect(e.message).toContain('it begins like JSON but does not parse')
    expect(e.message).toContain(
      'does not parse: it stops in the middle, as a file that was cut off does.'
    )
  })

  it('names the line of a JSON syntax error without quoting the file', async () => {
    const e = await readError('edited.json', cliJson().replace('",\n', '"\n'))
    expect(e.message).toContain(
      'does not parse: it has a syntax error on line 3, as an edit by hand can leave.'
    )
    expect(e.message).not.toContain(base64(CSV).slice(0, 41))
  })

  it('recognises the output of generate-credential-report', async () => {
    const text = JSON.stringify({ State: 'COMPLETE', Description: 'Report generated' }, null, 4)
    const e = await readError('generate.json', text)
    expect(e.message).toContain(
      'the output of `aws iam generate-credential-report` (State COMPLETE)'
    )
  })

  it('lists the keys of JSON without "Content"', async () => {
    const e = await readError('users.json', JSON.stringify({ Users: [], IsTruncated: false }))
    expect(e.message).toContain('JSON without a "Content" string (its keys: Users, IsTruncated)')
  })

  it('says a JSON array is not what the CLI prints', async () => {
    const e = await readError('array.json', '[{"user": "alice"}]')
    expect(e.message).toContain('it is JSON, but an array rather than the object')
  })

  it('says a "Content" holding the CSV itself is not base64, with a short excerpt', async () => {
    const json = JSON.stringify({ Content: CSV, GeneratedTime: '2026-11-30T19:08:10+00:00' })
    const e = await readError('pasted.json', json)
    expect(e.message).toContain('its "Content" is not base64 text (it begins "user…")')
  })

  it.each([
    {
      label: 'an HTML page',
      content: base64('<html><body>Sign in</body></html>'),
      what: 'text that begins "<html><body>Sign…"'
    },
    {
      label: 'binary data',
      content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]).toString('base64'),
      what: 'binary data'
    }
  ])(
    'says a "Content" that decodes to $label is not a credential report',
    async ({ content, what }) => {
      const e = await readError('other.json', JSON.stringify({ Content: content }))
      expect(e.message).toContain(`its "Content" decodes to ${what}, not a credential report.`)
    }
  )

  it('says bare base64 that is not a report decodes to something else', async () => {
    const e = await readError('notes.b64', base64('hello, this is not a report\n'))
    expect(e.message).toContain(
      'as `--query Content --output text` prints, but it decodes to text that begins "hello'
    )
  })

  it('explains the `--output yaml` and `--output table` prints', async () => {
    const yaml = `Content: ${base64(CSV)}\nGeneratedTime: '2026-11-30T19:08:10+00:00'\nReportFormat: text/csv\n`
    expect((await readError('report.yaml', yaml)).message).toContain('the `--output yaml` print')
    const table = `-----------------------\n|GetCredentialReport|\n+---------+\n|  Content | ${base64(CSV).slice(0, 30)} |\n`
    expect((await readError('report.table', table)).message).toContain('the `--output table` print')
  })
})
