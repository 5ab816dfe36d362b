// What AWS's simulation proves about a user's MFA, and how it weighs against the policy analysis.
import { describe, expect, it } from '@jest/globals'
import type { Enforcement } from '../../src/policy/mfa-enforcement.js'
import {
  judgeSimulation,
  reconcile,
  type SimDecision,
  type SimulationOutcome,
  type SimulationRow
} from '../../src/policy/simulation.js'

const row = (
  action: string,
  withoutMfa: SimDecision,
  withMfa: SimDecision,
  missingContext?: string[]
): SimulationRow => ({ action, withoutMfa, withMfa, ...(missingContext ? { missingContext } : {}) })

const A = 'allowed'
const X = 'explicitDeny'
const I = 'implicitDeny'

describe('judgeSimulation', () => {
  const CASES: ReadonlyArray<readonly [string, readonly SimulationRow[], string, string[]]> = [
    [
      'one action allowed without MFA',
      [row('iam:CreateUser', A, A)],
      'proved-not-enforced',
      ['iam:CreateUser']
    ],
    [
      'allowed without MFA, whatever the others',
      [
        row('iam:CreateUser', X, A),
        row('iam:AttachUserPolicy', A, A),
        row('s3:DeleteBucket', I, I)
      ],
      'proved-not-enforced',
      ['iam:AttachUserPolicy']
    ],
    [
      'allowed without MFA and denied with it (an odd policy): still allowed without MFA',
      [row('iam:CreateUser', A, X)],
      'proved-not-enforced',
      ['iam:CreateUser']
    ],
    [
      'explicitly denied without MFA, allowed with it',
      [row('iam:CreateUser', X, A)],
      'proved-enforced',
      []
    ],
    [
      'implicitly denied without MFA (allow only with MFA)',
      [row('iam:CreateUser', I, A)],
      'proved-enforced',
      []
    ],
    [
      'enforced for the actions granted, the others not granted at all',
      [row('iam:CreateUser', X, A), row('organizations:LeaveOrganization', X, X)],
      'proved-enforced',
      []
    ],
    [
      'denied with and without MFA',
      [row('iam:CreateUser', I, I), row('iam:DeleteUser', X, X)],
      'not-granted',
      []
    ],
    [
      'the MFA keys missing in the run without MFA are the point, not a doubt',
      [row('iam:CreateUser', X, A, ['aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent'])],
      'proved-enforced',
      []
    ],
    [
      'a denial that may hang on a key the simulation lacked proves nothing',
      [row('iam:CreateUser', I, A), row('iam:DeleteUser', I, I, ['aws:SourceIp'])],
      'not-proved',
      []
    ],
    [
      'an allow without MFA that hangs on a missing key proves nothing by itself',
      [row('iam:CreateUser', A, A, ['aws:SourceIp'])],
      'not-proved',
      []
    ],
    [
      'an allow without MFA that hangs on nothing proves it, beside one that does',
      [row('iam:CreateUser', A, A, ['aws:SourceIp']), row('iam:DeleteUser', A, A)],
      'proved-not-enforced',
      ['iam:DeleteUser']
    ],
    ['no result at all', [], 'not-proved', []]
  ]

  it.each(CASES)('%s', (_, rows, kind, allowedWithoutMfa) => {
    const outcome = judgeSimulation(rows)
    expect(outcome.kind).toBe(kind)
    if (outcome.kind === 'proved-not-enforced')
      expect(outcome.allowedWithoutMfa).toEqual(allowedWithoutMfa)
  })

  it('says which context key and which actions leave the simulation unproved', () => {
    const outcome = judgeSimulation([
      row('iam:CreateUser', I, A),
      row('iam:DeleteUser', I, I, ['aws:SourceIp'])
    ])
    expect(outcome).toEqual({
      kind: 'not-proved',
      why:
        "the user's policies also depend on `aws:SourceIp`, which the simulation had no value for, " +
        'so its result for `iam:DeleteUser` may differ in real requests',
      rows: [row('iam:CreateUser', I, A), row('iam:DeleteUser', I, I, ['aws:SourceIp'])]
    })
  })

  it('keeps every row as evidence', () => {
    const rows = [row('iam:CreateUser', X, A), row('iam:DeleteUser', I, I)]
    expect(judgeSimulation(rows)).toEqual({ kind: 'proved-enforced', rows })
  })
})

const ENFORCED: Enforcement = {
  kind: 'enforced',
  how: 'deny-without-mfa',
  by: ['RequireMfa (via group admins)'],
  missesAccessKeys: false
}
const NOT_ENFORCED: Enforcement = { kind: 'not-enforced', grantedBy: ['AdministratorAccess'] }
const UNDECIDED: Enforcement = { kind: 'undecided', why: 'a policy could not be read' }
const NOT_GRANTED: Enforcement = { kind: 'not-granted' }

