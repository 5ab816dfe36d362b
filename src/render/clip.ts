// Text that can run long (AWS error messages), cut to a size the summary can afford, still escaped.
import { text, type Md } from '../text/markdown.js'

/** Bytes of Markdown, as GitHub counts a step summary's size. */
export const bytes = (markdown: string): number => Buffer.byteLength(markdown, 'utf8')

/** `m` when its Markdown fits in `maxBytes`; else the longest start of its words that does, and "…". */
export function clipped(m: Md, maxBytes: number): Md {
  if (bytes(m.markdown) <= maxBytes) return m
  const chars = [...m.plain]
  const cut = (n: number): Md => text(`${chars.slice(0, n).join('').trimEnd()}…`)
  let fits = 0
  let over = chars.length
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2)
    if (bytes(cut(mid).markdown) <= maxBytes) fits = mid
    else over = mid
  }
  return cut(fits)
}

/** `m` without its closing full stop, when it is plain words, so it can sit inside a sentence. */
export function clause(m: Md): Md {
  if (!m.plain.endsWith('.') || text(m.plain).markdown !== m.markdown) return m
  return text(m.plain.replace(/\.+$/, ''))
}
