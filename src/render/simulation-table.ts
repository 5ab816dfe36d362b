// The evidence of AWS's simulation for one user: a verdict, the table of actions without and with MFA,
// both sides where the policy analysis disagrees, and what the simulation weighs.
import { SIMULATION_SCOPE } from '../policy/simulation-scope.js'
import type {
  Reconciled,
  SimDecision,
  SimulationOutcome,
  SimulationRow
} from '../policy/simulation.js'
import { code, join, md, prose, table, type Md } from '../text/markdown.js'

export const DECISION_WORDS: Readonly<Record<SimDecision, string>> = {
  allowed: 'allowed',
  explicitDeny: 'denied (explicit)',
  implicitDeny: 'denied (implicit)'
}

/** action | without MFA | with MFA, one row an action. */
export function simulationTable(rows: readonly SimulationRow[]): Md {
  return table(
    ['action', 'without MFA', 'with MFA'],
    rows.map(r => [code(r.action), DECISION_WORDS[r.withoutMfa], DECISION_WORDS[r.withMfa]])
  )
}

/** Messages are sentences without their last full stop, so they can end one of ours. */
const clause = (message: string): Md => prose(message.replace(/\.$/, ''))

const upper = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1)

/** One line: what the simulation proved for the user, or why it proved nothing. */
export function simulationVerdict(outcome: SimulationOutcome): Md {
  switch (outcome.kind) {
    case 'proved-enforced':
      return md`**Enforcement proved by simulation:** every listed action the user is granted is denied without MFA and allowed with it.`
    case 'proved-not-enforced':
      return md`**Proved: allowed without MFA:** ${join(outcome.allowedWithoutMfa.map(code), ', ')}.`
    case 'not-granted':
      return md`**Not granted, by simulation:** every listed action is denied, with MFA and without.`
    case 'not-proved':
      return outcome.missingPermission
        ? md`**Not proved** (missing permission ${code(outcome.missingPermission)}): ${clause(outcome.why)}.`
        : md`**Not proved:** ${clause(outcome.why)}.`
  }
}

/** What AWS's simulation weighs and leaves out, from AWS's documentation. */
export function simulationScope(): Md {
  return md`What the simulation weighs: ${join(SIMULATION_SCOPE.includes, '; ')}. It leaves out ${join(SIMULATION_SCOPE.leavesOut, '; ')}. ${SIMULATION_SCOPE.caveat}`
}

/**
 * The whole evidence: verdict, table (when AWS answered), the disagreement with the policy analysis
 * (both sides), and the simulation's scope.
 */
export function simulationEvidence(outcome: SimulationOutcome, reconciled?: Reconciled): Md {
  const rows = outcome.rows
  const disagreement = reconciled?.disagreement
  return join(
    [
      simulationVerdict(outcome),
      ...(rows && rows.length > 0 ? [simulationTable(rows)] : []),
      ...(disagreement
        ? [md`**The simulation and the policy analysis disagree:** ${clause(upper(disagreement))}.`]
        : []),
      simulationScope()
    ],
    '\n\n'
  )
}
