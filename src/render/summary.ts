// The job summary for the person who opens the run: score, counts, report age, tables, guidance.
import { STALE_REPORT_MS, type ScanResult } from '../core/scan-result.js'
import type { Finding, Verdict } from '../core/types.js'
import { escapeMarkdown as esc } from './escape.js'
import { exemptTable, failingTable, fixedTable, pendingTable } from './finding-tables.js'
import { liveLine, strengthLine } from './live-lines.js'
import { formatAge, formatTime } from './format.js'
import { remediationMarkdown, verificationMarkdown } from './guidance.js'
import { summaryWarnings } from './warnings.js'
import { sarifLine } from './sarif-line.js'
import type { SarifStep } from '../sarif/publish-sarif.js'
import type { IssueStep } from '../issues/track-issues.js'
import { issuesSection } from './issues-section.js'

export interface SummaryContext {
  /** Link to this workflow run, for the verification step. */
  readonly runUrl: string | undefined
  readonly reportFile: string | undefined
  /** What happened to the SARIF; undefined when not produced. */
  readonly sarif?: SarifStep
  readonly issues?: IssueStep
}

const VERDICT_ROWS: ReadonlyArray<readonly [Verdict, string, (r: ScanResult) => string]> = [
  ['fail', '❌ fail', () => 'can sign in with a password and no MFA'],
  [
    'pending',
    '⏳ pending',
    r => `new user inside the ${r.settings.gracePeriodDays}-day grace period; password never used`
  ],
  ['exempt', '🛡️ exempt', () => 'exempted with a reason (see below)'],
  ['pass', '✅ pass', () => 'MFA active, or root without credentials'],
  ['not-applicable', '➖ not applicable', () => 'no console password (API-only)']
]

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

function headline(r: ScanResult, failing: readonly Finding[]): string {
  const accounts = r.accounts.map(esc).join(', ') || 'unknown account'
  const weak = failing.filter(f => f.rule === 'iam.users_without_phishing_resistant_mfa').length
  const noMfa = failing.length - weak
  const open = r.posture.counts.exempt + r.posture.counts.pending
  const parts = [
    noMfa > 0 ? `${plural(noMfa, 'identity', 'identities')} can sign in without MFA` : '',
    weak > 0 ? `${plural(weak, 'user', 'users')} without phishing-resistant MFA` : ''
  ].filter(Boolean)
  const still =
    open > 0
      ? ` (${plural(open, 'exempt or pending user', 'exempt or pending users')} can still sign in without MFA)`
      : ''
  const title =
    parts.length === 0
      ? open > 0
        ? `⚠️ Posturio IAM MFA check: no failing identity${still}`
        : '✅ Posturio IAM MFA check: no identity can sign in without MFA'
      : `❌ Posturio IAM MFA check: ${parts.join('; ')}${still}`
  return `## ${title}\n\nCheck \`iam.users_without_mfa\` · account ${accounts} · scanned ${formatTime(r.scannedAt)} · ${r.mode === 'live' ? 'live AWS credentials' : 'saved report (offline)'}\n`
}

function scoreLine(r: ScanResult): string {
  const p = r.posture
  const cap = p.cappedByCritical ? ' (held to D by a critical finding)' : ''
  const scope =
    p.inScope === 0
      ? 'No identity in scope: no console users and no root row.'
      : `${p.passing} of ${p.inScope} in-scope identities (console users and root) are protected.`
  return `**Posture score: ${p.score.toFixed(1)}% · grade ${p.grade}${cap}**. ${scope}\n`
}

function countsTable(r: ScanResult): string {
  const rows = VERDICT_ROWS.map(
    ([v, label, meaning]) => `| ${label} | ${r.posture.counts[v]} | ${meaning(r)} |`
  )
  return ['| verdict | identities | meaning |', '| --- | ---: | --- |', ...rows].join('\n') + '\n'
}

function reportLine(r: ScanResult): string {
  const source = r.mode === 'live' ? 'AWS GetCredentialReport' : `file ${esc(r.report.origin)}`
  if (r.report.generatedAt === undefined) {
    return `**Credential report:** generation time unknown (source: ${source}; a decoded CSV does not record it, the JSON that \`aws iam get-credential-report\` prints does).\n`
  }
  const age = r.report.ageMs ?? 0
  const line = `**Credential report:** generated ${formatTime(r.report.generatedAt)}, ${formatAge(age)} before this scan (source: ${source}).`
  const stale =
    age > STALE_REPORT_MS
      ? `\n\n> [!WARNING]\n> This report is ${formatAge(age)} old: it cannot show changes made since ${formatTime(r.report.generatedAt)}.`
      : ''
  return `${line}${stale}\n`
}

function rootLine(r: ScanResult): string {
  const roots = r.evaluation.findings.filter(f => f.isRoot)
  if (roots.length === 0)
    return '**Root user:** not in the report (the credential report normally lists it first).\n'
  const line = (f: Finding): string =>
    `**Root user (${esc(f.account)}):** ${f.verdict === 'pass' ? '✅' : '❌ critical:'} ${esc(f.reason)}`
  return roots.map(line).join('\n\n') + '\n'
}

/** Renders the whole summary as GitHub-flavoured Markdown. */
export function renderSummary(r: ScanResult, ctx: SummaryContext): string {
  const by = (v: Verdict): Finding[] => r.evaluation.findings.filter(f => f.verdict === v)
  const failing = by('fail')
  const parts = [headline(r, failing), scoreLine(r), countsTable(r), reportLine(r), rootLine(r)]
  parts.push(liveLine(r))
  if (ctx.sarif) parts.push(sarifLine(ctx.sarif))
  const strength = strengthLine(r)
  if (strength) parts.push(strength)
  if (failing.length > 0) parts.push('### Failing identities\n', failingTable(failing))
  const fixed = r.evaluation.findings.filter(f => f.live?.status === 'fixed')
  if (fixed.length > 0) parts.push('### Fixed since the report\n', fixedTable(fixed))
  const pending = by('pending')
  if (pending.length > 0) parts.push('### Pending (grace period)\n', pendingTable(pending))
  const exempt = by('exempt')
  if (exempt.length > 0) parts.push('### Exempt\n', exemptTable(exempt))
  if (ctx.issues) parts.push(issuesSection(ctx.issues))
  const warnings = summaryWarnings(r)
  if (warnings.length > 0)
    parts.push('### Warnings\n', warnings.map(w => `- ${w}`).join('\n') + '\n')
  if (failing.length > 0 || pending.length > 0)
    parts.push(remediationMarkdown(failing), verificationMarkdown(ctx.runUrl, r.liveChecks))
  if (ctx.reportFile)
    parts.push(
      `Every finding, with its evidence, is in the \`report-file\` output (${esc(ctx.reportFile)}).\n`
    )
  return parts.join('\n')
}
