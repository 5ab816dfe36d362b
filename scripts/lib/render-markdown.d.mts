// Types for render-markdown.mjs.
import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot } from 'mdast'

export interface Rendered {
  /** The sanitised HTML GitHub would show. */
  readonly html: string
  readonly hast: HastRoot
  /** The parsed source (GFM), before rendering. */
  readonly mdast: MdastRoot
  readonly markdown: string
}

/** Markdown source, or what renderMarkdown made of it. */
export type MarkdownOrRender = string | Rendered

export interface Link {
  readonly href: string | undefined
  readonly text: string
}

export interface TableShape {
  /** Line of the table's header row in the source. */
  readonly line: number
  /** Cells in the header row. */
  readonly columns: number
  /** Cells in each body row, as written (GitHub pads or drops to `columns`). */
  readonly rows: number[]
  readonly rowLines: number[]
}

export interface CheckOptions {
  /** Links whose href this refuses are problems. */
  readonly allowedLinks?: (href: string) => boolean
  /** Strings that came from outside (user names, tags, reasons): they must not make links, HTML or mentions. */
  readonly data?: readonly string[]
}

export function renderMarkdown(markdown: string): Rendered
/** The text a reader sees (contents of closed `<details>` included). */
export function visibleText(input: MarkdownOrRender): string
/** The text of every `<code>` element, inline and in blocks. */
export function codeTexts(input: MarkdownOrRender): string[]
export function links(input: MarkdownOrRender): Link[]
/** Each table as written in the source. */
export function tableShapes(input: MarkdownOrRender): TableShape[]
/** Each rendered table's cell texts, row by row, header first. */
export function tables(input: MarkdownOrRender): string[][][]
/** The visible text of the first `#` or `##` heading. */
export function headline(input: MarkdownOrRender): string | undefined
/** What a reader would see wrong, one sentence each; empty when the Markdown is clean. */
export function renderProblems(markdown: string, options?: CheckOptions): string[]
