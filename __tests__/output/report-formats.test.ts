// The report file in each `report-format`: the action's JSON (evidence and standards included), OCSF
// Detection Findings as security lakes load them, and CSV a spreadsheet opens safely.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { csvCell, CSV_COLUMNS, reportCsv } from '../../src/output/report-csv.js'
import { reportDocument, writeReportFile } from '../../src/output/report-file.js'
import { ocsfFindings, OCSF_VERSION } from '../../src/output/report-ocsf.js'
import { VERSION } from '../../src/version.js'
import { evidenceScan, NOW } from '../helpers/evidence-scan.js'
import { detectionFindingProblems } from '../helpers/ocsf-check.js'
import { rootRow, userRow } from '../helpers/report-csv.js'

const A = '111122223333'
const CALLS = [
  { operation: 'iam:GetCredentialReport', calls: 1 },
  { operation: 'sts:GetCallerIdentity', calls: 1 }
]

/** A live account: root without MFA, a failing user, one exempt, one passing, one API-only. */
const RESULT = evidenceScan(
  [
    {
      account: A,
      alias: 'acme-prod',
      live: true,
      rows: [
        rootRow({}, A),
        userRow('alice', {}, A),
        userRow('breakglass', {}, A),
        userRow('bob', { mfa_active: 'true' }, A),
        userRow('ci', { password_enabled: 'false', password_last_used: 'N/A' }, A)
      ],
      checks: { alice: 'confirmed' },
      facts: { awsCalls: CALLS }
    }
  ],
  { exemptUsers: 'breakglass until=2027-01-31 # sealed, "reviewed" quarterly, by security' }
)

interface Detection {
  readonly status_id: number
  readonly status_code: string
  readonly severity_id: number
  readonly time: number
  readonly finding_info: { readonly uid: string; readonly title: string; readonly types: string[] }
  readonly resources: Array<{ readonly type: string; readonly uid: string; readonly name: string }>
  readonly cloud: { readonly provider: string; readonly account: { uid: string; name?: string } }
  readonly metadata: { readonly version: string; readonly product: Record<string, string> }
  readonly remediation?: { readonly desc: string }
  readonly unmapped: {
    readonly compliance: Record<string, string[]>
    readonly evidence?: { readonly aws_calls: unknown }
  }
}

describe('report-format: json', () => {
  it('holds each account evidence and every rule with its standards', () => {
    const doc = JSON.parse(JSON.stringify(reportDocument(RESULT))) as {
      schemaVersion: number
      accountScans: Array<{ evidence: { awsCalls: unknown; root: string } }>
      rules: Array<{ rule: string; standards: Array<{ framework: string; id: string }> }>
    }
    expect(doc.schemaVersion).toBe(1)
    expect(doc.accountScans[0]?.evidence.awsCalls).toEqual(CALLS)
    expect(doc.accountScans[0]?.evidence.root).toBe('GetAccountSummary')
    expect(doc.rules).toHaveLength(7)
    const console = doc.rules.find(r => r.rule === 'iam.users_without_mfa')?.standards ?? []
    expect(console.map(s => `${s.framework} ${s.id}`)).toContain(
      'CIS AWS Foundations Benchmark v7.0.0 2.10'
    )
  })
})

