// Test fixture: reads an AWS Query-protocol request against an operation's input shape from the IAM
// service model botocore ships (the emulator's own copy): required members, `.member.N` lists,
// lengths, patterns, enums and ranges. The JS SDK's embedded schema names the members but carries
// none of those constraints, so the botocore model is the one that can check a request.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { REPO_ROOT } from './moto.js'

interface MemberRef {
  readonly shape: string
  readonly locationName?: string
}
interface Shape {
  readonly type: string
  readonly members?: Readonly<Record<string, MemberRef>>
  readonly required?: readonly string[]
  readonly member?: MemberRef
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
  readonly enum?: readonly string[]
}
export interface ServiceModel {
  readonly metadata: { readonly apiVersion: string; readonly xmlNamespace: string }
  readonly operations: Readonly<Record<string, { readonly input?: MemberRef }>>
  readonly shapes: Readonly<Record<string, Shape>>
}

let cached: ServiceModel | undefined

/** botocore's IAM model inside the emulator's virtualenv (`lib/python3.x/site-packages/botocore`). */
export function iamServiceModel(): ServiceModel {
  if (cached) return cached
  const lib = join(REPO_ROOT, '.emulator', 'venv', 'lib')
  const python = readdirSync(lib).find(d => d.startsWith('python'))
  if (!python) throw new Error(`No python directory in ${lib}: run npm run emulator:setup.`)
  const file = join(lib, python, 'site-packages', 'botocore', 'data', 'iam', '2010-05-08')
  cached = JSON.parse(gunzipSync(readFileSync(join(file, 'service-2.json.gz'))).toString('utf8'))
  return cached as ServiceModel
}

/** AWS names members in lower camel case in its validation messages. */
const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

class Reader {
  readonly used = new Set<string>()
  readonly errors: string[] = []

  constructor(
    private readonly model: ServiceModel,
    private readonly form: ReadonlyMap<string, string>
  ) {}

  present(key: string): boolean {
    return this.form.has(key) || [...this.form.keys()].some(k => k.startsWith(`${key}.`))
  }

  fail(value: string | undefined, path: string, constraint: string): void {
    const shown = value === undefined ? 'null' : `'${value}'`
    this.errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`)
  }

  read(key: string, shapeName: string, path: string): unknown {
    const shape = this.model.shapes[shapeName]
    if (!shape) throw new Error(`The model has no shape ${shapeName}`)
    if (shape.type === 'structure') return this.structure(key, shape, path)
    if (shape.type === 'list') return this.list(key, shape, path)
    const value = this.form.get(key)
    this.used.add(key)
    if (value === undefined) return undefined
    if (shape.type === 'string') return this.string(value, shape, path)
    if (shape.type === 'integer') return this.integer(value, shape, path)
    if (shape.type === 'boolean') {
      if (value !== 'true' && value !== 'false') this.fail(value, path, 'Member must be a boolean')
      return value === 'true'
    }
    this.fail(value, path, `Member of type ${shape.type} is not read by this fixture`)
    return value
  }

  private structure(key: string, shape: Shape, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const k = `${key ? `${key}.` : ''}${ref.locationName ?? name}`
      const p = `${path ? `${path}.` : ''}${camel(name)}`
      if (this.present(k)) out[name] = this.read(k, ref.shape, p)
      else if (shape.required?.includes(name)) this.fail(undefined, p, 'Member must not be null')
    }
    return out
  }

  private list(key: string, shape: Shape, path: string): unknown[] {
    // An empty list is sent as the bare name with an empty value.
    if (this.form.get(key) === '') {
      this.used.add(key)
      return this.counted([], shape, path)
    }
    const prefix = `${key}.${shape.member?.locationName ?? 'member'}.`
    const indexes = [...this.form.keys()]
      .filter(k => k.startsWith(prefix))
      .map(k => k.slice(prefix.length).split('.')[0] ?? '')
    const unique = [...new Set(indexes)]
    const numbers = unique.map(Number).sort((a, b) => a - b)
    if (unique.some(i => !/^[1-9]\d*$/.test(i)) || numbers.some((n, i) => n !== i + 1))
      this.fail(unique.join(','), path, 'List members must be numbered 1, 2, 3... without gaps')
    const items = numbers.map(n =>
      this.read(`${prefix}${n}`, shape.member?.shape ?? '', `${path}.${n}.member`)
    )
    return this.counted(items, shape, path)
  }

  private counted(items: unknown[], shape: Shape, path: string): unknown[] {
    const n = String(items.length)
    if (shape.min !== undefined && items.length < shape.min)
      this.fail(n, path, `Member must have length greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && items.length > shape.max)
      this.fail(n, path, `Member must have length less than or equal to ${shape.max}`)
    return items
  }

  private string(value: string, shape: Shape, path: string): string {
    const length = [...value].length
    if (shape.min !== undefined && length < shape.min)
      this.fail(value, path, `Member must have length greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && length > shape.max)
      this.fail(value, path, `Member must have length less than or equal to ${shape.max}`)
    if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(value))
      this.fail(value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`)
    if (shape.enum && !shape.enum.includes(value))
      this.fail(value, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`)
    return value
  }

  private integer(value: string, shape: Shape, path: string): number | string {
    if (!/^-?\d+$/.test(value)) {
      this.fail(value, path, 'Member must be an integer')
      return value
    }
    const n = Number(value)
    if (shape.min !== undefined && n < shape.min)
      this.fail(value, path, `Member must have value greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && n > shape.max)
      this.fail(value, path, `Member must have value less than or equal to ${shape.max}`)
    return n
  }
}

export interface QueryRead {
  /** The request's members, as the operation's input shape names them. */
  readonly input: Record<string, unknown>
  /** What AWS would refuse, worded as its ValidationError messages; empty when the request fits. */
  readonly errors: readonly string[]
}

/** Reads a Query-protocol form (`Action`, `Version` and the members) for `operation`. */
export function readQueryRequest(form: URLSearchParams, operation: string): QueryRead {
  const model = iamServiceModel()
  const entries = new Map<string, string>()
  const errors: string[] = []
  for (const [k, v] of form) {
    if (entries.has(k)) errors.push(`Parameter ${k} is given more than once`)
    entries.set(k, v)
  }
  const reader = new Reader(model, entries)
  const ref = model.operations[operation]?.input
  if (!ref) throw new Error(`The model has no operation ${operation}`)
  const input = reader.read('', ref.shape, '') as Record<string, unknown>
  if (entries.get('Action') !== operation) errors.push(`Action is not ${operation}`)
  if (entries.get('Version') !== model.metadata.apiVersion)
    errors.push(`Version is not ${model.metadata.apiVersion}`)
  for (const k of entries.keys())
    if (!reader.used.has(k) && k !== 'Action' && k !== 'Version')
      errors.push(`Parameter ${k} is not a member of ${ref.shape}`)
  return { input, errors: [...errors, ...reader.errors] }
}
