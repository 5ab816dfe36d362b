// Reading a CloudFormation or SAM template, YAML or JSON, into plain nodes with their lines (pure):
// the short tags (`!Ref`, `!GetAtt`, `!Sub`, `!Join`, …) and their long forms (`Fn::Join`) alike.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'

export type CfnNode =
  | {
      readonly kind: 'scalar'
      readonly value: string | number | boolean | null
      readonly line: number
    }
  | { readonly kind: 'list'; readonly items: readonly CfnNode[]; readonly line: number }
  | { readonly kind: 'map'; readonly entries: readonly CfnEntry[]; readonly line: number }
  /** `Ref`, `Fn::GetAtt`, `Fn::Sub`, …: known only when the stack is deployed. */
  | {
      readonly kind: 'intrinsic'
      readonly fn: string
      readonly arg: CfnNode
      readonly line: number
    }

export interface CfnEntry {
  readonly key: string
  readonly line: number
  readonly value: CfnNode
}

export type CfnDocument =
  { readonly ok: true; readonly root: CfnNode } | { readonly ok: false; readonly error: string }

/** CloudFormation's short-form tags and the function each stands for. */
const SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    [
      'And',
      'Base64',
      'Cidr',
      'Equals',
      'FindInMap',
      'GetAtt',
      'GetAZs',
      'If',
      'ImportValue',
      'Join',
      'Length',
      'Not',
      'Or',
      'Select',
      'Split',
      'Sub',
      'ToJsonString',
      'Transform'
    ].map(f => [`!${f}`, `Fn::${f}`])
  )
}

/** Each tag on a scalar, a sequence or a mapping; the node keeps its tag for the walk below. */
const CUSTOM_TAGS = Object.keys(SHORT_TAGS).flatMap(tag => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const },
  { tag, collection: 'map' as const }
])

const isIntrinsicKey = (key: string): boolean =>
  key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')

function convert(node: unknown, lineOf: (offset: number) => number): CfnNode {
  const line = lineOf((node as Node | null)?.range?.[0] ?? 0)
  let out: CfnNode
  if (isMap(node)) {
    const entries: CfnEntry[] = []
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      entries.push({
        key,
        line: lineOf((pair.key as Node | null)?.range?.[0] ?? 0),
        value: convert(pair.value, lineOf)
      })
    }
    const [only] = entries
    out =
      entries.length === 1 && only && isIntrinsicKey(only.key)
        ? { kind: 'intrinsic', fn: only.key, arg: only.value, line }
        : { kind: 'map', entries, line }
  } else if (isSeq(node)) {
    out = { kind: 'list', items: node.items.map(i => convert(i, lineOf)), line }
  } else if (isScalar(node)) {
    const v = node.value
    out = {
      kind: 'scalar',
      value:
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : v === null
            ? null
            : String(v),
      line
    }
  } else out = { kind: 'scalar', value: null, line }
  const tag = (node as Node | null)?.tag
  const fn = tag ? SHORT_TAGS[tag] : undefined
  return fn ? { kind: 'intrinsic', fn, arg: out, line } : out
}

/** The template's nodes, or the parser's first error with its line. */
export function parseCfn(text: string): CfnDocument {
  const counter = new LineCounter()
  const doc = parseDocument(text, {
    customTags: CUSTOM_TAGS,
    lineCounter: counter,
    uniqueKeys: false,
    prettyErrors: false
  })
  const [error] = doc.errors
  if (error) {
    const line = counter.linePos(error.pos[0]).line
    return { ok: false, error: `line ${line}: ${error.message.split('\n')[0] ?? ''}` }
  }
  return { ok: true, root: convert(doc.contents, offset => counter.linePos(offset).line) }
}

/** The value under `key` of a map node. */
export function entryOf(node: CfnNode | undefined, key: string): CfnEntry | undefined {
  return node?.kind === 'map' ? node.entries.find(e => e.key === key) : undefined
}

/** Plain JSON for a node made only of literals; undefined when an intrinsic function is in it. */
export function cfnJson(node: CfnNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value
    case 'list': {
      const items = node.items.map(cfnJson)
      return items.includes(undefined) ? undefined : items
    }
    case 'map': {
      const out: Record<string, unknown> = {}
      for (const e of node.entries) {
        const v = cfnJson(e.value)
        if (v === undefined) return undefined
        out[e.key] = v
      }
      return out
    }
    case 'intrinsic':
      return undefined
  }
}
