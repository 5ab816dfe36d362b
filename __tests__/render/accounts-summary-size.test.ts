// The several-account summary stays under GitHub's 1 MiB step summary limit however large the
// organisation, and says what it left out: measured on 200 accounts of 500 failing users with long
// escaped names, and on 2,500 accounts with long AWS refusals.
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  headline,
  renderMarkdown,
  tables,
  visibleText,
  type Rendered
} from '../../scripts/lib/render-markdown.mjs'
import { renderSummary } from '../../src/render/summary.js'
import { md } from '../../src/text/markdown.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { failing, orgScan, type AccountSpec } from './accounts-fixture.js'

const MIB = 1024 * 1024

/** A 64-character name whose `|`, `<`, `_`, `@` and `#` must all be escaped (so it is not a code span). */
const longName = (account: number, user: number): string =>
  `svc_${account}_${user}|<b>_@ops_#1`.padEnd(64, '_x')

/** Refusals as AWS might word them, with markup in them, far too long for a table cell. */
const REFUSAL = `AccessDenied: <script>alert(1)</script> | *not* [authorized](https://evil.example) @octocat #7 ${'x'.repeat(2000)}`

describe('renderSummary: 200 accounts of 500 failing users each', () => {
  let out: string
  let rendered: Rendered
  let text: string
  beforeAll(() => {
    const specs: AccountSpec[] = Array.from({ length: 200 }, (_, a) => ({
      id: String(100_000_000_000 + a),
      alias: `team-${a}-workloads-production`,
      ...(a % 40 === 3 ? { status: 'partial' as const, reason: md`${REFUSAL}` } : {}),
      rows: Array.from({ length: 500 }, (_, u) => failing(longName(a, u)))
    }))
    out = renderSummary(orgScan(specs), { runUrl: undefined })
    rendered = renderMarkdown(out)
    text = visibleText(rendered).replace(/\u2060/g, '')
  })

  it('stays under 1 MiB', () => {
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(MIB)
    expect(headline(rendered)).toBe(
      '❌ IAM MFA check: 100,000 failing identities · 0.0% (F) · 200 accounts'
    )
  })

  it('lists every account in the accounts table, the partial ones first', () => {
    const accounts = tables(rendered).find(t => t[0]?.[1] === 'alias') ?? []
    expect(accounts).toHaveLength(201)
    expect(accounts.slice(1, 6).map(r => r[0])).toEqual(
      [3, 43, 83, 123, 163].map(a => String(100_000_000_000 + a))
    )
    expect(accounts[1]?.[5]?.endsWith('…')).toBe(true)
  })

  it('shows the worst accounts first, folded, and says how many failing identities are left out', () => {
    const shown = tables(rendered)
      .filter(t => t[0]?.[0] === 'identity')
      .reduce((n, t) => n + t.length - 1, 0)
    expect(shown).toBeGreaterThan(1000)
    expect(text).toContain(
      `${(100_000 - shown).toLocaleString('en-US')} more failing identities in 200 accounts are in the report file: the report-file output lists every finding.`
    )
    const blocks = [
      ...out.matchAll(
        /<details><summary>team-\d+-workloads-production \(\d+\): 500 failing<\/summary>/g
      )
    ]
    expect(blocks.length).toBeGreaterThan(50)
    expect(blocks[0]?.[0]).toContain('team-3-workloads-production (100000000003)')
    expect(text).toContain(
      `The findings of ${200 - blocks.length} more accounts (the last with findings in the accounts table) are not shown here for want of room.`
    )
  })

  it('shows the names exactly as written', () => {
    expect(text).toContain(longName(3, 0))
    expectReadable(out, [longName(3, 0), longName(3, 1), REFUSAL.slice(0, 200)])
  }, 120_000)
})

describe('renderSummary: 2,500 accounts, 500 of them refused with long messages', () => {
  it('bounds the accounts table and counts the accounts left out', () => {
    const specs: AccountSpec[] = Array.from({ length: 2500 }, (_, a) => ({
      id: String(200_000_000_000 + a),
      alias: `a-${a}`,
      ...(a % 5 === 0
        ? { status: 'incomplete' as const, reason: md`${REFUSAL}` }
        : { rows: [failing(longName(a, 0))] })
    }))
    const out = renderSummary(orgScan(specs), { runUrl: undefined })
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(MIB)
    const accounts = tables(out).find(t => t[0]?.[1] === 'alias') ?? []
    const hidden = 2500 - (accounts.length - 1)
    expect(hidden).toBeGreaterThan(0)
    expect(seen(out)).toContain(
      `${hidden.toLocaleString('en-US')} more accounts not shown here; the report-file output lists every account.`
    )
    expect(headline(out)).toBe(
      '❌ IAM MFA check: 2,000 failing identities · 0.0% (F) · 2,000/2,500 accounts scanned'
    )
  }, 120_000)
})
