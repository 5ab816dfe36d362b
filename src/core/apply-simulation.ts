// The simulation's word on a policy finding (pure): what IAM's own evaluation proved decides the
// verdict, the analysis stands where nothing was proved, and both are kept as evidence.
import { findExemption } from './exemption-match.js'
import { exemptReason } from './evaluate.js'
import type { EnforcementFact, Exemption, Finding } from './types.js'
import type { Enforcement } from '../policy/mfa-enforcement.js'
import { reconcile, type SimulationOutcome } from '../policy/simulation.js'
import { code, join, md } from '../text/markdown.js'
import { count } from '../text/words.js'

/** The analysis of all the actions, in the shape the reconciliation reads. */
export function asEnforcement(fact: EnforcementFact): Enforcement {
  switch (fact.status) {
    case 'enforced':
      return {
        kind: 'enforced',
        how: fact.how ?? 'deny-without-mfa',
        by: fact.by,
        missesAccessKeys: fact.missesAccessKeys
      }
    case 'not-enforced':
      return { kind: 'not-enforced', grantedBy: fact.grantedBy }
    case 'undecided':
      return { kind: 'undecided', why: fact.why ?? '' }
    default:
      return { kind: 'not-granted' }
  }
}

export interface SimulationContext {
  readonly activeAccessKeys: number
  readonly exemptions: readonly Exemption[]
  readonly now: Date
}

export function applySimulation(
  f: Finding,
  outcome: SimulationOutcome | undefined,
  ctx: SimulationContext
): Finding {
  if (!outcome || !f.enforcement || !f.privilegedVia) return f
  const reconciled = reconcile(asEnforcement(f.enforcement), outcome)
  const withSimulation: Finding = { ...f, simulation: { outcome, reconciled } }
  // Nothing proved: the analysis's verdict stands (a denied simulation is never a pass).
  if (reconciled.decidedBy !== 'simulation' || f.verdict === 'exempt') return withSimulation
  const via = f.privilegedVia
  // The simulation sets aws:MultiFactorAuthPresent to false; requests signed with access keys
  // carry no such key, which a `Bool` deny (in a policy, a boundary or an SCP) lets through: a
  // user with access keys is not proved safe by it, so the analysis's verdict stands for them.
  if (reconciled.enforced === true && ctx.activeAccessKeys === 0)
    return {
      ...withSimulation,
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      reason: reconciled.notGranted
        ? md`Privileged (${via}); IAM's simulation denies every privileged action checked, with MFA and without.`
        : md`Privileged (${via}); enforcement proved by IAM's simulation: every privileged action checked is denied without MFA and allowed with it.`
    }
  if (reconciled.enforced === true) {
    if (f.verdict !== 'fail') return withSimulation
    return {
      ...withSimulation,
      reason: md`${f.reason} IAM's simulation denies these actions without MFA, but it cannot show that for requests signed with the user's ${count(ctx.activeAccessKeys, 'active access key')}, which carry no MFA key; the verdict stands until the user's policies deny them with \`BoolIfExists\`.`
    }
  }
  const { active } = findExemption(ctx.exemptions, f.user, ctx.now)
  if (active)
    return {
      ...withSimulation,
      verdict: 'exempt',
      severity: undefined,
      remediation: undefined,
      exemption: { until: active.until, reason: active.reason, source: active.source },
      reason: exemptReason(active)
    }
  const allowed = outcome.kind === 'proved-not-enforced' ? outcome.allowedWithoutMfa : []
  return {
    ...withSimulation,
    verdict: 'fail',
    severity: 'medium',
    remediation: 'enforce-mfa-policy',
    reason: md`Privileged (${via}), and proved by IAM's simulation: ${join(
      allowed.map(a => code(a)),
      ', '
    )} ${allowed.length === 1 ? 'is' : 'are'} allowed without MFA.`
  }
}
