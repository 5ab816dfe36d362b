// The job summary of a run over several accounts: the organisation's headline, its accounts worst
// first, the findings account by account, then warnings, this run and the fixes; under GitHub's 1 MiB.
import { policySection } from './policy-section.js'
import type { ScanResult } from '../core/scan-result.js'
import { join, md, type Md } from '../text/markdown.js'
import { accountFindings } from './account-findings.js'
import { accountsHeadline, accountsMetaLine } from './accounts-headline.js'
import { accountsTable, failingByAccount, worstFirst } from './accounts-table.js'
import { bytes } from './clip.js'
import { issuesSection } from './issues-section.js'
import { runSection } from './run-section.js'
import { countsTable, scoreLine } from './score-lines.js'
import { evidenceSection } from './evidence-section.js'
import { guidanceSection, section, warningsSection } from './sections.js'
import type { SummaryContext } from './summary-context.js'
import { summaryWarnings } from './warnings.js'

/** GitHub drops a step summary over 1 MiB (1,048,576 bytes); this leaves room to spare. */
export const SUMMARY_MAX_BYTES = 1_000_000
/** The accounts table at most (bytes): about 2,000 accounts with long reasons. */
export const ACCOUNTS_TABLE_BYTES = 250_000
/** The findings, account by account, at most (bytes). */
export const FINDINGS_MAX_BYTES = 600_000

const joined = (parts: ReadonlyArray<Md | undefined>): Md =>
  join(
    parts.filter((p): p is Md => p !== undefined),
    '\n\n'
  )

/** Renders the summary of several accounts as GitHub-flavoured Markdown. */
export function renderAccountsSummary(r: ScanResult, ctx: SummaryContext): string {
  const failingBy = failingByAccount(r)
  const ordered = worstFirst(r.accountScans, failingBy)
  const failing = r.evaluation.findings.filter(f => f.verdict === 'fail')
  const pending = r.evaluation.findings.filter(f => f.verdict === 'pending')
  const head = joined([
    md`## ${accountsHeadline(r)}`,
    join([scoreLine(r), accountsMetaLine(r)], '<br>\n'),
    countsTable(r),
    section('Accounts', accountsTable(ordered, failingBy, ACCOUNTS_TABLE_BYTES))
  ])
  const tail = joined([
    policySection(r),
    warningsSection(ctx.warnings ?? summaryWarnings(r)),
    runSection(r, ctx),
    ctx.issues && issuesSection(ctx.issues),
    guidanceSection(r, failing, pending, ctx.runUrl),
    evidenceSection(r)
  ])
  // The findings get what the rest leaves, up to their own cap; the title and joins take the 100.
  const room = SUMMARY_MAX_BYTES - bytes(head.markdown) - bytes(tail.markdown) - 100
  const findings = accountFindings(
    r,
    ordered.map(a => a.id),
    Math.min(FINDINGS_MAX_BYTES, room)
  )
  return `${joined([head, findings && section('Findings by account', findings), tail]).markdown}\n`
}
