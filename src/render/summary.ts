// The job summary for the person who opens the run: a short verdict, the score that adds up, the
// findings, what this run did, and the fixes that apply, folded. Several accounts have their own layout.
import type { ScanResult } from '../core/scan-result.js'
import type { Finding, Verdict } from '../core/types.js'
import { code, join, md, type Md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { count } from '../text/words.js'
import { accountsHeadline } from './accounts-headline.js'
import { renderAccountsSummary } from './accounts-summary.js'
import { exemptTable, failingTable, fixedTable, pendingTable } from './finding-tables.js'
import { issuesSection } from './issues-section.js'
import { policySection } from './policy-section.js'
import { runSection } from './run-section.js'
import { countsTable, scoreLine } from './score-lines.js'
import { evidenceSection } from './evidence-section.js'
import { guidanceSection, section, warningsSection } from './sections.js'
import type { SummaryContext } from './summary-context.js'
import { summaryWarnings } from './warnings.js'

export type { SummaryContext } from './summary-context.js'

/** The verdict, count and score in one short line (it must not wrap on the run page). */
export function headlineText(r: ScanResult): string {
  if (r.accountScans.length > 1) return accountsHeadline(r)
  const failing = r.evaluation.findings.filter(f => f.verdict === 'fail')
  const weak = failing.filter(f => f.rule === 'iam.users_without_phishing_resistant_mfa').length
  const rootVirtual = failing.filter(f => f.rule === 'iam.root_without_hardware_mfa').length
  const noMfa = failing.length - weak - rootVirtual
  const score = `${r.posture.score.toFixed(1)}% (${r.posture.grade})`
  const open = r.posture.counts.exempt + r.posture.counts.pending
  const acting = (r.evaluation.policyFindings ?? []).filter(f => f.verdict === 'fail').length
  if (acting > 0) {
    const signIn =
      failing.length === 0
        ? `${count(acting, 'privileged user')} can act without MFA`
        : `${count(failing.length, 'failing identity')}; ${acting} without MFA by policy`
    return `❌ IAM MFA check: ${signIn} · ${score}`
  }
  if (failing.length === 0)
    return open > 0
      ? `⚠️ IAM MFA check: no failing identity · ${score}`
      : `✅ IAM MFA check: no identity can sign in without MFA · ${score}`
  const what =
    weak + rootVirtual === 0
      ? `${count(noMfa, 'identity')} can sign in without MFA`
      : noMfa > 0
        ? `${count(failing.length, 'failing identity')}`
        : rootVirtual === 0
          ? `${count(weak, 'user')} without phishing-resistant MFA`
          : weak === 0
            ? "root's MFA is virtual, not hardware"
            : `${count(failing.length, 'identity')} without phishing-resistant MFA`
  return `❌ IAM MFA check: ${what} · ${score}`
}

function metaLine(r: ScanResult): Md {
  const accounts = r.accounts.length > 0 ? join(r.accounts, ', ') : md`unknown account`
  const where = r.accounts.length > 1 ? md`accounts ${accounts}` : md`account ${accounts}`
  const mode = r.mode === 'live' ? md`live AWS credentials` : md`saved report (offline)`
  return md`Check ${code(r.check)} · ${where} · scanned ${formatTime(r.scannedAt)} · ${mode}`
}

/** Renders the whole summary as GitHub-flavoured Markdown. */
export function renderSummary(r: ScanResult, ctx: SummaryContext): string {
  if (r.accountScans.length > 1) return renderAccountsSummary(r, ctx)
  const by = (v: Verdict): Finding[] => r.evaluation.findings.filter(f => f.verdict === v)
  const failing = by('fail')
  const accounts = r.accounts.length
  const parts: Array<Md | undefined> = [
    md`## ${headlineText(r)}`,
    join([scoreLine(r), metaLine(r)], '<br>\n'),
    countsTable(r)
  ]
  if (failing.length > 0) parts.push(section('Failing identities', failingTable(failing, accounts)))
  parts.push(policySection(r))
  const fixed = r.evaluation.findings.filter(f => f.live?.status === 'fixed')
  if (fixed.length > 0) parts.push(section('Fixed since the report', fixedTable(fixed, accounts)))
  const pending = by('pending')
  if (pending.length > 0) parts.push(section('Pending (grace period)', pendingTable(pending)))
  const exempt = by('exempt')
  if (exempt.length > 0) parts.push(section('Exempt', exemptTable(exempt)))
  parts.push(warningsSection(ctx.warnings ?? summaryWarnings(r)))
  parts.push(runSection(r, ctx))
  if (ctx.issues) parts.push(issuesSection(ctx.issues))
  parts.push(guidanceSection(r, failing, pending, ctx.runUrl))
  parts.push(evidenceSection(r))
  return `${
    join(
      parts.filter((p): p is Md => p !== undefined),
      '\n\n'
    ).markdown
  }\n`
}
