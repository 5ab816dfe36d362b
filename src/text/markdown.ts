// Text for people: the product's own Markdown written as such, data let in only through text() and code().
import { escapeMarkdown } from './escape.js'

/**
 * A piece of GitHub Markdown and the same words as plain text (for logs, SARIF messages and JSON).
 * Only this module makes one, so data can reach Markdown only escaped or inside a code span.
 */
export class Md {
  readonly markdown: string
  readonly plain: string

  constructor(key: symbol, markdown: string, plain: string) {
    if (key !== MAKER) throw new Error('Md is made only by the functions of src/text/markdown.ts.')
    this.markdown = markdown
    this.plain = plain
  }

  toString(): string {
    return this.markdown
  }

  /** The report file and SARIF properties hold the plain words. */
  toJSON(): string {
    return this.plain
  }
}

const MAKER = Symbol('md')
const make = (markdown: string, plain: string): Md => new Md(MAKER, markdown, plain)

export type Piece = Md | string | number

/** The product's own Markdown as plain text: code spans unwrapped, emphasis and link targets dropped. */
function plainOf(markdown: string): string {
  return markdown
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.slice(1, -1)
        : part
            .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
            .replace(/\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])/g, '')
            .replace(/(?<!\w)_(?=\S)|(?<=\S)_(?!\w)/g, '')
    )
    .join('')
}

/** Data (from AWS, tags, inputs, people) as inert Markdown: it shows exactly as written. */
export function text(value: string | number): Md {
  const s = String(value)
  return make(escapeMarkdown(s), s.replace(/[\r\n\t]+/g, ' '))
}

/** A value shown as code. Values a code span cannot hold safely (`|`, backticks) are shown as text. */
export function code(value: string): Md {
  const s = value.replace(/[\r\n\t]+/g, ' ').trim()
  if (s === '' || /[`|]/.test(s)) return text(s)
  return make(`\`${s}\``, s)
}

/** A piece as Md: itself, or data as inert text. */
export const piece = (p: Piece): Md => (p instanceof Md ? p : text(p))

/** What md needs of a template's literal parts, worked out once per template (they never change). */
interface Template {
  readonly plains: readonly string[]
  /** Backticks in each part. */
  readonly ticks: readonly number[]
  /** The whole Md of a template without values. */
  readonly constant: Md | undefined
}

const templates = new WeakMap<TemplateStringsArray, Template>()

function templateOf(strings: TemplateStringsArray): Template {
  let t = templates.get(strings)
  if (!t) {
    const plains = strings.map(plainOf)
    const constant = strings.length === 1 ? make(strings[0] ?? '', plains[0] ?? '') : undefined
    t = { plains, ticks: strings.map(backticks), constant }
    templates.set(strings, t)
  }
  return t
}

/** Product Markdown with data in the gaps: md`**${count}** users in ${code(account)}`. */
export function md(strings: TemplateStringsArray, ...values: readonly Piece[]): Md {
  const { plains, ticks: partTicks, constant } = templateOf(strings)
  if (constant) return constant
  let markdown = strings[0] ?? ''
  let plain = plains[0] ?? ''
  let ticks = partTicks[0] ?? 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? ''
    // Data escaped inside a code span would show its entities: put it in with code() instead.
    if (!(v instanceof Md) && ticks % 2 === 1)
      throw new Error(`md: data inside a code span (after "${markdown.slice(-30)}"); use code()`)
    const m = piece(v)
    markdown += m.markdown + (strings[i + 1] ?? '')
    plain += m.plain + (plains[i + 1] ?? '')
    ticks += partTicks[i + 1] ?? 0
  }
  return make(markdown, plain)
}

const backticks = (s: string): number => s.split('`').length - 1

/** Plain text whose `backticked` words are code (messages written for logs and errors) as Markdown. */
export function prose(message: string): Md {
  return join(
    message.split(/`([^`\r\n]+)`/).map((part, i) => (i % 2 === 1 ? code(part) : text(part)))
  )
}

/** Separators as Md, made once each: the product joins with a handful of them, thousands of times. */
const separators = new Map<string, Md>()

function separatorOf(separator: string): Md {
  let sep = separators.get(separator)
  if (!sep) {
    sep = make(separator, plainOf(separator))
    if (separators.size < 100) separators.set(separator, sep)
  }
  return sep
}

export function join(pieces: readonly Piece[], separator: string | Md = ''): Md {
  const sep = separator instanceof Md ? separator : separatorOf(separator)
  const parts = pieces.map(piece)
  return make(
    parts.map(p => p.markdown).join(sep.markdown),
    parts.map(p => p.plain).join(sep.plain)
  )
}

/** A link made by the product: the target must be an http(s) URL; the label may be data. */
export function link(label: Piece, url: string): Md {
  const target = /^https?:\/\/[^\s<>"]+$/.test(url) ? url.replace(/[()]/g, encodeURIComponent) : ''
  const l = piece(label)
  return target ? make(`[${l.markdown}](${target})`, `${l.plain} (${target})`) : l
}

/** A fenced code block, shown verbatim: its fence is longer than any run of backticks inside. */
export function codeBlock(value: string, language = ''): Md {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  const lang = /^[\w+-]{0,20}$/.test(language) ? language : ''
  return make(`${fence}${lang}\n${value}\n${fence}`, value)
}

export const bold = (p: Piece): Md => {
  const m = piece(p)
  return make(`**${m.markdown}**`, m.plain)
}

/** A GFM table; every row has the header's cells (missing ones are empty), one line each. */
export function table(
  header: readonly Piece[],
  rows: readonly (readonly Piece[])[],
  rightAligned: readonly number[] = []
): Md {
  const cell = (p: Piece | undefined): Md => (p === undefined ? md`` : piece(p))
  const line = (cells: readonly Md[]): Md =>
    make(
      `| ${cells.map(c => c.markdown.replace(/\n/g, ' ')).join(' | ')} |`,
      cells.map(c => c.plain).join(' | ')
    )
  const head = header.map(cell)
  const body = rows.map(r => line(head.map((_, i) => cell(r[i]))))
  const rule = make(
    `| ${head.map((_, i) => (rightAligned.includes(i) ? '---:' : '---')).join(' | ')} |`,
    ''
  )
  return join([line(head), rule, ...body], '\n')
}

/** A folded block, shown closed: GitHub renders the summary line and hides the body. */
export function details(summary: Piece, body: Md): Md {
  const s = piece(summary)
  return make(
    `<details><summary>${s.markdown}</summary>\n\n${body.markdown}\n\n</details>`,
    `${s.plain}:\n${body.plain}`
  )
}

/** Lines of Markdown joined with line breaks; empty pieces dropped. */
export function lines(...pieces: ReadonlyArray<Piece | undefined | false>): Md {
  return join(
    pieces.filter((p): p is Piece => p !== undefined && p !== false),
    '\n'
  )
}

/** A hidden HTML comment (machine-readable markers); its content must not be able to end it early. */
export function comment(content: string): Md {
  if (/--|>|[\r\n]/.test(content))
    throw new Error('A hidden comment cannot hold "--", ">" or a line break.')
  return make(`<!-- ${content} -->`, '')
}
