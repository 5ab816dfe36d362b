import { describe, expect, it } from '@jest/globals'
import { escapeMarkdown } from '../../src/text/escape.js'

/**
 * Turns numeric entities back into characters and drops the invisible word joiners: what a reader
 * sees once GitHub renders the text.
 */
function rendered(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\u2060/g, '')
}

/** The text with the numeric entities taken out: what is left must hold no markup character. */
function bare(text: string): string {
  return text.replace(/&#\d+;/g, '')
}

describe('escapeMarkdown', () => {
  it('leaves the characters that cannot start markup as they are, so the source stays readable', () => {
    expect(escapeMarkdown(`report's "owner" (alice) at 10:02 UTC!`)).toBe(
      `report's "owner" (alice) at 10:02 UTC!`
    )
  })

  it.each([
    { label: 'a mention', input: '@octocat', linked: /@octocat/ },
    { label: 'an issue reference', input: 'see #12', linked: /#12/ },
    { label: 'a URL', input: 'https://evil.example', linked: /https:\/\// },
    { label: 'a www. address', input: 'www.evil.example', linked: /www\./ },
    { label: 'an e-mail address', input: 'bob+ops@example.com', linked: /ops@example/ }
  ])(
    'breaks $label with an invisible word joiner, since GitHub links them after entities are decoded',
    ({ input, linked }) => {
      const decoded = escapeMarkdown(input).replace(/&#(\d+);/g, (_, c: string) =>
        String.fromCharCode(Number(c))
      )
      expect(decoded).not.toMatch(linked)
      expect(decoded.replace(/\u2060/g, '')).toBe(input)
    }
  )

  it.each([
    { label: 'an HTML tag', input: '<script>alert(1)</script>', raw: ['<', '>'] },
    {
      label: 'an image with an event handler',
      input: '<img src=x onerror=alert(1)>',
      raw: ['<', '>']
    },
    { label: 'a table cell separator', input: 'alice|bob', raw: ['|'] },
    { label: 'emphasis with stars', input: '**bold** *it*', raw: ['*'] },
    { label: 'emphasis with underscores', input: '__bold__ _it_', raw: ['_'] },
    { label: 'a mention', input: '@octocat and @org/team', raw: ['@'] },
    { label: 'a link', input: '[click](https://evil.example)', raw: ['[', ']'] },
    {
      label: 'an image link',
      input: '![x](https://evil.example/x.png)',
      raw: ['[', ']']
    },
    { label: 'inline code', input: '`rm -rf /`', raw: ['`'] },
    { label: 'a code fence', input: '```js', raw: ['`'] },
    { label: 'math', input: '$x^2$ and $$y$$', raw: ['$'] },
    { label: 'strikethrough', input: '~~gone~~', raw: ['~'] },
    { label: 'an emoji shortcode', input: ':rocket:', raw: [':rocket:'] },
    { label: 'a heading', input: '# Title', raw: ['#'] },
    { label: 'a backslash escape', input: '\\*', raw: ['\\', '*'] },
    { label: 'an HTML entity', input: '&lt;b&gt;', raw: ['&lt;', '&gt;'] },
    { label: 'braces', input: '{{ secrets.TOKEN }}', raw: ['{', '}'] }
  ])('neutralises $label', ({ input, raw }) => {
    const out = escapeMarkdown(input)
    for (const ch of raw) expect(bare(out)).not.toContain(ch)
    expect(rendered(out)).toBe(input)
  })

  it.each([
    { label: 'LF', input: 'line one\nline two' },
    { label: 'CRLF', input: 'line one\r\nline two' },
    { label: 'CR', input: 'line one\rline two' },
    { label: 'a tab', input: 'line one\tline two' },
    { label: 'several breaks', input: 'line one\n\n\r\n\tline two' }
  ])('turns $label into a single space, so text cannot start a new block', ({ input }) => {
    const out = escapeMarkdown(input)
    expect(out).toBe('line one line two')
    expect(out).not.toMatch(/[\r\n\t]/)
  })

  it('stops a new line from starting a table row, a heading or a list', () => {
    const out = escapeMarkdown('x\n| a | b |\n# h\n- item')
    expect(out.split('\n')).toHaveLength(1)
    expect(bare(out)).not.toContain('|')
    expect(bare(out)).not.toContain('#')
  })

  it.each(['alice.admin', 'bob+ops=x,y.z-1', 'carol 123', 'Zoë', '111122223333', ''])(
    'leaves the ordinary text "%s" as it is',
    text => {
      expect(escapeMarkdown(text)).toBe(text)
    }
  )

  it('writes special characters as numeric entities that render as the original', () => {
    expect(escapeMarkdown('a_b@c')).toBe('a&#95;b&#64;\u2060c')
    expect(escapeMarkdown('<')).toBe('&#60;')
    expect(escapeMarkdown('&')).toBe('&#38;')
  })

  it('is lossless apart from line breaks: the reader sees exactly the original text', () => {
    const samples = ['bob+ops@example.com', 'dave=contractor', 'x_y|z*[w](v)`u`$t$~s~:r:#q!p\\o']
    for (const s of samples) expect(rendered(escapeMarkdown(s))).toBe(s)
  })
})
