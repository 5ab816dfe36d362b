// Rule iam.privileged_actions_without_mfa_condition for one account: the managed policies' documents
// read, every caller judged, the privileged users simulated when the workflow asks, facts attached.
import type { IAMClient } from '@aws-sdk/client-iam'
import { readManagedDocuments } from '../aws/managed-policies.js'
import { CONCURRENCY } from '../aws/live-verify.js'
import { simulateUsers } from '../aws/simulate-principal-policy.js'
import type { Inputs } from '../config/inputs.js'
import { applySimulation } from '../core/apply-simulation.js'
import { parseOwnerTag } from '../core/owner.js'
import { policyFindings } from '../core/policy-findings.js'
import type { UserAuthz } from '../core/privilege.js'
import type { Evaluation, Finding, ReportRow } from '../core/types.js'
import { privilegedActions } from '../policy/privileged-actions.js'
import type { Deps } from '../runtime/deps.js'
import { code, join, md, prose } from '../text/markdown.js'
import { count } from '../text/words.js'

/** Rule iam.privileged_actions_without_mfa_condition, and each console user's enforcement fact. */
export async function judgePolicies(
  evaluation: Evaluation,
  iam: IAMClient,
  read: {
    authz: ReadonlyMap<string, UserAuthz>
    localPolicies: ReadonlyMap<string, unknown>
    strategy: string
  },
  context: { inputs: Inputs; rows: readonly ReportRow[] },
  deps: Deps
): Promise<Evaluation> {
  const { inputs } = context
  const awsManaged = [...read.authz.values()]
    .flatMap(u => [...u.attached, ...u.groups.flatMap(g => g.attached)])
    .map(p => p.arn)
    .filter(arn => !read.localPolicies.has(arn))
  const managed = await readManagedDocuments(iam, awsManaged)
  const documents = new Map([...read.localPolicies, ...managed.documents])
  // enrichFindings copied the notes so far into the evaluation: this one joins them there.
  const notes = [...(evaluation.notes ?? [])]
  if (managed.unread.length > 0) {
    const names = managed.unread.map(u => u.arn.split('/').pop() ?? u.arn)
    notes.push(
      md`${count(managed.unread.length, 'managed policy')} could not be read (${join(
        names.slice(0, 5).map(n => code(n)),
        ', '
      )}${names.length > 5 ? md`, …` : md``}: ${prose((managed.unread[0]?.why ?? '').replace(/\.$/, ''))}), so MFA enforcement is undecided where only they could decide it.`
    )
  }
  const actions = privilegedActions(inputs.simulatePrivilegedActions)
  const analysed = policyFindings(
    context.rows,
    read.authz,
    documents,
    { actions, exemptions: inputs.exemptions },
    deps.now()
  )
  const privileged = analysed.filter(f => f.privilegedVia)
  const simulated = await simulate(privileged, inputs, iam, deps)
  const keys = new Map(context.rows.map(r => [r.user, r.activeAccessKeys]))
  const judged = (
    simulated
      ? analysed.map(f =>
          applySimulation(f, simulated.outcomes.get(f.user), {
            activeAccessKeys: keys.get(f.user) ?? 0,
            exemptions: inputs.exemptions,
            now: deps.now()
          })
        )
      : analysed
  ).map(f => withOwner(f, read.authz, inputs.ownerTag))
  const failing = judged.filter(f => f.verdict === 'fail').length
  deps.io.info(
    `MFA by policy: ${count(privileged.length, 'privileged user')}, ${failing} whose privileged actions do not require MFA (${actions.join(', ')}).`
  )
  const facts = new Map(
    judged.flatMap(f => (f.enforcement ? [[f.user, f.enforcement] as const] : []))
  )
  const findings = evaluation.findings.map((f): Finding => {
    const fact = f.password && !f.isRoot ? facts.get(f.user) : undefined
    return fact ? { ...f, enforcement: fact } : f
  })
  const policyRead = {
    users: judged.filter(f => f.enforcement).length,
    strategy: read.strategy,
    ...(simulated
      ? { simulation: { users: privileged.length, calls: simulated.calls, actions } }
      : {})
  }
  return { ...evaluation, findings, policyFindings: judged, policyRead, notes }
}

/** IAM's simulation of the privileged users, when `simulate-privileged-actions` lists actions. */
async function simulate(
  privileged: readonly Finding[],
  inputs: Inputs,
  iam: IAMClient,
  deps: Deps
): Promise<Awaited<ReturnType<typeof simulateUsers>> | undefined> {
  const actions = inputs.simulatePrivilegedActions
  if (actions.length === 0 || privileged.length === 0) return undefined
  const users = privileged.map(f => ({ user: f.user, arn: f.arn }))
  const result = await simulateUsers(iam, users, actions, { concurrency: CONCURRENCY })
  const proved = [...result.outcomes.values()].filter(o => o.kind !== 'not-proved').length
  deps.io.info(
    `Simulated ${count(actions.length, 'action')} for ${count(users.length, 'privileged user')} without and with MFA (iam:SimulatePrincipalPolicy, ${count(result.calls, 'call')}): ${proved} decided.`
  )
  return result
}

/** A failing user's owner, from its owner tag, as for the sign-in rule: its issue is assigned to them. */
function withOwner(f: Finding, authz: ReadonlyMap<string, UserAuthz>, ownerTag: string): Finding {
  const value = f.verdict === 'fail' ? authz.get(f.user)?.tags[ownerTag] : undefined
  if (value === undefined) return f
  const parsed = parseOwnerTag(ownerTag, value)
  return 'owner' in parsed ? { ...f, owner: parsed.owner } : { ...f, ownerProblem: parsed.problem }
}
