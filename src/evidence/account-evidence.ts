// How one account's verdicts were reached, for reviewers (pure): the credential report, the live
// re-verification, policy analysis and simulation when they ran, and the AWS calls made.
import type { AwsCallCount } from '../aws/call-counter.js'
import type { Finding } from '../core/types.js'

export type { AwsCallCount } from '../aws/call-counter.js'

export interface PolicyAnalysisEvidence {
  /** Users whose identity policies were analysed. */
  readonly users: number
  /** How they were read, e.g. `GetAccountAuthorizationDetails` or `per user`. */
  readonly strategy: string
}

export interface SimulationEvidence {
  /** Users whose privileged actions were simulated with and without MFA. */
  readonly users: number
  /** `iam:SimulatePrincipalPolicy` calls made. */
  readonly calls: number
  readonly actions: readonly string[]
}

/** What the scan of one account records beyond the report and the findings. */
export interface EvidenceFacts {
  readonly awsCalls: readonly AwsCallCount[]
  readonly policyAnalysis?: PolicyAnalysisEvidence
  readonly simulation?: SimulationEvidence
}

export interface AccountEvidence {
  readonly credentialReport: {
    /** `aws`: fetched with `GetCredentialReport`; `file`: a saved report. */
    readonly source: 'aws' | 'file'
    /** `GetCredentialReport`, or the saved file's path. */
    readonly origin: string
    readonly generatedAt: string | null
    /** Identities (rows) the report lists for this account, root included. */
    readonly identities: number
  }
  /** Root judged with `GetAccountSummary` (live), or from the report's MFA column alone. */
  readonly root: 'GetAccountSummary' | 'credential report'
  readonly liveVerification: {
    /** `off`: `verify-live: false`; `offline`: a saved report cannot be checked. */
    readonly status: 'on' | 'off' | 'offline'
    /** Users the report marks failing that were checked live. */
    readonly users: number
    readonly fixed: number
    readonly confirmed: number
    readonly notReverified: number
  }
  readonly policyAnalysis?: PolicyAnalysisEvidence
  readonly simulation?: SimulationEvidence
  /** The AWS calls made for this account, per operation; none for a saved report. */
  readonly awsCalls: readonly AwsCallCount[]
}

export interface EvidenceInput {
  readonly mode: 'live' | 'offline'
  readonly origin: string
  readonly generatedAt: Date | undefined
  readonly identities: number
  readonly rootFactsRead: boolean
  readonly verifyLive: boolean
  /** The account's findings. */
  readonly findings: readonly Finding[]
  readonly facts: EvidenceFacts | undefined
}

export function accountEvidence(input: EvidenceInput): AccountEvidence {
  const checked = input.findings.filter(f => f.live)
  const n = (status: string): number => checked.filter(f => f.live?.status === status).length
  const { facts } = input
  return {
    credentialReport: {
      source: input.mode === 'live' ? 'aws' : 'file',
      origin: input.origin,
      generatedAt: input.generatedAt?.toISOString() ?? null,
      identities: input.identities
    },
    root: input.rootFactsRead ? 'GetAccountSummary' : 'credential report',
    liveVerification: {
      status: input.mode === 'offline' ? 'offline' : input.verifyLive ? 'on' : 'off',
      users: checked.length,
      fixed: n('fixed'),
      confirmed: n('confirmed'),
      notReverified: n('not-reverified')
    },
    ...(facts?.policyAnalysis ? { policyAnalysis: facts.policyAnalysis } : {}),
    ...(facts?.simulation ? { simulation: facts.simulation } : {}),
    awsCalls: facts?.awsCalls ?? []
  }
}

/** All the calls of `evidence`. */
export const totalCalls = (evidence: AccountEvidence): number =>
  evidence.awsCalls.reduce((sum, c) => sum + c.calls, 0)
