// Policy documents in Terraform (pure): a JSON string or heredoc, `jsonencode({…})`, an
// `aws_iam_policy_document` data source, or an ARN (an `aws_iam_policy` of the module, AWS managed).
import { awsManagedPolicyName, onlyIf, type CodeSpot, type PolicyFact } from './iac-facts.js'
import { staticJson, type TfValue } from './hcl-value.js'
import {
  conditionOf,
  findBlock,
  resolveLocals,
  whyUnknown,
  type TfModule
} from './terraform-refs.js'

type Document =
  { readonly ok: true; readonly document: unknown } | { readonly ok: false; readonly why: string }

const literalList = (v: TfValue | undefined): string[] | undefined => {
  if (v === undefined) return undefined
  const json = staticJson(v)
  return Array.isArray(json) && json.every(x => typeof x === 'string') ? json : undefined
}

const objects = (v: TfValue | undefined): ReadonlyArray<ReadonlyMap<string, TfValue>> =>
  v?.kind === 'list'
    ? v.items.flatMap(i => (i.kind === 'object' ? [new Map(i.entries)] : []))
    : v?.kind === 'object'
      ? [new Map(v.entries)]
      : []

/** One `statement { … }` block as an IAM statement, or why it is not static. */
function statementOf(s: ReadonlyMap<string, TfValue>): Record<string, unknown> | string {
  if (s.has('dynamic')) return 'it has a `dynamic` block, whose content is known only at apply'
  const out: Record<string, unknown> = {}
  const sid = s.get('sid')
  if (sid !== undefined) {
    const text = staticJson(sid)
    if (typeof text !== 'string') return 'its `sid` is known only at apply'
    if (text !== '') out['Sid'] = text
  }
  const effect = s.get('effect')
  out['Effect'] = effect ? staticJson(effect) : 'Allow'
  if (typeof out['Effect'] !== 'string') return 'its `effect` is known only at apply'
  for (const [attr, key] of [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource']
  ] as const) {
    const value = s.get(attr)
    if (value === undefined) continue
    const list = literalList(value)
    if (!list) return `its \`${attr}\` is known only at apply`
    out[key] = list
  }
  const conditions: Record<string, Record<string, string[]>> = {}
  for (const c of objects(s.get('condition'))) {
    const test = staticJson(c.get('test') ?? { kind: 'dynamic', text: '' })
    const variable = staticJson(c.get('variable') ?? { kind: 'dynamic', text: '' })
    const values = literalList(c.get('values'))
    if (typeof test !== 'string' || typeof variable !== 'string' || !values)
      return 'a `condition` is known only at apply'
    conditions[test] = { ...conditions[test], [variable]: values }
  }
  if (Object.keys(conditions).length > 0) out['Condition'] = conditions
  return out
}

/** The statements of a document (JSON text or parsed), or undefined when it has none readable. */
function statementsOf(document: unknown): unknown[] | undefined {
  const parsed = typeof document === 'string' ? safeJson(document) : document
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const raw = (parsed as { Statement?: unknown }).Statement
  return Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
}

const sidOf = (statement: unknown): string | undefined => {
  const sid = (statement as { Sid?: unknown } | null | undefined)?.Sid
  return typeof sid === 'string' && sid !== '' ? sid : undefined
}

/**
 * An `aws_iam_policy_document` data source as a policy document: the statements of
 * `source_policy_documents`, its own `statement` blocks, then `override_policy_documents`, whose
 * statements replace those with the same non-blank `sid` (and are added otherwise), as the AWS
 * provider merges them. `dynamic` blocks and the deprecated `source_json` and `override_json` are
 * not read: such a document is not known from the code.
 */
