// Merging the accounts of a run into one result (pure): every account's findings, the overall score,
// and each account's own status, report and score.
import type { Inputs } from '../config/inputs.js'
import { compareFindings } from '../core/evaluate.js'
import { posture } from '../core/posture.js'
import type { AccountScan, ReportInfo, ScanResult } from '../core/scan-result.js'
import type { Evaluation, Exemption, Finding, LiveCheck } from '../core/types.js'
import { accountEvidence } from '../evidence/account-evidence.js'
import type { Recheck } from '../issues/track-issues.js'
import { join, md, prose, type Md } from '../text/markdown.js'
import type { AccountOutcome } from './scan-accounts.js'
import type { ScannedAccount } from './scan-account.js'

type Settings = Pick<
  Inputs,
  'gracePeriodDays' | 'inactiveDays' | 'failOn' | 'requirePhishingResistant' | 'verifyLive'
>

function reportInfo(s: ScannedAccount, now: Date): ReportInfo {
  const at = s.gathered.generatedAt
  return {
    origin: s.gathered.origin,
    generatedAt: at?.toISOString(),
    ageMs: at ? now.getTime() - at.getTime() : undefined
  }
}

/** The accounts a scan's report covers: its rows' accounts, and the caller's. */
function accountsOf(s: ScannedAccount): string[] {
  return [
    ...new Set([
      ...s.gathered.rows.map(r => r.accountId),
      ...(s.gathered.callerAccount ? [s.gathered.callerAccount] : [])
    ])
  ].sort()
}

function scanOf(
  id: string,
  s: ScannedAccount,
  findings: readonly Finding[],
  now: Date,
  verifyLive: boolean
): AccountScan {
  const partial = s.evaluation.partial ?? []
  return {
    id,
    alias: s.gathered.alias,
    status: partial.length > 0 ? 'partial' : 'complete',
    reason:
      partial.length > 0
        ? md`parts of the account could not be read: ${join(partial, '; ')}`
        : undefined,
    report: reportInfo(s, now),
    posture: posture(findings),
    evidence: accountEvidence({
      mode: s.gathered.mode,
      origin: s.gathered.origin,
      generatedAt: s.gathered.generatedAt,
      identities: s.gathered.rows.filter(r => r.accountId === id).length,
      rootFactsRead: s.gathered.rootFacts !== undefined,
      verifyLive,
      findings,
      facts: s.evidence
    })
  }
}

/** Exemptions no scanned account used. */
function unusedEverywhere(evaluations: readonly Evaluation[]): Exemption[] {
  const [first, ...rest] = evaluations
  return (first?.unusedExemptions ?? []).filter(e =>
    rest.every(r => r.unusedExemptions.includes(e))
  )
}

function failedScan(o: Extract<AccountOutcome, { kind: 'failed' }>): AccountScan {
  return {
    id: o.target.account ?? 'unknown',
    alias: undefined,
    status: 'incomplete',
    reason: md`${prose(o.error.message.replace(/\.$/, ''))}`,
    report: undefined,
    posture: undefined
  }
}

/** The accounts' policy findings, when any account's policies were read. */
function policyOf(scanned: readonly ScannedAccount[]): Pick<Evaluation, 'policyFindings'> {
  if (!scanned.some(s => s.evaluation.policyFindings)) return {}
  const all = scanned.flatMap(s => s.evaluation.policyFindings ?? [])
  return { policyFindings: all.sort(compareFindings) }
}

export function mergeScans(
  outcomes: readonly AccountOutcome[],
  settings: Settings,
  now: Date
): ScanResult {
  const scanned = outcomes.flatMap(o => (o.kind === 'scanned' ? [o.scanned] : []))
  // Most severe first across accounts, as within one (max-new-issues and fail-on rely on it).
  const findings = scanned.flatMap(s => s.evaluation.findings).sort(compareFindings)
  // One account scanned alone keeps its own evaluation (its partial reads included).
  const single = outcomes.length === 1 && scanned.length === 1 ? scanned[0] : undefined
  const accountScans = outcomes.flatMap(o =>
    o.kind === 'failed'
      ? [failedScan(o)]
      : accountsOf(o.scanned).map(id =>
          scanOf(
            id,
            o.scanned,
            o.scanned.evaluation.findings.filter(f => f.account === id),
            now,
            settings.verifyLive
          )
        )
  )
  const label = (s: ScannedAccount): Md => md`${s.gathered.callerAccount ?? ''}: `
  const evaluation: Evaluation = single
    ? single.evaluation
    : {
        findings,
        ...policyOf(scanned),
        unusedExemptions: unusedEverywhere(scanned.map(s => s.evaluation)),
        notes: scanned.flatMap(s => (s.evaluation.notes ?? []).map(n => md`${label(s)}${n}`))
      }
  const reports = scanned.map(s => reportInfo(s, now))
  const oldest = reports
    .filter(r => r.generatedAt !== undefined)
    .sort((a, b) => Date.parse(a.generatedAt ?? '') - Date.parse(b.generatedAt ?? ''))[0]
  const first = scanned[0]
  return {
    check: 'iam.users_without_mfa',
    accounts: [...new Set(scanned.flatMap(accountsOf))].sort(),
    accountScans,
    scannedAt: now.toISOString(),
    mode: first?.gathered.mode ?? 'live',
    report: oldest ??
      reports[0] ?? { origin: 'GetCredentialReport', generatedAt: undefined, ageMs: undefined },
    evaluation,
    posture: posture(findings),
    liveChecks: first?.gathered.mode === 'offline' ? 'offline' : settings.verifyLive ? 'on' : 'off',
    settings: {
      gracePeriodDays: settings.gracePeriodDays,
      inactiveDays: settings.inactiveDays,
      failOn: settings.failOn,
      requirePhishingResistant: settings.requirePhishingResistant
    }
  }
}

/** Live checks for the issue step, each user checked with its own account's credentials. */
export function recheckAll(outcomes: readonly AccountOutcome[]): Recheck | undefined {
  const checks = outcomes.flatMap(o =>
    o.kind === 'scanned' && o.scanned.recheck ? [o.scanned.recheck] : []
  )
  if (checks.length === 0) return undefined
  if (checks.length === 1) return checks[0]
  return async users => {
    const merged = new Map<string, LiveCheck>()
    for (const check of checks) for (const [k, v] of await check(users)) merged.set(k, v)
    return merged
  }
}
