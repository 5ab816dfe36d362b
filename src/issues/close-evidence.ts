// Whether the evidence of this run may close a tracking issue as fixed (pure): only evidence newer
// than what last confirmed the finding, from a report that is plausible, or a live check.
import type { Finding, LiveCheck } from '../core/types.js'
import { md, type Md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import type { Marker } from './issue-marker.js'

export interface CloseEvidence {
  /** When AWS generated the credential report of this run (unknown for some saved files). */
  readonly reportGeneratedAt: string | undefined
  /** With several accounts, each account's own report time (then `reportGeneratedAt` is not used). */
  readonly reportGeneratedAtOf?: (account: string) => string | undefined
  /** Why the report cannot be trusted to show a fix, per account (empty: plausible). */
  readonly doubts: ReadonlyMap<string, readonly Md[]>
  /** Live checks made for users whose issue would close, by `liveKey`. */
  readonly live: ReadonlyMap<string, LiveCheck>
  /** Root's facts were read live this run (`GetAccountSummary`). */
  readonly rootLive: boolean
}

export const NO_EVIDENCE: CloseEvidence = {
  reportGeneratedAt: undefined,
  doubts: new Map(),
  live: new Map(),
  rootLive: false
}

/** When the report of `account` was generated. */
export function generatedAtFor(
  x: {
    readonly reportGeneratedAt?: string | undefined
    readonly reportGeneratedAtOf?: (account: string) => string | undefined
  },
  account: string
): string | undefined {
  return x.reportGeneratedAtOf ? x.reportGeneratedAtOf(account) : x.reportGeneratedAt
}

export const liveKey = (account: string, user: string): string => `${account}/${user.toLowerCase()}`

export type Backing =
  | { readonly ok: true; readonly live: LiveCheck | undefined }
  | {
      readonly ok: false
      readonly why: Md
      /** A live check of the user could settle it (the report alone cannot). */
      readonly liveWouldHelp: boolean
    }

interface Tracked {
  readonly marker: Marker
  readonly createdAt?: string
}

/** When the finding was last confirmed: the marker's evidence time, never before the issue opened. */
export function confirmedAt(issue: Tracked): string | undefined {
  const times = [issue.marker.seen, issue.createdAt]
    .filter((t): t is string => t !== undefined && !Number.isNaN(Date.parse(t)))
    .sort((a, b) => Date.parse(a) - Date.parse(b))
  return times.at(-1)
}

/**
 * What backs closing `issue` as fixed, given this run's finding for its identity (undefined when
 * the identity is not in the report at all).
 */
export function backing(
  issue: Tracked,
  finding: Finding | undefined,
  user: { account: string; user: string; isRoot: boolean },
  evidence: CloseEvidence
): Backing {
  const live =
    finding?.live?.status === 'fixed'
      ? finding.live
      : evidence.live.get(liveKey(user.account, user.user))
  if (live?.status === 'fixed') return { ok: true, live }
  if (live?.status === 'confirmed')
    return {
      ok: false,
      why: md`this run's report shows it fixed, but a live check still sees it failing (${live.detail})`,
      liveWouldHelp: false
    }
  if (user.isRoot && finding && evidence.rootLive) return { ok: true, live: undefined }
  const doubts = evidence.doubts.get(user.account) ?? []
  const liveWouldHelp = !user.isRoot && live === undefined
  if (doubts.length > 0)
    return {
      ok: false,
      why: md`this run sees it fixed, but the credential report is not plausible for this account (${doubts[0] ?? md``}), so it closes nothing`,
      liveWouldHelp
    }
  const bar = confirmedAt(issue)
  const generated = generatedAtFor(evidence, user.account)
  if (!generated)
    return {
      ok: false,
      why: md`this run sees it fixed, but the credential report's generation time is unknown, so it cannot show a fix made after the finding was last confirmed${bar ? md` (${formatTime(bar)})` : md``}; save the report as the CLI's JSON, which records it`,
      liveWouldHelp
    }
  if (bar && Date.parse(generated) <= Date.parse(bar))
    return {
      ok: false,
      why: md`this run sees it fixed, but its credential report was generated ${formatTime(generated)}, before the finding was last confirmed (${formatTime(bar)}), so it cannot show a fix made since; a report generated later closes it`,
      liveWouldHelp
    }
  return { ok: true, live: undefined }
}
