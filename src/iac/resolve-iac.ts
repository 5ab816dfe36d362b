// Joining the facts of every module and template into console users (pure): each with the policies
// that apply to it directly and through its groups. IAM names are account-wide, so a literal name
// matches a definition anywhere in the code read (compared ignoring case, as IAM does).
import {
  onlyIf,
  type CodeSpot,
  type EntityKey,
  type GroupFact,
  type IacFacts,
  type PolicyFact,
  type UserFact
} from './iac-facts.js'

export interface ConsoleGroup {
  readonly label: string
  readonly name: string | undefined
  /** Not defined in the code read (a literal name), or not known at all (`why`). */
  readonly defined: boolean
  readonly why?: string
  /**
   * Why the user may not be in the group (the membership or the group may not be created); its
   * policies that could deny are then unresolved with this reason.
   */
  readonly conditional?: string
  readonly policies: readonly PolicyFact[]
}

export interface ConsoleUser {
  /** How people find the user: its name, or the code that defines it. */
  readonly label: string
  readonly name: string | undefined
  /** The code that defines the user (`aws_iam_user.alice`), or gives it the password. */
  readonly source: string
  /** The user's own definition in the code read, when there is one. */
  readonly definedAt: CodeSpot | undefined
  /** Where the console password is given: the finding's location. */
  readonly loginProfile: CodeSpot
  /** Why the user itself is not known from the code (its login profile names a variable, …). */
  readonly unresolved?: string
  readonly policies: readonly PolicyFact[]
  readonly groups: readonly ConsoleGroup[]
}

const lower = (s: string): string => s.toLowerCase()

interface Index<T extends { id: string; name: string | undefined }> {
  readonly byId: ReadonlyMap<string, T>
  readonly byName: ReadonlyMap<string, T>
}

function index<T extends { id: string; name: string | undefined }>(items: readonly T[]): Index<T> {
  const byName = new Map<string, T>()
  for (const item of items)
    if (item.name && !byName.has(lower(item.name))) byName.set(lower(item.name), item)
  return { byId: new Map(items.map(i => [i.id, i])), byName }
}

/** One identity per user or group: `id:…` for a definition, `name:…` for a name defined nowhere. */
function canonical<T extends { id: string; name: string | undefined }>(
  key: EntityKey,
  idx: Index<T>
): string | undefined {
  if (key.kind === 'id') return `id:${key.id}`
  if (key.kind === 'name') {
    const found = idx.byName.get(lower(key.name))
    return found ? `id:${found.id}` : `name:${lower(key.name)}`
  }
  return undefined
}

export function resolveConsoleUsers(all: readonly IacFacts[]): ConsoleUser[] {
  const users = index<UserFact>(all.flatMap(f => f.users))
  const groups = index<GroupFact>(all.flatMap(f => f.groups))
  const memberships = all.flatMap(f => f.memberships)
  const userPolicies = all.flatMap(f => f.userPolicies)
  const groupPolicies = all.flatMap(f => f.groupPolicies)

  const groupOf = (key: EntityKey, membership: string | undefined): ConsoleGroup => {
    if (key.kind === 'unresolved')
      return { label: key.text, name: undefined, defined: false, why: key.why, policies: [] }
    const id = canonical(key, groups)
    const fact = id?.startsWith('id:') ? groups.byId.get(id.slice(3)) : undefined
    const conditional = membership ?? fact?.conditional
    const when = conditional ? { conditional } : {}
    const policies = groupPolicies
      .filter(p => canonical(p.group, groups) === id)
      .map(p => onlyIf(p.policy, conditional))
    if (fact)
      return { label: fact.name ?? fact.label, name: fact.name, defined: true, ...when, policies }
    const name = key.kind === 'name' ? key.name : (id ?? '')
    return { label: name, name, defined: false, ...when, policies }
  }

  const consoleUser = (key: EntityKey, login: CodeSpot, loginLabel: string): ConsoleUser => {
    if (key.kind === 'unresolved')
      return {
        label: `${loginLabel} (user ${key.text})`,
        name: undefined,
        source: loginLabel,
        definedAt: undefined,
        loginProfile: login,
        unresolved: key.why,
        policies: [],
        groups: []
      }
    const id = canonical(key, users)
    const fact = id?.startsWith('id:') ? users.byId.get(id.slice(3)) : undefined
    const name = fact ? fact.name : key.kind === 'name' ? key.name : undefined
    // One entry per group; a membership that is surely created wins over a conditional one.
    const byGroup = new Map<string, ConsoleGroup>()
    for (const m of memberships) {
      if (canonical(m.user, users) !== id) continue
      const gid =
        canonical(m.group, groups) ?? `?${m.group.kind === 'unresolved' ? m.group.text : ''}`
      const seen = byGroup.get(gid)
      if (seen && (seen.conditional === undefined || m.conditional !== undefined)) continue
      byGroup.set(gid, groupOf(m.group, m.conditional))
    }
    const groupsOfUser = [...byGroup.values()]
    return {
      label: name ?? fact?.label ?? loginLabel,
      name,
      source: fact?.label ?? loginLabel,
      definedAt: fact?.at,
      loginProfile: login,
      policies: userPolicies.filter(p => canonical(p.user, users) === id).map(p => p.policy),
      groups: groupsOfUser
    }
  }

  const out: ConsoleUser[] = []
  const seen = new Set<string>()
  const add = (key: EntityKey, login: CodeSpot, label: string) => {
    const id =
      key.kind === 'unresolved' ? `login:${login.uri}:${login.line}` : (canonical(key, users) ?? '')
    if (seen.has(id)) return
    seen.add(id)
    out.push(consoleUser(key, login, label))
  }
  for (const f of all) {
    for (const u of f.users)
      if (u.loginProfile) add({ kind: 'id', id: u.id }, u.loginProfile, u.label)
    for (const p of f.loginProfiles) add(p.user, p.at, p.label)
  }
  return out
}
