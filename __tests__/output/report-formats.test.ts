// The report file in each `report-format`: the action's JSON (evidence and standards included), OCSF
// Detection Findings as security lakes load them, and CSV a spreadsheet opens safely.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { applySimulation } from '../../src/core/apply-simulation.js'
import { compareFindings } from '../../src/core/evaluate.js'
import { policyFindings, POLICY_RULE } from '../../src/core/policy-findings.js'
import type { UserAuthz } from '../../src/core/privilege.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { Finding } from '../../src/core/types.js'
import { csvCell, CSV_COLUMNS, reportCsv } from '../../src/output/report-csv.js'
import { reportDocument, writeReportFile } from '../../src/output/report-file.js'
import { ocsfFindings, OCSF_VERSION } from '../../src/output/report-ocsf.js'
import { enforceMfaDocument } from '../../src/policy/enforce-mfa-policy.js'
import { DEFAULT_PRIVILEGED_ACTIONS } from '../../src/policy/privileged-actions.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { VERSION } from '../../src/version.js'
import { evidenceScan, NOW } from '../helpers/evidence-scan.js'
import { detectionFindingProblems } from '../helpers/ocsf-check.js'
import { reportCsv as credentialReportCsv, rootRow, userRow } from '../helpers/report-csv.js'

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

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const REQUIRE_MFA = `arn:aws:iam::${A}:policy/RequireMFA`
const DOCUMENTS = new Map<string, unknown>([
  [ADMIN, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  [REQUIRE_MFA, enforceMfaDocument()]
])
const SIMULATED = ['iam:CreateUser']

/**
 * A live account whose policies were read: alice (no MFA) in group ops with AdministratorAccess,
 * guarded in group admins with RequireMFA too, and sim-admin in ops, simulated by IAM.
 */
function policyScan(): ScanResult {
  const fields = [
    rootRow({ mfa_active: 'true' }, A),
    userRow('alice', {}, A),
    userRow('guarded', { mfa_active: 'true' }, A),
    userRow('sim-admin', { mfa_active: 'true' }, A)
  ]
  const base = evidenceScan([
    {
      account: A,
      live: true,
      rows: fields,
      facts: {
        awsCalls: CALLS,
        policyAnalysis: { users: 3, strategy: 'GetAccountAuthorizationDetails' },
        simulation: { users: 3, calls: 6, actions: SIMULATED }
      }
    }
  ])
  const managed = (arn: string) => ({ name: arn.split('/').pop() ?? arn, arn })
  const inGroup = (user: string, group: string, arns: string[]): UserAuthz => ({
    user,
    tags: {},
    attached: [],
    inline: [],
    groups: [{ name: group, attached: arns.map(managed), inline: [] }]
  })
  const authz = new Map(
    [
      inGroup('alice', 'ops', [ADMIN]),
      inGroup('guarded', 'admins', [ADMIN, REQUIRE_MFA]),
      inGroup('sim-admin', 'ops', [ADMIN])
    ].map(u => [u.user, u])
  )
  const rows = parseCredentialReport(credentialReportCsv(fields))
  const judged = policyFindings(
    rows,
    authz,
    DOCUMENTS,
    { actions: DEFAULT_PRIVILEGED_ACTIONS, exemptions: [] },
    NOW
  ).map(f =>
    f.user === 'sim-admin'
      ? applySimulation(
          f,
          {
            kind: 'proved-not-enforced',
            rows: [{ action: 'iam:CreateUser', withoutMfa: 'allowed', withMfa: 'allowed' }],
            allowedWithoutMfa: SIMULATED
          },
          { activeAccessKeys: 0, exemptions: [], now: NOW }
        )
      : f
  )
  const facts = new Map(judged.map(f => [f.user, f.enforcement]))
  const findings = base.evaluation.findings.map((f): Finding => {
    const fact = f.isRoot ? undefined : facts.get(f.user)
    return fact ? { ...f, enforcement: fact } : f
  })
  return {
    ...base,
    evaluation: {
      ...base.evaluation,
      findings,
      policyFindings: [...judged].sort(compareFindings),
      policyRead: {
        users: 3,
        strategy: 'GetAccountAuthorizationDetails',
        simulation: { users: 3, calls: 6, actions: SIMULATED }
      }
    }
  }
}
const POLICY_RESULT = policyScan()

interface Detection {
  readonly status_id: number
  readonly status_code: string
  readonly severity_id: number
  readonly status_detail: string
  readonly time: number
  readonly finding_info: {
    readonly uid: string
    readonly title: string
    readonly types: string[]
    readonly data_sources: string[]
  }
  readonly resources: Array<{ readonly type: string; readonly uid: string; readonly name: string }>
  readonly cloud: { readonly provider: string; readonly account: { uid: string; name?: string } }
  readonly metadata: { readonly version: string; readonly product: Record<string, string> }
  readonly remediation?: { readonly desc: string }
  readonly unmapped: {
    readonly compliance: Record<string, string[]>
    readonly evidence?: Record<string, unknown> & { readonly aws_calls: unknown }
    readonly mfa_by_policy?: Record<string, unknown>
    readonly simulation?: Record<string, unknown>
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
    expect(alice?.finding_info.data_sources).toEqual([
      'AWS IAM credential report',
      'AWS IAM (live re-verification)'
    ])
  })
})

