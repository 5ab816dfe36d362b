// The report as OCSF 1.x Detection Findings (class 2004), one per failing or exempt finding (the
// identities' MFA findings and the policy findings), in the JSON array layout Prowler writes:
// security lakes and SIEMs load it as it is (pure).
import { mappingsOf } from '../compliance/mappings.js'
import { allFindings } from '../core/all-findings.js'
import { POLICY_RULE } from '../core/policy-findings.js'
import { accountLabel, type AccountScan, type ScanResult } from '../core/scan-result.js'
import type { EnforcementFact, Finding, Severity } from '../core/types.js'
import type { AccountEvidence } from '../evidence/account-evidence.js'
import { RULES } from '../sarif/rules.js'
import { VERSION } from '../version.js'

/** The OCSF release the findings follow. */
export const OCSF_VERSION = '1.8.0'

export const DETECTION_FINDING = { class_uid: 2004, category_uid: 2, activity_id: 1 } as const

const SEVERITY: Record<Severity, { readonly id: number; readonly name: string }> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' }
}

/** OCSF finding status: a failing identity is New; an exempt one was reviewed: Suppressed. */
const STATUS = {
  fail: { id: 1, name: 'New', code: 'FAIL' },
  exempt: { id: 3, name: 'Suppressed', code: 'EXEMPT' }
} as const

const PRODUCT = {
  uid: 'posturio-iam-mfa-check',
  name: 'Posturio IAM MFA check',
  vendor_name: 'Posturio',
  version: VERSION
}

/** Controls by standard, as Prowler lists a finding's compliance: `{ standard: [ids] }`. */
function compliance(f: Finding): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const m of mappingsOf(f.rule)) (out[m.framework] ??= []).push(m.id)
  return out
}

const partitionOf = (arn: string): string => arn.split(':')[1] ?? 'aws'

function resource(f: Finding): object {
  return {
    type: f.isRoot ? 'AWS::::Account' : 'AWS::IAM::User',
    uid: f.arn,
    name: f.isRoot ? 'root' : f.user,
    cloud_partition: partitionOf(f.arn),
    region: 'global',
    group: { name: 'iam' },
    ...(f.owner ? { owner: { name: f.owner } } : {})
  }
}

/** A policy finding rests on the identity policies read live, not on the credential report. */
const fromPolicies = (f: Finding): boolean => f.rule === POLICY_RULE

/** Why the verdict stands: the exemption, the live check, the policies read, or the report alone. */
function statusDetail(f: Finding, scannedAt: string): string {
  if (f.verdict === 'exempt' && f.exemption)
    return `Exempt (${f.exemption.source})${f.exemption.until ? ` until ${f.exemption.until}` : ''}${f.exemption.reason ? `: ${f.exemption.reason}` : ''}`
  if (fromPolicies(f))
    return f.simulation?.reconciled.decidedBy === 'simulation'
      ? `As of IAM's simulation and the policies read live at ${scannedAt}.`
      : `As of the policies read live at ${scannedAt}.`
  if (f.live) return f.live.detail.plain
  return 'As of the credential report.'
}

/** The account's evidence, the few facts a reviewer of this finding needs. */
function evidenceOf(
  e: AccountEvidence | undefined,
  f: Finding,
  scannedAt: string
): object | undefined {
  if (!e) return undefined
  if (fromPolicies(f))
    return {
      basis: 'identity policies read live',
      policies_read_at: scannedAt,
      ...(e.policyAnalysis ? { policy_analysis: e.policyAnalysis } : {}),
      ...(e.simulation ? { simulation: e.simulation } : {}),
      aws_calls: e.awsCalls
    }
  return {
    basis: 'credential report',
    credential_report: e.credentialReport,
    root: e.root,
    live_verification: e.liveVerification,
    ...(e.policyAnalysis ? { policy_analysis: e.policyAnalysis } : {}),
    ...(e.simulation ? { simulation: e.simulation } : {}),
    aws_calls: e.awsCalls
  }
}

