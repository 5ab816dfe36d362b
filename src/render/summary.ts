// The job summary for the person who opens the run: a short verdict, the score that adds up, the
// findings, what this run did, and the fixes that apply, folded.
import { STALE_REPORT_MS, type ScanResult } from '../core/scan-result.js'
import type { Finding, Verdict } from '../core/types.js'
import type { IssueStep } from '../issues/track-issues.js'
import type { SarifStep } from '../sarif/publish-sarif.js'
import { bold, code, details, join, lines, md, table, type Md } from '../text/markdown.js'
import { formatAge, formatTime } from '../text/time.js'
import { count } from '../text/words.js'
import { exemptTable, failingTable, fixedTable, pendingTable } from './finding-tables.js'
import { fixesMarkdown } from './guidance.js'
import { issuesLine, issuesSection } from './issues-section.js'
import { liveLine, strengthLine } from './live-lines.js'
import { sarifLine } from './sarif-line.js'
import { summaryWarnings } from './warnings.js'
import { filesLine, type FilesStep } from './files-line.js'

export interface SummaryContext {
  /** Link to this workflow run, for the verification step. */
  readonly runUrl: string | undefined
  /** What happened to the SARIF; undefined when not produced. */
  readonly sarif?: SarifStep
  readonly issues?: IssueStep
  /** Where the report file and SARIF can be found after the job. */
  readonly files?: FilesStep
  /** The run's warnings, when the caller already has them (else they are worked out here). */
  readonly warnings?: readonly Md[]
}

const VERDICT_ROWS: ReadonlyArray<readonly [Verdict, string, (r: ScanResult) => Md]> = [
  ['fail', '❌ fail', () => md`can sign in with a password and no MFA`],
  ['pass', '✅ pass', () => md`MFA active, or root without credentials`],
  [
    'pending',
    '⏳ pending',
    r =>
      r.settings.gracePeriodDays === 0
        ? md`none: the grace period is off (\`grace-period-days: 0\`)`
        : md`new, password never used, inside the ${String(r.settings.gracePeriodDays)}-day grace period`
  ],
  ['exempt', '🛡️ exempt', () => md`exempted by \`exempt-users\` or a tag (listed below)`],
  ['not-applicable', '➖ API-only', () => md`no console password: cannot sign in to the console`]
]

/** The verdict, count and score in one short line (it must not wrap on the run page). */
export function headlineText(r: ScanResult): string {
  const failing = r.evaluation.findings.filter(f => f.verdict === 'fail')
  const weak = failing.filter(f => f.rule === 'iam.users_without_phishing_resistant_mfa').length
  const noMfa = failing.length - weak
  const score = `${r.posture.score.toFixed(1)}% (${r.posture.grade})`
  const open = r.posture.counts.exempt + r.posture.counts.pending
  if (failing.length === 0)
    return open > 0
      ? `⚠️ IAM MFA check: no failing identity · ${score}`
      : `✅ IAM MFA check: no identity can sign in without MFA · ${score}`
  const what =
    weak === 0
      ? `${count(noMfa, 'identity')} can sign in without MFA`
      : noMfa === 0
        ? `${count(weak, 'user')} without phishing-resistant MFA`
        : `${count(failing.length, 'failing identity')}`
  return `❌ IAM MFA check: ${what} · ${score}`
}

function scoreLine(r: ScanResult): Md {
  const p = r.posture
  const cap = p.cappedByCritical ? md` (held to D by a critical finding)` : md``
  const open = p.counts.exempt + p.counts.pending
  const still =
    open > 0 ? md` ${count(open, 'exempt or pending user')} can still sign in without MFA.` : md``
  const scope =
    p.inScope === 0
      ? md`No identity is in scope: no console user and no root row.`
      : md`${String(p.passing)} of the ${count(p.inScope, 'identity')} in scope ${p.passing === 1 ? 'passes' : 'pass'} and ${String(p.counts.fail)} ${p.counts.fail === 1 ? 'fails' : 'fail'} (console users and root; pending, exempt and API-only identities are not scored).`
  return md`${bold(`Score ${p.score.toFixed(1)}%, grade ${p.grade}`)}${cap}: ${scope}${still}`
}

function metaLine(r: ScanResult): Md {
  const accounts = r.accounts.length > 0 ? join(r.accounts, ', ') : md`unknown account`
  const where = r.accounts.length > 1 ? md`accounts ${accounts}` : md`account ${accounts}`
  const mode = r.mode === 'live' ? md`live AWS credentials` : md`saved report (offline)`
  return md`Check ${code(r.check)} · ${where} · scanned ${formatTime(r.scannedAt)} · ${mode}`
}