describe('report-format: ocsf', () => {
  const findings = ocsfFindings(RESULT) as Detection[]

  it('writes a Detection Finding for each failing and exempt identity, with every required attribute', () => {
    expect(findings.map(f => f.finding_info.uid)).toEqual([
      `${A}/<root>/iam.root_without_mfa`,
      `${A}/alice/iam.users_without_mfa`,
      `${A}/breakglass/iam.users_without_mfa`
    ])
    for (const f of findings) expect(detectionFindingProblems(f)).toEqual([])
  })

  it('marks failing identities New and exempt ones Suppressed, with the severity of their rule', () => {
    const [root, alice, exempt] = findings
    expect([root?.status_id, root?.status_code, root?.severity_id]).toEqual([1, 'FAIL', 5])
    expect([alice?.status_id, alice?.severity_id]).toEqual([1, 4])
    expect([exempt?.status_id, exempt?.status_code, exempt?.severity_id]).toEqual([3, 'EXEMPT', 4])
  })

  it('names the resource, account, product, time and remediation as OCSF consumers read them', () => {
    const alice = findings[1]
    expect(alice?.resources).toEqual([
      expect.objectContaining({
        type: 'AWS::IAM::User',
        uid: `arn:aws:iam::${A}:user/alice`,
        name: 'alice'
      })
    ])
    expect(findings[0]?.resources[0]?.type).toBe('AWS::::Account')
    expect(alice?.cloud).toEqual({
      provider: 'AWS',
      account: { uid: A, type_id: 10, type: 'AWS Account', name: 'acme-prod' }
    })
    expect(alice?.metadata.version).toBe(OCSF_VERSION)
    expect(alice?.metadata.product).toEqual(
      expect.objectContaining({
        name: 'Posturio IAM MFA check',
        vendor_name: 'Posturio',
        version: VERSION
      })
    )
    expect(alice?.time).toBe(NOW.getTime())
    expect(alice?.finding_info.title).toBe('IAM user can sign in without MFA')
    expect(alice?.remediation?.desc).toMatch(/enroll MFA/)
  })

  it('carries the standards and the account evidence in unmapped, where OCSF keeps what it has no attribute for', () => {
    const alice = findings[1]
    expect(alice?.unmapped.compliance).toEqual(
      expect.objectContaining({
        'CIS AWS Foundations Benchmark v7.0.0': ['2.10'],
        'AWS Security Hub CSPM': ['IAM.5', 'IAM.19'],
        'PCI DSS v4.0': ['8.4.2']
      })
    )
    expect(alice?.unmapped.evidence?.aws_calls).toEqual(CALLS)
  })
})

describe('report-format: csv', () => {
  const text = reportCsv(RESULT)
  const records = parse(text, { relax_column_count: false }) as string[][]

  it('has a header and one record per identity judged, every line ended by CRLF', () => {
    expect(records[0]).toEqual([...CSV_COLUMNS])
    expect(records).toHaveLength(1 + RESULT.evaluation.findings.length)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/)
  })

  it('quotes cells with commas and quotes as RFC 4180 does, so they read back as written', () => {
    const rows = records.slice(1).map(r => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])))
    const exempt = rows.find(r => r['identity'] === 'breakglass')
    expect(exempt?.['exemption']).toBe(
      'exempt-users line 1 until 2027-01-31: sealed, "reviewed" quarterly, by security'
    )
    const alice = rows.find(r => r['identity'] === 'alice')
    expect(alice?.['standards']).toContain('AWS Security Hub CSPM IAM.5, IAM.19')
    expect(alice?.['live_check']).toBe('confirmed')
    expect(alice?.['account_alias']).toBe('acme-prod')
  })

  it('writes a cell a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=HYPERLINK("https://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""https://evil.example"",""x"")"'
    )
    expect(csvCell('+ops')).toBe("'+ops")
    expect(csvCell('-1+2')).toBe("'-1+2")
    expect(csvCell('@admin')).toBe("'@admin")
    expect(csvCell('\tcmd')).toBe("'\tcmd")
    expect(csvCell('alice')).toBe('alice')
    expect(csvCell(undefined)).toBe('')
    const hostile = evidenceScan([
      { account: A, rows: [userRow('=cmd', {}, A), userRow('@ops', {}, A)] }
    ])
    const cells = (parse(reportCsv(hostile)) as string[][]).slice(1).map(r => r[2])
    expect(cells.sort()).toEqual(["'=cmd", "'@ops"])
  })
})

describe('writeReportFile', () => {
  it('names the file after its format', async () => {
    const env = { RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'posturio-formats-')) }
    const json = await writeReportFile(RESULT, env, 'json')
    const ocsf = await writeReportFile(RESULT, env, 'ocsf')
    const csv = await writeReportFile(RESULT, env, 'csv')
    expect([basename(json), basename(ocsf), basename(csv)]).toEqual([
      'posturio-iam-mfa-report.json',
      'posturio-iam-mfa-report.ocsf.json',
      'posturio-iam-mfa-report.csv'
    ])
    expect(Array.isArray(JSON.parse(readFileSync(ocsf, 'utf8')))).toBe(true)
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe(CSV_COLUMNS.join(','))
  })
})
