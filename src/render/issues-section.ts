// The summary section about tracking issues: what was opened, updated, closed and reopened (or
// would be, in a dry run), what waits, what a person accepted, and what failed.
import type { IssueStep } from '../issues/track-issues.js'
import { escapeMarkdown as esc } from './escape.js'

const link = (repoUrl: string | undefined, n: number): string =>
  repoUrl ? `[#${n}](${repoUrl}/issues/${n})` : `#${n}`

export function issuesSection(s: IssueStep): string {
  const lines = ['### Tracking issues', '']
  if (s.status === 'skipped')
    return [...lines, `Not tracked: ${esc(s.reason ?? '')}`, ''].join('\n')
  if (s.status === 'refused' || s.status === 'error')
    return [...lines, `❌ ${esc(s.reason ?? '')}`, ''].join('\n')
  const plan = s.plan
  if (!plan) return ''
  if (s.status === 'dry-run') {
    lines.push(
      `**Dry run** (\`dry-run: true\`): nothing was changed in ${esc(s.repo ?? '')}. The plan:`,
      ''
    )
    for (const op of plan.ops) {
      lines.push(
        `- ${op.kind}${op.kind === 'close' ? ` (${op.reason})` : ''}: ${op.kind === 'create' ? esc(op.title) : link(s.repoUrl, op.number)}`
      )
    }
    if (plan.ops.length === 0) lines.push('- nothing to change')
  } else if (s.applied) {
    const a = s.applied
    lines.push(
      `In ${esc(s.repo ?? '')}: ${a.opened.length} opened, ${a.updated.length} updated, ${a.closed.length} closed, ${a.reopened.length} reopened.`,
      ''
    )
    for (const o of a.opened) lines.push(`- opened [#${o.number}](${o.url}): ${esc(o.title)}`)
    for (const n of a.reopened) lines.push(`- reopened ${link(s.repoUrl, n)}`)
    for (const n of a.closed) lines.push(`- closed ${link(s.repoUrl, n)}`)
    for (const n of a.updated) lines.push(`- updated ${link(s.repoUrl, n)}`)
    for (const f of a.failures) lines.push(`- ❌ ${esc(f)} (the next run retries it)`)
  }
  if (plan.waiting > 0)
    lines.push(
      '',
      `${plan.waiting} more failing user(s) get an issue on later runs (\`max-new-issues\`).`
    )
  if (plan.accepted.length > 0) {
    lines.push('', 'Accepted risk (closed by a person; not reopened):')
    for (const a of plan.accepted) lines.push(`- [#${a.number}](${a.url}): ${esc(a.finding.user)}`)
  }
  return [...lines, ''].join('\n')
}
