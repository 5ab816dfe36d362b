// The job summary for a scan that did not complete: what failed, and that nothing was concluded.
import { md, prose } from '../text/markdown.js'

export function renderIncomplete(message: string): string {
  return `${
    md`## ⚠️ IAM MFA check: the scan did not complete

**What failed:** ${prose(message)}

No verdict was reached in this run: nothing here says any identity passes or fails, and no result was published (no alert or issue was changed). Fix the cause above and re-run the workflow.`
      .markdown
  }\n`
}
