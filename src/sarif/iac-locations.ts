// Finding where infrastructure code defines IAM users (Terraform aws_iam_user with a literal name,
// CloudFormation/SAM AWS::IAM::User with a literal UserName), bounded in files and bytes.
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import type { CodeLocation } from './build-sarif.js'

export const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform'])
const EXTENSIONS = new Set(['.tf', '.yaml', '.yml', '.json'])

export interface ScanLimits {
  readonly maxFiles: number
  readonly maxFileBytes: number
  readonly maxTotalBytes: number
}
export const DEFAULT_LIMITS: ScanLimits = {
  maxFiles: 5000,
  maxFileBytes: 1_000_000,
  maxTotalBytes: 50_000_000
}

/** `name = "literal"` inside each `resource "aws_iam_user"` block (pure). */
export function terraformUsers(text: string): Array<{ name: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ name: string; line: number }> = []
  lines.forEach((line, i) => {
    if (!/^\s*resource\s+"aws_iam_user"\s+"[^"]+"\s*\{/.test(line)) return
    for (
      let j = i + 1;
      j < lines.length && !/^\s*(resource|data|module)\s+"/.test(lines[j] ?? '');
      j++
    ) {
      const m = /^\s*name\s*=\s*"([\w+=,.@-]{1,64})"\s*(#.*)?$/.exec(lines[j] ?? '')
      if (m?.[1]) {
        out.push({ name: m[1], line: j + 1 })
        break
      }
    }
  })
  return out
}

/** The literal `UserName` of each `AWS::IAM::User` resource, in YAML or JSON templates (pure). */
export function cloudFormationUsers(text: string): Array<{ name: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ name: string; line: number }> = []
  lines.forEach((line, i) => {
    if (!/["']?Type["']?\s*:\s*["']?AWS::IAM::User["']?\s*,?\s*$/.test(line)) return
    for (let j = i + 1; j < lines.length && !/["']?Type["']?\s*:/.test(lines[j] ?? ''); j++) {
      const m = /^\s*["']?UserName["']?\s*:\s*["']?([\w+=,.@-]{1,64})["']?\s*,?\s*$/.exec(
        lines[j] ?? ''
      )
      if (m?.[1]) {
        out.push({ name: m[1], line: j + 1 })
        break
      }
    }
  })
  // A UserName before the Type line (JSON often orders Properties first) is found from the other side.
  lines.forEach((line, i) => {
    const m = /^\s*["']?UserName["']?\s*:\s*["']?([\w+=,.@-]{1,64})["']?\s*,?\s*$/.exec(line)
    if (!m?.[1] || out.some(o => o.line === i + 1)) return
    for (let j = i + 1; j < Math.min(lines.length, i + 40); j++) {
      const t = /["']?Type["']?\s*:\s*["']?([\w:]+)/.exec(lines[j] ?? '')
      if (!t) continue
      if (t[1] === 'AWS::IAM::User') out.push({ name: m[1], line: i + 1 })
      break
    }
  })
  return out
}

async function* files(dir: string, budget: { files: number }): AsyncGenerator<string> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (budget.files <= 0) return
    const path = join(dir, e.name)
    if (e.isDirectory() && !SKIP_DIRS.has(e.name)) yield* files(path, budget)
    else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      budget.files--
      yield path
    }
  }
}

/** Scans `roots` (inside `workspace`) for user definitions; the first definition of a name wins. */
export async function findCodeLocations(
  workspace: string,
  roots: readonly string[],
  limits: ScanLimits = DEFAULT_LIMITS
): Promise<{ locations: Map<string, CodeLocation>; filesScanned: number; truncated: boolean }> {
  const locations = new Map<string, CodeLocation>()
  const budget = { files: limits.maxFiles }
  let bytes = 0
  let scanned = 0
  let truncated = false
  for (const root of roots) {
    for await (const path of files(root, budget)) {
      const size = (await stat(path)).size
      if (size > limits.maxFileBytes) continue
      if (bytes + size > limits.maxTotalBytes) {
        truncated = true
        break
      }
      bytes += size
      scanned++
      const text = await readFile(path, 'utf8')
      if (!/aws_iam_user|AWS::IAM::User/.test(text)) continue
      const found = path.endsWith('.tf') ? terraformUsers(text) : cloudFormationUsers(text)
      const uri = relative(workspace, path).split(sep).join('/')
      if (uri.startsWith('..')) continue
      for (const { name, line } of found) {
        if (!locations.has(name.toLowerCase())) locations.set(name.toLowerCase(), { uri, line })
      }
    }
  }
  if (budget.files <= 0) truncated = true
  return { locations, filesScanned: scanned, truncated }
}
