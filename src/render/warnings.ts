// Warnings for the summary: exemptions that lapsed, never expire, reach far ahead or match no one.
import { DAY_MS, endOfUtcDay } from '../core/dates.js'
import type { ScanResult } from '../core/scan-result.js'
import { escapeMarkdown as esc } from './escape.js'

const FAR_AHEAD_MS = 365 * DAY_MS
/** Per-user warnings shown; one glob exemption can cover thousands of users, and the summary must stay small. */
export const MAX_USER_WARNINGS = 50

export function summaryWarnings(r: ScanResult): string[] {
  const now = new Date(r.scannedAt).getTime()
  const warnings: string[] = []
  for (const f of r.evaluation.findings) {
    if (f.lapsedExemption) {
      warnings.push(
        `The exemption for ${esc(f.user)} (${esc(f.lapsedExemption.source)}) lapsed after ` +
          `${esc(f.lapsedExemption.until)}; the user is judged normally again.`
      )
    }
    if (f.verdict !== 'exempt' || !f.exemption) continue
    if (f.exemption.until === undefined) {
      warnings.push(
        `${esc(f.user)} is exempt with no expiry (${esc(f.exemption.source)}): add \`until=YYYY-MM-DD\` so the exemption is reviewed.`
      )
    } else if (endOfUtcDay(f.exemption.until).getTime() - now > FAR_AHEAD_MS) {
      warnings.push(
        `${esc(f.user)} is exempt until ${esc(f.exemption.until)}, more than 365 days ahead (${esc(f.exemption.source)}).`
      )
    }
  }
  if (warnings.length > MAX_USER_WARNINGS) {
    const hidden = warnings.length - MAX_USER_WARNINGS
    warnings.splice(
      MAX_USER_WARNINGS,
      hidden,
      `${hidden} more exemption warning(s) not shown here; the \`report-file\` output lists every finding.`
    )
  }
  for (const p of r.evaluation.partial ?? []) {
    warnings.push(
      `Part of the account could not be read: ${esc(p)}. So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.`
    )
  }
  const notes = r.evaluation.notes ?? []
  warnings.push(...notes.slice(0, MAX_USER_WARNINGS).map(esc))
  if (notes.length > MAX_USER_WARNINGS)
    warnings.push(
      `${notes.length - MAX_USER_WARNINGS} more notes not shown here; the \`report-file\` output has them all.`
    )
  for (const e of r.evaluation.unusedExemptions) {
    warnings.push(
      `${esc(e.source)} ("${esc(e.pattern)}") matches no IAM user in this report: remove it or fix the name.`
    )
  }
  return warnings
}
