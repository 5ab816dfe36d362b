// What AWS's policy simulation proves about MFA for a user (pure), and how it weighs against the
// policy analysis: the simulation decides when it proved something, never a pass without proof.
import type { Enforcement } from './mfa-enforcement.js'

/** AWS's `EvalDecision`. */
export type SimDecision = 'allowed' | 'explicitDeny' | 'implicitDeny'

export const SIM_DECISIONS: readonly SimDecision[] = ['allowed', 'explicitDeny', 'implicitDeny']

/** One action simulated twice: without MFA and with it. */
export interface SimulationRow {
  readonly action: string
  readonly withoutMfa: SimDecision
  readonly withMfa: SimDecision
  /**
   * Context keys the user's policies use that the simulation was given no value for
   * (`MissingContextValues`, of either run): a decision that hangs on them is not a proof.
   */
  readonly missingContext?: readonly string[]
}

export type SimulationOutcome =
  /** At least one action is allowed without MFA. */
  | {
      readonly kind: 'proved-not-enforced'
      readonly rows: readonly SimulationRow[]
      readonly allowedWithoutMfa: readonly string[]
    }
  /** Every action allowed with MFA is denied without it, and at least one is allowed with it. */
  | { readonly kind: 'proved-enforced'; readonly rows: readonly SimulationRow[] }
  /** Every action denied, with MFA and without: MFA does not matter for them. */
  | { readonly kind: 'not-granted'; readonly rows: readonly SimulationRow[] }
  | {
      readonly kind: 'not-proved'
      readonly why: string
      /** The permission the action's role lacks, when that is why (e.g. `iam:SimulatePrincipalPolicy`). */
      readonly missingPermission?: string
      readonly rows?: readonly SimulationRow[]
    }

/** The keys the simulation is given on purpose: their absence in the run without MFA is the point. */
const MFA_KEYS = new Set(['aws:multifactorauthpresent', 'aws:multifactorauthage'])

/** The context keys, other than the MFA keys, that the decisive rows lacked. */
function missingOf(rows: readonly SimulationRow[]): string[] {
  const keys = rows.flatMap(r => r.missingContext ?? [])
  return [...new Set(keys.filter(k => !MFA_KEYS.has(k.toLowerCase())))]
}

const quoted = (items: readonly string[]): string => items.map(i => `\`${i}\``).join(', ')

const unproved = (decisive: readonly SimulationRow[]): string =>
  `the user's policies also depend on ${quoted(missingOf(decisive))}, which the simulation had no ` +
  `value for, so its result for ${quoted(decisive.map(r => r.action))} may differ in real requests`

/** Judges the rows of one user's two simulations. */
export function judgeSimulation(rows: readonly SimulationRow[]): SimulationOutcome {
  if (rows.length === 0) return { kind: 'not-proved', why: 'the simulation returned no result' }
  const allowedWithout = rows.filter(r => r.withoutMfa === 'allowed')
  if (allowedWithout.length > 0) {
    // Proved by the actions whose allow hangs on nothing the simulation lacked.
    const proved = allowedWithout.filter(r => missingOf([r]).length === 0)
    if (proved.length === 0) return { kind: 'not-proved', why: unproved(allowedWithout), rows }
    return { kind: 'proved-not-enforced', rows, allowedWithoutMfa: proved.map(r => r.action) }
  }
  const allowedWith = rows.filter(r => r.withMfa === 'allowed')
  // A denial may come from a condition on a key the simulation lacked: no proof either way then.
  const doubtful = rows.filter(r => missingOf([r]).length > 0)
  if (doubtful.length > 0) return { kind: 'not-proved', why: unproved(doubtful), rows }
  if (allowedWith.length === 0) return { kind: 'not-granted', rows }
  return { kind: 'proved-enforced', rows }
}

/** The final word on whether the user's privileged actions require MFA. */
export interface Reconciled {
  /**
   * true: no listed action can be done without MFA (it is required, or the action is not granted at
   * all); false: one can; undefined: not known, which never counts as a pass.
   */
  readonly enforced: boolean | undefined
  /** True when the deciding side found the actions not granted at all, with or without MFA. */
  readonly notGranted: boolean
  readonly decidedBy: 'simulation' | 'analysis' | 'none'
  /** Both sides, when the simulation proved something the analysis did not find. */
  readonly disagreement: string | undefined
}

type Finding = 'enforced' | 'not-enforced' | 'not-granted'

type Decided = Exclude<Enforcement, { readonly kind: 'undecided' }>
type Proved = Exclude<SimulationOutcome, { readonly kind: 'not-proved' }>

function analysisSays(analysis: Decided): string {
  switch (analysis.kind) {
    case 'enforced':
      return `the policy analysis found MFA required by ${analysis.by.join(', ')}`
    case 'not-enforced':
      return `the policy analysis found the actions granted without an MFA condition by ${analysis.grantedBy.join(', ')}`
    case 'not-granted':
      return 'the policy analysis found the actions not granted'
  }
}

function simulationSays(simulation: Proved): string {
  switch (simulation.kind) {
    case 'proved-not-enforced':
      return `AWS's simulation allowed ${quoted(simulation.allowedWithoutMfa)} without MFA`
    case 'proved-enforced':
      return "AWS's simulation denied every granted action without MFA and allowed it with MFA"
    case 'not-granted':
      return "AWS's simulation denied every action, with MFA and without"
  }
}

const FINDING_OF: Readonly<Record<Proved['kind'], Finding>> = {
  'proved-enforced': 'enforced',
  'proved-not-enforced': 'not-enforced',
  'not-granted': 'not-granted'
}

const verdict = (
  finding: Finding | undefined,
  decidedBy: Reconciled['decidedBy'],
  disagreement?: string
): Reconciled => ({
  enforced: finding === undefined ? undefined : finding !== 'not-enforced',
  notGranted: finding === 'not-granted',
  decidedBy: finding === undefined ? 'none' : decidedBy,
  disagreement
})

/**
 * The simulation decides when it proved something (it is AWS's own evaluation); the analysis
 * otherwise. An undecided analysis with an unproved simulation stays unknown.
 */
export function reconcile(
  analysis: Enforcement | undefined,
  simulation: SimulationOutcome | undefined
): Reconciled {
  const decided = analysis && analysis.kind !== 'undecided' ? analysis : undefined
  if (simulation && simulation.kind !== 'not-proved') {
    const simulated = FINDING_OF[simulation.kind]
    return verdict(
      simulated,
      'simulation',
      decided && decided.kind !== simulated
        ? `${analysisSays(decided)}, but ${simulationSays(simulation)}; the simulation decides, as AWS's own evaluation`
        : undefined
    )
  }
  return verdict(decided?.kind, 'analysis')
}
