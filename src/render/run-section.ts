// "This run": the facts of the run, one bullet each (the report, root, live checks, code scanning,
// issues, files), for one account or for several.
import { accountLabel, STALE_REPORT_MS, type ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { bold, code, join, lines, md, type Md } from '../text/markdown.js'
import { formatAge, formatTime } from '../text/time.js'
import { reportsLine, rootsLines } from './accounts-run-lines.js'
import { filesLine } from './files-line.js'
import { issuesLine } from './issues-section.js'
import { liveLine, strengthLine } from './live-lines.js'
import { policyLine } from './policy-line.js'
import { sarifLine } from './sarif-line.js'
import type { SummaryContext } from './summary-context.js'

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
    return md`${bold('Root user')}${where}: ${f.verdict === 'pass' ? md`✅` : md`❌ ${f.severity ?? 'critical'}:`} ${f.reason}`
  }
  return join(roots.map(one), '\n- ')
}

/** The facts of this run, one bullet each. */
export function runSection(r: ScanResult, ctx: SummaryContext): Md {
  const several = r.accountScans.length > 1
  const label = (account: string): string => accountLabel(r, account)
  const items: Array<Md | undefined> = [
    several ? reportsLine(r) : reportLine(r),
    ...(several ? rootsLines(r) : [rootLine(r)]),
    liveLine(r),
    strengthLine(r),
    policyLine(r),
    ctx.sarif && sarifLine(ctx.sarif, label),
    ctx.issues && issuesLine(ctx.issues, label),
    ctx.files && filesLine(ctx.files)
  ]
  return lines(
    md`### This run`,
    md``,
    ...items.filter((i): i is Md => i !== undefined).map(i => md`- ${i}`)
  )
}
