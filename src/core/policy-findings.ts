// Rule iam.privileged_actions_without_mfa_condition (pure): for each IAM user, whether its identity
// policies make the privileged actions require MFA, judged from the policies read live.
import { findExemption } from './exemption-match.js'
import { exemptReason } from './evaluate.js'
import { privilegedVia, type UserAuthz } from './privilege.js'
import type { EnforcementFact, Exemption, Finding, ReportRow } from './types.js'
import { mfaEnforcement, type AppliedPolicy, type Enforcement } from '../policy/mfa-enforcement.js'
import { code, join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

export const POLICY_RULE = 'iam.privileged_actions_without_mfa_condition'

/** The documents of managed policies by ARN: customer managed and AWS managed alike. */
export type PolicyDocuments = ReadonlyMap<string, unknown>

/** Every identity policy that applies to the user, labelled with how it applies. */
export function appliedPolicies(authz: UserAuthz, documents: PolicyDocuments): AppliedPolicy[] {
  const managed = (name: string, arn: string, via?: string): AppliedPolicy => ({
    name,
    document: documents.get(arn),
    ...(via ? { via } : {})
  })
  return [
    ...authz.inline.map(p => ({ name: p.name, via: 'inline', document: p.document })),
    ...authz.attached.map(p => managed(p.name, p.arn)),
    ...authz.groups.flatMap(g => [
      ...g.inline.map(p => ({
        name: p.name,
        via: `inline in group ${g.name}`,
        document: p.document
      })),
      ...g.attached.map(p => managed(p.name, p.arn, `via group ${g.name}`))
    ])
  ]
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)]

/** Combines the verdicts on each action into one fact about the user. */
export function enforcementFact(
  policies: readonly AppliedPolicy[],
  actions: readonly string[],
  groups: readonly string[] = []
): EnforcementFact {
  const each = actions.map(a => [a, mfaEnforcement(policies, a)] as const)
  const of = <K extends Enforcement['kind']>(kind: K) =>
    each.flatMap(([a, e]) =>
      e.kind === kind ? [[a, e as Extract<Enforcement, { kind: K }>] as const] : []
    )
  const notEnforced = of('not-enforced')
  const undecided = of('undecided')
  const enforced = of('enforced')
  const base = {
    actions: [...actions],
    by: unique(enforced.flatMap(([, e]) => e.by)),
    how: enforced.some(([, e]) => e.how === 'deny-without-mfa')
      ? ('deny-without-mfa' as const)
      : enforced.length > 0
        ? ('allow-only-with-mfa' as const)
        : undefined,
    unenforced: notEnforced.map(([a]) => a),
    grantedBy: unique(notEnforced.flatMap(([, e]) => e.grantedBy)),
    missesAccessKeys: enforced.some(([, e]) => e.missesAccessKeys),
    why: undefined,
    groups: [...groups]
  }
  if (notEnforced.length > 0) return { ...base, status: 'not-enforced' }
  if (undecided.length > 0)
    return {
      ...base,
      status: 'undecided',
      why: unique(undecided.map(([, e]) => e.why)).join('; ')
    }
  return { ...base, status: enforced.length > 0 ? 'enforced' : 'not-granted' }
}

const list = (xs: readonly string[]): Md =>
  join(
    xs.map(x => code(x)),
    ', '
  )