/** Whether the identity's policies make its privileged actions require MFA, as read live. */
function enforcementOf(fact: EnforcementFact): object {
  return {
    status: fact.status,
    actions: fact.actions,
    ...(fact.how ? { how: fact.how } : {}),
    by: fact.by,
    granted_by: fact.grantedBy,
    unenforced: fact.unenforced,
    misses_access_keys: fact.missesAccessKeys,
    ...(fact.why ? { why: fact.why } : {}),
    groups: fact.groups
  }
}

/** IAM's simulation of the privileged actions: what it proved, and whether it decided. */
function simulationOf(simulation: NonNullable<Finding['simulation']>): object {
  const { outcome, reconciled } = simulation
  return {
    outcome: outcome.kind,
    ...(outcome.kind === 'proved-not-enforced'
      ? { allowed_without_mfa: outcome.allowedWithoutMfa }
      : {}),
    ...(outcome.kind === 'not-proved' ? { why: outcome.why } : {}),
    ...(outcome.kind === 'not-proved' && outcome.missingPermission
      ? { missing_permission: outcome.missingPermission }
      : {}),
    decided_by: reconciled.decidedBy,
    ...(reconciled.disagreement ? { disagreement: reconciled.disagreement } : {})
  }
}

function detectionFinding(f: Finding, result: ScanResult, scan: AccountScan | undefined): object {
  const status = f.verdict === 'exempt' ? STATUS.exempt : STATUS.fail
  const rule = RULES.find(r => r.id === f.rule)
  const severity = SEVERITY[f.severity ?? rule?.severity ?? 'high']
  const time = Date.parse(result.scannedAt)
  const who = f.isRoot ? 'The root user' : `IAM user ${f.user}`
  const evidence = evidenceOf(scan?.evidence, f, result.scannedAt)
  return {
    ...DETECTION_FINDING,
    activity_name: 'Create',
    category_name: 'Findings',
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING.class_uid * 100 + DETECTION_FINDING.activity_id,
    type_name: 'Detection Finding: Create',
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    status_code: status.code,
    status_detail: statusDetail(f, result.scannedAt),
    is_alert: f.verdict === 'fail',
    message: `${who} in AWS account ${accountLabel(result, f.account)}: ${f.reason.plain}`,
    time,
    time_dt: result.scannedAt,
    finding_info: {
      uid: `${f.account}/${f.isRoot ? '<root>' : f.user}/${f.rule}`,
      title: rule?.short ?? f.rule,
      desc: f.reason.plain,
      types: [f.rule],
      data_sources: fromPolicies(f)
        ? ['AWS IAM identity policies (read live)']
        : ['AWS IAM credential report', ...(f.live ? ['AWS IAM (live re-verification)'] : [])],
      analytic: { uid: f.rule, name: rule?.name ?? f.rule, type_id: 1, type: 'Rule' }
    },
    resources: [resource(f)],
    cloud: {
      provider: 'AWS',
      account: {
        uid: f.account,
        type_id: 10,
        type: 'AWS Account',
        ...(scan?.alias ? { name: scan.alias } : {})
      }
    },
    metadata: {
      version: OCSF_VERSION,
      product: PRODUCT,
      profiles: ['cloud', 'datetime'],
      event_code: f.rule
    },
    ...(rule ? { remediation: { desc: rule.fix.plain } } : {}),
    unmapped: {
      compliance: compliance(f),
      ...(f.privilegedVia ? { privileged_via: f.privilegedVia.plain } : {}),
      ...(f.enforcement ? { mfa_by_policy: enforcementOf(f.enforcement) } : {}),
      ...(f.simulation ? { simulation: simulationOf(f.simulation) } : {}),
      ...(evidence ? { evidence } : {})
    }
  }
}

/** Every failing and exempt finding as a Detection Finding; passing ones are not detections. */
export function ocsfFindings(result: ScanResult): object[] {
  const scans = new Map(result.accountScans.map(a => [a.id, a]))
  return allFindings(result.evaluation)
    .filter(f => f.verdict === 'fail' || f.verdict === 'exempt')
    .map(f => detectionFinding(f, result, scans.get(f.account)))
}
