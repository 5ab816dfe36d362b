// Test fixture: checks requests against GitHub's published OpenAPI description (@octokit/openapi).
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './moto.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Operation {
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
  readonly params: string[]
  readonly operationId: string
  readonly bodySchema: Json | undefined
}

export interface MatchedOperation {
  readonly operationId: string
  readonly params: Record<string, string>
}

/** OpenAPI 3.0 schema -> JSON Schema: nullable, examples and vendor keys, $refs to one registered id. */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert)
  if (node === null || typeof node !== 'object') return node
  const out: { [key: string]: Json } = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key.startsWith('x-') || key === 'nullable')
      continue
    if (key === '$ref' && typeof value === 'string')
      out[key] = value.replace(/^#\/components\//, 'github#/components/')
    else out[key] = convert(value)
  }
  return node['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out
}

let cached: { operations: Operation[]; ajv: InstanceType<typeof Ajv2020> } | undefined

function load(): { operations: Operation[]; ajv: InstanceType<typeof Ajv2020> } {
  if (cached) return cached
  const file = join(
    REPO_ROOT,
    'node_modules',
    '@octokit',
    'openapi',
    'generated',
    'api.github.com.json'
  )
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, Json>>
    components: Json
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  ;(addFormats as unknown as (a: unknown) => void)(ajv)
  ajv.addSchema({ $id: 'github', components: convert(spec.components) } as object)
  const operations: Operation[] = []
  for (const [template, methods] of Object.entries(spec.paths)) {
    const params: string[] = []
    const pattern = new RegExp(
      `^${template.replace(/\{(\w+)\}/g, (_, name: string) => {
        params.push(name)
        return '([^/]+)'
      })}$`
    )
    for (const [method, op] of Object.entries(methods)) {
      const o = op as {
        operationId?: string
        requestBody?: { content?: Record<string, { schema?: Json }> }
      }
      if (!o.operationId) continue
      const schema = o.requestBody?.content?.['application/json']?.schema
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern,
        params,
        operationId: o.operationId,
        bodySchema: schema === undefined ? undefined : convert(schema)
      })
    }
  }
  // Literal segments before templated ones, like GitHub's router.
  operations.sort((a, b) => a.params.length - b.params.length)
  cached = { operations, ajv }
  return cached
}

const compiled = new Map<string, ValidateFunction>()

/** The operation for `method path`, or undefined when GitHub's API has no such endpoint. */
export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  for (const op of load().operations) {
    if (op.method !== method) continue
    const m = op.pattern.exec(path)
    if (!m) continue
    return {
      operationId: op.operationId,
      params: Object.fromEntries(op.params.map((p, i) => [p, decodeURIComponent(m[i + 1] ?? '')]))
    }
  }
  return undefined
}

/** Problems with the request body of `operationId`, in ajv's words; [] when it conforms. */
export function bodyProblems(operationId: string, body: unknown): string[] {
  const { operations, ajv } = load()
  const op = operations.find(o => o.operationId === operationId)
  if (!op || op.bodySchema === undefined) return []
  const validate = compiled.get(operationId) ?? ajv.compile(op.bodySchema as object)
  compiled.set(operationId, validate)
  return validate(body)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath || '(body)'} ${e.message ?? ''}`)
}
