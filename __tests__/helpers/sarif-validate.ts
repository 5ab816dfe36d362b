// Test helper: validates a SARIF log against the official SARIF 2.1.0 schema (ajv, draft 2020-12)
// and against the SARIF multitool's own rules plus GitHub's ingestion rules (`--rule-kind Sarif;Gh`).
import { execFile } from 'node:child_process'
import { accessSync, chmodSync, constants, readFileSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ajv2020 from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'

// Both packages are CommonJS: under NodeNext the default import is `module.exports`, whose
// `default` member is the class / plugin (ajv and ajv-formats set `exports.default` for this).
const Ajv2020 = ajv2020.default
const addFormats = ajvFormats.default

const PACKAGE = fileURLToPath(
  new URL('../../node_modules/@microsoft/sarif-multitool-linux/', import.meta.url)
)
export const SARIF_SCHEMA_FILE = join(PACKAGE, 'sarif-2.1.0.json')
export const MULTITOOL = join(PACKAGE, 'Sarif.Multitool')

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  if (compiled) return compiled
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as Record<string, unknown>
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  compiled = ajv.compile(schema)
  return compiled
}

/** Every way `log` breaks the SARIF 2.1.0 schema, one line each; `[]` when it is valid. */
export function schemaErrors(log: unknown): string[] {
  const validate = validator()
  if (validate(log)) return []
  return (validate.errors ?? []).map(
    e => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`
  )
}

interface MultitoolMessage {
  readonly text?: string
  readonly id?: string
  readonly arguments?: readonly string[]
}
interface MultitoolResult {
  readonly ruleId?: string
  readonly level?: string
  readonly message: MultitoolMessage
}
interface MultitoolRun {
  readonly results?: readonly MultitoolResult[]
}

function ensureExecutable(file: string): void {
  try {
    accessSync(file, constants.X_OK)
  } catch {
    chmodSync(file, statSync(file).mode | 0o100)
  }
}

function run(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise(resolvePromise => {
    // The exit code is ignored on purpose: the findings are read from the output log.
    execFile(file, [...args], { maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) =>
      resolvePromise({ stdout: String(stdout), stderr: String(stderr) })
    )
  })
}

/**
 * Runs `Sarif.Multitool validate --rule-kind Sarif;Gh` on `log` and returns its error-level
 * results as `ruleId: message`; `[]` when the multitool finds no error. Takes a few seconds.
 */
export async function multitoolErrors(log: unknown): Promise<string[]> {
  ensureExecutable(MULTITOOL)
  const dir = await mkdtemp(join(tmpdir(), 'posturio-sarif-'))
  try {
    const input = join(dir, 'input.sarif')
    const output = join(dir, 'validation.sarif')
    await writeFile(input, JSON.stringify(log, null, 2), 'utf8')
    const { stdout, stderr } = await run(MULTITOOL, [
      'validate',
      input,
      '--rule-kind',
      'Sarif;Gh',
      '-o',
      output
    ])
    let text: string
    try {
      text = await readFile(output, 'utf8')
    } catch {
      throw new Error(
        `Sarif.Multitool wrote no output log.\nstdout:\n${stdout}\nstderr:\n${stderr}`
      )
    }
    const report = JSON.parse(text) as { runs?: readonly MultitoolRun[] }
    const errors: string[] = []
    // The multitool writes `level: "error"` on every error; results without a level are warnings.
    for (const r of report.runs ?? []) {
      for (const res of r.results ?? []) {
        if (res.level !== 'error') continue
        const m = res.message
        errors.push(
          `${res.ruleId ?? '?'}: ${m.text ?? `${m.id ?? ''} ${(m.arguments ?? []).join(', ')}`}`
        )
      }
    }
    return errors
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
