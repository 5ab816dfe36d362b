// Lines for people about a user's MFA enforcement by policy: the evidence, and where the fix goes.
import { enforcementLine } from '../core/policy-findings.js'
import type { EnforcementFact, Finding } from '../core/types.js'
import { code, join, md, type Md } from '../text/markdown.js'
import { userArg } from './checks-by-hand.js'
import type { FixTarget } from './mfa-policy-fix.js'

const list = (xs: readonly string[]): Md =>
  join(
    xs.map(x => code(x)),
    ', '
  )

export function enforcementEvidence(fact: EnforcementFact): Md[] {
  return [
    md`- Privileged actions checked: ${list(fact.actions)}`,
    md`- MFA by policy: ${enforcementLine(fact)}`,
    fact.groups.length > 0 ? md`- Groups: ${list(fact.groups)}` : md`- Groups: none`
  ]
}

/** Where the RequireMFA policy goes for this user: its first group (a valid IAM name), else a new one. */
export function fixTarget(f: Finding): FixTarget {
  const group = f.enforcement?.groups.find(g => userArg(g) === g)
  return {
    group,
    user: userArg(f.user),
    account: /^\d{12}$/.test(f.account) ? f.account : 'ACCOUNT_ID',
    partition: /^arn:(aws[a-z-]*):/.exec(f.arn)?.[1] ?? 'aws'
  }
}