const PROVED_NOT: SimulationOutcome = {
  kind: 'proved-not-enforced',
  rows: [row('iam:CreateUser', A, A)],
  allowedWithoutMfa: ['iam:CreateUser']
}
const PROVED: SimulationOutcome = { kind: 'proved-enforced', rows: [row('iam:CreateUser', X, A)] }
const SIM_NOT_GRANTED: SimulationOutcome = {
  kind: 'not-granted',
  rows: [row('iam:CreateUser', I, I)]
}
const DENIED: SimulationOutcome = {
  kind: 'not-proved',
  why: 'AWS denied `iam:SimulatePrincipalPolicy`',
  missingPermission: 'iam:SimulatePrincipalPolicy'
}

describe('reconcile', () => {
  type Want = readonly [boolean | undefined, 'simulation' | 'analysis' | 'none', boolean, boolean]
  const CASES: ReadonlyArray<
    readonly [string, Enforcement | undefined, SimulationOutcome | undefined, Want]
  > = [
    ['both say enforced', ENFORCED, PROVED, [true, 'simulation', false, false]],
    ['both say not enforced', NOT_ENFORCED, PROVED_NOT, [false, 'simulation', false, false]],
    [
      'analysis enforced, simulation allowed without MFA: the simulation wins',
      ENFORCED,
      PROVED_NOT,
      [false, 'simulation', true, false]
    ],
    [
      'analysis not enforced, simulation proved enforcement: the simulation wins',
      NOT_ENFORCED,
      PROVED,
      [true, 'simulation', true, false]
    ],
    [
      'analysis undecided, simulation proved enforcement',
      UNDECIDED,
      PROVED,
      [true, 'simulation', false, false]
    ],
    [
      'analysis undecided, simulation allowed without MFA',
      UNDECIDED,
      PROVED_NOT,
      [false, 'simulation', false, false]
    ],
    [
      'no analysis, simulation proved enforcement',
      undefined,
      PROVED,
      [true, 'simulation', false, false]
    ],
    ['both not granted', NOT_GRANTED, SIM_NOT_GRANTED, [true, 'simulation', false, true]],
    [
      'analysis not granted, simulation allowed without MFA',
      NOT_GRANTED,
      PROVED_NOT,
      [false, 'simulation', true, false]
    ],
    [
      'analysis enforced, simulation not granted: a disagreement of fact',
      ENFORCED,
      SIM_NOT_GRANTED,
      [true, 'simulation', true, true]
    ],
    [
      'simulation denied: the analysis decides enforced',
      ENFORCED,
      DENIED,
      [true, 'analysis', false, false]
    ],
    [
      'simulation denied: the analysis decides not enforced',
      NOT_ENFORCED,
      DENIED,
      [false, 'analysis', false, false]
    ],
    [
      'simulation denied: the analysis decides not granted',
      NOT_GRANTED,
      DENIED,
      [true, 'analysis', false, true]
    ],
    [
      'undecided analysis and unproved simulation: unknown, never a pass',
      UNDECIDED,
      DENIED,
      [undefined, 'none', false, false]
    ],
    [
      'undecided analysis and no simulation: unknown',
      UNDECIDED,
      undefined,
      [undefined, 'none', false, false]
    ],
    ['no simulation: the analysis decides', ENFORCED, undefined, [true, 'analysis', false, false]],
    ['nothing known at all', undefined, undefined, [undefined, 'none', false, false]],
    ['no analysis and an unproved simulation', undefined, DENIED, [undefined, 'none', false, false]]
  ]

  it.each(CASES)('%s', (_, analysis, simulation, [enforced, decidedBy, disagrees, notGranted]) => {
    const r = reconcile(analysis, simulation)
    expect(r.enforced).toBe(enforced)
    expect(r.decidedBy).toBe(decidedBy)
    expect(r.disagreement !== undefined).toBe(disagrees)
    expect(r.notGranted).toBe(notGranted)
  })

  it('shows both sides when the analysis found MFA required and AWS allowed an action without it', () => {
    expect(reconcile(ENFORCED, PROVED_NOT).disagreement).toBe(
      'the policy analysis found MFA required by RequireMfa (via group admins), but ' +
        "AWS's simulation allowed `iam:CreateUser` without MFA; the simulation decides, as AWS's own evaluation"
    )
  })

  it('shows both sides when the analysis found no MFA condition and AWS proved one', () => {
    expect(reconcile(NOT_ENFORCED, PROVED).disagreement).toBe(
      'the policy analysis found the actions granted without an MFA condition by AdministratorAccess, ' +
        "but AWS's simulation denied every granted action without MFA and allowed it with MFA; the " +
        "simulation decides, as AWS's own evaluation"
    )
  })
})
