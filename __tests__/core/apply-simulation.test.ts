// The simulation's word on a policy finding (pure): proofs decide, the analysis stands otherwise.
import { describe, expect, it } from '@jest/globals'
import { applySimulation } from '../../src/core/apply-simulation.js'
import type { EnforcementFact, Finding } from '../../src/core/types.js'
import type { SimulationOutcome } from '../../src/policy/simulation.js'
import { md } from '../../src/text/markdown.js'

const NOW = new Date('2026-12-01T00:00:00Z')
const fact = (over: Partial<EnforcementFact>): EnforcementFact => ({
  status: 'not-enforced',
  actions: ['iam:CreateUser'],
  by: [],
  how: undefined,
  unenforced: ['iam:CreateUser'],
  grantedBy: ['AdministratorAccess (via group ops)'],
  missesAccessKeys: false,
  why: undefined,
  groups: ['ops'],
  ...over
})
function finding(verdict: Finding['verdict'], enforcement: EnforcementFact): Finding {
  return {
    account: '123456789012',
    user: 'ops-admin',
    arn: 'arn:aws:iam::123456789012:user/ops-admin',
    isRoot: false,
    verdict,
    severity: verdict === 'fail' ? 'medium' : undefined,
    rule: 'iam.privileged_actions_without_mfa_condition',
    reason: md`analysis`,
    createdAt: undefined,
    password: undefined,
    remediation: verdict === 'fail' ? 'enforce-mfa-policy' : undefined,
    exemption: undefined,
    lapsedExemption: undefined,
    graceEndsAt: undefined,
    privilegedVia: md`group ops: attached policy AdministratorAccess`,
    enforcement
  }
}
const row = (withoutMfa: 'allowed' | 'explicitDeny') => ({
  action: 'iam:CreateUser',
  withoutMfa,
  withMfa: 'allowed' as const
})
const ENFORCED: SimulationOutcome = { kind: 'proved-enforced', rows: [row('explicitDeny')] }
const OPEN: SimulationOutcome = {
  kind: 'proved-not-enforced',
  rows: [row('allowed')],
  allowedWithoutMfa: ['iam:CreateUser']
}
const DENIED: SimulationOutcome = {
  kind: 'not-proved',
  why: 'AWS denied iam:SimulatePrincipalPolicy',
  missingPermission: 'iam:SimulatePrincipalPolicy'
}
const ctx = { activeAccessKeys: 0, exemptions: [], now: NOW }

describe('applySimulation', () => {
  it('passes a user the analysis failed when the simulation proves enforcement, keeping both sides', () => {
    const out = applySimulation(finding('fail', fact({})), ENFORCED, ctx)
    expect(out.verdict).toBe('pass')
    expect(out.reason.plain).toContain("enforcement proved by IAM's simulation")
    expect(out.simulation?.reconciled.disagreement).toContain('the simulation decides')
  })

  it('fails a user the analysis passed when the simulation proves an action open without MFA', () => {
    const passing = finding(
      'pass',
      fact({ status: 'enforced', by: ['RequireMFA'], unenforced: [] })
    )
    const out = applySimulation(passing, OPEN, ctx)
    expect(out).toMatchObject({
      verdict: 'fail',
      severity: 'medium',
      remediation: 'enforce-mfa-policy'
    })
    expect(out.reason.plain).toContain('iam:CreateUser is allowed without MFA')
  })

  it('keeps the analysis verdict when the simulation proved nothing (a denied simulation is no pass)', () => {
    const failing = applySimulation(
      finding('fail', fact({ status: 'undecided', why: 'x' })),
      DENIED,
      ctx
    )
    expect(failing.verdict).toBe('fail')
    expect(failing.simulation?.outcome.kind).toBe('not-proved')
    expect(failing.reason.plain).toBe('analysis')
  })

  it('keeps a Bool deny failing for a user with access keys: the simulation does not test absent MFA keys', () => {
    const bool = fact({
      status: 'enforced',
      by: ['BoolDeny'],
      unenforced: [],
      missesAccessKeys: true
    })
    const out = applySimulation(finding('fail', bool), ENFORCED, { ...ctx, activeAccessKeys: 1 })
    expect(out.verdict).toBe('fail')
    expect(out.simulation?.outcome.kind).toBe('proved-enforced')
  })

  it('does not pass a user with access keys on the simulation alone: it sets no absent MFA key', () => {
    const out = applySimulation(finding('fail', fact({})), ENFORCED, {
      ...ctx,
      activeAccessKeys: 2
    })
    expect(out.verdict).toBe('fail')
    expect(out.reason.plain).toContain(
      "cannot show that for requests signed with the user's 2 active access keys"
    )
  })

  it('exempts a user in exempt-users even when the simulation proves it open', () => {
    const exemption = {
      pattern: 'ops-admin',
      until: undefined,
      reason: 'break-glass',
      source: 'exempt-users line 1'
    }
    const passing = finding('pass', fact({ status: 'enforced', by: ['RequireMFA'] }))
    const out = applySimulation(passing, OPEN, { ...ctx, exemptions: [exemption] })
    expect(out.verdict).toBe('exempt')
  })
})
