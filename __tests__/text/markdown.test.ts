// The Markdown helper: the product's own Markdown stays Markdown, data is always inert.
import { describe, expect, it } from '@jest/globals'
import {
  bold,
  code,
  comment,
  details,
  join,
  link,
  md,
  Md,
  prose,
  table,
  text
} from '../../src/text/markdown.js'
import { count, pluralOf } from '../../src/text/words.js'
import { formatTime } from '../../src/text/time.js'

describe('md', () => {
  it('keeps the product code spans and emphasis as Markdown, and drops them in plain text', () => {
    const m = md`run \`aws iam get-account-summary\`, see *Security credentials* and **this**`
    expect(m.markdown).toBe(
      'run `aws iam get-account-summary`, see *Security credentials* and **this**'
    )
    expect(m.plain).toBe('run aws iam get-account-summary, see Security credentials and this')
  })

  it('keeps stars inside code spans in plain text', () => {
    expect(md`allows \`*\` on \`*\` and \`iam:*\``.plain).toBe('allows * on * and iam:*')
  })

  it('escapes data put in the gaps, so it cannot become markup, a mention or a link', () => {
    const m = md`user ${'@octo *x* [a](https://evil) <b>`y`</b> #1'}`
    expect(m.markdown.replace(/&#\d+;/g, '')).not.toMatch(/[@*[\]<>`#]/)
    expect(m.plain).toBe('user @octo *x* [a](https://evil) <b>`y`</b> #1')
  })

  it('puts Md pieces in as they are', () => {
    expect(md`a ${bold('b')} ${code('c')}`.markdown).toBe('a **b** `c`')
  })

  it('refuses data put inside a code span of the template: it would show escaped entities', () => {
    expect(() => md`run \`aws iam get-user --user-name ${'alice_b'}\``).toThrow(/use code\(\)/)
    expect(md`run ${code('aws iam get-user --user-name alice_b')}`.markdown).toBe(
      'run `aws iam get-user --user-name alice_b`'
    )
  })

  it('cannot be made outside the helper', () => {
    expect(() => new Md(Symbol('md'), '<b>x</b>', 'x')).toThrow()
  })

  it('turns a message written for logs into Markdown: backticked words become code, the rest is data', () => {
    const m = prose('Input `credential-report` (a*b.csv): run `aws iam get-credential-report`')
    expect(m.markdown).toBe(
      'Input `credential-report` (a&#42;b.csv): run `aws iam get-credential-report`'
    )
  })

  it('serialises to the plain words in JSON', () => {
    expect(JSON.stringify({ reason: md`see \`x\` ${'<y>'}` })).toBe('{"reason":"see x <y>"}')
  })
})

describe('code, text, link, comment', () => {
  it('shows a value a code span cannot hold as escaped text', () => {
    expect(code('a|b').markdown).toBe(text('a|b').markdown)
    expect(code('a`b').markdown).not.toContain('`')
    expect(code('alice').markdown).toBe('`alice`')
  })

  it('links only http(s) targets', () => {
    expect(link('run', 'https://github.com/a/b/actions/runs/1').markdown).toBe(
      '[run](https://github.com/a/b/actions/runs/1)'
    )
    expect(link('run', 'javascript:alert(1)').markdown).toBe('run')
  })

  it('refuses a hidden comment that could end early', () => {
    expect(comment('key=1').markdown).toBe('<!-- key=1 -->')
    expect(() => comment('x --> <b>')).toThrow()
  })
})

describe('table and details', () => {
  it('gives every row the header cell count and keeps rows on one line', () => {
    const t = table([md`a`, md`b`], [[md`1`], [md`x\ny`, md`2`, md`extra`]])
    const rows = t.markdown.split('\n')
    expect(rows).toHaveLength(4)
    for (const r of rows) expect(r.split(' | ')).toHaveLength(2)
  })

  it('folds a body under a summary line', () => {
    expect(details(md`More`, md`body`).markdown).toBe(
      '<details><summary>More</summary>\n\nbody\n\n</details>'
    )
  })

  it('joins pieces with product separators', () => {
    expect(join([md`a`, 'b*'], ', ').markdown).toBe('a, b&#42;')
  })
})

describe('words and times', () => {
  it('writes real plurals for 0, 1 and 2', () => {
    expect(count(0, 'alert')).toBe('0 alerts')
    expect(count(1, 'alert')).toBe('1 alert')
    expect(count(2, 'identity')).toBe('2 identities')
    expect(count(1000, 'exempt or pending user')).toBe('1,000 exempt or pending users')
    expect(pluralOf(1, 'day')).toBe('day')
  })

  it('writes one date style', () => {
    expect(formatTime('2026-11-30T10:02:59.000Z')).toBe('2026-11-30 10:02 UTC')
  })
})
