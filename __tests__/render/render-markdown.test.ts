// The shared renderer renders and sanitises as GitHub does, and its checker catches each reader-visible defect.
import { describe, expect, it } from '@jest/globals'
import {
  codeTexts,
  headline,
  links,
  renderMarkdown,
  renderProblems,
  tableShapes,
  tables,
  visibleText
} from '../../scripts/lib/render-markdown.mjs'

const github = (href: string): boolean => href.startsWith('https://github.com/')

const clean = [
  '<!-- posturio-iam-mfa:key=abc account=111122223333 -->',
  '## ❌ 2 identities can sign in without MFA',
  '',
  '**Posture score: 50%**. 1 of 2 users is protected; 1 user, 2 alerts, 0 issues, 1 day, 3 days.',
  'Run `aws iam list-mfa-devices --user-name alice_admin` to check **alice\\_admin**.',
  'Owner: @octocat, see [#1](https://github.com/acme/findings/issues/1) and issue #7.',
  '',
  '| user | account | idle |',
  '| --- | ---: | :-: |',
  '| alice\\_admin | 111122223333 | 120 days |',
  '| a \\| b | 2 | 1 hour |',
  '',
  '<details><summary>Exempt users (1)</summary>',
  '',
  '- breakglass-admin until 2027-02-01',
  '',
  '</details>',
  '',
  '> [!WARNING]',
  '> The exemption lapsed 1 day ago.'
].join('\n')
const data = ['alice_admin', 'breakglass-admin', '111122223333']

describe('renderMarkdown', () => {
  it('passes clean Markdown and reads it as a person does', () => {
    expect(renderProblems(clean, { allowedLinks: github, data })).toEqual([])
    expect(headline(clean)).toBe('❌ 2 identities can sign in without MFA')
    expect(codeTexts(clean)).toEqual(['aws iam list-mfa-devices --user-name alice_admin'])
    expect(links(clean)).toEqual([
      { href: 'https://github.com/acme/findings/issues/1', text: '#1' }
    ])
    expect(tableShapes(clean)).toEqual([{ line: 8, columns: 3, rows: [3, 3], rowLines: [10, 11] }])
    expect(tables(clean)[0]?.[2]).toEqual(['a | b', '2', '1 hour'])
    const text = visibleText(clean)
    expect(text).toContain('alice_admin')
    expect(text).not.toContain('posturio-iam-mfa:key')
    expect(text).toMatch(/Warning\s+The exemption lapsed/)
  })

  it('keeps what GitHub keeps: details and summary, table alignment, alerts', () => {
    const { html } = renderMarkdown(clean)
    expect(html).toContain('<details><summary>Exempt users (1)</summary>')
    expect(html).toContain('<th align="right">account</th>')
    expect(html).toContain('<td align="center">120 days</td>')
    expect(html).toContain('<div class="markdown-alert markdown-alert-warning">')
    expect(html).not.toContain('<!--')
  })

  it('strips what GitHub strips: script, event handlers, javascript: links, iframes, styles', () => {
    const { html } = renderMarkdown(
      [
        '<script>alert(1)</script>',
        '<p onclick="steal()" style="color:red">hi</p>',
        '<a href="javascript:alert(1)">click</a> [md](javascript:alert(2))',
        '<iframe src="https://evil.example">frame</iframe>',
        '<img src="x" onerror="alert(3)">'
      ].join('\n\n')
    )
    for (const bad of [
      '<script',
      'alert(1)',
      'onclick',
      'style',
      'javascript:',
      'iframe',
      'onerror'
    ])
      expect(html).not.toContain(bad)
    expect(html).toContain('<p>hi</p>')
    expect(html).toContain('<a>click</a>')
  })
})

describe('renderProblems', () => {
  const only = (markdown: string, options = {}): string[] => renderProblems(markdown, options)

  it.each([
    ['a literal entity', 'Use &amp;amp; here', /literal HTML entity &amp;/],
    ['an over-escaped backtick', 'Run &#96;aws iam&#96; now', /backtick visible outside code/],
    ['a visible numeric entity', 'a &amp;#96; b', /literal HTML entity &#96;/],
    ['a stray backtick', 'one ` tick', /backtick visible outside code/],
    ['visible bold markers', 'a \\*\\*b\\*\\* c', /\*\* visible outside code/],
    ['visible underscores', 'a \\_\\_init\\_\\_ b', /__ visible outside code/],
    ['a plural hack', '5 open alert(s) in the SARIF', /plural hack "alert\(s\)"/],
    ['another plural hack', 'last used 2 day(s) ago', /plural hack "day\(s\)"/],
    ['a misspelt plural', '4 passs and 5 fails', /misspelt plural "passs"/],
    ['one with a plural', '1 users fail', /wrong number "1 users"/],
    ['zero with a singular', '0 user fails', /wrong number "0 user"/],
    ['two with a singular', 'there are 2 alert', /wrong number "2 alert"/],
    ['an adjective between', '3 failing identity', /wrong number "3 failing identity"/],
    ['one with a plural across bold', '**1** findings', /wrong number "1 findings"/]
  ])('flags %s', (_, markdown, expected) => {
    expect(only(markdown)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]))
  })

  it('flags table rows whose cell count differs from the header (GitHub pads or drops silently)', () => {
    const table =
      '| a | b | c |\n| - | - | - |\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n| x `a\\|b` | y | z |\n'
    expect(only(table)).toEqual([
      'table at line 1: row at line 3 has 2 cells, the header has 3',
      'table at line 1: row at line 4 has 4 cells, the header has 3'
    ])
  })

  it('flags links that are not allowed', () => {
    expect(only('[docs](https://evil.example/x)', { allowedLinks: github })).toEqual([
      'link to "https://evil.example/x" ("docs") is not allowed'
    ])
  })

  it('flags links, images and HTML made from data', () => {
    const problems = (markdown: string, d: string): string[] => only(markdown, { data: [d] })
    expect(problems('user bob+ops@example.com', 'bob+ops@example.com')).toEqual([
      expect.stringMatching(/^<a> made from data "bob\+ops@example.com"/)
    ])
    expect(problems('user www.evil.example', 'www.evil.example')).toEqual([
      expect.stringMatching(/^<a> made from data/)
    ])
    expect(problems('see [carol](https://github.com/carol)', 'carol')).toEqual([
      expect.stringMatching(/^<a> made from data "carol"/)
    ])
    expect(problems('![x](https://img.example/dave.png)', 'dave')).toEqual([
      expect.stringMatching(/^<img> made from data "dave"/)
    ])
    expect(problems('user <b>boss</b> here', '<b>boss</b>')).toEqual([
      'raw HTML "<b>" comes from data "<b>boss</b>"',
      'raw HTML "</b>" comes from data "<b>boss</b>"'
    ])
  })

  it('flags mentions and issue references formed from data, not those in code or product links', () => {
    expect(only('user @admins can sign in', { data: ['@admins'] })).toEqual([
      expect.stringMatching(/^mention @admins formed from data "@admins"/)
    ])
    expect(only('reason: see #123 first', { data: ['see #123'] })).toEqual([
      expect.stringMatching(/^issue reference #123 formed from data/)
    ])
    const safe = 'user `@admins`, user ivan@corp, issue [#1](https://github.com/a/b/issues/1)'
    expect(only(safe, { data: ['@admins', 'ivan@corp'] })).toEqual([])
  })
})
