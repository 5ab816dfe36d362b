// Which accounts' results this run may publish (pure): an account not read whole, with a doubtful
// report, or with issues kept open for want of evidence keeps its alerts as they were.
import type { ScanResult } from '../core/scan-result.js'
import type { IssueStep } from '../issues/track-issues.js'
import { reportDoubts } from '../issues/report-doubts.js'
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

export interface Untouched {
  readonly account: string
  readonly why: Md
}

/** Accounts named one by one in a reason; the summary's accounts table has all of them. */
const MAX_NAMED = 10

/** The accounts this run was asked to scan but may not change anything of, and why. */
export function unsettled(result: ScanResult, settled: ReadonlySet<string>): Untouched[] {
  if (result.accountScans.length === 0) {
    const partial = result.evaluation.partial ?? []
    return partial.length === 0
      ? []
      : result.accounts.map(account => ({
          account,
          why: md`parts of the account could not be read: ${join(partial, '; ')}`
        }))
  }
  return result.accountScans
    .filter(a => !settled.has(a.id))
    .map(a => ({
      account: a.id,
      why: a.reason ?? (a.status === 'incomplete' ? md`not scanned` : md`not read whole`)
    }))
}

/** Why nothing at all is published, when no account was read whole. */
export function holdBackAll(untouched: readonly Untouched[]): Md {
  const [only] = untouched
  if (untouched.length === 1 && only) return only.why
  const named = untouched.slice(0, MAX_NAMED).map(u => md`${u.account}`)
  const more = untouched.length - named.length
  return md`no account was read whole (${join(named, ', ')}${more > 0 ? md` and ${count(more, 'more')}` : md``}; see the warnings)`
}

export interface UploadPlan {
  /** Why nothing is uploaded. */
  readonly blocked: Md | undefined
  /** When only some accounts' runs may be uploaded: those, and why the others are not. */
  readonly only:
    { readonly accounts: ReadonlySet<string>; readonly heldBack: readonly Untouched[] } | undefined
}

function heldText(held: number): Md {
  return md`${count(held, 'tracking issue')} stayed open for want of newer evidence (see the warnings), and the SARIF would close ${held === 1 ? md`its alert` : md`their alerts`}`
}

/** Decides what of the SARIF may reach code scanning. */
export function uploadPlan(
  result: ScanResult,
  issues: IssueStep,
  untouched: readonly Untouched[],
  holdBack: Md | undefined
): UploadPlan {
  if (holdBack) return { blocked: holdBack, only: undefined }
  if (issues.status === 'error')
    return {
      blocked: md`the tracking issues could not be read, so accepted risks are unknown`,
      only: undefined
    }
  // The issue step adds what it knows from the issues; a report's own flaws count without it.
  const doubts = issues.doubtsByAccount ?? reportDoubts(result, [])
  const reasons = new Map<string, Md>()
  for (const account of result.accounts) {
    const left = untouched.find(u => u.account === account)
    const doubted = doubts.get(account) ?? []
    const held = (issues.plan?.held ?? []).filter(h => h.account === account).length
    const why = left
      ? left.why
      : doubted.length > 0
        ? md`the credential report is not plausible for the account (${join(doubted, '; ')}), and its SARIF would close alerts`
        : held > 0
          ? heldText(held)
          : undefined
    if (why) reasons.set(account, why)
  }
  if (reasons.size === 0) return { blocked: undefined, only: undefined }
  const [first] = reasons.values()
  if (reasons.size === result.accounts.length)
    return {
      blocked:
        reasons.size === 1 && first
          ? first
          : md`no account's results may be uploaded (${join(
              [...reasons.keys()].slice(0, MAX_NAMED).map(a => md`${a}`),
              ', '
            )}${reasons.size > MAX_NAMED ? md` and ${count(reasons.size - MAX_NAMED, 'more')}` : md``}; see the warnings)`,
      only: undefined
    }
  return {
    blocked: undefined,
    only: {
      accounts: new Set(result.accounts.filter(a => !reasons.has(a))),
      heldBack: [...reasons].map(([account, why]) => ({ account, why }))
    }
  }
}
