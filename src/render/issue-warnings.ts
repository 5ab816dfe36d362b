// Warnings from the issue step: closes held back for want of evidence, issues carrying the marker
// that the action leaves alone, and changes made without their comment.
import type { IssueStep } from '../issues/track-issues.js'
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { bounded, issueRef } from './issues-section.js'

/** Issues named one by one at most; the rest are counted. */
const MAX_NAMED = 10

const ref = (s: IssueStep, n: number): Md => issueRef(s.repoUrl, n)
const more =
  (what: string) =>
  (n: number): Md =>
    md`${count(n, what)}, listed in the log.`

export function issueWarnings(s: IssueStep): Md[] {
  const plan = s.plan
  if (!plan) return []
  const held = plan.held.map(
    h =>
      md`${ref(s, h.number)} stays open: ${h.why}.${h.liveWouldHelp ? md` A run with live AWS credentials checks the user directly.` : md``}`
  )
  const ignored = plan.ignored.map(i => md`${ref(s, i.number)} is left alone: ${i.why}.`)
  const uncommented = s.applied?.uncommented ?? []
  const silent =
    uncommented.length > 0
      ? [
          md`GitHub refused the action's comment on ${join(
            uncommented.map(u => md`${u}`),
            ', '
          )} (locked, or comments limited); the change was made without it.`
        ]
      : []
  return [
    ...bounded(held, more('more held issue'), MAX_NAMED),
    ...bounded(ignored, more('more ignored issue'), MAX_NAMED),
    ...silent
  ]
}
