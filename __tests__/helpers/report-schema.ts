// Test helper: validates a report file against its published JSON Schema, docs/report-file.schema.json
// (draft 2020-12, ajv in strict mode with formats).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ajv2020 from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'
import { REPO_ROOT } from './moto.js'

// Both packages are CommonJS: the default import is `module.exports`, whose `default` is the class.
const Ajv2020 = ajv2020.default
const addFormats = ajvFormats.default

export const REPORT_SCHEMA_FILE = join(REPO_ROOT, 'docs', 'report-file.schema.json')

let compiled: ValidateFunction | undefined

function validator(): ValidateFunction {
  if (compiled) return compiled
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, 'utf8')) as Record<string, unknown>
  // Strict, except that a conditional `required` may name a property the enclosing schema defines.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true })
  addFormats(ajv)
  compiled = ajv.compile(schema)
  return compiled
}

/** Every way `doc` breaks the report file's schema, one line each; `[]` when it is valid. */
export function reportSchemaErrors(doc: unknown): string[] {
  const validate = validator()
  if (validate(doc)) return []
  return (validate.errors ?? []).map(
    e => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`
  )
}
