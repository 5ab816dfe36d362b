// Walking the workspace for infrastructure code (.tf, .yaml, .yml, .json), bounded in files and
// bytes, skipping vendored and cached folders; each file's text with its workspace-relative URI.
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'

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

export interface CodeFile {
  /** Relative to the workspace, POSIX, each segment percent-encoded (a valid SARIF URI). */
  readonly uri: string
  /** The folder's URI ('' at the root): a Terraform module. */
  readonly dir: string
  readonly kind: 'terraform' | 'template'
  readonly text: string
}

export interface CodeFiles {
  readonly files: readonly CodeFile[]
  /** Files left unread for their size (over maxFileBytes), by URI. */
  readonly tooLarge: readonly string[]
  /** Not every file was read: the file or byte budget ran out. */
  readonly truncated: boolean
}

interface Budget {
  files: number
  hitLimit: boolean
}

async function* walk(dir: string, budget: Budget): AsyncGenerator<string> {
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
    const path = join(dir, e.name)
    if (e.isDirectory() && !SKIP_DIRS.has(e.name)) yield* walk(path, budget)
    else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      if (budget.files <= 0) {
        budget.hitLimit = true
        return
      }
      budget.files--
      yield path
    }
    if (budget.hitLimit) return
  }
}

const uriOf = (workspace: string, path: string): string =>
  relative(workspace, path).split(sep).map(encodeURIComponent).join('/')

/** The infrastructure code under `roots` (inside `workspace`), in name order. */
export async function readCodeFiles(
  workspace: string,
  roots: readonly string[],
  limits: ScanLimits = DEFAULT_LIMITS
): Promise<CodeFiles> {
  const files: CodeFile[] = []
  const tooLarge: string[] = []
  const budget: Budget = { files: limits.maxFiles, hitLimit: false }
  const seen = new Set<string>()
  let bytes = 0
  let truncated = false
  for (const root of roots) {
    for await (const path of walk(root, budget)) {
      const uri = uriOf(workspace, path)
      if (uri === '..' || uri.startsWith('../') || seen.has(uri)) continue
      seen.add(uri)
      const size = (await stat(path)).size
      if (size > limits.maxFileBytes) {
        tooLarge.push(uri)
        continue
      }
      if (bytes + size > limits.maxTotalBytes) {
        truncated = true
        break
      }
      bytes += size
      const slash = uri.lastIndexOf('/')
      files.push({
        uri,
        dir: slash === -1 ? '' : uri.slice(0, slash),
        kind: extname(path).toLowerCase() === '.tf' ? 'terraform' : 'template',
        text: await readFile(path, 'utf8')
      })
    }
    if (truncated) break
  }
  return { files, tooLarge, truncated: truncated || budget.hitLimit }
}