describe('report-format: ocsf, with the policies read live', () => {
  const findings = ocsfFindings(POLICY_RESULT) as Detection[]
  const uid = (user: string, rule: string): string => `${A}/${user}/${rule}`
  const find = (user: string, rule = POLICY_RULE): Detection | undefined =>
    findings.find(f => f.finding_info.uid === uid(user, rule))

  it('writes the failing policy findings too, most severe first, each a valid Detection Finding', () => {
    expect(findings.map(f => f.finding_info.uid)).toEqual([
      uid('alice', 'iam.users_without_mfa'),
      uid('alice', POLICY_RULE),
      uid('sim-admin', POLICY_RULE)
    ])
    for (const f of findings) expect(detectionFindingProblems(f)).toEqual([])
    expect([find('alice')?.status_id, find('alice')?.severity_id]).toEqual([1, 3])
  })

  it('says a policy finding rests on the policies read live at the scan, not on the credential report', () => {
    const alice = find('alice')
    expect(alice?.status_detail).toBe(`As of the policies read live at ${NOW.toISOString()}.`)
    expect(alice?.time).toBe(NOW.getTime())
    expect(alice?.finding_info.data_sources).toEqual(['AWS IAM identity policies (read live)'])
    expect(alice?.unmapped.evidence).toEqual({
      basis: 'identity policies read live',
      policies_read_at: NOW.toISOString(),
      policy_analysis: { users: 3, strategy: 'GetAccountAuthorizationDetails' },
      simulation: { users: 3, calls: 6, actions: SIMULATED },
      aws_calls: CALLS
    })
    expect(find('sim-admin')?.status_detail).toBe(
      `As of IAM's simulation and the policies read live at ${NOW.toISOString()}.`
    )
    // The sign-in finding still rests on the report.
    const signIn = find('alice', 'iam.users_without_mfa')
    expect(signIn?.finding_info.data_sources).toEqual(['AWS IAM credential report'])
    expect(signIn?.unmapped.evidence?.['credential_report']).toEqual(
      expect.objectContaining({ source: 'aws' })
    )
  })

  it('carries the enforcement fact and the simulation outcome in unmapped', () => {
    expect(find('alice')?.unmapped.mfa_by_policy).toEqual({
      status: 'not-enforced',
      actions: [...DEFAULT_PRIVILEGED_ACTIONS],
      by: [],
      granted_by: ['AdministratorAccess (via group ops)'],
      unenforced: [...DEFAULT_PRIVILEGED_ACTIONS],
      misses_access_keys: false,
      groups: ['ops']
    })
    expect(find('alice')?.unmapped.simulation).toBeUndefined()
    expect(find('sim-admin')?.unmapped.simulation).toEqual({
      outcome: 'proved-not-enforced',
      allowed_without_mfa: SIMULATED,
      decided_by: 'simulation'
    })
    // The console user's sign-in finding says whether policy enforces MFA for it.
    expect(find('alice', 'iam.users_without_mfa')?.unmapped.mfa_by_policy).toEqual(
      expect.objectContaining({ status: 'not-enforced' })
    )
  })

  it('the structural check refuses a policy finding that claims the credential report', () => {
    const alice = find('alice')
    const claimed = { ...alice, status_detail: 'As of the credential report.' }
    expect(detectionFindingProblems(claimed)).toEqual(
      expect.arrayContaining([expect.stringContaining('does not say the policies were read live')])
    )
    const reportEvidence = {
      ...alice,
      unmapped: { ...alice?.unmapped, evidence: { credential_report: {} } }
    }
    expect(detectionFindingProblems(reportEvidence)).toEqual(
      expect.arrayContaining(['unmapped.evidence cites the credential report'])
    )
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

describe('report-format: csv, with the policies read live', () => {
  const records = parse(reportCsv(POLICY_RESULT)) as string[][]
  const rows = records.slice(1).map(r => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])))
  const of = (user: string, rule: string) =>
    rows.find(r => r['identity'] === user && r['rule'] === rule)

  it('has a record for each policy finding as well as each identity', () => {
    const { findings, policyFindings: policy = [] } = POLICY_RESULT.evaluation
    expect(rows).toHaveLength(findings.length + policy.length)
    expect(of('alice', POLICY_RULE)).toEqual(
      expect.objectContaining({ verdict: 'fail', severity: 'medium' })
    )
    expect(of('sim-admin', POLICY_RULE)?.['reason']).toContain("proved by IAM's simulation")
  })

  it('says in mfa_by_policy whether policy enforces MFA, on console users own records too', () => {
    expect(of('guarded', 'iam.users_without_mfa')?.['mfa_by_policy']).toBe(
      'MFA enforced by RequireMFA (via group admins) (denied without MFA)'
    )
    expect(of('guarded', POLICY_RULE)?.['mfa_by_policy']).toBe(
      'MFA enforced by RequireMFA (via group admins) (denied without MFA)'
    )
    expect(of('alice', 'iam.users_without_mfa')?.['mfa_by_policy']).toMatch(
      /^not enforced: .* allowed without MFA by AdministratorAccess \(via group ops\)/
    )
    expect(of('<root_account>', 'iam.root_without_mfa')).toBeUndefined()
    expect(rows.find(r => r['identity'] === 'root')?.['mfa_by_policy']).toBe('')
  })

  it('keeps policy names with commas and quotes, and formula-like names, safe and as written', () => {
    const hostile: ScanResult = {
      ...POLICY_RESULT,
      evaluation: {
        ...POLICY_RESULT.evaluation,
        findings: [],
        policyFindings: (POLICY_RESULT.evaluation.policyFindings ?? [])
          .filter(f => f.user === 'alice')
          .map((f): Finding => ({
            ...f,
            user: '=cmd',
            ...(f.enforcement
              ? {
                  enforcement: {
                    ...f.enforcement,
                    unenforced: ['iam:CreateUser'],
                    grantedBy: ['=Evil,"x" (via group @ops)']
                  }
                }
              : {})
          }))
      }
    }
    const [, record] = parse(reportCsv(hostile)) as string[][]
    const cell = (c: (typeof CSV_COLUMNS)[number]): string | undefined =>
      record?.[CSV_COLUMNS.indexOf(c)]
    expect(cell('identity')).toBe("'=cmd")
    expect(cell('mfa_by_policy')).toBe(
      'not enforced: iam:CreateUser allowed without MFA by =Evil,"x" (via group @ops), and no statement conditions them on MFA'
    )
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
