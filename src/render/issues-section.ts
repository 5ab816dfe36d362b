// What happened to the tracking issues: one line for "This run", and a list of the issues changed
// (or that would be, in a dry run), waiting, accepted as a risk, or failed.
import type { IssueStep } from '../issues/track-issues.js'
import { code, join, link, lines, md, prose, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { untouchedSentence } from './left-alone.js'

/** A link to issue `n` (its number as words when the repository is unknown). */
export const issueRef = (repoUrl: string | undefined, n: number): Md =>
  repoUrl ? link(`#${n}`, `${repoUrl}/issues/${n}`) : md`issue ${String(n)}`

/** The line, then the accounts whose issues were left alone when there are any (`label` names them). */
export function issuesLine(s: IssueStep, label: (account: string) => string = a => a): Md {
  const line = stepLine(s)
  const untouched = untouchedSentence(s.untouched, label)
  return untouched ? md`${line} ${untouched}` : line
}

function stepLine(s: IssueStep): Md {
  const head = md`**Tracking issues:**`
  if (s.status === 'skipped') return md`${head} not tracked: ${s.reason ?? md``}`
  if (s.status === 'refused' || s.status === 'error') return md`${head} ❌ ${s.reason ?? md``}`
  const plan = s.plan
  if (!plan) return md`${head} nothing to do.`
  const repo = md`${s.repo ?? ''}`
  if (s.status === 'dry-run')
    return md`${head} dry run (\`dry-run: true\`): nothing was changed in ${repo}; ${count(plan.ops.length, 'change')} planned (listed below).`
  const a = s.applied
  if (!a) return md`${head} nothing to do.`
  const changed = a.opened.length + a.updated.length + a.closed.length + a.reopened.length
  const failed = a.failures.length > 0 ? md`; ❌ ${count(a.failures.length, 'write')} failed` : md``
  if (changed === 0 && a.failures.length === 0)
    return md`${head} in ${repo}, all up to date: nothing changed.`
  return md`${head} in ${repo}, ${String(a.opened.length)} opened, ${String(a.updated.length)} updated, ${String(a.closed.length)} closed, ${String(a.reopened.length)} reopened${failed}.`
}

/** Items listed per kind at most, so a first run after an upgrade cannot flood the summary. */
export const MAX_LISTED = 50

/** Up to `max` items, then how many more. */
export function bounded(items: readonly Md[], more: (n: number) => Md, max = MAX_LISTED): Md[] {
  const shown = items.slice(0, max)
  return items.length > max ? [...shown, more(items.length - max)] : shown
}

/** One line of issue links for a kind of change, e.g. "closed: #3, #4". */
function refsLine(kind: string, numbers: readonly number[], repoUrl: string | undefined): Md[] {
  if (numbers.length === 0) return []
  const refs = bounded(
    numbers.map(n => issueRef(repoUrl, n)),
    n => md`and ${String(n)} more`
  )
  return [md`- ${kind}: ${join(refs, ', ')}`]
}

/** The list of issues, or undefined when there is nothing to list. */
export function issuesSection(s: IssueStep): Md | undefined {
  const plan = s.plan
  if (!plan || (s.status !== 'applied' && s.status !== 'dry-run')) return undefined
  const items: Md[] = []
  const more = (n: number): Md => md`- and ${String(n)} more`
  if (s.status === 'dry-run') {
    const planned = plan.ops.map(op => {
      const what = op.kind === 'close' ? md`close (${op.reason.replace('_', ' ')})` : md`${op.kind}`
      return md`- would ${what}: ${op.kind === 'create' ? md`${op.title}` : issueRef(s.repoUrl, op.number)}`
    })
    items.push(...bounded(planned, more))
  } else if (s.applied) {
    const a = s.applied
    const opened = a.opened.map(o => md`- opened ${link(`#${o.number}`, o.url)}: ${o.title}`)
    items.push(...bounded(opened, more))
    items.push(...refsLine('reopened', a.reopened, s.repoUrl))
    items.push(...refsLine('closed', a.closed, s.repoUrl))
    items.push(...refsLine('updated', a.updated, s.repoUrl))
    const failed = a.failures.map(f => md`- ❌ ${prose(f)} (the next run retries it)`)
    items.push(...bounded(failed, more))
  }
  if (plan.waiting > 0)
    items.push(
      md`- ${count(plan.waiting, 'more failing user')} will get an issue on later runs (\`max-new-issues\`).`
    )
  const accepted = plan.accepted.map(
    a =>
      md`- accepted risk, closed by a person and not reopened: ${link(`#${a.number}`, a.url)} (${a.finding.isRoot ? md`root user` : code(a.finding.user)})`
  )
  items.push(...bounded(accepted, more))
  if (items.length === 0) return undefined
  return lines(md`### Tracking issues`, md``, join(items, '\n'))
}
