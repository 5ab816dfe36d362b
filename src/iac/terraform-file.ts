// Reading one Terraform file with the HCL parser: its resources, data sources, modules and locals,
// each with its values and the line it starts on.
import { fromAst, unescapeTemplate, type TfValue } from './hcl-value.js'
import { outlineHcl } from './hcl-outline.js'
import type { HclParser } from './hcl-wasm.js'

export interface TfBlock {
  readonly kind: 'resource' | 'data' | 'module' | 'locals'
  /** The resource or data source type (`aws_iam_user`); empty for modules and locals. */
  readonly type: string
  /** The block's name (`alice` in `resource "aws_iam_user" "alice"`); empty for locals. */
  readonly name: string
  readonly line: number
  readonly attributes: ReadonlyMap<string, TfValue>
  /** Lines of the block's own attributes. */
  readonly attributeLines: ReadonlyMap<string, number>
}

export type TfFile =
  | { readonly ok: true; readonly blocks: readonly TfBlock[] }
  | { readonly ok: false; readonly error: string }

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Template markers that are not escaped (`$${` and `%%{` are literal text). */
const INTERPOLATION = /(?<!\$)\$\{|(?<!%)%\{/

/** A string as the parser's JSON gives it: a literal, or the source of an expression as `${…}`. */
async function stringValue(s: string, file: string, parser: HclParser): Promise<TfValue> {
  if (!INTERPOLATION.test(s)) return { kind: 'literal', value: unescapeTemplate(s) }
  if (s.startsWith('${') && s.endsWith('}')) {
    const source = s.slice(2, -1)
    // "${a}-${b}" does not parse as `a}-${b`: it is a template, known only at apply.
    const ast = await parser.expression(file, source).catch(() => undefined)
    if (ast !== undefined && ast !== null) return fromAst(ast, source)
  }
  return { kind: 'dynamic', text: s }
}

async function valueOf(json: unknown, file: string, parser: HclParser): Promise<TfValue> {
  if (typeof json === 'string') return stringValue(json, file, parser)
  if (typeof json === 'number' || typeof json === 'boolean' || json === null)
    return { kind: 'literal', value: json }
  if (Array.isArray(json))
    return { kind: 'list', items: await Promise.all(json.map(j => valueOf(j, file, parser))) }
  if (isRecord(json)) {
    const entries: Array<readonly [string, TfValue]> = []
    for (const [k, v] of Object.entries(json)) entries.push([k, await valueOf(v, file, parser)])
    return { kind: 'object', entries }
  }
  return { kind: 'dynamic', text: String(json) }
}

async function attributesOf(
  body: unknown,
  file: string,
  parser: HclParser
): Promise<Map<string, TfValue>> {
  const out = new Map<string, TfValue>()
  if (!isRecord(body)) return out
  for (const [k, v] of Object.entries(body)) out.set(k, await valueOf(v, file, parser))
  return out
}

/** The file's blocks; a syntax error is the parser's message, which names the line. */
export async function parseTerraform(
  text: string,
  file: string,
  parser: HclParser
): Promise<TfFile> {
  let json: unknown
  try {
    json = await parser.parse(file, text)
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
  if (!isRecord(json)) return { ok: true, blocks: [] }
  const outline = outlineHcl(text)
  const find = (type: string, labels: readonly string[]) =>
    outline.find(b => b.type === type && labels.every((l, i) => b.labels[i] === l))
  const blocks: TfBlock[] = []
  const add = async (kind: TfBlock['kind'], type: string, name: string, body: unknown) => {
    const at = find(kind, kind === 'module' ? [name] : [type, name])
    blocks.push({
      kind,
      type,
      name,
      line: at?.line ?? 1,
      attributes: await attributesOf(body, file, parser),
      attributeLines: at?.attributes ?? new Map()
    })
  }
  for (const kind of ['resource', 'data'] as const) {
    const byType = json[kind]
    if (!isRecord(byType)) continue
    for (const [type, byName] of Object.entries(byType)) {
      if (!isRecord(byName)) continue
      for (const [name, bodies] of Object.entries(byName))
        for (const body of Array.isArray(bodies) ? bodies : [bodies])
          await add(kind, type, name, body)
    }
  }
  const modules = json['module']
  if (isRecord(modules))
    for (const [name, bodies] of Object.entries(modules))
      for (const body of Array.isArray(bodies) ? bodies : [bodies])
        await add('module', '', name, body)
  const locals = json['locals']
  const localBlocks = outline.filter(b => b.type === 'locals')
  for (const [i, body] of (Array.isArray(locals) ? locals : []).entries()) {
    blocks.push({
      kind: 'locals',
      type: '',
      name: '',
      line: localBlocks[i]?.line ?? 1,
      attributes: await attributesOf(body, file, parser),
      attributeLines: localBlocks[i]?.attributes ?? new Map()
    })
  }
  return { ok: true, blocks: blocks.sort((a, b) => a.line - b.line) }
}
