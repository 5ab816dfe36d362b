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

/** `name = "literal"` at the top level of each `resource "aws_iam_user"` block (pure). */
export function terraformUsers(text: string): Array<{ name: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ name: string; line: number }> = []
  lines.forEach((line, i) => {
    if (!/^\s*resource\s+"aws_iam_user"\s+"[^"]+"\s*\{/.test(line)) return
    let depth = 0
    for (let j = i; j < lines.length; j++) {
      const current = lines[j] ?? ''
      const m = /^\s*name\s*=\s*"([\w+=,.@-]{1,64})"\s*(#.*)?$/.exec(current)
      if (depth === 1 && m?.[1]) {
        out.push({ name: m[1], line: j + 1 })
        return
      }
      depth += (current.match(/\{/g) ?? []).length - (current.match(/\}/g) ?? []).length
      if (depth <= 0 && j > i) return
    }
  })
  return out
}

const indentOf = (line: string): number => /^\s*/.exec(line)?.[0].length ?? 0
const blank = (line: string): boolean => line.trim() === ''

/** The literal `UserName` of each `AWS::IAM::User` resource in a YAML or JSON template (pure). */
export function cloudFormationUsers(text: string): Array<{ name: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ name: string; line: number }> = []
  lines.forEach((line, i) => {
    if (!/^\s*["']?Type["']?\s*:\s*["']?AWS::IAM::User["']?\s*,?\s*$/.test(line)) return
    // The resource is the run of lines at least as indented as its Type line, around it.
    const indent = indentOf(line)
    let start = i
    while (
      start > 0 &&
      (blank(lines[start - 1] ?? '') || indentOf(lines[start - 1] ?? '') >= indent)
    )
      start--
    let end = i
    while (
      end + 1 < lines.length &&
      (blank(lines[end + 1] ?? '') || indentOf(lines[end + 1] ?? '') >= indent)
    )
      end++
    for (let j = start; j <= end; j++) {
      const m = /^\s*["']?UserName["']?\s*:\s*["']?([\w+=,.@-]{1,64})["']?\s*,?\s*$/.exec(
        lines[j] ?? ''
      )
      if (m?.[1]) {
        out.push({ name: m[1], line: j + 1 })
        return
      }
    }
  })
  return out
}

interface Budget {
  files: number
  hitLimit: boolean
}

async function* files(dir: string, budget: Budget): AsyncGenerator<string> {
  const info = await stat(dir).catch(() => undefined)
  if (info?.isFile()) {
    if (EXTENSIONS.has(extname(dir).toLowerCase())) yield dir
    return
  }
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (budget.hitLimit) return
    const path = join(dir, e.name)
    if (e.isDirectory() && !SKIP_DIRS.has(e.name)) yield* files(path, budget)
    else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      if (budget.files <= 0) {
        budget.hitLimit = true
        return
      }
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
  const budget: Budget = { files: limits.maxFiles, hitLimit: false }
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
      const found =
        extname(path).toLowerCase() === '.tf' ? terraformUsers(text) : cloudFormationUsers(text)
      const uri = relative(workspace, path).split(sep).map(encodeURIComponent).join('/')
      if (uri === '..' || uri.startsWith('../')) continue
      for (const { name, line } of found) {
        if (!locations.has(name.toLowerCase())) locations.set(name.toLowerCase(), { uri, line })
      }
    }
  }
  if (budget.hitLimit) truncated = true
  return { locations, filesScanned: scanned, truncated }
}
