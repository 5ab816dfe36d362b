// The job summary for a scan that did not complete: what failed, and that nothing was concluded.
import { escapeMarkdown } from './escape.js'

export function renderIncomplete(message: string): string {
  return [
    '## ⚠️ Posturio IAM MFA check: the scan did not complete',
    '',
    `**What failed:** ${escapeMarkdown(message)}`,
    '',
    'No verdict was reached in this run: nothing here says any identity passes or fails, and no ' +
      'result was published. Fix the cause above and re-run the workflow.',
    ''
  ].join('\n')
}
