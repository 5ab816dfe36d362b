// How each account's verdicts were reached, as the report file and the summary state it: built by
// the same merge a run makes, from the account's report, live checks and the calls it counted.
import { describe, expect, it } from '@jest/globals'
import { totalCalls, type AccountEvidence } from '../../src/evidence/account-evidence.js'
import { evidenceScan } from '../helpers/evidence-scan.js'
import { rootRow, userRow } from '../helpers/report-csv.js'

const A = '111122223333'
const B = '444455556666'
const GENERATED = new Date('2026-11-30T09:30:00Z')

const CALLS = [
  { operation: 'iam:GetCredentialReport', calls: 1 },
  { operation: 'iam:ListMFADevices', calls: 3 },
  { operation: 'sts:GetCallerIdentity', calls: 1 }
]

function evidenceOf(result: ReturnType<typeof evidenceScan>, id: string): AccountEvidence {
  const e = result.accountScans.find(a => a.id === id)?.evidence
  if (!e) throw new Error(`no evidence for ${id}`)
  return e
}

describe('account evidence', () => {
  it('states a live account: the report AWS generated, root from GetAccountSummary, each live check and the calls', () => {
    const result = evidenceScan([
      {
        account: A,
        live: true,
        generatedAt: GENERATED,
        rows: [
          rootRow({ mfa_active: 'true' }, A),
          userRow('fixed-since', {}, A),
          userRow('still-failing', {}, A),
          userRow('unreachable', {}, A),
          userRow('has-mfa', { mfa_active: 'true' }, A)
        ],
        checks: {
          'fixed-since': 'fixed',
          'still-failing': 'confirmed',
          unreachable: 'not-reverified'
        },
        facts: { awsCalls: CALLS }
      }
    ])
    const e = evidenceOf(result, A)
    expect(e).toEqual({
      credentialReport: {
        source: 'aws',
        origin: 'GetCredentialReport',
        generatedAt: '2026-11-30T09:30:00.000Z',
        identities: 5
      },
      root: 'GetAccountSummary',
      liveVerification: { status: 'on', users: 3, fixed: 1, confirmed: 1, notReverified: 1 },
      awsCalls: CALLS
    })
    expect(totalCalls(e)).toBe(5)
  })

  it('states a saved report: the file, root from the report alone, no live check, no AWS call', () => {
    const e = evidenceOf(
      evidenceScan([{ account: A, rows: [rootRow({}, A), userRow('alice', {}, A)] }]),
      A
    )
    expect(e.credentialReport).toEqual({
      source: 'file',
      origin: 'reports/credential-report.json',
      generatedAt: '2026-11-30T11:00:00.000Z',
      identities: 2
    })
    expect(e.root).toBe('credential report')
    expect(e.liveVerification.status).toBe('offline')
    expect(e.awsCalls).toEqual([])
  })

  it('says live re-verification was off when verify-live is false', () => {
    const e = evidenceOf(
      evidenceScan([{ account: A, live: true, rows: [userRow('alice', {}, A)] }], {
        verifyLive: false
      }),
      A
    )
    expect(e.liveVerification).toEqual({
      status: 'off',
      users: 0,
      fixed: 0,
      confirmed: 0,
      notReverified: 0
    })
  })

  it('carries policy analysis and simulation only when they ran', () => {
    const facts = {
      awsCalls: CALLS,
      policyAnalysis: { users: 2, strategy: 'GetAccountAuthorizationDetails' },
      simulation: { users: 1, calls: 2, actions: ['iam:CreateUser', 'iam:PutUserPolicy'] }
    }
    const withThem = evidenceOf(
      evidenceScan([{ account: A, live: true, rows: [userRow('alice', {}, A)], facts }]),
      A
    )
    expect(withThem.policyAnalysis).toEqual(facts.policyAnalysis)
    expect(withThem.simulation).toEqual(facts.simulation)
    const without = evidenceOf(
      evidenceScan([{ account: A, live: true, rows: [userRow('alice', {}, A)] }]),
      A
    )
    expect('policyAnalysis' in without).toBe(false)
    expect('simulation' in without).toBe(false)
  })

  it('keeps each account of several to its own report, checks and calls; one not scanned has none', () => {
    const result = evidenceScan([
      {
        account: A,
        live: true,
        rows: [rootRow({}, A), userRow('alice', {}, A)],
        checks: { alice: 'confirmed' },
        facts: { awsCalls: CALLS }
      },
      {
        account: B,
        live: true,
        rows: [rootRow({}, B)],
        facts: { awsCalls: [{ operation: 'iam:GetCredentialReport', calls: 1 }] }
      },
      { account: '777788889999', rows: [], failed: 'AccessDenied on sts:AssumeRole' }
    ])
    expect(evidenceOf(result, A).liveVerification.users).toBe(1)
    expect(evidenceOf(result, A).credentialReport.identities).toBe(2)
    expect(evidenceOf(result, B).liveVerification.users).toBe(0)
    expect(totalCalls(evidenceOf(result, B))).toBe(1)
    expect(result.accountScans.find(a => a.id === '777788889999')?.evidence).toBeUndefined()
  })
})
