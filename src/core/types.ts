// The plain data the pure core works on: parsed report rows, options, and findings.
import type { Reconciled, SimulationOutcome } from '../policy/simulation.js'
import type { Md } from '../text/markdown.js'

export type Verdict = 'fail' | 'pending' | 'exempt' | 'pass' | 'not-applicable'
export type Severity = 'critical' | 'high' | 'medium' | 'low'
export type RuleId =
  | 'iam.users_without_mfa'
  | 'iam.privileged_users_without_mfa'
  | 'iam.root_without_mfa'
  | 'iam.users_without_phishing_resistant_mfa'
  | 'iam.root_without_hardware_mfa'
  | 'iam.privileged_actions_without_mfa_condition'
  | 'iam.console_user_without_mfa_guardrail'

/** FIDO security key (`u2f` serial), hardware TOTP (plain serial), or virtual (`:mfa/` serial). */
export type MfaKind = 'fido' | 'hardware-totp' | 'virtual'

/** What a live check of one user found, after the report was generated. */
export interface LiveCheck {
  /** `fixed`: MFA enrolled or console access removed since the report; `confirmed`: still failing. */
  readonly status: 'fixed' | 'confirmed' | 'not-reverified'
  readonly detail: Md
  readonly checkedAt: string
}

export const ROOT_USER = '<root_account>'

/** When a console password was last used: a time, or never (`no_information`). */
export type PasswordUse = { kind: 'used'; at: Date } | { kind: 'never' }

/** One credential report row, typed. Values AWS does not supply for a row are `undefined`. */
export interface ReportRow {
  readonly user: string
  readonly arn: string
  readonly accountId: string
  readonly isRoot: boolean
  readonly createdAt: Date | undefined
  /** `undefined` for root (`not_supported`): the report cannot tell. */
  readonly passwordEnabled: boolean | undefined
  /** `undefined` when there is no password (`N/A`) or AWS does not say. */
  readonly passwordLastUsed: PasswordUse | undefined
  readonly mfaActive: boolean
  readonly activeAccessKeys: number
}

export interface CredentialReport {
  readonly rows: readonly ReportRow[]
  /** When AWS generated the report; `undefined` for an offline CSV that does not say. */
  readonly generatedAt: Date | undefined
  readonly source: 'aws' | 'file'
  /** Where the report came from, for people: the file path, or "GetCredentialReport". */
  readonly origin: string
}

/** What GetAccountSummary says about root; only known when credentials are live. */
export interface RootFacts {
  /** `undefined` when GetAccountSummary leaves AccountPasswordPresent out. */
  readonly passwordPresent: boolean | undefined
  readonly mfaEnabled: boolean
  readonly accessKeysPresent: boolean
}

export interface Exemption {
  readonly pattern: string
  /** Last day (UTC, inclusive) the exemption applies; `undefined` = no expiry. */
  readonly until: string | undefined
  readonly reason: string | undefined
  /** Where it was declared, for messages: e.g. `exempt-users line 3`. */
  readonly source: string
}

export interface EvaluateOptions {
  readonly gracePeriodDays: number
  readonly inactiveDays: number
  readonly exemptions: readonly Exemption[]
  /** GetAccountSummary facts; `undefined` offline. */
  readonly rootFacts: RootFacts | undefined
}

export interface PasswordFacts {
  readonly everUsed: boolean
  readonly lastUsed: string | undefined
  /** Days since last use, or since creation when never used. */
  readonly idleDays: number | undefined
  readonly inactive: boolean
}

export interface Finding {
  readonly account: string
  readonly user: string
  readonly arn: string
  readonly isRoot: boolean
  readonly verdict: Verdict
  /** Set for `fail` findings only. */
  readonly severity: Severity | undefined
  readonly rule: RuleId
  /** One sentence for people: why this verdict. */
  readonly reason: Md
  readonly createdAt: string | undefined
  readonly password: PasswordFacts | undefined
  readonly remediation:
    | 'enroll-mfa'
    | 'remove-console-password'
    | 'secure-root'
    | 'add-security-key'
    | 'enforce-mfa-policy'
    | 'replace-root-virtual-mfa'
    | undefined
  readonly exemption:
    | {
        readonly until: string | undefined
        readonly reason: string | undefined
        readonly source: string
      }
    | undefined
  /** An exemption that matched but has expired. */
  readonly lapsedExemption: { readonly until: string; readonly source: string } | undefined
  /** For `pending`: when the grace period ends. */
  readonly graceEndsAt: string | undefined
  /** Live re-verification of a user the report marks failing. */
  readonly live?: LiveCheck
  /** The policy that makes a failing user privileged, e.g. `group admins: AdministratorAccess`. */
  readonly privilegedVia?: Md
  /** GitHub login or `org/team` from the owner tag, validated. */
  readonly owner?: string
  /** Why the owner tag was not used (malformed value), for people. */
  readonly ownerProblem?: Md
  /** Kinds of enrolled MFA devices, when they were listed. */
  readonly mfaKinds?: readonly MfaKind[]
  /** Whether the user's identity policies make privileged actions require MFA (read live). */
  readonly enforcement?: EnforcementFact
  /** IAM's simulation of the privileged actions without and with MFA, and what it decided. */
  readonly simulation?: { readonly outcome: SimulationOutcome; readonly reconciled: Reconciled }
}

/** What the user's identity policies say about MFA for the privileged actions judged. */
export interface EnforcementFact {
  /** `not-granted`: none of the actions is allowed, so MFA does not matter for them. */
  readonly status: 'enforced' | 'not-enforced' | 'undecided' | 'not-granted'
  /** The actions judged, e.g. `iam:CreateUser`. */
  readonly actions: readonly string[]
  /** Enforced: the policies that make MFA a condition, e.g. `RequireMFA (via group admins)`. */
  readonly by: readonly string[]
  readonly how: 'deny-without-mfa' | 'allow-only-with-mfa' | undefined
  /** Not enforced: the actions allowed without MFA, and the policies that allow them. */
  readonly unenforced: readonly string[]
  readonly grantedBy: readonly string[]
  /** The deny uses `Bool`: requests signed with long-term access keys carry no MFA key and pass. */
  readonly missesAccessKeys: boolean
  /** Undecided: why. */
  readonly why: string | undefined
  /** The user's groups, where the fix can be attached. */
  readonly groups: readonly string[]
  /** A policy of the user's could not be read: what it says is not known. */
  readonly incomplete?: boolean
}

export interface Evaluation {
  readonly findings: readonly Finding[]
  /** Exemptions that matched no user in the report. */
  readonly unusedExemptions: readonly Exemption[]
  /** Problems found while enriching findings (malformed tags, checks that could not run). */
  readonly notes?: readonly Md[]
  /**
   * Why parts of the account could not be read (policies and tags, MFA devices). Verdicts then rest
   * on less than the whole account, so nothing that would close an alert or an issue is published.
   */
  readonly partial?: readonly Md[]
  /**
   * Rule `iam.privileged_actions_without_mfa_condition`, one finding per IAM user, when the
   * policies were read (live); `undefined` when they were not (offline, or the read failed).
   */
  readonly policyFindings?: readonly Finding[]
  /** How the policies were read, and the simulation when it ran: evidence for reviewers. */
  readonly policyRead?: {
    readonly users: number
    readonly strategy: string
    readonly simulation?: {
      readonly users: number
      readonly calls: number
      readonly actions: readonly string[]
    }
  }
}
