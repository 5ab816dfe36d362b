// HashiCorp's HCL parser (Go compiled to WebAssembly, shipped by @cdktf/hcl2json), started on first
// use: a file as JSON, and an expression as its syntax tree.
import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { goRuntime } from './go-runtime.js'

export interface HclParser {
  /** The file's blocks and attributes as JSON; expressions kept as `${…}` source. Rejects on a syntax error. */
  parse(file: string, text: string): Promise<unknown>
  /** The syntax tree of one expression (types `function`, `object`, `tuple`, `template`, …). */
  expression(file: string, source: string): Promise<unknown>
}

type Callback = (error: string | null | undefined, result: string) => void
type GoFunction = (...args: Array<string | Callback>) => void

/** The WebAssembly runtime's part used here (its types are not in this project's libraries). */
interface WasmInstance {
  readonly exports: unknown
}
interface Wasm {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ readonly instance: WasmInstance }>
}

/** Where the Go program registers its functions (the name its build uses). */
const ROOT = '__parse_terraform_config_wasm__'

let loading: Promise<HclParser> | undefined

async function start(): Promise<HclParser> {
  const scope = globalThis as unknown as Record<string, unknown>
  const Go = await goRuntime()
  const go = new Go()
  // The compiled parser, as the package ships it. The path is relative to this source file, and
  // written inside the read, so the bundler ships the file beside the bundle and points here at it.
  const bytes = gunzipSync(
    await readFile(new URL('../../node_modules/@cdktf/hcl2json/main.wasm.gz', import.meta.url))
  )
  const wasm = scope['WebAssembly'] as Wasm
  const { instance } = await wasm.instantiate(bytes, go.importObject)
  const functions: Record<string, GoFunction> = {}
  scope[ROOT] = functions
  // The program registers its functions, then waits for calls; it never ends by itself.
  void go.run(instance)
  const call = (name: string, ...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const fn = functions[name]
      if (!fn) {
        reject(new Error(`the HCL parser has no function ${name}`))
        return
      }
      fn(...args, (error, result) => (error ? reject(new Error(error)) : resolve(result)))
    })
  return {
    parse: async (file, text) => JSON.parse(await call('parse', file, text)) as unknown,
    expression: async (file, source) =>
      JSON.parse(await call('getExpressionAst', file, source)) as unknown
  }
}

/** The parser, started once per process. */
export function hclParser(): Promise<HclParser> {
  // Written without `??=`: the bundler's asset finder cannot read that operator, and would miss
  // the compiled parser above.
  if (!loading)
    loading = start().catch((error: unknown) => {
      loading = undefined
      throw error
    })
  return loading
}
