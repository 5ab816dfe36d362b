// The check itself: a pure function from credential report rows, options and a clock to findings.
import { DAY_MS, daysBetween } from './dates.js'
import { findExemption, matchesPattern } from './exemption-match.js'
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import type {
  EvaluateOptions,
  Evaluation,
  Finding,
  PasswordFacts,
  ReportRow,
  RootFacts,
  Severity
} from './types.js'

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 }

type Base = Omit<Finding, 'verdict' | 'severity' | 'reason' | 'remediation'>

function base(row: ReportRow, rule: Finding['rule'], password: PasswordFacts | undefined): Base {
  return {
    account: row.accountId,
    user: row.user,
    arn: row.arn,
    isRoot: row.isRoot,
    rule,
    createdAt: row.createdAt?.toISOString(),
    password,
    exemption: undefined,
    lapsedExemption: undefined,
    graceEndsAt: undefined
  }
}

export function passwordFacts(row: ReportRow, inactiveDays: number, now: Date): PasswordFacts {
  const use = row.passwordLastUsed
  const since = use?.kind === 'used' ? use.at : row.createdAt
  const idleMs = since ? now.getTime() - since.getTime() : undefined
  return {
    everUsed: use?.kind === 'used',
    lastUsed: use?.kind === 'used' ? use.at.toISOString() : undefined,
    idleDays: since ? Math.max(0, daysBetween(since, now)) : undefined,
    inactive: idleMs !== undefined && idleMs > inactiveDays * DAY_MS
  }
}

function judgeRoot(row: ReportRow, facts: RootFacts | undefined): Finding {
  const b = base(row, 'iam.root_without_mfa', undefined)
  const pass = (reason: Md): Finding => ({
    ...b,
    verdict: 'pass',
    severity: undefined,
    reason,
    remediation: undefined
  })
  const fail = (reason: Md): Finding => ({
    ...b,
    verdict: 'fail',
    severity: 'critical',
    reason,
    remediation: 'secure-root'
  })
  if (row.mfaActive) return pass(md`The root user has MFA active.`)
  if (!facts) {
    return fail(
      join([
        md`The root user has no MFA. The credential report cannot show whether root still has a password: `,
        md`run \`aws iam get-account-summary\` and read \`AccountPasswordPresent\` (0 = no root password) `,
        md`and \`AccountAccessKeysPresent\`, or run this check with live AWS credentials to decide it.`
      ])
    )
  }
  if (facts.mfaEnabled) {
    return pass(
      md`The root user has MFA enabled (GetAccountSummary, live; the report predates it).`
    )
  }
  if (facts.passwordPresent === false && !facts.accessKeysPresent) {
    return pass(
      md`The root user has no password and no access keys (root credentials removed, e.g. centrally through AWS Organizations), so it cannot sign in.`
    )
  }
  if (facts.passwordPresent) return fail(md`The root user has a console password and no MFA.`)
  if (facts.passwordPresent === undefined) {
    return fail(
      md`The root user has no MFA, and GetAccountSummary did not say whether root has a password: treat it as able to sign in until \`aws iam get-account-summary\` shows \`AccountPasswordPresent\` = 0.`
    )
  }
  return fail(
    md`The root user has no MFA and still has access keys; its password can be recovered by email, so remove the keys and enable MFA (or remove root credentials centrally).`
  )
}

function judgeUser(row: ReportRow, options: EvaluateOptions, now: Date): Finding {
  const password = row.passwordEnabled ? passwordFacts(row, options.inactiveDays, now) : undefined
  const b = base(row, 'iam.users_without_mfa', password)
  if (!row.passwordEnabled) {
    const keys =
      row.activeAccessKeys > 0
        ? md` It has ${count(row.activeAccessKeys, 'active access key')}.`
        : md``
    return {
      ...b,
      verdict: 'not-applicable',
      severity: undefined,
      remediation: undefined,
      reason: md`No console password: an API-only identity that cannot sign in to the console.${keys} Service identities should use IAM roles with short-lived credentials.`
    }
  }
  if (row.mfaActive) {
    return {
      ...b,
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      reason: md`Console password with MFA active.`
    }
  }
  const { active, lapsed } = findExemption(options.exemptions, row.user, now)
  if (active) {
    return {
      ...b,
      verdict: 'exempt',
      severity: undefined,
      remediation: undefined,
      exemption: { until: active.until, reason: active.reason, source: active.source },
      reason: exemptReason(active)
    }
  }
  const lapsedExemption = lapsed?.until ? { until: lapsed.until, source: lapsed.source } : undefined
  const graceEnd = row.createdAt
    ? new Date(row.createdAt.getTime() + options.gracePeriodDays * DAY_MS)
    : undefined
  if (
    options.gracePeriodDays > 0 &&
    password &&
    !password.everUsed &&
    graceEnd &&
    now.getTime() < graceEnd.getTime()
  ) {
    return {
      ...b,
      lapsedExemption,
      verdict: 'pending',
      severity: undefined,
      remediation: 'enroll-mfa',
      graceEndsAt: graceEnd.toISOString(),
      reason: md`New user inside the ${String(options.gracePeriodDays)}-day grace period; the password has never been used.`
    }
  }
  const inactive = password?.inactive ?? false
  const lapsedNote = lapsedExemption
    ? md` Its exemption (${lapsedExemption.source}) lapsed after ${lapsedExemption.until}.`
    : md``
  const usage = !password?.everUsed
    ? md`The console password has never been used`
    : md`The console password was last used ${password.idleDays === undefined ? 'an unknown number of days' : count(password.idleDays, 'day')} ago`
  const idle = inactive ? md`; inactive for over ${count(options.inactiveDays, 'day')}` : md``
  return {
    ...b,
    lapsedExemption,
    verdict: 'fail',
    severity: 'high',
    remediation: inactive ? 'remove-console-password' : 'enroll-mfa',
    reason: md`Console password without MFA. ${usage}${idle}.${lapsedNote}`
  }
}

/** Why an exemption applies, e.g. "Exempt by exempt-users line 2 until 2027-01-31: sealed credentials." */
export function exemptReason(e: {
  readonly source: string
  readonly until: string | undefined
  readonly reason: string | undefined
}): Md {
  const until = e.until ? md` until ${e.until}` : md` with no expiry`
  return md`Exempt by ${e.source}${until}${e.reason ? md`: ${e.reason}` : md``}.`
}

const rank = (f: Finding): number => (f.severity ? SEVERITY_RANK[f.severity] : 9)

/** Equal strings collate equal: only different ones need the (costly) locale comparison. */
const collate = (a: string, b: string): number => (a === b ? 0 : a.localeCompare(b))

export function compareFindings(a: Finding, b: Finding): number {
  return rank(a) - rank(b) || collate(a.account, b.account) || collate(a.user, b.user)
}

/** Judges every row. Findings come sorted: most severe first, then by account and user name. */
export function evaluate(
  rows: readonly ReportRow[],
  options: EvaluateOptions,
  now: Date
): Evaluation {
  const findings = rows
    .map(row => (row.isRoot ? judgeRoot(row, options.rootFacts) : judgeUser(row, options, now)))
    .sort(compareFindings)
  const users = options.exemptions.length > 0 ? rows.filter(r => !r.isRoot).map(r => r.user) : []
  const unusedExemptions = options.exemptions.filter(
    e => !users.some(u => matchesPattern(e.pattern, u))
  )
  return { findings, unusedExemptions }
}
