// Gathering live facts for the findings (re-verification, authorization, MFA devices) and applying them.
import type { IAMClient } from '@aws-sdk/client-iam'
import { readAuthorization } from '../aws/authorization.js'
import { judgePolicies } from './judge-policies.js'
import { deviceKinds, reverifyUsers } from '../aws/live-verify.js'
import type { Inputs } from '../config/inputs.js'
import { enrichFindings, type LiveFacts } from '../core/enrich.js'
import type { Evaluation, LiveCheck, MfaKind, ReportRow } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { md, prose, type Md } from '../text/markdown.js'
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
    let strategy = ''
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
      strategy = read.strategy
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
      ? await judgePolicies(enriched, iam, { authz, localPolicies, strategy }, context, deps)
      : enriched
    return partial.length > 0 ? { ...withPolicies, partial } : withPolicies
  })
}