function countsTable(r: ScanResult): Md {
  const rows = VERDICT_ROWS.map(([v, label, meaning]) => [
    md`${label}`,
    md`${r.posture.counts[v]}`,
    meaning(r)
  ])
  const total = r.evaluation.findings.length
  return table(
    [md`verdict`, md`identities`, md`meaning`],
    [...rows, [bold('all'), bold(String(total)), md`rows in the credential report`]],
    [1]
  )
}

function reportLine(r: ScanResult): Md {
  const source =
    r.mode === 'live' ? md`AWS \`GetCredentialReport\`` : md`file ${code(r.report.origin)}`
  if (r.report.generatedAt === undefined)
    return r.mode === 'live'
      ? md`${bold('Credential report:')} generation time unknown (${source} did not say).`
      : md`${bold('Credential report:')} generation time unknown (${source}; a decoded CSV does not record it, the JSON that \`aws iam get-credential-report\` prints does).`
  const age = r.report.ageMs ?? 0
  const stale =
    age <= STALE_REPORT_MS
      ? md``
      : r.liveChecks === 'on'
        ? md` ⚠️ Failing users were re-checked live, but other changes since then (new users, MFA removed) are not in it.`
        : md` ⚠️ It cannot show changes made since then.`
  return md`${bold('Credential report:')} generated ${formatTime(r.report.generatedAt)}, ${formatAge(age)} before this scan (${source}).${stale}`
}

function rootLine(r: ScanResult): Md {
  const roots = r.evaluation.findings.filter(f => f.isRoot)
  if (roots.length === 0)
    return md`${bold('Root user:')} not in the report (the credential report normally lists it first).`
  const one = (f: Finding): Md => {
    const where = r.accounts.length > 1 ? md` (${f.account})` : md``
    return md`${bold('Root user')}${where}: ${f.verdict === 'pass' ? md`✅` : md`❌ critical:`} ${f.reason}`
  }
  return join(roots.map(one), '\n- ')
}

/** The facts of this run, one bullet each. */
function runSection(r: ScanResult, ctx: SummaryContext): Md {
  const items: Array<Md | undefined> = [
    reportLine(r),
    rootLine(r),
    liveLine(r),
    strengthLine(r),
    ctx.sarif && sarifLine(ctx.sarif),
    ctx.issues && issuesLine(ctx.issues),
    ctx.files && filesLine(ctx.files)
  ]
  return lines(
    md`### This run`,
    md``,
    ...items.filter((i): i is Md => i !== undefined).map(i => md`- ${i}`)
  )
}

/** Renders the whole summary as GitHub-flavoured Markdown. */
export function renderSummary(r: ScanResult, ctx: SummaryContext): string {
  const by = (v: Verdict): Finding[] => r.evaluation.findings.filter(f => f.verdict === v)
  const failing = by('fail')
  const accounts = r.accounts.length
  const parts: Array<Md | undefined> = [
    md`## ${headlineText(r)}`,
    join([scoreLine(r), metaLine(r)], '<br>\n'),
    countsTable(r)
  ]
  const section = (title: string, body: Md): Md => lines(md`### ${title}`, md``, body)
  if (failing.length > 0) parts.push(section('Failing identities', failingTable(failing, accounts)))
  const fixed = r.evaluation.findings.filter(f => f.live?.status === 'fixed')
  if (fixed.length > 0) parts.push(section('Fixed since the report', fixedTable(fixed, accounts)))
  const pending = by('pending')
  if (pending.length > 0) parts.push(section('Pending (grace period)', pendingTable(pending)))
  const exempt = by('exempt')
  if (exempt.length > 0) parts.push(section('Exempt', exemptTable(exempt)))
  const warnings = ctx.warnings ?? summaryWarnings(r)
  if (warnings.length > 0)
    parts.push(
      section(
        'Warnings',
        join(
          warnings.map(w => md`- ${w}`),
          '\n'
        )
      )
    )
  parts.push(runSection(r, ctx))
  if (ctx.issues) parts.push(issuesSection(ctx.issues))
  if (failing.length > 0 || pending.length > 0)
    parts.push(
      details(
        md`How to fix and verify`,
        fixesMarkdown([...failing, ...pending], ctx.runUrl, r.liveChecks)
      )
    )
  return `${
    join(
      parts.filter((p): p is Md => p !== undefined),
      '\n\n'
    ).markdown
  }\n`
}
