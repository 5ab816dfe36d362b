// Whether a user's identity policies make an action require MFA (pure): a Deny of it while MFA is
// absent, or every Allow of it conditioned on MFA. What cannot be decided is said, never "enforced".
import { statementCovers } from './action-match.js'
import { parsePolicy, type Statement } from './policy-statements.js'

/** A policy that applies to the user, and how (e.g. `via group admins`). */
export interface AppliedPolicy {
  readonly name: string
  readonly via?: string
  /** The document: JSON text (URL-encoded as IAM returns it) or parsed. */
  readonly document: unknown
}

export type Enforcement =
  | {
      readonly kind: 'enforced'
      readonly how: 'deny-without-mfa' | 'allow-only-with-mfa'
      readonly by: readonly string[]
      /** A `Bool` deny: requests signed with long-term access keys carry no MFA key and pass. */
      readonly missesAccessKeys: boolean
    }
  | { readonly kind: 'not-enforced'; readonly grantedBy: readonly string[] }
  | { readonly kind: 'undecided'; readonly why: string }
  /** Denied outright, or granted by no policy: MFA does not matter for it. */
  | { readonly kind: 'not-granted' }

const PRESENT = 'aws:multifactorauthpresent'
const AGE = 'aws:multifactorauthage'

const label = (p: AppliedPolicy): string => (p.via ? `${p.name} (${p.via})` : p.name)

/** The clauses of a statement's conditions, as [operator, key, values]. */
function clauses(s: Statement): Array<readonly [string, string, readonly string[]]> {
  return [...s.conditions].flatMap(([op, keys]) =>
    [...keys].map(([key, values]) => [op, key, values] as const)
  )
}

/** `strong`: also when the MFA key is absent (access keys); `weak`: only when it says false. */
function mfaAbsentClause(
  op: string,
  key: string,
  values: readonly string[]
): 'strong' | 'weak' | undefined {
  const only = (v: string): boolean => values.length === 1 && values[0] === v
  if (key === PRESENT && op === 'boolifexists' && only('false')) return 'strong'
  if (key === PRESENT && op === 'bool' && only('false')) return 'weak'
  if (key === AGE && op === 'null' && only('true')) return 'strong'
  return undefined
}

/** An Allow whose conditions hold only with MFA present (an absent key fails them). */
function allowNeedsMfa(s: Statement): boolean {
  return clauses(s).some(
    ([op, key, values]) =>
      (key === PRESENT && op === 'bool' && values.length === 1 && values[0] === 'true') ||
      (key === AGE && (op === 'numericlessthan' || op === 'numericlessthanequals'))
  )
}

type DenyKind = 'enforcing-strong' | 'enforcing-weak' | 'outright' | 'partial' | 'other'

function denyKind(s: Statement): DenyKind {
  const all = clauses(s)
  if (all.length === 0) return s.everyResource ? 'outright' : 'other'
  const mfa = all.map(([op, key, values]) => mfaAbsentClause(op, key, values))
  if (!mfa.some(m => m !== undefined)) return 'other'
  // Other keys alongside narrow when the deny applies: it may not cover every request.
  if (all.length > 1 || !s.everyResource) return 'partial'
  return mfa[0] === 'strong' ? 'enforcing-strong' : 'enforcing-weak'
}

export function mfaEnforcement(policies: readonly AppliedPolicy[], action: string): Enforcement {
  const unreadable: string[] = []
  const denies: Array<{ kind: DenyKind; by: string }> = []
  const allows: Array<{ needsMfa: boolean; by: string }> = []
  for (const p of policies) {
    const parsed = parsePolicy(p.document)
    if (!parsed.ok) {
      unreadable.push(`${label(p)}: ${parsed.why}`)
      continue
    }
    for (const s of parsed.statements) {
      if (!statementCovers(s.actions, s.notActions, action)) continue
      if (s.effect === 'Deny') denies.push({ kind: denyKind(s), by: label(p) })
      else allows.push({ needsMfa: allowNeedsMfa(s), by: label(p) })
    }
  }
  const enforcing = denies.filter(d => d.kind === 'enforcing-strong' || d.kind === 'enforcing-weak')
  if (enforcing.length > 0)
    return {
      kind: 'enforced',
      how: 'deny-without-mfa',
      by: [...new Set(enforcing.map(d => d.by))],
      missesAccessKeys: !enforcing.some(d => d.kind === 'enforcing-strong')
    }
  if (denies.some(d => d.kind === 'outright')) return { kind: 'not-granted' }
  if (unreadable.length > 0)
    return { kind: 'undecided', why: `a policy could not be read (${unreadable.join('; ')})` }
  if (allows.length === 0) return { kind: 'not-granted' }
  if (allows.every(a => a.needsMfa))
    return {
      kind: 'enforced',
      how: 'allow-only-with-mfa',
      by: [...new Set(allows.map(a => a.by))],
      missesAccessKeys: false
    }
  const partial = denies.filter(d => d.kind === 'partial')
  if (partial.length > 0)
    return {
      kind: 'undecided',
      why: `${partial.map(d => d.by).join(', ')} denies it without MFA only under other conditions or for some resources`
    }
  return {
    kind: 'not-enforced',
    grantedBy: [...new Set(allows.filter(a => !a.needsMfa).map(a => a.by))]
  }
}
