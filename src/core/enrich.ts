// Applying live facts to report-based findings (pure): fixes since the report, tag exemptions,
// owners, privilege, and MFA strength. Findings come back re-sorted, most severe first.
import { compareFindings, exemptReason } from './evaluate.js'
import { join, md, type Md } from '../text/markdown.js'
import { parseExemptTag } from './exempt-tag.js'
import { isExpired } from './exemption-match.js'
import { isPhishingResistant, MFA_KIND_NAMES } from './mfa-devices.js'
import { parseOwnerTag } from './owner.js'
import { privilegedVia, type UserAuthz } from './privilege.js'
import type { Evaluation, Finding, LiveCheck, MfaKind } from './types.js'

export interface LiveFacts {
  /** Live re-verification of report-failing users; empty when it was off. */
  readonly checks: ReadonlyMap<string, LiveCheck & { kinds?: MfaKind[] }>
  readonly authz: ReadonlyMap<string, UserAuthz>
  readonly localPolicies: ReadonlyMap<string, unknown>
  /** Device kinds of passing console users; only listed when phishing resistance is required. */
  readonly devices: ReadonlyMap<string, readonly MfaKind[]>
  readonly notes: readonly Md[]
}

export interface EnrichOptions {
  readonly ownerTag: string
  readonly exemptTag: string
  readonly requirePhishingResistant: boolean
}

function enrichFailing(
  f: Finding,
  facts: LiveFacts,
  options: EnrichOptions,
  now: Date,
  notes: Md[]
): Finding {
  const live = facts.checks.get(f.user)
  if (live?.status === 'fixed') {
    const fixed: Finding = {
      ...f,
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      live: { status: live.status, detail: live.detail, checkedAt: live.checkedAt },
      reason: md`Fixed since the report was generated: ${live.detail}.`
    }
    return live.kinds ? judgeStrength(fixed, live.kinds, options) : fixed
  }
  let out: Finding = live
    ? { ...f, live: { status: live.status, detail: live.detail, checkedAt: live.checkedAt } }
    : f
  const authz = facts.authz.get(f.user)
  if (!authz) return out
  const ownerValue = authz.tags[options.ownerTag]
  if (ownerValue !== undefined) {
    const parsed = parseOwnerTag(options.ownerTag, ownerValue)
    out =
      'owner' in parsed ? { ...out, owner: parsed.owner } : { ...out, ownerProblem: parsed.problem }
  }
  const via = privilegedVia(authz, facts.localPolicies)
  const exemptValue = authz.tags[options.exemptTag]
  if (exemptValue !== undefined && via) {
    notes.push(
      md`${f.user} is privileged (${via}), so its ${options.exemptTag} tag is ignored: exempt a privileged user only through the reviewed \`exempt-users\` input.`
    )
  } else if (exemptValue !== undefined) {
    const parsed = parseExemptTag(options.exemptTag, f.user, exemptValue)
    if ('problem' in parsed) notes.push(parsed.problem)
    else if (!isExpired(parsed.exemption, now)) {
      const e = parsed.exemption
      return {
        ...out,
        verdict: 'exempt',
        severity: undefined,
        remediation: undefined,
        exemption: { until: e.until, reason: e.reason, source: e.source },
        reason: exemptReason(e)
      }
    } else if (parsed.exemption.until) {
      out = {
        ...out,
        lapsedExemption: { until: parsed.exemption.until, source: parsed.exemption.source }
      }
    }
  }
  if (via) {
    out = {
      ...out,
      rule: 'iam.privileged_users_without_mfa',
      severity: 'critical',
      privilegedVia: via,
      reason: md`Privileged (${via}). ${out.reason}`
    }
  }
  return out
}

/** Judges MFA strength from the devices listed live; a user with MFA in the report but no device now fails. */
function judgeStrength(
  f: Finding,
  kinds: readonly MfaKind[] | undefined,
  options: EnrichOptions
): Finding {
  if (!kinds) return f
  const withKinds: Finding = { ...f, mfaKinds: kinds }
  if (kinds.length === 0) {
    return {
      ...withKinds,
      verdict: 'fail',
      severity: 'high',
      rule: 'iam.users_without_mfa',
      remediation: 'enroll-mfa',
      reason: md`The report shows MFA, but no MFA device is enrolled now (listed live): console password without MFA.`
    }
  }
  if (!options.requirePhishingResistant || isPhishingResistant(kinds)) return withKinds
  return {
    ...withKinds,
    verdict: 'fail',
    severity: 'medium',
    rule: 'iam.users_without_phishing_resistant_mfa',
    remediation: 'add-security-key',
    reason: md`MFA is active but only ${join(
      [...new Set(kinds)].map(k => md`a ${MFA_KIND_NAMES[k]}`),
      ' and '
    )}, which a phishing site can relay; add a FIDO security key or passkey.`
  }
}

export function enrichFindings(
  evaluation: Evaluation,
  facts: LiveFacts,
  options: EnrichOptions,
  now: Date
): Evaluation {
  const notes = [...(evaluation.notes ?? []), ...facts.notes]
  const findings = evaluation.findings.map(f => {
    if (f.isRoot) return f
    if (f.verdict === 'fail') return enrichFailing(f, facts, options, now, notes)
    if (f.verdict === 'pass' && f.password)
      return judgeStrength(f, facts.devices.get(f.user), options)
    return f
  })
  return { ...evaluation, findings: [...findings].sort(compareFindings), notes }
}
