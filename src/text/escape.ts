// Escaping text that came from AWS or from people before it goes into Markdown or HTML.

const SPECIAL = /[&<>"'`*_[\]()#!|~@:{}$\\]/g

/**
 * Makes `text` inert in GitHub Markdown and HTML: every character that could start markup, a
 * mention, a link or autolink (`www.`, `a.b@c.d`), an emoji or math becomes a numeric entity, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      .replace(SPECIAL, ch => `&#${ch.charCodeAt(0)};`)
      // GitHub turns `www.` into a link by itself (`http:` and `a@b.c` are broken by `:` and `@` above).
      .replace(/(www)\./gi, '$1&#46;')
  )
}
