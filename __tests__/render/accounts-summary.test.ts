// The summary of several accounts, as GitHub renders it: the organisation's headline and the table
// of accounts, worst first; and the one-account summary left as it was.
import { describe, expect, it } from '@jest/globals'
import { headline } from '../../scripts/lib/render-markdown.mjs'
import { headlineText } from '../../src/render/summary.js'
import { md } from '../../src/text/markdown.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { failing, orgScan, passing, root, type AccountSpec } from './accounts-fixture.js'
import {
  COMPLETE_PROD,
  DATA,
  DENIED,
  DEV,
  PARTLY,
  PROD,
  SANDBOX,
  summary,
  tableWith,
  THREE
} from './accounts-example.js'

describe('renderSummary, several accounts: the headline', () => {
  it('gives the failing identities, the score over the scanned accounts and how many were scanned', () => {
    const out = summary(THREE)
    expect(headline(out)).toBe(
      '❌ IAM MFA check: 4 failing identities · 42.8% (F) · 2/3 accounts scanned'
    )
    expect(headlineText(THREE)).toBe(headline(out))
    expect(seen(out)).toContain(
      'Score 42.8%, grade F: 3 of the 7 identities in scope pass and 4 fail'
    )
    expect(seen(out)).toContain(
      'Check iam.users_without_mfa · 3 accounts: 1 complete, 1 partial, 1 not scanned · scanned 2026-11-30 12:00 UTC · live AWS credentials'
    )
    expectReadable(out, DATA)
  })

  it('counts the accounts alone when every one was scanned', () => {
    const out = summary(orgScan([DEV, COMPLETE_PROD]))
    expect(headline(out)).toBe('❌ IAM MFA check: 4 failing identities · 42.8% (F) · 2 accounts')
  })

  it.each([
    { scans: [DEV, COMPLETE_PROD].map(a => ({ ...a, rows: [root(true)] })), head: '✅' },
    { scans: [{ ...DEV, rows: [root(true)] }, SANDBOX], head: '⚠️' },
    {
      scans: [
        { ...PROD, rows: [root(true)] },
        { ...DEV, rows: [root(true)] }
      ],
      head: '⚠️'
    }
  ])(
    'celebrates a clean organisation only when every account was read whole ($head)',
    ({ scans, head }) => {
      const out = summary(orgScan(scans))
      const scanned = scans.filter(s => s.status !== 'incomplete').length
      const accounts = scanned === scans.length ? '2 accounts' : '1/2 accounts scanned'
      expect(headline(out)).toBe(
        `${head} IAM MFA check: no failing identity · 100.0% (A) · ${accounts}`
      )
    }
  )

  it('says when no account could be scanned, with no score', () => {
    const out = summary(orgScan([SANDBOX, { ...SANDBOX, id: '444444444444', alias: 'logs' }]))
    expect(headline(out)).toBe('⚠️ IAM MFA check: none of the 2 accounts could be scanned')
  })

  it('keeps the headline within 80 characters for 200 accounts, 2 not scanned', () => {
    const specs: AccountSpec[] = Array.from({ length: 200 }, (_, i) => ({
      id: String(100_000_000_000 + i),
      ...(i < 2
        ? { status: 'incomplete' as const, reason: md`AccessDenied` }
        : { rows: [...[1, 2, 3, 4, 5].map(n => failing(`u${n}`)), passing('p')] })
    }))
    const h = headline(summary(orgScan(specs))) ?? ''
    expect(h).toBe(
      '❌ IAM MFA check: 990 failing identities · 16.6% (F) · 198/200 accounts scanned'
    )
    expect(h.length).toBeLessThanOrEqual(80)
  })
})

describe('renderSummary, several accounts: the accounts table', () => {
  it('lists every account worst first: not scanned, partial, then by score, with its reason', () => {
    expect(tableWith(summary(THREE), 'alias')).toEqual([
      ['account', 'alias', 'score', 'grade', 'failing', 'status'],
      ['333333333333', 'sandbox', '—', '—', '—', `⛔ not scanned: AccessDenied: ${DENIED}`],
      ['222222222222', 'prod', '25.0%', 'F', '3', `⚠️ partial: ${PARTLY}`],
      ['111111111111', 'dev', '66.6%', 'D', '1', '✅ complete']
    ])
  })

  it('orders complete accounts by lowest score, then most failing, then id', () => {
    const half = (id: string, n: number): AccountSpec => ({
      id,
      rows: Array.from({ length: n }, (_, i) => [failing(`f${i}`), passing(`p${i}`)]).flat()
    })
    const r = orgScan([
      half('500000000000', 1),
      half('400000000000', 2),
      { id: '300000000000', rows: [failing('x')] },
      half('200000000000', 1),
      { id: '100000000000', rows: [passing('y')] }
    ])
    const rows = (tableWith(summary(r), 'alias') ?? []).slice(1)
    expect(rows.map(row => [row[0], row[2], row[4]])).toEqual([
      ['300000000000', '0.0%', '1'],
      ['400000000000', '50.0%', '2'],
      ['200000000000', '50.0%', '1'],
      ['500000000000', '50.0%', '1'],
      ['100000000000', '100.0%', '0']
    ])
    expect(rows.map(row => row[1])).toEqual(['—', '—', '—', '—', '—'])
  })

  it('adds up: the failing column sums to the headline’s count', () => {
    const rows = (tableWith(summary(THREE), 'alias') ?? []).slice(1)
    const sum = rows.reduce((n, row) => n + (Number(row[4]) || 0), 0)
    expect(sum).toBe(4)
  })

  it('cuts a very long reason, still escaped and on one row of six cells', () => {
    const long = `AccessDenied <i>${'x|y '.repeat(2000)}</i>`
    const out = summary(orgScan([DEV, { ...SANDBOX, reason: md`${long}` }]))
    const row = (tableWith(out, 'alias') ?? [])[1] ?? []
    expect(row).toHaveLength(6)
    expect(row[5]?.startsWith('⛔ not scanned: AccessDenied <i>x|y x|y')).toBe(true)
    expect(row[5]?.endsWith('…')).toBe(true)
    expect(row[5]?.length).toBeLessThan(300)
    expectReadable(out, [long.slice(0, 100)])
  })
})

describe('renderSummary, one account', () => {
  it('stays as it was when the account list holds that one account, alias and all', () => {
    const one = orgScan([{ ...PROD, status: 'partial' }])
    expect(summary(one)).toBe(summary({ ...one, accountScans: [] }))
    expect(summary(one)).not.toContain('prod')
  })
})
