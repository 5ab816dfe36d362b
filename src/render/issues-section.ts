// What happened to the tracking issues: one line for "This run", and a list of the issues changed
// (or that would be, in a dry run), waiting, accepted as a risk, or failed.
import type { IssueStep } from '../issues/track-issues.js'
import { join, link, lines, md, prose, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

const ref = (repoUrl: string | undefined, n: number): Md =>
  repoUrl ? link(`#${n}`, `${repoUrl}/issues/${n}`) : md`issue ${String(n)}`

export function issuesLine(s: IssueStep): Md {
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

/** The list of issues, or undefined when there is nothing to list. */
export function issuesSection(s: IssueStep): Md | undefined {
  const plan = s.plan
  if (!plan || (s.status !== 'applied' && s.status !== 'dry-run')) return undefined
  const items: Md[] = []
  if (s.status === 'dry-run') {
    for (const op of plan.ops) {
      const what = op.kind === 'close' ? md`close (${op.reason.replace('_', ' ')})` : md`${op.kind}`
      items.push(
        md`- would ${what}: ${op.kind === 'create' ? md`${op.title}` : ref(s.repoUrl, op.number)}`
      )
    }
  } else if (s.applied) {
    const a = s.applied
    for (const o of a.opened) items.push(md`- opened ${link(`#${o.number}`, o.url)}: ${o.title}`)
    for (const n of a.reopened) items.push(md`- reopened ${ref(s.repoUrl, n)}`)
    for (const n of a.closed) items.push(md`- closed ${ref(s.repoUrl, n)}`)
    for (const n of a.updated) items.push(md`- updated ${ref(s.repoUrl, n)}`)
    for (const f of a.failures) items.push(md`- ❌ ${prose(f)} (the next run retries it)`)
  }
  if (plan.waiting > 0)
    items.push(
      md`- ${count(plan.waiting, 'more failing user')} will get an issue on later runs (\`max-new-issues\`).`
    )
  for (const a of plan.accepted)
    items.push(
      md`- accepted risk, closed by a person and not reopened: ${link(`#${a.number}`, a.url)} (${a.finding.user})`
    )
  if (items.length === 0) return undefined
  return lines(md`### Tracking issues`, md``, join(items, '\n'))
}
