// Shared by the benchmark's renderers: number formats, Markdown tables laid out as Prettier lays them
// out (so generated files pass `prettier --check` unchanged), and how AWS calls split into detection
// and enrichment.

export const int = n => Math.round(n).toLocaleString('en-US')
/** A duration: `0.62 s`, `31.4 s`, `24 min 5 s`, `1 h 38 min`. */
export function seconds(ms) {
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  const m = Math.round(s / 60)
  return `${Math.floor(m / 60)} h ${m % 60} min`
}
export const mib = kib =>
  kib === null || kib === undefined ? 'n/a' : `${Math.round(kib / 1024)} MiB`
export const bytes = n => `${int(n)} B`
export const times = x => `${x.toFixed(2)}×`
export const range = ([a, b], unit = '') => `${int(a)}–${int(b)}${unit}`
export const day = iso => iso.slice(0, 10)

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * A Markdown table; `columns` are titles, a title ending in `>` is right-aligned (the `>` dropped).
 * Cells are padded to the column's width, as Prettier writes tables.
 */
export function table(columns, rows) {
  const heads = columns.map(c => c.replace(/>$/, ''))
  const right = columns.map(c => c.endsWith('>'))
  const widths = heads.map((h, i) => Math.max(3, h.length, ...rows.map(r => String(r[i]).length)))
  const line = cells =>
    `| ${cells.map((c, i) => (right[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`
  return [line(heads), rule, ...rows.map(line)].join('\n')
}

/** Calls that find the accounts and read each one's report: the same at any number of users. */
const DETECTION =
  /^(sts:GetCallerIdentity|sts:AssumeRole|iam:GenerateCredentialReport|iam:GetCredentialReport|iam:GetAccountSummary|iam:ListAccountAliases|organizations:.*)$/

export const isDetection = op => DETECTION.test(op)

export function splitCalls(aws) {
  let detection = 0
  let enrichment = 0
  for (const [op, n] of Object.entries(aws)) {
    if (isDetection(op)) detection += n
    else enrichment += n
  }
  return { detection, enrichment, total: detection + enrichment }
}

/** The machine, in a few words. */
export const machine = env =>
  `${env.cpus} CPUs (${env.cpuModel}), ${env.platform}, Node ${env.node}, AWS emulator moto ${env.moto}` +
  (env.loadAverage ? `, load average ${env.loadAverage[1].toFixed(1)}` : '')

/** `text` as lines of at most `width` characters, never breaking inside a `code span`. */
export function wrap(text, width = 100) {
  const words = text.match(/(?:`[^`]*`|[^\s`])+/g) ?? []
  const lines = []
  let line = ''
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.join('\n')
}

/** Markdown blocks joined by blank lines, prose wrapped at 100 characters as the README is. */
export function blocks(parts) {
  return parts
    .join('\n\n')
    .split('\n\n')
    .map(chunk => (/^(\||#|!\[|```|<)/.test(chunk) ? chunk : wrap(chunk)))
    .join('\n\n')
}
