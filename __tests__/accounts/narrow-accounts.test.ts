// Narrowing the organization's accounts with the user's own lists: include, then exclude.
import { describe, expect, it } from '@jest/globals'
import { narrowAccounts } from '../../src/accounts/organization.js'

const ORG = [
  { id: '111111111111', name: 'prod' },
  { id: '222222222222', name: 'staging' },
  { id: '333333333333', name: 'sandbox' }
]
const ids = (accounts: ReadonlyArray<{ id: string }>): string[] => accounts.map(a => a.id)

describe('narrowAccounts', () => {
  it('keeps every account, in order and with its name, when nothing is included or excluded', () => {
    expect(narrowAccounts(ORG, [], [])).toEqual({ kept: ORG, unknownIncluded: [] })
  })

  it('keeps only the included accounts', () => {
    expect(ids(narrowAccounts(ORG, ['333333333333', '111111111111'], []).kept)).toEqual([
      '111111111111',
      '333333333333'
    ])
  })

  it('drops excluded accounts from the whole organization', () => {
    expect(ids(narrowAccounts(ORG, [], ['222222222222']).kept)).toEqual([
      '111111111111',
      '333333333333'
    ])
  })

  it('lets exclude win over include', () => {
    const result = narrowAccounts(ORG, ['111111111111', '222222222222'], ['222222222222'])
    expect(ids(result.kept)).toEqual(['111111111111'])
    expect(result.unknownIncluded).toEqual([])
  })

  it('reports included ids the organization does not have (typos, closed or foreign accounts) once each', () => {
    const result = narrowAccounts(
      ORG,
      ['111111111111', '999999999999', '11111111111', '999999999999'],
      []
    )
    expect(ids(result.kept)).toEqual(['111111111111'])
    expect(result.unknownIncluded).toEqual(['999999999999', '11111111111'])
  })

  it('keeps nothing when every included account is excluded', () => {
    expect(narrowAccounts(ORG, ['111111111111'], ['111111111111']).kept).toEqual([])
  })
})
