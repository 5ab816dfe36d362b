// The job summary when a run ends early: a scan that did not complete (nothing concluded), or a scan
// that completed but whose reporting failed (the message says what the run had already changed).
import { md, prose } from '../text/markdown.js'

export function renderIncomplete(message: string): string {
  return `${
    md`## ⚠️ IAM MFA check: the scan did not complete

**What failed:** ${prose(message)}

No verdict was reached in this run: nothing here says any identity passes or fails, and no result was published (no alert or issue was changed). Fix the cause above and re-run the workflow.`
      .markdown
  }\n`
}

export function renderReportingFailed(message: string): string {
  return `${
    md`## ⚠️ IAM MFA check: the scan completed, but reporting failed

**What failed:** ${prose(message)}

The result of the scan and what this run had already changed are in the message above and in this step's log. Fix the cause above and re-run the workflow: the tracking issues and code scanning alerts catch up on the next complete run, and an issue already changed is not changed again.`
      .markdown
  }\n`
}
