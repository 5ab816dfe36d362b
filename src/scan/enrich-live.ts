// Gathering live facts for the findings (re-verification, authorization, MFA devices) and applying them.
import type { IAMClient } from '@aws-sdk/client-iam'
import { readAuthorization } from '../aws/authorization.js'
import { readManagedDocuments } from '../aws/managed-policies.js'
import { policyFindings } from '../core/policy-findings.js'
import type { UserAuthz } from '../core/privilege.js'
import { privilegedActions } from '../policy/privileged-actions.js'
import { deviceKinds, reverifyUsers } from '../aws/live-verify.js'
import type { Inputs } from '../config/inputs.js'
import { enrichFindings, type LiveFacts } from '../core/enrich.js'
import { parseOwnerTag } from '../core/owner.js'
import type { Evaluation, Finding, LiveCheck, MfaKind, ReportRow } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { code, join, md, prose, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

const failingUsers = (e: Evaluation): string[] =>
  e.findings.filter(f => f.verdict === 'fail' && !f.isRoot).map(f => f.user)

export async function enrichLive(
  evaluation: Evaluation,
  iam: IAMClient,
  context: { inputs: Inputs; generatedAt: Date | undefined; rows: readonly ReportRow[] },
  deps: Deps
): Promise<Evaluation> {
  const { inputs } = context
  const { io } = deps
  return io.group('Live checks', async () => {
    const notes: Md[] = []
    const partial: Md[] = []
    const reportFailing = failingUsers(evaluation)
    let checks = new Map<string, LiveCheck & { kinds?: MfaKind[] }>()
    if (inputs.verifyLive && reportFailing.length > 0) {
      io.info(
        `Re-verifying ${count(reportFailing.length, 'failing user')} live (ListMFADevices, GetLoginProfile).`
      )
      checks = await reverifyUsers(iam, reportFailing, context.generatedAt, deps.now)
      const fixed = [...checks.values()].filter(c => c.status === 'fixed').length
      const missed = [...checks.values()].filter(c => c.status === 'not-reverified').length
      io.info(`${fixed} fixed since the report, ${missed} could not be re-verified.`)
      if (missed > 0)
        notes.push(
          md`Live re-verification failed for ${count(missed, 'failing user')}: the report's verdict stands (see each user's live check).`
        )
    }
    let authz: LiveFacts['authz'] = new Map()
    let localPolicies: LiveFacts['localPolicies'] = new Map()
    let policiesRead = false
    // Every user who can call AWS (console password or access key): its policies decide whether
    // privileged actions require MFA, as well as the privilege, owner and exemption of failing users.
    const callers = context.rows
      .filter(r => !r.isRoot && (r.passwordEnabled === true || r.activeAccessKeys > 0))
      .map(r => r.user)
    try {
      const read = await readAuthorization(iam, callers, context.rows.length)
      authz = read.users
      localPolicies = read.local
      policiesRead = true
      if (callers.length > 0)
        io.info(
          `Read policies, groups and tags of ${count(callers.length, 'user')} who can call AWS (${read.strategy}).`
        )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      io.info(`Privilege, owner and exemption tags were not read: ${message}`)
      partial.push(
        md`privilege, owner and exemption tags were not read (${prose(message.replace(/\.$/, ''))})`
      )
    }
    let devices: LiveFacts['devices'] = new Map()
    if (inputs.requirePhishingResistant) {
      const passing = evaluation.findings
        .filter(f => f.verdict === 'pass' && !f.isRoot && f.password)
        .map(f => f.user)
      const listed = await deviceKinds(iam, passing)
      devices = listed.kinds
      if (listed.failed > 0) {
        const why = listed.reason ? md` (${prose(listed.reason.replace(/\.$/, ''))})` : md``
        partial.push(
          md`the MFA devices of ${count(listed.failed, 'passing user')} could not be listed${why}, so their MFA strength is unknown`
        )
      }
    }
    const enriched = enrichFindings(
      evaluation,
      { checks, authz, localPolicies, devices, notes },
      {
        ownerTag: inputs.ownerTag,
        exemptTag: inputs.exemptTag,
        requirePhishingResistant: inputs.requirePhishingResistant
      },
      deps.now()
    )
    const withPolicies = policiesRead
      ? await judgePolicies(enriched, iam, { authz, localPolicies }, context, deps)
      : enriched
    return partial.length > 0 ? { ...withPolicies, partial } : withPolicies
  })
}

/** Rule iam.privileged_actions_without_mfa_condition, and each console user's enforcement fact. */
async function judgePolicies(
  evaluation: Evaluation,
  iam: IAMClient,
  read: {
    authz: ReadonlyMap<string, UserAuthz>
    localPolicies: ReadonlyMap<string, unknown>
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
  // A failing user's owner, from its owner tag, as for the sign-in rule: its issue is assigned to them.
  const judged = policyFindings(
    context.rows,
    read.authz,
    documents,
    { actions, exemptions: inputs.exemptions },
    deps.now()
  ).map((f): Finding => {
    const value = f.verdict === 'fail' ? read.authz.get(f.user)?.tags[inputs.ownerTag] : undefined
    if (value === undefined) return f
    const parsed = parseOwnerTag(inputs.ownerTag, value)
    return 'owner' in parsed
      ? { ...f, owner: parsed.owner }
      : { ...f, ownerProblem: parsed.problem }
  })
  const failing = judged.filter(f => f.verdict === 'fail').length
  deps.io.info(
    `MFA by policy: ${count(judged.filter(f => f.privilegedVia).length, 'privileged user')}, ${failing} whose privileged actions do not require MFA (${actions.join(', ')}).`
  )
  const facts = new Map(
    judged.flatMap(f => (f.enforcement ? [[f.user, f.enforcement] as const] : []))
  )
  const findings = evaluation.findings.map((f): Finding => {
    const fact = f.password && !f.isRoot ? facts.get(f.user) : undefined
    return fact ? { ...f, enforcement: fact } : f
  })
  return { ...evaluation, findings, policyFindings: judged, notes }
}
