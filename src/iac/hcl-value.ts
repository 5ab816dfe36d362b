// Terraform values as the code states them (pure): literals, lists, objects, references such as
// `aws_iam_user.alice.name`, function calls such as `jsonencode({…})`, and what is known only at apply.

export type TfValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'list'; readonly items: readonly TfValue[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, TfValue]> }
  /** `aws_iam_user.alice.name` is path ['aws_iam_user', 'alice', 'name']; index steps are left out. */
  | { readonly kind: 'reference'; readonly path: readonly string[]; readonly text: string }
  | {
      readonly kind: 'call'
      readonly name: string
      readonly args: readonly TfValue[]
      readonly text: string
    }
  /** Known only when Terraform runs: a template with interpolations, a conditional, a `for`. */
  | { readonly kind: 'dynamic'; readonly text: string }

interface AstNode {
  readonly type?: string
  readonly meta?: Record<string, unknown>
  readonly range?: {
    readonly start: { readonly byte: number }
    readonly end: { readonly byte: number }
  }
  readonly children?: readonly AstNode[]
}

const isNode = (v: unknown): v is AstNode =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const metaText = (n: AstNode, key = 'value'): string => {
  const v = n.meta?.[key]
  return typeof v === 'string' ? v : ''
}

/** A template's literal part, with HCL's escapes of `${` and `%{` taken out. */
export const unescapeTemplate = (s: string): string =>
  s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')

function literalOf(n: AstNode): TfValue {
  const type = metaText(n, 'type')
  const raw = metaText(n)
  if (type === 'string') return { kind: 'literal', value: unescapeTemplate(raw) }
  if (type === 'number') return { kind: 'literal', value: Number(raw) }
  if (type === 'bool') return { kind: 'literal', value: raw === 'true' }
  if (raw === 'null') return { kind: 'literal', value: null }
  return { kind: 'dynamic', text: raw }
}

function templateOf(n: AstNode, source: string): TfValue {
  const parts = (n.children ?? []).map(c => fromAst(c, source))
  if (parts.every(p => p.kind === 'literal' && typeof p.value === 'string'))
    return {
      kind: 'literal',
      value: parts.map(p => (p.kind === 'literal' ? String(p.value) : '')).join('')
    }
  // `"${x}"` is x itself.
  const [only] = parts
  if (parts.length === 1 && only) return only
  return { kind: 'dynamic', text: metaText(n) }
}

/** An object key: a bare name, a quoted string, or (an expression), which is known only at apply. */
function keyOf(n: AstNode, source: Buffer): string | undefined {
  const [child] = n.children ?? []
  if (child) {
    const value = fromAst(child, source.toString('utf8'))
    return value.kind === 'literal' && typeof value.value === 'string' ? value.value : undefined
  }
  if (!n.range) return undefined
  return source.subarray(n.range.start.byte, n.range.end.byte).toString('utf8')
}

function objectOf(n: AstNode, source: string): TfValue {
  const bytes = Buffer.from(source, 'utf8')
  const children = n.children ?? []
  const entries: Array<readonly [string, TfValue]> = []
  for (let i = 0; i + 1 < children.length; i += 2) {
    const key = keyOf(children[i] ?? {}, bytes)
    if (key === undefined) return { kind: 'dynamic', text: metaText(n) }
    entries.push([key, fromAst(children[i + 1] ?? {}, source)])
  }
  return { kind: 'object', entries }
}

function referenceOf(n: AstNode): TfValue {
  const steps = Array.isArray(n.meta?.['traversal']) ? (n.meta['traversal'] as unknown[]) : []
  const path = steps.flatMap(s =>
    isNode(s) && (s as { type?: unknown }).type === 'nameTraversal'
      ? [String((s as { segment?: unknown }).segment ?? '')]
      : []
  )
  return { kind: 'reference', path, text: metaText(n, 'fullAccessor') || metaText(n) }
}

/** A value from the parser's syntax tree of `source` (the expression's text, for object keys). */
export function fromAst(ast: unknown, source: string): TfValue {
  if (!isNode(ast)) return { kind: 'dynamic', text: source }
  switch (ast.type) {
    case 'literalValue':
      return literalOf(ast)
    case 'template':
    case 'templateWrap':
      return templateOf(ast, source)
    case 'tuple':
      return { kind: 'list', items: (ast.children ?? []).map(c => fromAst(c, source)) }
    case 'object':
      return objectOf(ast, source)
    case 'scopeTraversal':
      return referenceOf(ast)
    case 'function':
      return {
        kind: 'call',
        name: metaText(ast, 'name'),
        args: (ast.children ?? []).map(c => fromAst(c, source)),
        text: metaText(ast)
      }
    default:
      return { kind: 'dynamic', text: metaText(ast) || source }
  }
}

/** A reference's text, a literal's value, or the source of what is known only at apply, for people. */
export function describeValue(v: TfValue): string {
  switch (v.kind) {
    case 'literal':
      return String(v.value)
    case 'reference':
    case 'call':
    case 'dynamic':
      return v.text
    case 'list':
      return `[${v.items.map(describeValue).join(', ')}]`
    case 'object':
      return '{…}'
  }
}

/** The plain JSON a value stands for, when every part of it is a literal (jsonencode's input). */
export function staticJson(v: TfValue): unknown {
  switch (v.kind) {
    case 'literal':
      return v.value
    case 'list': {
      const items = v.items.map(staticJson)
      return items.includes(undefined) ? undefined : items
    }
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, item] of v.entries) {
        const json = staticJson(item)
        if (json === undefined) return undefined
        out[k] = json
      }
      return out
    }
    default:
      return undefined
  }
}