function dataDocument(module: TfModule, name: string, depth: number): Document {
  const label = `data.aws_iam_policy_document.${name}`
  const data = findBlock(module, 'data', 'aws_iam_policy_document', name)
  if (!data)
    return {
      ok: false,
      why: `the data source \`aws_iam_policy_document.${name}\` is not defined in this module`
    }
  const conditional = conditionOf(module, data)
  if (conditional) return { ok: false, why: conditional }
  if (data.attributes.has('dynamic'))
    return {
      ok: false,
      why: `\`${label}\` has a \`dynamic\` block, whose statements are known only at apply`
    }
  for (const attr of ['source_json', 'override_json'])
    if (data.attributes.has(attr))
      return { ok: false, why: `\`${label}\` uses \`${attr}\`, which is not read` }
  const statements: unknown[] = []
  const sources = (attr: string): unknown[][] | Document => {
    const value = data.attributes.get(attr)
    if (!value) return []
    const out: unknown[][] = []
    for (const item of value.kind === 'list' ? value.items : [value]) {
      const doc = documentOf(module, item, depth + 1)
      if (!doc.ok) return doc
      const list = statementsOf(doc.document)
      if (!list) return { ok: false, why: `a document in \`${attr}\` of \`${label}\` is not JSON` }
      out.push(list)
    }
    return out
  }
  const source = sources('source_policy_documents')
  if (!Array.isArray(source)) return source
  for (const list of source) statements.push(...list)
  for (const s of objects(data.attributes.get('statement'))) {
    const statement = statementOf(s)
    if (typeof statement === 'string')
      return { ok: false, why: `a statement of \`${label}\`: ${statement}` }
    const sid = sidOf(statement)
    // A statement block that repeats a source's sid may replace it or be refused: not decided here.
    if (sid !== undefined && statements.some(x => sidOf(x) === sid))
      return { ok: false, why: `\`${label}\` repeats the sid \`${sid}\` of a source document` }
    statements.push(statement)
  }
  const overrides = sources('override_policy_documents')
  if (!Array.isArray(overrides)) return overrides
  for (const list of overrides)
    for (const statement of list) {
      const sid = sidOf(statement)
      const at = sid === undefined ? -1 : statements.findIndex(x => sidOf(x) === sid)
      if (at === -1) statements.push(statement)
      else statements[at] = statement
    }
  return { ok: true, document: { Version: '2012-10-17', Statement: statements } }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The document a `policy` argument holds, or why the code does not say. */
export function documentOf(module: TfModule, raw: TfValue, depth = 0): Document {
  const value = resolveLocals(module, raw)
  if (depth > 8) return { ok: false, why: 'the policy is built through too many references' }
  if (value.kind === 'literal' && typeof value.value === 'string')
    return { ok: true, document: value.value }
  if (value.kind === 'call' && value.name === 'jsonencode') {
    const [arg] = value.args
    const json = arg ? staticJson(resolveLocals(module, arg)) : undefined
    return json === undefined
      ? { ok: false, why: '`jsonencode` is given values known only at apply' }
      : { ok: true, document: json }
  }
  if (value.kind === 'reference') {
    const [root, second, third, fourth] = value.path
    // data.aws_iam_policy_document.NAME.json
    if (
      root === 'data' &&
      second === 'aws_iam_policy_document' &&
      third !== undefined &&
      (fourth === 'json' || fourth === 'minified_json')
    )
      return dataDocument(module, third, depth)
    // aws_iam_policy.NAME.policy
    if (root === 'aws_iam_policy' && second !== undefined && third === 'policy') {
      const body = findBlock(module, 'resource', 'aws_iam_policy', second)?.attributes.get('policy')
      if (body) return documentOf(module, body, depth + 1)
    }
  }
  return { ok: false, why: whyUnknown(value) }
}

/** An inline policy (`policy` argument) as a fact. */
export function inlinePolicy(
  module: TfModule,
  label: string,
  value: TfValue | undefined,
  at: CodeSpot
): PolicyFact {
  if (!value) return { kind: 'unresolved', name: label, why: 'it has no `policy` argument' }
  const doc = documentOf(module, value)
  return doc.ok
    ? { kind: 'document', name: label, document: doc.document, at }
    : { kind: 'unresolved', name: label, why: doc.why }
}

/** A managed policy attached by ARN (`policy_arn`): the module's own policy, AWS managed, or unknown. */
export function attachedPolicy(module: TfModule, raw: TfValue | undefined): PolicyFact {
  if (!raw)
    return { kind: 'unresolved', name: '(no policy_arn)', why: 'it has no `policy_arn` argument' }
  const value = resolveLocals(module, raw)
  if (value.kind === 'reference') {
    const [root, name, attr] = value.path
    if (root === 'aws_iam_policy' && name !== undefined && (attr === 'arn' || attr === 'id')) {
      const policy = findBlock(module, 'resource', 'aws_iam_policy', name)
      if (policy)
        return onlyIf(
          inlinePolicy(module, `aws_iam_policy.${name}`, policy.attributes.get('policy'), {
            uri: policy.uri,
            line: policy.line
          }),
          conditionOf(module, policy)
        )
    }
    if (root === 'data' && name === 'aws_iam_policy' && attr !== undefined) {
      const arn = findBlock(module, 'data', 'aws_iam_policy', attr)?.attributes.get('arn')
      if (arn) return attachedPolicy(module, arn)
    }
  }
  if (value.kind === 'literal' && typeof value.value === 'string') {
    const arn = value.value
    const managed = awsManagedPolicyName(arn)
    if (managed) return { kind: 'aws-managed', name: managed }
    const name = arn.split('/').pop() ?? arn
    const own = module.blocks.find(
      b =>
        b.kind === 'resource' &&
        b.type === 'aws_iam_policy' &&
        staticJson(b.attributes.get('name') ?? { kind: 'dynamic', text: '' }) === name
    )
    if (own)
      return onlyIf(
        inlinePolicy(module, `aws_iam_policy.${own.name}`, own.attributes.get('policy'), {
          uri: own.uri,
          line: own.line
        }),
        conditionOf(module, own)
      )
    return {
      kind: 'unresolved',
      name,
      why: `the customer managed policy \`${arn}\` is not defined in the code read`
    }
  }
  return {
    kind: 'unresolved',
    name: value.kind === 'reference' ? value.text : 'policy_arn',
    why: whyUnknown(value)
  }
}
