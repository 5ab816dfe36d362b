// The privilege rule: a user is privileged when a policy it has, directly or through a group, is
// AdministratorAccess, IAMFullAccess or PowerUserAccess, or allows `*` on `*`, `iam:*`, or NotAction on `*`.

import { code, md, type Md } from '../text/markdown.js'

export interface AttachedPolicy {
  readonly name: string
  readonly arn: string
}
export interface InlinePolicy {
  readonly name: string
  /** The policy JSON: an object, a JSON string, or the URL-encoded JSON IAM returns. */
  readonly document: unknown
}
export interface GroupAuthz {
  readonly name: string
  readonly attached: readonly AttachedPolicy[]
  readonly inline: readonly InlinePolicy[]
}
export interface UserAuthz {
  readonly user: string
  readonly tags: Readonly<Record<string, string>>
  readonly attached: readonly AttachedPolicy[]
  readonly inline: readonly InlinePolicy[]
  readonly groups: readonly GroupAuthz[]
}

const PRIVILEGED_AWS_MANAGED =
  /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/

interface Statement {
  Effect?: unknown
  Action?: unknown
  NotAction?: unknown
  Resource?: unknown
}

export function parsePolicyDocument(document: unknown): { Statement?: unknown } | undefined {
  if (typeof document === 'object' && document !== null) return document as { Statement?: unknown }
  if (typeof document !== 'string') return undefined
  for (const text of [document, safeDecode(document)]) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === 'object' && parsed !== null) return parsed as { Statement?: unknown }
    } catch {
      // try the next form
    }
  }
  return undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter(x => typeof x === 'string') : typeof v === 'string' ? [v] : []

/** What in the document makes it privileged, e.g. "allows * on *"; undefined when nothing does. */
export function documentPrivilege(document: unknown): Md | undefined {
  const doc = parsePolicyDocument(document)
  const statements = Array.isArray(doc?.Statement)
    ? doc.Statement
    : doc?.Statement
      ? [doc.Statement]
      : []
  for (const raw of statements as Statement[]) {
    if (typeof raw !== 'object' || raw === null || raw.Effect !== 'Allow') continue
    const actions = list(raw.Action).map(a => a.toLowerCase())
    const onAll = list(raw.Resource).includes('*')
    if (onAll && (actions.includes('*') || actions.includes('*:*')))
      return md`allows \`*\` on \`*\``
    if (actions.includes('iam:*')) return md`allows \`iam:*\``
    if (onAll && raw.NotAction !== undefined)
      return md`allows everything but a \`NotAction\` list on \`*\``
  }
  return undefined
}

function attachedPrivilege(p: AttachedPolicy, local: ReadonlyMap<string, unknown>): Md | undefined {
  if (PRIVILEGED_AWS_MANAGED.test(p.arn)) return md`attached policy ${code(p.name)}`
  const why = local.has(p.arn) ? documentPrivilege(local.get(p.arn)) : undefined
  return why ? md`attached policy ${code(p.name)} (${why})` : undefined
}

function inlinePrivilege(p: InlinePolicy): Md | undefined {
  const why = documentPrivilege(p.document)
  return why ? md`inline policy ${code(p.name)} (${why})` : undefined
}

function policiesPrivilege(
  attached: readonly AttachedPolicy[],
  inline: readonly InlinePolicy[],
  local: ReadonlyMap<string, unknown>
): Md | undefined {
  for (const p of attached) {
    const why = attachedPrivilege(p, local)
    if (why) return why
  }
  for (const p of inline) {
    const why = inlinePrivilege(p)
    if (why) return why
  }
  return undefined
}

/**
 * Which policy makes the user privileged ("group admins: attached policy AdministratorAccess"), or
 * undefined. `local` maps customer managed policy ARNs to their default version's document.
 */
export function privilegedVia(
  authz: UserAuthz,
  local: ReadonlyMap<string, unknown>
): Md | undefined {
  const direct = policiesPrivilege(authz.attached, authz.inline, local)
  if (direct) return direct
  for (const g of authz.groups) {
    const why = policiesPrivilege(g.attached, g.inline, local)
    if (why) return md`group ${code(g.name)}: ${why}`
  }
  return undefined
}
