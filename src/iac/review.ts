// Whether the code makes each console user's permissions require MFA (pure), with the analysis of
// identity policies: enforced (by which policy or group), not enforced (a finding, with the
// evidence), or unknown (what the code does not say), never a guess either way.
import { mfaEnforcement, type AppliedPolicy, type Enforcement } from '../policy/mfa-enforcement.js'
import type { CodeSpot } from './iac-facts.js'
import type { ConsoleUser } from './resolve-iac.js'

/**
 * The actions a guardrail must deny without MFA. A console user is enforced only when every one is
 * denied while MFA is absent (or allowed only with MFA): creating access keys and attaching policies
 * (ways to keep access without MFA), and deleting data and starting compute (damage done with the
 * password alone). A policy that guards some services and not others is not a guardrail.
 */
export const REPRESENTATIVE_ACTIONS = [
  'iam:CreateAccessKey',
  'iam:AttachUserPolicy',
  's3:DeleteBucket',
  'ec2:RunInstances'
] as const

/**
 * An AWS managed policy stands in as an Allow of everything: it grants without an MFA condition
 * (none has one), and it never denies, so it cannot be what enforces MFA.
 */
const AWS_MANAGED_STAND_IN = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

export type Review =
  | { readonly kind: 'enforced'; readonly by: readonly string[] }
  | {
      readonly kind: 'not-enforced'
      /** The representative actions a password alone can use (not denied without MFA). */
      readonly unguarded: readonly string[]
      /** The policies the code gives the user, said for people. */
      readonly policies: readonly string[]
    }
  | { readonly kind: 'unknown'; readonly why: readonly string[] }

export interface ReviewedUser {
  readonly user: ConsoleUser
  readonly review: Review
}

export interface ReviewOptions {
  /** Groups known to enforce MFA (input `mfa-enforcing-groups`), compared ignoring case. */
  readonly enforcingGroups: readonly string[]
}

function applied(user: ConsoleUser): { policies: AppliedPolicy[]; unknown: string[] } {
  const policies: AppliedPolicy[] = []
  const unknown: string[] = []
  const add = (via: string | undefined, list: ConsoleUser['policies']) => {
    const where = via ? ` (${via})` : ''
    for (const p of list) {
      if (p.kind === 'document')
        policies.push({ name: p.name, ...(via ? { via } : {}), document: p.document })
      else if (p.kind === 'aws-managed')
        policies.push({
          name: `${p.name} (AWS managed)`,
          ...(via ? { via } : {}),
          document: AWS_MANAGED_STAND_IN
        })
      else unknown.push(`policy \`${p.name}\`${where}: ${p.why}`)
    }
  }
  add(undefined, user.policies)
  for (const g of user.groups) {
    const via = `via group ${g.label}`
    if (g.why) unknown.push(`group \`${g.label}\`: ${g.why}`)
    else if (!g.defined)
      unknown.push(
        `group \`${g.label}\` is not defined in the code read, so its policies are not seen`
      )
    add(via, g.policies)
  }
  if (!user.definedAt && user.name)
    unknown.push(
      `user \`${user.name}\` is not defined in the code read, so policies given to it elsewhere are not seen`
    )
  return { policies, unknown }
}

const describe = (p: AppliedPolicy): string => (p.via ? `${p.name} (${p.via})` : p.name)

export function reviewUser(user: ConsoleUser, options: ReviewOptions): Review {
  if (user.unresolved)
    return { kind: 'unknown', why: [`the user is not known from the code: ${user.unresolved}`] }
  const enforcing = new Set(options.enforcingGroups.map(g => g.toLowerCase()))
  const vouched = user.groups.filter(
    g => g.name !== undefined && enforcing.has(g.name.toLowerCase())
  )
  // A group the user may not be in proves nothing, however it is vouched for.
  const named = vouched.filter(g => g.conditional === undefined)
  if (named.length > 0)
    return {
      kind: 'enforced',
      by: named.map(g => `group ${g.label} (named in mfa-enforcing-groups)`)
    }
  const { policies, unknown } = applied(user)
  for (const g of vouched)
    unknown.push(`group \`${g.label}\` (named in mfa-enforcing-groups): ${g.conditional ?? ''}`)
  const results: Array<{ action: string; e: Enforcement }> = REPRESENTATIVE_ACTIONS.map(action => ({
    action,
    e: mfaEnforcement(policies, action)
  }))
  if (results.every(r => r.e.kind === 'enforced'))
    return {
      kind: 'enforced',
      by: [...new Set(results.flatMap(r => (r.e.kind === 'enforced' ? r.e.by : [])))]
    }
  // A policy the code does not show could be the guardrail: not a pass, and not a finding.
  if (unknown.length > 0) return { kind: 'unknown', why: unknown }
  const undecided = results.flatMap(r =>
    r.e.kind === 'undecided' ? [`${r.action}: ${r.e.why}`] : []
  )
  if (undecided.length > 0) return { kind: 'unknown', why: undecided }
  return {
    kind: 'not-enforced',
    unguarded: results.filter(r => r.e.kind !== 'enforced').map(r => r.action),
    policies: policies.map(describe)
  }
}

export function reviewUsers(users: readonly ConsoleUser[], options: ReviewOptions): ReviewedUser[] {
  return users.map(user => ({ user, review: reviewUser(user, options) }))
}

/** Where a reviewed user's finding points: the line that gives the console password. */
export const findingSpot = (r: ReviewedUser): CodeSpot => r.user.loginProfile
