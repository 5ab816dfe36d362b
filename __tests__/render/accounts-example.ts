// The three-account example the several-account summary tests share (one account read whole, one
// in part, one refused), and how they read a summary: its tables, sections, folds and headings.
import { toText } from 'hast-util-to-text'
import { renderMarkdown, tables } from '../../scripts/lib/render-markdown.mjs'
import type { ScanResult } from '../../src/core/scan-result.js'
import { renderSummary, type SummaryContext } from '../../src/render/summary.js'
import { md } from '../../src/text/markdown.js'
import { seen } from '../helpers/readable.js'
import {
  failing,
  HOUR,
  orgScan,
  passing,
  pending,
  root,
  type AccountSpec
} from './accounts-fixture.js'

/** An AWS refusal, with characters that would be markup, a mention and an issue reference. */
export const DENIED =
  'User: arn:aws:sts::333333333333:assumed-role/Audit_Role/posturio is not authorized to perform: iam:GenerateCredentialReport <b>*SCP*</b> | @octocat #12'
export const PARTLY = 'the policies of 2 users could not be read (AccessDenied)'

export const DEV: AccountSpec = {
  id: '111111111111',
  alias: 'dev',
  rows: [root(true), failing('alice'), passing('bob'), pending('newbie')],
  reportAgeMs: 2 * HOUR
}
export const PROD: AccountSpec = {
  id: '222222222222',
  alias: 'prod',
  status: 'partial',
  reason: md`${PARTLY}`,
  rows: [root(false), failing('carol'), failing('dave_ops'), passing('erin')],
  reportAgeMs: 5 * HOUR
}
export const SANDBOX: AccountSpec = {
  id: '333333333333',
  alias: 'sandbox',
  status: 'incomplete',
  reason: md`AccessDenied: ${DENIED}`
}
export const THREE = orgScan([DEV, PROD, SANDBOX])
export const COMPLETE_PROD: AccountSpec = { ...PROD, status: 'complete', reason: undefined }
export const DATA = [DENIED, PARTLY, 'dave_ops']

export const NO_CONTEXT: SummaryContext = { runUrl: undefined }
export const summary = (r: ScanResult, ctx: SummaryContext = NO_CONTEXT): string =>
  renderSummary(r, ctx)
export const unjoined = (s: string): string => s.replace(/\u2060/g, '')

/** The table whose header has `column`, header first, as a reader sees its cells. */
export const tableWith = (markdown: string, column: string): string[][] | undefined =>
  tables(markdown)
    .map(t => t.map(r => r.map(unjoined)))
    .find(t => t[0]?.includes(column))

/** What a reader sees of the `### title` section, up to the next one. */
export function sectionText(markdown: string, title: string): string {
  const chunk = markdown
    .split(/\n(?=### )/)
    .find(c => seen(c.split('\n')[0] ?? '').trim() === title)
  return chunk === undefined ? '' : seen(chunk)
}

/** The summary lines of the folded blocks, as shown. */
export function foldedTitles(markdown: string): string[] {
  const titles: string[] = []
  const walk = (node: { type: string; tagName?: string; children?: unknown[] }): void => {
    if (node.type === 'element' && node.tagName === 'summary')
      titles.push(unjoined(toText(node as Parameters<typeof toText>[0])))
    for (const c of node.children ?? []) walk(c as typeof node)
  }
  walk(renderMarkdown(markdown).hast)
  return titles
}

/** The `####` headings, as shown. */
export const headings = (markdown: string): string[] =>
  [...renderMarkdown(markdown).html.matchAll(/<h4>(.*?)<\/h4>/g)].map(m => seen(m[1] ?? ''))
