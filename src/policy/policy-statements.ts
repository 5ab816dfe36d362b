// Reading an IAM policy document into plain statements (pure); a document that is not one says why.

export interface Statement {
  readonly effect: 'Allow' | 'Deny'
  readonly actions: readonly string[] | undefined
  readonly notActions: readonly string[] | undefined
  /** True when the statement applies to every resource (`Resource: "*"`). */
  readonly everyResource: boolean
  /** Operator (lower case) -> condition key (lower case) -> values as strings (lower case). */
  readonly conditions: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>
}

export type ParsedPolicy =
  | { readonly ok: true; readonly statements: readonly Statement[] }
  | { readonly ok: false; readonly why: string }

const list = (v: unknown): string[] | undefined =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v) && v.every(x => typeof x === 'string')
      ? (v as string[])
      : undefined

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function conditionsOf(raw: unknown): Statement['conditions'] | undefined {
  if (raw === undefined) return new Map()
  if (!isObject(raw)) return undefined
  const out = new Map<string, Map<string, string[]>>()
  for (const [operator, keys] of Object.entries(raw)) {
    if (!isObject(keys)) return undefined
    const byKey = new Map<string, string[]>()
    for (const [key, value] of Object.entries(keys)) {
      const values = (Array.isArray(value) ? value : [value]).map(x =>
        typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number'
          ? String(x).toLowerCase()
          : undefined
      )
      if (values.some(x => x === undefined)) return undefined
      byKey.set(key.toLowerCase(), values as string[])
    }
    out.set(operator.toLowerCase(), byKey)
  }
  return out
}

function statementOf(raw: unknown, index: number): Statement | string {
  if (!isObject(raw)) return `statement ${index + 1} is not an object`
  const effect = raw['Effect']
  if (effect !== 'Allow' && effect !== 'Deny')
    return `statement ${index + 1} has no Effect Allow or Deny`
  const actions = raw['Action'] === undefined ? undefined : list(raw['Action'])
  const notActions = raw['NotAction'] === undefined ? undefined : list(raw['NotAction'])
  if ((actions === undefined) === (notActions === undefined))
    return `statement ${index + 1} needs exactly one of Action and NotAction`
  const resources = raw['Resource'] === undefined ? undefined : list(raw['Resource'])
  const conditions = conditionsOf(raw['Condition'])
  if (!conditions) return `statement ${index + 1} has a Condition that is not key-value pairs`
  return {
    effect,
    actions,
    notActions,
    everyResource: raw['NotResource'] === undefined && (resources?.includes('*') ?? false),
    conditions
  }
}

/** Parses a policy document (the JSON text, URL-encoded as IAM returns it, or already parsed). */
export function parsePolicy(document: unknown): ParsedPolicy {
  let doc = document
  if (doc === undefined) return { ok: false, why: 'its document was not read' }
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc.trimStart().startsWith('%7B') ? decodeURIComponent(doc) : doc)
    } catch {
      return { ok: false, why: 'the document is not JSON' }
    }
  }
  if (!isObject(doc)) return { ok: false, why: 'the document is not a JSON object' }
  const raw = doc['Statement']
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  const statements: Statement[] = []
  for (const [i, item] of items.entries()) {
    const s = statementOf(item, i)
    if (typeof s === 'string') return { ok: false, why: s }
    statements.push(s)
  }
  return { ok: true, statements }
}
