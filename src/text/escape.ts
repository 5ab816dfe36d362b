// Escaping text that came from AWS or from people before it goes into Markdown or HTML.

// Parentheses, quotes and `!` need no escape: with `[` and `<` escaped they cannot start a link, an
// image or an attribute. `:` is escaped only where it could close an emoji shortcode (`:rocket:`).
const SPECIAL = /[&<>`*_[\]#|~@{}$\\]/g
const WORD_JOINER = '\u2060'
/** Text without any character a step below looks for comes out as it is. */
const INERT = /^[^\r\n\t&<>`*_[\]#|~@{}$\\:.]*$/

/**
 * Makes `text` inert in GitHub Markdown and HTML: every character that could start markup, a
 * mention, a link or an emoji becomes a numeric entity, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  if (INERT.test(text)) return text
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      // GitHub finds mentions, issue references and autolinks (URLs, `www.`, e-mail addresses) in
      // the rendered text, where entities are already decoded: an invisible word joiner inside
      // each keeps them plain words.
      .replace(/@(?=\w)/g, `@${WORD_JOINER}`)
      .replace(/#(?=\d)/g, `#${WORD_JOINER}`)
      .replace(/:(?=\/\/)/g, `:${WORD_JOINER}`)
      .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`)
      .replace(SPECIAL, ch => `&#${ch.charCodeAt(0)};`)
      .replace(/:(?=[\w+-]+:)/g, '&#58;')
  )
}
