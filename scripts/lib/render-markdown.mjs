// Renders Markdown as GitHub does (GFM, raw HTML, GitHub's sanitising) and checks what a reader sees.
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import { toText } from 'hast-util-to-text'

const ALERTS = ['note', 'tip', 'important', 'warning', 'caution']
const alertClasses = ['', '-title', ...ALERTS.map(a => `-${a}`)].map(s => `markdown-alert${s}`)
// GitHub's rules (the default schema follows them), plus its alert classes; the tags GFM's tag
// filter disables are dropped with their contents.
const schema = {
  ...defaultSchema,
  strip: [
    ...defaultSchema.strip,
    ...'iframe style textarea title xmp noembed noframes plaintext'.split(' ')
  ],
  attributes: {
    ...defaultSchema.attributes,
    div: [...defaultSchema.attributes.div, ['className', ...alertClasses]],
    p: [['className', 'markdown-alert-title']]
  }
}

function walk(node, visit) {
  visit(node)
  for (const child of node.children ?? []) walk(child, visit)
}

/** `> [!WARNING]` blockquotes become GitHub's alert boxes (a titled div). */
function remarkAlerts() {
  return tree =>
    walk(tree, node => {
      const first = node.type === 'blockquote' ? node.children[0]?.children?.[0] : undefined
      const m = first?.type === 'text' ? /^\[!(\w+)\][ \t]*(\r?\n|$)/.exec(first.value) : null
      const kind = m?.[1]?.toLowerCase()
      if (!m || !ALERTS.includes(kind)) return
      first.value = first.value.slice(m[0].length)
      const para = node.children[0]
      if (para.children.length === 1 && first.value === '') node.children.shift()
      const title = {
        type: 'paragraph',
        children: [{ type: 'text', value: kind[0].toUpperCase() + kind.slice(1) }]
      }
      title.data = { hProperties: { className: ['markdown-alert-title'] } }
      node.children.unshift(title)
      node.data = {
        hName: 'div',
        hProperties: { className: ['markdown-alert', `markdown-alert-${kind}`] }
      }
    })
}

const parser = unified().use(remarkParse).use(remarkGfm)
const toHast = unified()
  .use(remarkAlerts)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema)
const toHtml = unified().use(rehypeStringify)

export function renderMarkdown(markdown) {
  const mdast = parser.parse(markdown)
  const hast = toHast.runSync(structuredClone(mdast))
  return { html: toHtml.stringify(hast), hast, mdast, markdown }
}

const rendered = input => (typeof input === 'string' ? renderMarkdown(input) : input)
const elements = (hast, names) => {
  const found = []
  walk(hast, n => n.type === 'element' && names.includes(n.tagName) && found.push(n))
  return found
}

/** Like a browser's innerText; hast-util-to-text does not know `<details>` and `<summary>` are blocks. */
function textOf(hast, hide = []) {
  const copy = structuredClone(hast)
  walk(copy, node => {
    if (node.tagName === 'details' || node.tagName === 'summary') node.tagName = 'div'
    if (!node.children) return
    node.children = node.children.map(c =>
      c.type === 'element' && hide.includes(c.tagName) ? { type: 'text', value: '[…]' } : c
    )
  })
  return toText(copy)
}

/** The text a reader sees (closed `<details>` included: one click shows it). */
export const visibleText = input => textOf(rendered(input).hast)
export const codeTexts = input => elements(rendered(input).hast, ['code']).map(n => toText(n))
export const links = input =>
  elements(rendered(input).hast, ['a']).map(n => ({ href: n.properties.href, text: toText(n) }))
/** Each GFM table of the source: the header's column count and each body row's cell count. */
export function tableShapes(input) {
  const shapes = []
  walk(rendered(input).mdast, n => {
    if (n.type !== 'table') return
    const [head, ...rows] = n.children
    shapes.push({
      line: n.position.start.line,
      columns: head.children.length,
      rows: rows.map(r => r.children.length),
      rowLines: rows.map(r => r.position.start.line)
    })
  })
  return shapes
}
/** The rendered tables' cell texts, header row first. */
export const tables = input =>
  elements(rendered(input).hast, ['table']).map(t =>
    elements(t, ['tr']).map(tr => elements(tr, ['th', 'td']).map(c => toText(c)))
  )

export function headline(input) {
  const h = elements(rendered(input).hast, ['h1', 'h2'])[0]
  return h ? toText(h).trim() : undefined
}

// Countable nouns: singular form → false, plural form → true.
const FORMS = new Map()
for (const w of 'user alert issue row file day account finding write note warning device'.split(
  ' '
))
  FORMS.set(w, false).set(`${w}s`, true)
