// The summary's building blocks: a titled section, the list of warnings, the folded guidance.
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { details, join, lines, md, type Md } from '../text/markdown.js'
import { fixesMarkdown } from './guidance.js'

export const section = (title: string, body: Md): Md => lines(md`### ${title}`, md``, body)

export function warningsSection(warnings: readonly Md[]): Md | undefined {
  if (warnings.length === 0) return undefined
  return section(
    'Warnings',
    join(
      warnings.map(w => md`- ${w}`),
      '\n'
    )
  )
}

/** How to fix the failing and pending identities and verify the fix, folded; none when nobody needs it. */
export function guidanceSection(
  r: ScanResult,
  failing: readonly Finding[],
  pending: readonly Finding[],
  runUrl: string | undefined
): Md | undefined {
  if (failing.length === 0 && pending.length === 0) return undefined
  return details(
    md`How to fix and verify`,
    fixesMarkdown([...failing, ...pending], runUrl, r.liveChecks)
  )
}
