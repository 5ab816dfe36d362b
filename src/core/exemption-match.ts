// Matching IAM user names against exemption patterns (`*` and `?` globs, case-insensitive like IAM).
import { endOfUtcDay } from './dates.js'
import type { Exemption } from './types.js'

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map(ch => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, 'i')
}

/** Each pattern's expression, made once: a pattern is matched against every user of the report. */
const compiled = new Map<string, RegExp>()

export function matchesPattern(pattern: string, user: string): boolean {
  let re = compiled.get(pattern)
  if (!re) {
    re = globToRegExp(pattern)
    compiled.set(pattern, re)
  }
  return re.test(user)
}

export function isExpired(exemption: Exemption, now: Date): boolean {
  return exemption.until !== undefined && now.getTime() >= endOfUtcDay(exemption.until).getTime()
}

export interface ExemptionMatch {
  readonly active: Exemption | undefined
  readonly lapsed: Exemption | undefined
}

/** The first active exemption for `user`; else the most recently lapsed one, to report it. */
export function findExemption(
  exemptions: readonly Exemption[],
  user: string,
  now: Date
): ExemptionMatch {
  const matching = exemptions.filter(e => matchesPattern(e.pattern, user))
  const active = matching.find(e => !isExpired(e, now))
  const lapsed = matching
    .filter(e => isExpired(e, now))
    .sort((a, b) => (b.until ?? '').localeCompare(a.until ?? ''))[0]
  return { active, lapsed: active ? undefined : lapsed }
}