for (const w of ['operation', 'result', 'minute', 'hour']) FORMS.set(w, false).set(`${w}s`, true)
FORMS.set('identity', false).set('identities', true)
const FILLER = new Set(
  'of the a an in on per and or to for with at by from than is are was were out'.split(' ')
)
const COUNTED = new RegExp(
  `(?<![\\w.:/#-])(\\d+(?:[.,]\\d+)?)((?:[ \\u00a0]+[a-z][a-z-]*){0,2})[ \\u00a0]+(${[...FORMS.keys()].join('|')})\\b(?!\\()`,
  'gi'
)

const snippet = (text, index, length) =>
  JSON.stringify(
    text
      .slice(Math.max(0, index - 30), index + length + 30)
      .replace(/\s+/g, ' ')
      .trim()
  )
const matches = (re, text) => text.matchAll(re)

export function renderProblems(markdown, { allowedLinks, data = [] } = {}) {
  const r = renderMarkdown(markdown)
  const problems = []
  const add = (what, text, m) => problems.push(`${what} in ${snippet(text, m.index, m[0].length)}`)
  const visible = textOf(r.hast)
  // Word joiners are invisible (the action puts them in data to stop GitHub's autolinks).
  const prose = textOf(r.hast, ['code', 'pre']).replace(/\u2060/g, '')
  const strings = data.filter(d => typeof d === 'string' && d.trim().length > 0)
  // Characters of data shown as written (a reason that holds a backtick) are not markup.
  const ofData = []
  for (const d of strings)
    for (let i = prose.indexOf(d); i >= 0; i = prose.indexOf(d, i + 1))
      ofData.push([i, i + d.length])
  const inData = m => ofData.some(([a, b]) => m.index >= a && m.index < b)
  for (const m of matches(/&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi, visible))
    add(`literal HTML entity ${m[0]} is visible`, visible, m)
  for (const m of matches(/`+/g, prose))
    if (!inData(m)) add('backtick visible outside code', prose, m)
  for (const m of matches(/\*\*|__/g, prose))
    if (!inData(m)) add(`${m[0]} visible outside code`, prose, m)
  for (const m of matches(/\b[a-z]+\((?:s|es|ies)\)/gi, prose))
    add(`plural hack "${m[0]}"`, prose, m)
  for (const m of matches(/\b[a-z]+sss\b/gi, prose)) add(`misspelt plural "${m[0]}"`, prose, m)
  for (const m of matches(COUNTED, prose)) {
    const [, number, between, noun] = m
    const words = between.trim().toLowerCase().split(/\s+/)
    if (words.some(w => FILLER.has(w) || FORMS.has(w))) continue
    const one = number === '1'
    const isPlural = FORMS.get(noun.toLowerCase())
    if (one === isPlural && !/[.,]/.test(number)) add(`wrong number "${m[0].trim()}"`, prose, m)
  }
  for (const t of tableShapes(r)) {
    t.rows.forEach((cells, i) => {
      if (cells !== t.columns)
        problems.push(
          `table at line ${t.line}: row at line ${t.rowLines[i]} has ${cells} cells, the header has ${t.columns}`
        )
    })
  }
  for (const a of elements(r.hast, ['a'])) {
    const href = a.properties.href
    if (href !== undefined && allowedLinks && !allowedLinks(String(href)))
      problems.push(`link to ${JSON.stringify(href)} ("${toText(a)}") is not allowed`)
  }
  const fromData = value => strings.find(d => String(value).includes(d))
  for (const el of elements(r.hast, ['a', 'img'])) {
    const texts = [toText(el), ...Object.values(el.properties).flat()]
    const d = texts.map(fromData).find(Boolean)
    if (d !== undefined)
      problems.push(
        `<${el.tagName}> made from data ${JSON.stringify(d)}: ${JSON.stringify(texts.filter(fromData))}`
      )
  }
  walk(r.mdast, n => {
    const raw = n.type === 'html' ? n.value.trim() : ''
    const d = raw && strings.find(s => s.includes(raw))
    if (d) problems.push(`raw HTML ${JSON.stringify(raw)} comes from data ${JSON.stringify(d)}`)
  })
  const plain = textOf(r.hast, ['code', 'pre', 'a'])
  for (const m of matches(
    /(?<![\w`/.+-])(@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\/[\w.-]+)?|#\d+)\b/gi,
    plain
  )) {
    const d = strings.find(s => s.includes(m[1]))
    if (d !== undefined)
      add(
        `${m[1].startsWith('@') ? 'mention' : 'issue reference'} ${m[1]} formed from data ${JSON.stringify(d)}`,
        plain,
        m
      )
  }
  return problems
}
