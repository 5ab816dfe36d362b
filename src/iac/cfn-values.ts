// Values a CloudFormation template fixes without deploying (pure): literal strings, ARNs built with
// `Fn::Sub`/`Fn::Join` and `AWS::Partition`, and policy documents.
import { cfnJson, type CfnNode } from './cfn-yaml.js'

export const str = (n: CfnNode | undefined): string | undefined =>
  n?.kind === 'scalar' && typeof n.value === 'string' && n.value !== '' ? n.value : undefined

export const listOf = (n: CfnNode | undefined): readonly CfnNode[] =>
  !n ? [] : n.kind === 'list' ? n.items : [n]

/** A string the template fixes, through `Fn::Sub`/`Fn::Join` of literals and `AWS::Partition`. */
export function cfnString(n: CfnNode): string | undefined {
  if (n.kind === 'scalar') return typeof n.value === 'string' ? n.value : undefined
  if (n.kind !== 'intrinsic') return undefined
  if (n.fn === 'Ref') return str(n.arg) === 'AWS::Partition' ? 'aws' : undefined
  if (n.fn === 'Fn::Sub' && n.arg.kind === 'scalar') {
    const s = String(n.arg.value).replace(/\$\{AWS::Partition\}/g, 'aws')
    return /\$\{(?!!)/.test(s) ? undefined : s.replace(/\$\{!/g, '${')
  }
  if (n.fn === 'Fn::Join' && n.arg.kind === 'list') {
    const [sep, items] = n.arg.items
    const parts = items?.kind === 'list' ? items.items.map(cfnString) : undefined
    const joiner = sep ? cfnString(sep) : undefined
    return parts && joiner !== undefined && !parts.includes(undefined)
      ? parts.join(joiner)
      : undefined
  }
  return undefined
}

/** A policy document, with ARNs built by intrinsic functions in Resource read as not `*`. */
export function policyDocument(n: CfnNode | undefined): unknown {
  if (!n) return undefined
  const relax = (node: CfnNode, underResource: boolean): CfnNode => {
    if (node.kind === 'intrinsic' && underResource)
      return {
        kind: 'scalar',
        value: cfnString(node) ?? `(${node.fn}, known at deploy)`,
        line: node.line
      }
    if (node.kind === 'list')
      return { ...node, items: node.items.map(i => relax(i, underResource)) }
    if (node.kind === 'map')
      return {
        ...node,
        entries: node.entries.map(e => ({
          ...e,
          value: relax(e.value, underResource || e.key === 'Resource' || e.key === 'NotResource')
        }))
      }
    return node
  }
  return cfnJson(relax(n, false))
}
