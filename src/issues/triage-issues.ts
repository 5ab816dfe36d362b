// Which listed issues the planner may act on (pure): the action's own issues with a valid marker;
// issues someone else opened with a copied marker, or whose marker was edited, are only named.
import { md, type Md } from '../text/markdown.js'
import type { ExistingIssue } from './issue-plan.js'
import { readMarker, type Marker } from './issue-marker.js'

export type Tracked = ExistingIssue & { readonly marker: Marker }

export interface Ignored {
  readonly number: number
  readonly url: string
  readonly why: Md
}

export interface Triage {
  /** The action's own issues of the accounts this run scanned completely, oldest first. */
  readonly tracked: readonly Tracked[]
  readonly ignored: readonly Ignored[]
  /** Tracked issues that lost the action's label (a person removed it). */
  readonly unlabelled: readonly number[]
}

/**
 * Opened by the action: by its identity now, or by a GitHub App (a `[bot]` login: the workflow's
 * GITHUB_TOKEN before a switch to an app token, or the other way round). A person cannot open an
 * issue as an app, so a copied marker in a person's issue is never taken for the action's.
 */
const openedByAction = (author: string | undefined, identity: string): boolean =>
  author !== undefined &&
  (author.toLowerCase() === identity.toLowerCase() || author.toLowerCase().endsWith('[bot]'))

export function triageIssues(
  existing: readonly ExistingIssue[],
  options: { identity: string; label: string; accounts: ReadonlySet<string> }
): Triage {
  const tracked: Tracked[] = []
  const ignored: Ignored[] = []
  const unlabelled: number[] = []
  const seen = new Set<number>()
  for (const issue of [...existing].sort((a, b) => a.number - b.number)) {
    if (seen.has(issue.number)) continue
    seen.add(issue.number)
    const marker = readMarker(issue.body)
    if (marker === undefined) continue
    if (!openedByAction(issue.author, options.identity)) {
      ignored.push({
        number: issue.number,
        url: issue.url,
        why: md`it carries the action's marker but was opened by ${issue.author ?? 'someone else'}, a person, not by the action (${options.identity}); the action never changes it`
      })
      continue
    }
    if (marker === 'broken') {
      ignored.push({
        number: issue.number,
        url: issue.url,
        why: md`its hidden marker was edited and no longer says what it tracks; the action leaves it as it is (restore the marker or close the issue)`
      })
      continue
    }
    if (!options.accounts.has(marker.account)) continue
    tracked.push({ ...issue, marker })
    if (!issue.labels.some(l => l.toLowerCase() === options.label.toLowerCase()))
      unlabelled.push(issue.number)
  }
  return { tracked, ignored, unlabelled }
}
