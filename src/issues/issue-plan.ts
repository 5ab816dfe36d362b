// The planner's data: the issues GitHub lists, the operations planned, and the plan's options.
import type { Finding } from '../core/types.js'
import type { Md } from '../text/markdown.js'
import type { CloseEvidence } from './close-evidence.js'
import type { IssueContext } from './issue-content.js'
import type { CommentMark } from './issue-marker.js'
import type { Ignored } from './triage-issues.js'

export interface ExistingIssue {
  readonly number: number
  readonly state: 'open' | 'closed'
  readonly stateReason: string | null
  readonly labels: readonly string[]
  readonly title: string
  readonly body: string
  readonly url: string
  /** When the issue was opened: the finding's first sighting. */
  readonly createdAt?: string
  readonly assignees?: readonly string[]
  /** Who opened the issue (login); the action acts only on issues its own identity opened. */
  readonly author?: string
}

export type IssueOp =
  | {
      readonly kind: 'create'
      readonly key: string
      readonly title: string
      readonly body: string
      readonly assignee: string | undefined
      readonly finding: Finding
    }
  | {
      readonly kind: 'update'
      readonly number: number
      readonly title: string
      readonly body: string
      /** The owner to assign, when it changed and GitHub accepts it. */
      readonly assignee?: string
    }
  | {
      readonly kind: 'reopen'
      readonly number: number
      readonly comment: string
      /** The comment's hidden marker: a comment already posted for this change is not posted again. */
      readonly mark: CommentMark
      readonly title: string
      readonly body: string
      readonly assignee?: string
    }
  | {
      readonly kind: 'close'
      readonly number: number
      readonly reason: 'completed' | 'not_planned' | 'duplicate'
      readonly comment: string
      readonly mark: CommentMark
      readonly body: string | undefined
    }
  | {
      /** Put the action's label back on an issue a person took it off. */
      readonly kind: 'label'
      readonly number: number
    }

export interface PlanOptions {
  /** The login the action writes as: only issues it opened are acted on. */
  readonly identity: string
  readonly issueLabel: string
  readonly acceptedRiskLabel: string
  /** What this run knows that could back closing an issue as fixed. */
  readonly evidence: CloseEvidence
  /**
   * Whether this run judged MFA strength (`require-phishing-resistant` with live device lists):
   * `off` when the input is off, `unknown` when it is on but a saved report cannot show it.
   */
  readonly strength: 'checked' | 'off' | 'unknown'
  readonly maxNewIssues: number
  /** Accounts whose policies this run read: only their policy-rule issues may change. */
  readonly policyChecked: ReadonlySet<string>
  /** Accounts this run scanned completely; issues of other accounts are not touched. */
  readonly accounts: ReadonlySet<string>
  /** Whether GitHub accepts `login` as an assignee here (teams are never assigned). */
  readonly assignable: (login: string) => boolean
  /** What every issue body needs; the accepted-risk label is this plan's own. */
  readonly context: Omit<IssueContext, 'ownerNotAssignable' | 'acceptedRiskLabel'>
  readonly now: Date
}

export interface IssuePlan {
  readonly ops: readonly IssueOp[]
  /** Failing findings whose new issue waits for a later run (max-new-issues). */
  readonly waiting: number
  /** Issues a person closed as accepted risk (or not planned) while the user still fails. */
  readonly accepted: ReadonlyArray<{
    readonly number: number
    readonly url: string
    readonly finding: Finding
  }>
  /** Issues that would close as fixed, kept open because the evidence is not strong enough. */
  readonly held: ReadonlyArray<{
    readonly number: number
    readonly url: string
    readonly why: Md
    readonly account: string
    readonly user: string
    readonly liveWouldHelp: boolean
  }>
  /** Issues carrying the marker that the action does not act on, and why. */
  readonly ignored: readonly Ignored[]
}
