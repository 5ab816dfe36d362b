// The summary line about code scanning: where the alerts are, or why they were not updated.
import type { SarifStep } from '../sarif/publish-sarif.js'
import { escapeMarkdown as esc } from './escape.js'

export function sarifLine(step: SarifStep): string {
  const results = `${step.results} open alert(s) in the SARIF`
  if (step.skipped)
    return `**Code scanning:** not uploaded (${esc(step.skipped.replace(/\.$/, ''))}); ${results} written to ${esc(step.file)}.\n`
  const upload = step.upload
  if (!upload) return ''
  const link = step.alertsUrl ? ` [See the alerts](${step.alertsUrl}).` : ''
  if (upload.status === 'complete')
    return `**Code scanning:** ${results}, processed (SARIF id ${esc(upload.id)}); fixed users' alerts close on their own.${link}\n`
  return `**Code scanning:** ⚠️ ${esc(upload.warning)}${link}\n`
}
