// The findings of several accounts, as GitHub renders them: account by account, worst first, each
// titled by alias, id and counts, open when few and folded into <details> when many.
import { describe, expect, it } from '@jest/globals'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { expectReadable } from '../helpers/readable.js'
import { failing, orgScan, type AccountSpec } from './accounts-fixture.js'
import {
  COMPLETE_PROD,
  DEV,
  foldedTitles,
  headings,
  PROD,
  summary,
  tableWith,
  THREE
} from './accounts-example.js'

describe('renderSummary, several accounts: the findings per account', () => {
  it('shows few accounts open, worst first, each titled by alias, id and counts', () => {
    const out = summary(THREE)
    expect(headings(out)).toEqual([
      'prod (222222222222): 3 failing',
      'dev (111111111111): 1 failing, 1 pending'
    ])
    expect(foldedTitles(out)).toEqual(['How to fix and verify'])
    const failingTables = tables(out).filter(t => t[0]?.[0] === 'identity')
    expect(failingTables.map(t => t.slice(1).map(r => r[0]))).toEqual([
      ['root user', 'carol', 'dave_ops'],
      ['alice']
    ])
    expect(failingTables[0]?.[0]).toEqual(['identity', 'severity', 'fix', 'facts'])
    expect(tableWith(out, 'grace period ends')?.[1]?.[0]).toBe('newbie')
  })

  it('folds every account into <details> when more than 3 have findings', () => {
    const specs: AccountSpec[] = [5, 1, 3, 2].map((n, i) => ({
      id: `${i + 1}`.repeat(12),
      alias: `team-${i + 1}`,
      rows: Array.from({ length: n }, (_, j) => failing(`u${j}`))
    }))
    const out = summary(orgScan(specs))
    expect(headings(out)).toEqual([])
    expect(foldedTitles(out).slice(0, 4)).toEqual([
      'team-1 (111111111111): 5 failing',
      'team-3 (333333333333): 3 failing',
      'team-4 (444444444444): 2 failing',
      'team-2 (222222222222): 1 failing'
    ])
    expectReadable(out, [])
  })

  it('folds the accounts when one has more than 20 rows, without folding its table again', () => {
    const big = { ...DEV, rows: Array.from({ length: 25 }, (_, j) => failing(`u${j}`)) }
    const out = summary(orgScan([big, COMPLETE_PROD]))
    expect(foldedTitles(out)).toEqual([
      'dev (111111111111): 25 failing',
      'prod (222222222222): 3 failing',
      'How to fix and verify'
    ])
  })

  it('labels an account without an alias by its id', () => {
    const out = summary(orgScan([{ ...DEV, alias: undefined }, PROD]))
    expect(headings(out)).toContain('111111111111: 1 failing, 1 pending')
  })
})