/** One line for people: "MFA enforced by RequireMFA (via group admins)" or why not. */
export function enforcementLine(fact: EnforcementFact): Md {
  switch (fact.status) {
    case 'enforced':
      return fact.how === 'deny-without-mfa'
        ? md`MFA enforced by ${list(fact.by)} (denied without MFA)${fact.missesAccessKeys ? md`, for console sessions only: the deny uses \`Bool\`, which requests signed with access keys pass` : md``}`
        : md`MFA enforced: every policy that grants the actions requires MFA (${list(fact.by)})`
    case 'not-enforced':
      return md`not enforced: ${list(fact.unenforced)} allowed without MFA by ${list(fact.grantedBy)}, and no statement conditions them on MFA`
    case 'undecided':
      return md`undecided: ${fact.why ?? 'the policies could not be judged'}`
    default:
      return md`none of the privileged actions checked is granted by its identity policies`
  }
}

export interface PolicyJudgeOptions {
  readonly actions: readonly string[]
  readonly exemptions: readonly Exemption[]
}

function judgeUser(
  row: ReportRow,
  authz: UserAuthz | undefined,
  documents: PolicyDocuments,
  options: PolicyJudgeOptions,
  now: Date
): Finding {
  const base = {
    account: row.accountId,
    user: row.user,
    arn: row.arn,
    isRoot: false,
    rule: POLICY_RULE,
    createdAt: row.createdAt?.toISOString(),
    password: undefined,
    exemption: undefined,
    lapsedExemption: undefined,
    graceEndsAt: undefined
  } as const
  const na = (reason: Md): Finding => ({
    ...base,
    verdict: 'not-applicable',
    severity: undefined,
    remediation: undefined,
    reason
  })
  const canCall = row.passwordEnabled === true || row.activeAccessKeys > 0
  if (!canCall || !authz)
    return na(md`No console password and no active access key: the user cannot call AWS.`)
  const applied = appliedPolicies(authz, documents)
  const fact: EnforcementFact = {
    ...enforcementFact(
      applied,
      options.actions,
      authz.groups.map(g => g.name)
    ),
    ...(applied.some(p => p.document === undefined) ? { incomplete: true } : {})
  }
  const via = privilegedVia(authz, documents)
  if (!via)
    return {
      ...na(md`Not privileged; MFA by policy: ${enforcementLine(fact)}.`),
      enforcement: fact
    }
  const privileged = { ...base, privilegedVia: via, enforcement: fact }
  const keysPass = fact.status === 'enforced' && fact.missesAccessKeys && row.activeAccessKeys > 0
  if ((fact.status === 'enforced' && !keysPass) || fact.status === 'not-granted')
    return {
      ...privileged,
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      reason: md`Privileged (${via}); ${enforcementLine(fact)}.`
    }
  const { active } = findExemption(options.exemptions, row.user, now)
  if (active)
    return {
      ...privileged,
      verdict: 'exempt',
      severity: undefined,
      remediation: undefined,
      exemption: { until: active.until, reason: active.reason, source: active.source },
      reason: exemptReason(active)
    }
  const reason =
    fact.status === 'undecided'
      ? md`Privileged (${via}); whether its privileged actions require MFA is undecided: ${fact.why ?? ''}. It counts as failing until shown otherwise (\`simulate-privileged-actions\` decides it with AWS's own evaluation).`
      : keysPass
        ? md`Privileged (${via}), and its privileged actions do not require MFA with access keys: the deny (${list(fact.by)}) uses \`Bool\` on \`aws:MultiFactorAuthPresent\`, which does not apply to requests signed with its ${count(row.activeAccessKeys, 'active access key')} (they carry no MFA key); use \`BoolIfExists\`.`
        : md`Privileged (${via}), and its privileged actions do not require MFA: ${enforcementLine(fact)}.`
  return {
    ...privileged,
    verdict: 'fail',
    severity: 'medium',
    remediation: 'enforce-mfa-policy',
    reason
  }
}

/**
 * One finding of the rule per IAM user of the report: fail for a privileged user whose privileged
 * actions do not require MFA (or cannot be shown to), pass when they do, not applicable otherwise.
 */
export function policyFindings(
  rows: readonly ReportRow[],
  authz: ReadonlyMap<string, UserAuthz>,
  documents: PolicyDocuments,
  options: PolicyJudgeOptions,
  now: Date
): Finding[] {
  return rows
    .filter(r => !r.isRoot)
    .map(r => judgeUser(r, authz.get(r.user), documents, options, now))
}
