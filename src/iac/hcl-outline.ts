// Where an HCL file's top-level blocks and their attributes start (pure): a lexical scan that knows
// HCL's strings, template interpolations, heredocs and comments, since the parser's JSON has no lines.

/** A top-level block (`resource "aws_iam_user" "alice" { … }`) and the lines of its own attributes. */
export interface HclBlockOutline {
  readonly type: string
  readonly labels: readonly string[]
  /** 1-based line of the block's type keyword. */
  readonly line: number
  /** Attribute name -> 1-based line, for the attributes directly in the block's body. */
  readonly attributes: ReadonlyMap<string, number>
}

type Token =
  | { readonly kind: 'ident' | 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'open' | 'close' | 'equals' | 'newline' | 'other'; readonly at: number }

const IDENT_START = /[A-Za-z_]/
const IDENT_PART = /[\w-]/

/** The end of a quoted string starting at `i` (its opening quote), interpolations included. */
function stringEnd(text: string, i: number): number {
  let j = i + 1
  while (j < text.length) {
    const c = text[j]
    if (c === '\\') j += 2
    else if (c === '"' || c === '\n') return j + 1
    else if ((c === '$' || c === '%') && text[j + 1] === '{') {
      if (text[j - 1] === c) j += 2
      else j = interpolationEnd(text, j + 2)
    } else j++
  }
  return j
}

/** The end of a `${ … }` or `%{ … }` whose body starts at `i`. */
function interpolationEnd(text: string, i: number): number {
  let depth = 1
  let j = i
  while (j < text.length) {
    const c = text[j]
    if (c === '"') j = stringEnd(text, j)
    else {
      if (c === '{') depth++
      else if (c === '}' && --depth === 0) return j + 1
      j++
    }
  }
  return j
}

/** The end of a heredoc (`<<EOT` or `<<-EOT` at `i`): past the line that holds only its marker. */
function heredocEnd(text: string, i: number, marker: string): number {
  let lineStart = text.indexOf('\n', i)
  while (lineStart !== -1) {
    const next = text.indexOf('\n', lineStart + 1)
    const line = text.slice(lineStart + 1, next === -1 ? text.length : next)
    if (line.trim() === marker) return next === -1 ? text.length : next
    lineStart = next
  }
  return text.length
}

/** Decodes a label's quoted text; HCL's escapes for plain labels are JSON's. */
function labelOf(raw: string): string {
  try {
    return JSON.parse(raw) as string
  } catch {
    return raw.slice(1, -1)
  }
}

function* tokens(text: string): Generator<Token> {
  let i = 0
  while (i < text.length) {
    const c = text[i] ?? ''
    const next = text[i + 1]
    if (c === '\n') yield { kind: 'newline', at: i++ }
    else if (c === '#' || (c === '/' && next === '/')) {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2)
      // A block comment's line breaks still end an attribute or a header line.
      if (text.slice(i, end === -1 ? text.length : end).includes('\n'))
        yield { kind: 'newline', at: i }
      i = end === -1 ? text.length : end + 2
    } else if (c === '"') {
      const end = stringEnd(text, i)
      yield { kind: 'string', text: text.slice(i, end), at: i }
      i = end
    } else if (
      c === '<' &&
      next === '<' &&
      /^<<-?[A-Za-z_][\w-]*\r?\n/.test(text.slice(i, i + 80))
    ) {
      const marker = /^<<-?([A-Za-z_][\w-]*)/.exec(text.slice(i, i + 80))?.[1] ?? ''
      yield { kind: 'other', at: i }
      i = heredocEnd(text, i, marker)
    } else if (c === '{' || c === '[' || c === '(') yield { kind: 'open', at: i++ }
    else if (c === '}' || c === ']' || c === ')') yield { kind: 'close', at: i++ }
    else if (c === '=' && next !== '=' && next !== '>' && !'!<>='.includes(text[i - 1] ?? ' '))
      yield { kind: 'equals', at: i++ }
    else if (IDENT_START.test(c)) {
      let j = i + 1
      while (j < text.length && IDENT_PART.test(text[j] ?? '')) j++
      yield { kind: 'ident', text: text.slice(i, j), at: i }
      i = j
    } else if (c === ' ' || c === '\t' || c === '\r') i++
    else yield { kind: 'other', at: i++ }
  }
}

/** 1-based line of each offset, by the offsets where lines start. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return offset => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
}

/** The top-level blocks of `text`, in order, with their attributes' lines. */
export function outlineHcl(text: string): HclBlockOutline[] {
  const lineOf = lineFinder(text)
  const blocks: HclBlockOutline[] = []
  let header: Token[] = []
  let depth = 0
  let current:
    { type: string; labels: string[]; line: number; attributes: Map<string, number> } | undefined
  let lineStart = true
  let pending: Token | undefined
  for (const t of tokens(text)) {
    if (t.kind === 'newline') {
      lineStart = true
      if (depth === 0) header = []
      pending = undefined
      continue
    }
    if (depth === 1 && current && pending && t.kind === 'equals') {
      if (pending.kind === 'ident' && !current.attributes.has(pending.text))
        current.attributes.set(pending.text, lineOf(pending.at))
    }
    pending = depth === 1 && lineStart && t.kind === 'ident' ? t : undefined
    lineStart = false
    if (t.kind === 'open') {
      const [first, ...rest] = header
      if (depth === 0 && first?.kind === 'ident' && text[t.at] === '{') {
        current = {
          type: first.text,
          labels: rest.flatMap(l =>
            l.kind === 'string' ? [labelOf(l.text)] : l.kind === 'ident' ? [l.text] : []
          ),
          line: lineOf(first.at),
          attributes: new Map()
        }
        lineStart = true
      }
      depth++
    } else if (t.kind === 'close') {
      depth = Math.max(0, depth - 1)
      if (depth === 0) {
        if (current) blocks.push(current)
        current = undefined
        header = []
      }
    } else if (depth === 0) header.push(t)
  }
  return blocks
}
