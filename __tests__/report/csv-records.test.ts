// The direct reading of a plain report CSV gives exactly the records and lines csv-parse gives.
import { describe, expect, it } from '@jest/globals'
import { visitParsedCsv, visitPlainCsv } from '../../src/report/csv-records.js'
import { UNNAMED_SOURCE } from '../../src/report/report-source.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'

type Records = Array<{ fields: string[]; line: number }>

function plain(text: string): Records | undefined {
  const records: Records = []
  return visitPlainCsv(text, (fields, line) => records.push({ fields, line })) ? records : undefined
}

function parsed(text: string): Records {
  const records: Records = []
  visitParsedCsv(text, UNNAMED_SOURCE, (fields, line) => records.push({ fields, line }))
  return records
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a * 16_807) % 2_147_483_647
    return a / 2_147_483_647
  }
}

describe('visitPlainCsv', () => {
  it('reads a report as AWS writes it as csv-parse does', () => {
    const text = reportCsv([rootRow(), userRow('alice'), userRow('bob.ops+1@example.com')])
    expect(plain(text)).toEqual(parsed(text))
    expect(plain(text)?.map(r => r.line)).toEqual([1, 2, 3, 4])
  })

  it('skips empty lines and lines of bare commas, and counts them', () => {
    const text = '\n\na,b\n,,\n\nc,\n,d\n,\n\n'
    expect(plain(text)).toEqual(parsed(text))
    expect(plain(text)).toEqual([
      { fields: ['a', 'b'], line: 3 },
      { fields: ['c', ''], line: 6 },
      { fields: ['', 'd'], line: 7 }
    ])
  })

  it('leaves text with quotes, spaces, tabs, carriage returns or non-ASCII to csv-parse', () => {
    for (const text of ['"a",b\n', 'a, b\n', 'a\tb\n', 'a,b\r\n', 'a,\u00e9\n', '\uFEFFa,b\n'])
      expect(plain(text)).toBeUndefined()
  })

  it('agrees with csv-parse on random plain text', () => {
    const next = random(42)
    const pieces = ['a', 'b', 'x1', ',', ',', '\n', '\n', '']
    for (let n = 0; n < 5000; n++) {
      let text = ''
      const length = Math.floor(next() * 16)
      for (let k = 0; k < length; k++) text += pieces[Math.floor(next() * pieces.length)] ?? ''
      expect(plain(text)).toEqual(parsed(text))
    }
  })
})
