// Reading the exemption tag: `<reason>;until=YYYY-MM-DD` on an IAM user, like an `exempt-users` entry.
import { isCalendarDate } from '../config/exempt-users.js'
import type { Exemption } from './types.js'
import { md, type Md } from '../text/markdown.js'

export type ExemptTag = { readonly exemption: Exemption } | { readonly problem: Md }

export function parseExemptTag(tagKey: string, user: string, value: string): ExemptTag {
  const parts = value.split(';').map(p => p.trim())
  const untilPart = parts.find(p => /^until=/i.test(p))
  const reason = parts.filter(p => !/^until=/i.test(p) && p !== '').join('; ')
  const until = untilPart?.slice('until='.length)
  if (until !== undefined && !isCalendarDate(until)) {
    return {
      problem: md`tag ${tagKey} on ${user} has until=${until.slice(0, 20)}, not a YYYY-MM-DD date; the exemption is ignored.`
    }
  }
  return {
    exemption: { pattern: user, until, reason: reason || undefined, source: `tag ${tagKey}` }
  }
}
