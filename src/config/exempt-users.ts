// Parsing the `exempt-users` input: one `name-or-glob [until=YYYY-MM-DD] [# reason]` a line.
import type { Exemption } from '../core/types.js'

const LINE = /^(\S+)(?:\s+until=(\S*))?\s*(?:#\s*(.*))?$/
const PATTERN = /^[\w+=,.@*?-]{1,64}$/
const EXAMPLE = '`breakglass-* until=2027-01-31 # sealed credentials, reviewed quarterly`'

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const t = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value
}

/** Returns the exemptions, or the problems found (each naming the line). */
export function parseExemptUsers(text: string): { exemptions: Exemption[]; problems: string[] } {
  const exemptions: Exemption[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const source = `exempt-users line ${index + 1}`
    const where = `Input \`exempt-users\` line ${index + 1}`
    const m = LINE.exec(line)
    const pattern = m?.[1]
    const until = m?.[2]
    if (!m || pattern === undefined) {
      problems.push(
        `${where}: "${line.slice(0, 80)}" is not \`name-or-glob [until=YYYY-MM-DD] [# reason]\`, e.g. ${EXAMPLE}.`
      )
      return
    }
    if (!PATTERN.test(pattern)) {
      problems.push(
        `${where}: "${pattern.slice(0, 80)}" is not an IAM user name or glob (1-64 of letters, digits, ` +
          `+=,.@_- and the wildcards * ?), e.g. ${EXAMPLE}.`
      )
      return
    }
    if (/^[*?]+$/.test(pattern)) {
      problems.push(
        `${where}: "${pattern}" would exempt every user; name the users or a prefix such as ` +
          `\`breakglass-*\`, e.g. ${EXAMPLE}.`
      )
      return
    }
    if (until !== undefined && !isCalendarDate(until)) {
      problems.push(`${where}: until=${until} is not a date written YYYY-MM-DD, e.g. ${EXAMPLE}.`)
      return
    }
    const reason = m[3]?.trim()
    exemptions.push({ pattern, until, reason: reason ? reason : undefined, source })
  })
  return { exemptions, problems }
}
