// Deciding whether the step fails: any failing finding at or above the `fail-on` severity.
import type { FailOn } from '../config/inputs.js'
import type { Finding, Severity } from './types.js'

const ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low']

/** The failing findings that trip `failOn` (none when it is `none`). */
export function findingsAtOrAbove(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return []
  const limit = ORDER.indexOf(failOn)
  return findings.filter(
    f => f.verdict === 'fail' && f.severity !== undefined && ORDER.indexOf(f.severity) <= limit
  )
}
