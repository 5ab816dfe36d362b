// Following Terraform references inside one module (pure): `aws_iam_user.alice.name` to the user
// it names, `local.x` to its value, and saying why `var.x`, `module.m.out` or `data.…` cannot be.
import type { EntityKey } from './iac-facts.js'
import { describeValue, type TfValue } from './hcl-value.js'
import type { TfBlock } from './terraform-file.js'

/** A Terraform module: the blocks of the `.tf` files of one folder, each with its file. */
export interface TfModule {
  /** The folder, relative to the workspace ('' for the root). */
  readonly dir: string
  readonly blocks: ReadonlyArray<TfBlock & { readonly uri: string }>
}

/** The id a resource of this module gets in the facts. */
export const resourceId = (module: TfModule, type: string, name: string): string =>
  `tf:${module.dir}:${type}.${name}`

export function findBlock(
  module: TfModule,
  kind: TfBlock['kind'],
  type: string,
  name: string
): (TfBlock & { readonly uri: string }) | undefined {
  return module.blocks.find(b => b.kind === kind && b.type === type && b.name === name)
}

/** `local.x` replaced by its value (locals may refer to locals, a few levels deep). */
export function resolveLocals(module: TfModule, value: TfValue, depth = 0): TfValue {
  if (value.kind !== 'reference' || value.path[0] !== 'local' || depth > 8) return value
  const name = value.path[1] ?? ''
  const local = module.blocks.find(b => b.kind === 'locals' && b.attributes.has(name))
  const found = local?.attributes.get(name)
  return found ? resolveLocals(module, found, depth + 1) : value
}

/** Why a value is not known from the code: the reference's kind, said for people. */
export function whyUnknown(value: TfValue): string {
  if (value.kind === 'reference') {
    const [root, second] = value.path
    if (root === 'var') return 'it comes from a variable'
    if (root === 'module')
      return `it is an output of module \`${second ?? ''}\`, whose code is not read`
    if (root === 'data')
      return `it comes from the data source \`${value.text}\`, read only at apply`
    if (root === 'local') return `the local value \`${value.text}\` is not defined in this module`
    return `\`${value.text}\` is not defined in this module`
  }
  return `\`${describeValue(value)}\` is known only when Terraform runs`
}

/**
 * The user or group a value names: `aws_iam_user.alice.name` (a resource of this module), a literal
 * name, or unresolved with the reason.
 */
export function entityKey(
  module: TfModule,
  raw: TfValue,
  type: 'aws_iam_user' | 'aws_iam_group'
): EntityKey {
  const value = resolveLocals(module, raw)
  if (value.kind === 'literal' && typeof value.value === 'string' && value.value !== '')
    return { kind: 'name', name: value.value }
  if (value.kind === 'reference') {
    const [root, name, third, fourth] = value.path
    if (root === type && name !== undefined) {
      if (findBlock(module, 'resource', type, name))
        return { kind: 'id', id: resourceId(module, type, name) }
      return { kind: 'unresolved', text: value.text, why: whyUnknown(value) }
    }
    // `data "aws_iam_group" "x" { group_name = "devs" }` names an existing group.
    if (root === 'data' && name === type && third !== undefined && fourth !== undefined) {
      const data = findBlock(module, 'data', type, third)
      const literal = data?.attributes.get(type === 'aws_iam_user' ? 'user_name' : 'group_name')
      if (literal?.kind === 'literal' && typeof literal.value === 'string')
        return { kind: 'name', name: literal.value }
    }
  }
  return { kind: 'unresolved', text: describeValue(value), why: whyUnknown(value) }
}

/** The items of a list value (`groups = [a, b]`); a list known only at apply is one unknown item. */
export function itemsOf(module: TfModule, raw: TfValue | undefined): readonly TfValue[] {
  if (!raw) return []
  const value = resolveLocals(module, raw)
  return value.kind === 'list' ? value.items : [value]
}

/** Whether a value is a literal collection with at least one item (`toset([…])` included). */
function nonEmptyLiteral(value: TfValue): boolean {
  if (value.kind === 'call' && ['toset', 'tomap', 'tolist'].includes(value.name)) {
    const [arg] = value.args
    return value.args.length === 1 && arg !== undefined && nonEmptyLiteral(arg)
  }
  if (value.kind === 'list') return value.items.length > 0
  if (value.kind === 'object') return value.entries.length > 0
  return false
}

/**
 * Why a resource may not be created, or undefined when it surely is: a `count` that is not a literal
 * number of at least 1, a `for_each` that is not a literal non-empty collection.
 */
export function conditionOf(
  module: TfModule,
  block: Pick<TfBlock, 'type' | 'name' | 'attributes'>
): string | undefined {
  const label = `${block.type}.${block.name}`
  const count = block.attributes.get('count')
  if (count !== undefined) {
    const value = resolveLocals(module, count)
    if (!(value.kind === 'literal' && typeof value.value === 'number' && value.value >= 1))
      return `${label} is created only when \`count\` allows it`
  }
  const forEach = block.attributes.get('for_each')
  if (forEach !== undefined && !nonEmptyLiteral(resolveLocals(module, forEach)))
    return `${label} is created only for the items \`for_each\` is given`
  return undefined
}
