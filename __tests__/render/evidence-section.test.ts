// The folded "Evidence for reviewers" of the job summary, rendered as GitHub renders it and read as
// a reviewer reads it: per account, how the verdicts were reached, then the standards.
import { describe, expect, it } from '@jest/globals'
import { renderMarkdown } from '../../scripts/lib/render-markdown.mjs'
import { renderSummary } from '../../src/render/summary.js'
import { MAX_EVIDENCE_ACCOUNTS } from '../../src/render/evidence-section.js'
import { evidenceScan, type AccountRun } from '../helpers/evidence-scan.js'
import { expectReadable, HOSTILE, seen } from '../helpers/readable.js'
import { rootRow, userRow } from '../helpers/report-csv.js'

const A = '111122223333'
const B = '444455556666'
const CALLS = [
  { operation: 'iam:ListMFADevices', calls: 2 },
  { operation: 'iam:GenerateCredentialReport', calls: 1 },
  { operation: 'iam:GetCredentialReport', calls: 1 },
  { operation: 'sts:GetCallerIdentity', calls: 1 }
]

const live = (account: string, extra: Partial<AccountRun> = {}): AccountRun => ({
  account,
  live: true,
  generatedAt: new Date('2026-11-30T09:30:00Z'),
  rows: [
    rootRow({ mfa_active: 'true' }, account),
    userRow('alice', {}, account),
    userRow('bob', {}, account)
  ],
  checks: { alice: 'confirmed', bob: 'fixed' },
  facts: { awsCalls: CALLS },
  ...extra
})

/** The section as a reader sees it, from its title on. */
function evidenceText(markdown: string): string {
  const text = seen(markdown)
  const at = text.indexOf('Evidence for reviewers')
  expect(at).toBeGreaterThan(-1)
  return text.slice(at)
}

describe('Evidence for reviewers', () => {
  it('is folded at the end of a single-account summary', () => {
    const summary = renderSummary(evidenceScan([live(A)]), { runUrl: undefined })
    const { html } = renderMarkdown(summary)
    expect(html).toMatch(/<details><summary>Evidence for reviewers<\/summary>/)
    expect(summary.trimEnd().endsWith('</details>')).toBe(true)
    expectReadable(summary, [])
  })

  it('says how one live account was judged, in a few lines', () => {
    const text = evidenceText(renderSummary(evidenceScan([live(A)]), { runUrl: undefined }))
    const lines = text.split('\n').filter(l => l.trim() !== '')
    expect(lines.slice(1, 5)).toEqual([
      'Credential report: AWS GetCredentialReport, generated 2026-11-30 09:30 UTC, 3 identities.',
      'Root: judged with GetAccountSummary (password, access keys, MFA).',
      'Live re-verification: on: 2 users checked (ListMFADevices, GetLoginProfile), 1 fixed, 1 still failing, 0 not re-verified.',
      'AWS calls: 5: iam:ListMFADevices 2, iam:GenerateCredentialReport 1, iam:GetCredentialReport 1, sts:GetCallerIdentity 1.'
    ])
    expect(text).toContain(
      'iam.users_without_mfa: CIS AWS Foundations Benchmark v7.0.0 2.10 · AWS Security Hub CSPM IAM.5, IAM.19 · NIST SP 800-53 Rev. 5 IA-2(1), IA-2(2) · PCI DSS v4.0 8.4.2 · ISO/IEC 27001:2022 A.8.5 · SOC 2 (2017 Trust Services Criteria) CC6.1'
    )
    expect(text).toContain('iam.root_without_mfa: CIS AWS Foundations Benchmark v7.0.0 2.5')
  })

  it('states a saved report and no AWS call offline', () => {
    const text = evidenceText(
      renderSummary(
        evidenceScan([{ account: A, rows: [rootRow({}, A), userRow('alice', {}, A)] }]),
        {
          runUrl: undefined
        }
      )
    )
    expect(text).toContain(
      'Credential report: file reports/credential-report.json, generated 2026-11-30 11:00 UTC, 2 identities.'
    )
    expect(text).toContain("Root: judged from the report's MFA column")
    expect(text).toContain('Live re-verification: not possible with a saved report.')
    expect(text).toContain('AWS calls: none (a saved report).')
  })

  it('shows policy analysis and simulation when they ran, data as words', () => {
    const facts = {
      awsCalls: CALLS,
      policyAnalysis: { users: 2, strategy: HOSTILE.tag },
      simulation: { users: 1, calls: 2, actions: ['iam:CreateUser', 'iam:PutUserPolicy'] }
    }
    const summary = renderSummary(evidenceScan([live(A, { facts })]), { runUrl: undefined })
    const text = evidenceText(summary)
    expect(text).toContain(`Policy analysis: 2 users (${HOSTILE.tag}).`)
    expect(text).toContain('Simulation: 1 user, 2 calls: iam:CreateUser, iam:PutUserPolicy.')
    expectReadable(summary, [HOSTILE.tag])
  })

  it('names each account of several, with its alias, and leaves out one not scanned', () => {
    const result = evidenceScan([
      live(A, { alias: 'acme-prod' }),
      live(B, { facts: { awsCalls: [{ operation: 'iam:GetCredentialReport', calls: 1 }] } }),
      { account: '777788889999', rows: [], failed: 'AccessDenied on sts:AssumeRole' }
    ])
    const summary = renderSummary(result, { runUrl: undefined })
    const text = evidenceText(summary)
    expect(text).toContain(`Account acme-prod (${A})`)
    expect(text).toContain(`Account ${B}`)
    expect(text).not.toContain('Account 777788889999')
    expect(text).toContain('AWS calls: 1: iam:GetCredentialReport 1.')
    expectReadable(summary, [])
  })

  it(`shows at most ${MAX_EVIDENCE_ACCOUNTS} accounts and points to the report file for the rest`, () => {
    const accounts = Array.from({ length: MAX_EVIDENCE_ACCOUNTS + 3 }, (_, i) =>
      live(String(100000000000 + i))
    )
    const text = evidenceText(renderSummary(evidenceScan(accounts), { runUrl: undefined }))
    expect(text.match(/Credential report: AWS/g)).toHaveLength(MAX_EVIDENCE_ACCOUNTS)
    expect(text).toContain('…and 3 more accounts: the report file has the evidence of each.')
  })
})
