// Escaping text that came from AWS or from people before it goes into Markdown or HTML.

const SPECIAL = /[&<>"'`*_[\]()#!|~@:{}$\\]/g

/**
 * Makes `text` inert in GitHub Markdown and HTML: every character that could start markup, a
 * mention, a link, an emoji or math becomes a numeric entity, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(SPECIAL, ch => `&#${ch.charCodeAt(0)};`)
}
