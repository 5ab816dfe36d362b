// Warnings for people: exemptions that lapsed, never expire, reach far ahead or match no one; checks
// that could not run; accounts not scanned or read in part. Shown in the summary and as annotations.
import { DAY_MS, endOfUtcDay } from '../core/dates.js'
import type { ScanResult } from '../core/scan-result.js'
import { code, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { accountWarnings } from './account-warnings.js'

const FAR_AHEAD_MS = 365 * DAY_MS
/** Per-user warnings shown; one glob exemption can cover thousands of users, and the summary must stay small. */
export const MAX_USER_WARNINGS = 50

function exemptionWarnings(r: ScanResult): Md[] {
  const now = new Date(r.scannedAt).getTime()
  const warnings: Md[] = []
  for (const f of r.evaluation.findings) {
    if (f.lapsedExemption) {
      warnings.push(
        md`The exemption for ${code(f.user)} (${f.lapsedExemption.source}) lapsed after ${f.lapsedExemption.until}; the user is judged normally again.`
      )
    }
    if (f.verdict !== 'exempt' || !f.exemption) continue
    if (f.exemption.until === undefined) {
      warnings.push(
        md`${code(f.user)} is exempt with no expiry (${f.exemption.source}): add \`until=YYYY-MM-DD\` so the exemption is reviewed.`
      )
    } else if (endOfUtcDay(f.exemption.until).getTime() - now > FAR_AHEAD_MS) {
      warnings.push(
        md`${code(f.user)} is exempt until ${f.exemption.until}, more than 365 days ahead (${f.exemption.source}).`
      )
    }
  }
  if (warnings.length <= MAX_USER_WARNINGS) return warnings
  const hidden = warnings.length - MAX_USER_WARNINGS
  return [
    ...warnings.slice(0, MAX_USER_WARNINGS),
    md`${count(hidden, 'more exemption warning')} not shown here; the \`report-file\` output lists every finding.`
  ]
}

export function summaryWarnings(r: ScanResult): Md[] {
  const warnings = [...accountWarnings(r), ...exemptionWarnings(r)]
  if (r.settings.requirePhishingResistant && r.liveChecks === 'offline')
    warnings.push(
      md`\`require-phishing-resistant\` is on, but a saved credential report does not record MFA device types: no user was checked for phishing-resistant MFA. Run with live AWS credentials to check it.`
    )
  // With several accounts, the account warnings name those read in part, and why.
  const byAccount = r.accountScans.length > 1 && r.accountScans.some(a => a.status === 'partial')
  for (const p of byAccount ? [] : (r.evaluation.partial ?? [])) {
    warnings.push(
      md`Part of the account could not be read: ${p}. So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.`
    )
  }
  const notes = r.evaluation.notes ?? []
  warnings.push(...notes.slice(0, MAX_USER_WARNINGS))
  if (notes.length > MAX_USER_WARNINGS)
    warnings.push(
      md`${count(notes.length - MAX_USER_WARNINGS, 'more note')} not shown here; the \`report-file\` output has them all.`
    )
  for (const e of r.evaluation.unusedExemptions) {
    warnings.push(
      md`${e.source} (${code(e.pattern)}) matches no IAM user in this report: remove it or fix the name.`
    )
  }
  return warnings
}
