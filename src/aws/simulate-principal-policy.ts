// Simulating privileged users' actions without and with MFA (iam:SimulatePrincipalPolicy), a few
// users at a time; AWS's errors become "not proved" for the user, never a thrown error or a pass.
import {
  SimulatePrincipalPolicyCommand,
  type ContextEntry,
  type EvaluationResult,
  type IAMClient
} from '@aws-sdk/client-iam'
import {
  judgeSimulation,
  SIM_DECISIONS,
  type SimDecision,
  type SimulationOutcome,
  type SimulationRow
} from '../policy/simulation.js'
import { mapWithConcurrency } from '../util/pool.js'
import { describeAwsError, errorCode } from './aws-error.js'
import { CONCURRENCY } from './live-verify.js'

export const SIMULATE_ACTION = 'iam:SimulatePrincipalPolicy'
/** The MFA age the run with MFA claims, in seconds: a sign-in five minutes ago. */
export const MFA_AGE_SECONDS = 300

const WITHOUT_MFA: ContextEntry[] = [
  {
    ContextKeyName: 'aws:MultiFactorAuthPresent',
    ContextKeyType: 'boolean',
    ContextKeyValues: ['false']
  }
]
const WITH_MFA: ContextEntry[] = [
  {
    ContextKeyName: 'aws:MultiFactorAuthPresent',
    ContextKeyType: 'boolean',
    ContextKeyValues: ['true']
  },
  {
    ContextKeyName: 'aws:MultiFactorAuthAge',
    ContextKeyType: 'numeric',
    ContextKeyValues: [String(MFA_AGE_SECONDS)]
  }
]

const DENIED = new Set(['AccessDenied', 'AccessDeniedException'])

export interface SimulatedUser {
  readonly user: string
  readonly arn: string
}

/** Per action: the decision (the most restrictive when AWS answers more than once) and missing keys. */
type Run = Map<string, { decision: SimDecision; missing: string[] }>

const RANK: Readonly<Record<SimDecision, number>> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 }

function record(run: Run, result: EvaluationResult): string | undefined {
  const action = result.EvalActionName ?? ''
  const decision = result.EvalDecision as string | undefined
  if (!SIM_DECISIONS.includes(decision as SimDecision))
    return `AWS answered "${String(decision)}" for \`${action}\`, not a decision the action knows`
  const key = action.toLowerCase()
  const before = run.get(key)
  const d = decision as SimDecision
  run.set(key, {
    decision: before && RANK[before.decision] > RANK[d] ? before.decision : d,
    missing: [...(before?.missing ?? []), ...(result.MissingContextValues ?? [])]
  })
  return undefined
}

/** Thrown for a request not sent because AWS already denied the simulation. */
class Denied extends Error {}
/** An answer the action cannot read as a simulation. */
class Unreadable extends Error {}

/** Calls AWS until the last page; `count` is told of every request before it is sent. */
async function simulate(
  iam: IAMClient,
  arn: string,
  actions: readonly string[],
  context: ContextEntry[],
  count: () => void
): Promise<Run> {
  const run: Run = new Map()
  let marker: string | undefined
  do {
    count()
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: [...actions],
        ContextEntries: context,
        ...(marker === undefined ? {} : { Marker: marker })
      })
    )
    for (const result of page.EvaluationResults ?? []) {
      const problem = record(run, result)
      if (problem) throw new Unreadable(problem)
    }
    marker = page.IsTruncated ? page.Marker : undefined
    if (page.IsTruncated && !marker)
      throw new Unreadable('AWS said more results follow but sent no Marker')
  } while (marker !== undefined)
  return run
}

function rowsOf(actions: readonly string[], without: Run, withMfa: Run): SimulationRow[] | string {
  const rows: SimulationRow[] = []
  for (const action of actions) {
    const a = without.get(action.toLowerCase())
    const b = withMfa.get(action.toLowerCase())
    if (!a || !b) return `AWS returned no result for \`${action}\``
    const missing = [...new Set([...a.missing, ...b.missing])]
    rows.push({
      action,
      withoutMfa: a.decision,
      withMfa: b.decision,
      ...(missing.length > 0 ? { missingContext: missing } : {})
    })
  }
  return rows
}

const deniedOutcome = (why: string): SimulationOutcome => ({
  kind: 'not-proved',
  why,
  missingPermission: SIMULATE_ACTION
})

/**
 * Simulates `actions` for each user twice (without MFA, then with it), at most `concurrency`
 * requests at a time. Once AWS denies the simulation, no further user is simulated: each is "not
 * proved" for the same reason. `calls` counts every request sent, each page included. Outcomes
 * are keyed by user name.
 */
export async function simulateUsers(
  iam: IAMClient,
  users: readonly SimulatedUser[],
  actions: readonly string[],
  options: { readonly concurrency?: number } = {}
): Promise<{ outcomes: Map<string, SimulationOutcome>; calls: number }> {
  // No action to simulate: nothing is asked of AWS, and nothing is proved.
  if (actions.length === 0) return { outcomes: new Map(), calls: 0 }
  let calls = 0
  let denied: SimulationOutcome | undefined
  const count = (): void => {
    if (denied) throw new Denied()
    calls++
  }
  const one = async ({ arn }: SimulatedUser): Promise<SimulationOutcome> => {
    if (denied) return denied
    try {
      const without = await simulate(iam, arn, actions, WITHOUT_MFA, count)
      const withMfa = await simulate(iam, arn, actions, WITH_MFA, count)
      const rows = rowsOf(actions, without, withMfa)
      return typeof rows === 'string' ? { kind: 'not-proved', why: rows } : judgeSimulation(rows)
    } catch (error) {
      if (error instanceof Denied && denied) return denied
      const code = errorCode(error)
      if (DENIED.has(code)) {
        const message = error instanceof Error ? error.message.replace(/\.$/, '') : String(error)
        denied ??= deniedOutcome(
          `AWS denied \`${SIMULATE_ACTION}\` (${code}: ${message}); allow it for the users ` +
            '(docs/iam/simulation-policy.json) to prove MFA enforcement by simulation'
        )
        return denied
      }
      if (error instanceof Unreadable) return { kind: 'not-proved', why: error.message }
      return { kind: 'not-proved', why: describeAwsError(SIMULATE_ACTION, error).message }
    }
  }
  const outcomes = await mapWithConcurrency(users, options.concurrency ?? CONCURRENCY, one)
  return {
    outcomes: new Map(users.map((u, i) => [u.user, outcomes[i] as SimulationOutcome])),
    calls
  }
}
