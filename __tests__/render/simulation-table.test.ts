// The simulation's evidence as GitHub renders it: the verdict, the action table, both sides of a
// disagreement with the policy analysis, and what AWS's simulation weighs.
import { describe, expect, it } from '@jest/globals'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import type { Enforcement } from '../../src/policy/mfa-enforcement.js'
import {
  judgeSimulation,
  reconcile,
  type SimulationOutcome,
  type SimulationRow
} from '../../src/policy/simulation.js'
import { simulationEvidence, simulationVerdict } from '../../src/render/simulation-table.js'
import { expectReadable, seen } from '../helpers/readable.js'

const ENFORCING: readonly SimulationRow[] = [
  { action: 'iam:CreateUser', withoutMfa: 'explicitDeny', withMfa: 'allowed' },
  { action: 'iam:AttachUserPolicy', withoutMfa: 'implicitDeny', withMfa: 'allowed' },
  { action: 'organizations:LeaveOrganization', withoutMfa: 'explicitDeny', withMfa: 'explicitDeny' }
]
const OPEN: readonly SimulationRow[] = [
  { action: 'iam:CreateUser', withoutMfa: 'explicitDeny', withMfa: 'allowed' },
  { action: 'iam:AttachUserPolicy', withoutMfa: 'allowed', withMfa: 'allowed' }
]
const DENIED_WHY =
  'AWS denied `iam:SimulatePrincipalPolicy` (AccessDenied: User: arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/posturio-iam-mfa is not authorized to perform: iam:SimulatePrincipalPolicy on resource: arn:aws:iam::123456789012:user/alice_admin because no identity-based policy allows the iam:SimulatePrincipalPolicy action); allow it for the users (docs/iam/simulation-policy.json) to prove MFA enforcement by simulation'
const DENIED: SimulationOutcome = {
  kind: 'not-proved',
  why: DENIED_WHY,
  missingPermission: 'iam:SimulatePrincipalPolicy'
}

describe('simulationEvidence', () => {
  it('shows enforcement proved, with each action without and with MFA in words', () => {
    const out = simulationEvidence(judgeSimulation(ENFORCING)).markdown
    expect(seen(out)).toMatch(
      /^Enforcement proved by simulation: every listed action the user is granted is denied without MFA and allowed with it\./
    )
    expect(tables(out)).toEqual([
      [
        ['action', 'without MFA', 'with MFA'],
        ['iam:CreateUser', 'denied (explicit)', 'allowed'],
        ['iam:AttachUserPolicy', 'denied (implicit)', 'allowed'],
        ['organizations:LeaveOrganization', 'denied (explicit)', 'denied (explicit)']
      ]
    ])
    expectReadable(out, [])
  })

  it('names the actions allowed without MFA', () => {
    const out = simulationEvidence(judgeSimulation(OPEN)).markdown
    expect(seen(out)).toContain('Proved: allowed without MFA: iam:AttachUserPolicy.')
    expect(tables(out)[0]?.[2]).toEqual(['iam:AttachUserPolicy', 'allowed', 'allowed'])
    expectReadable(out, [])
  })

  it('says the actions are not granted when AWS denies them with MFA and without', () => {
    const rows: SimulationRow[] = [
      { action: 'iam:CreateUser', withoutMfa: 'implicitDeny', withMfa: 'implicitDeny' }
    ]
    expect(seen(simulationEvidence(judgeSimulation(rows)).markdown)).toContain(
      'Not granted, by simulation: every listed action is denied, with MFA and without.'
    )
  })

  it('says "not proved" with the missing permission and AWS\'s words, and no table, when AWS denies the simulation', () => {
    const out = simulationEvidence(DENIED).markdown
    expect(seen(out)).toContain(
      'Not proved (missing permission iam:SimulatePrincipalPolicy): AWS denied iam:SimulatePrincipalPolicy (AccessDenied: User: arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/posturio-iam-mfa is not authorized'
    )
    expect(seen(out)).toContain('user/alice_admin because')
    expect(tables(out)).toEqual([])
    expectReadable(out, ['alice_admin'])
  })

  it('shows both sides when the analysis found MFA required and AWS allowed an action without it', () => {
    const analysis: Enforcement = {
      kind: 'enforced',
      how: 'deny-without-mfa',
      by: ['RequireMfa (via group _ops_@acme)'],
      missesAccessKeys: false
    }
    const outcome = judgeSimulation(OPEN)
    const out = simulationEvidence(outcome, reconcile(analysis, outcome)).markdown
    expect(seen(out)).toContain(
      "The simulation and the policy analysis disagree: The policy analysis found MFA required by RequireMfa (via group _ops_@acme), but AWS's simulation allowed iam:AttachUserPolicy without MFA; the simulation decides, as AWS's own evaluation."
    )
    expectReadable(out, ['_ops_@acme'])
  })

  it('shows both sides when AWS proves enforcement the analysis did not find', () => {
    const analysis: Enforcement = { kind: 'not-enforced', grantedBy: ['AdministratorAccess'] }
    const outcome = judgeSimulation(ENFORCING)
    const out = seen(simulationEvidence(outcome, reconcile(analysis, outcome)).markdown)
    expect(out).toContain('granted without an MFA condition by AdministratorAccess, but')
    expect(out).toContain(
      "AWS's simulation denied every granted action without MFA and allowed it with MFA"
    )
  })

  it('has no disagreement line when both agree', () => {
    const analysis: Enforcement = { kind: 'not-enforced', grantedBy: ['AdministratorAccess'] }
    const outcome = judgeSimulation(OPEN)
    expect(seen(simulationEvidence(outcome, reconcile(analysis, outcome)).markdown)).not.toContain(
      'disagree'
    )
  })

  it('says what the simulation weighs and what it leaves out', () => {
    const out = seen(simulationEvidence(judgeSimulation(ENFORCING)).markdown)
    expect(out).toContain(
      "What the simulation weighs: the user's own policies, inline and managed; the policies of the user's groups; the user's permissions boundary; the organization's service control policies (SCPs), when the account belongs to one."
    )
    expect(out).toContain('It leaves out resource control policies (RCPs); resource-based policies')
    expect(out).toContain('session policies')
  })

  it('keeps AWS text that looks like Markdown or HTML as written', () => {
    const why =
      'PolicyEvaluation: policy *admin* <img src=x onerror=alert(1)> [x](https://evil.example) @octocat'
    const out = simulationEvidence({ kind: 'not-proved', why }).markdown
    expect(seen(out)).toContain(`Not proved: ${why}.`)
    expectReadable(out, [why])
  })

  it('reads as plain words in logs', () => {
    expect(simulationVerdict(judgeSimulation(OPEN)).plain).toBe(
      'Proved: allowed without MFA: iam:AttachUserPolicy.'
    )
  })
})
