// README.md's cost and scaling blocks, bench/results.md's tables and bench/results.svg are all rendered
// from the data recorded in bench/results.md: none of them can say what the measurements did not.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { renderPlot } from '../../scripts/lib/bench-plot.mjs'
import {
  applyReadmeBlocks,
  BLOCKS,
  readmeBlock,
  readmeBlocks
} from '../../scripts/lib/bench-readme.mjs'
import { parseResults, renderResults, type BenchData } from '../../scripts/lib/bench-results.mjs'

const ROOT = join(import.meta.dirname, '..', '..')
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

const RERUN = 'run `npm run bench -- --render` (or measure again with `npm run bench`)'

describe('recorded benchmark', () => {
  const results = read('bench/results.md')
  const data = parseResults(results)

  it.each(BLOCKS)("README's %s block is what bench/results.md's data generates", name => {
    const inReadme = readmeBlock(read('README.md'), name)
    expect({ block: name, inReadme, hint: RERUN }).toEqual({
      block: name,
      inReadme: readmeBlocks(data)[name],
      hint: RERUN
    })
  })

  it("bench/results.md's tables are rendered from its own data", () => {
    expect(results).toBe(renderResults(data))
  })

  it('bench/results.svg is drawn from bench/results.md', () => {
    expect(read('bench/results.svg')).toBe(renderPlot(data))
  })

  it('a measurement edited in the data changes the README block', () => {
    const single = data.single
    if (!single) return
    const first = single.cases[0]
    if (!first) return
    const edited: BenchData = {
      ...data,
      single: { ...single, cases: [{ ...first, users: first.users + 1 }, ...single.cases.slice(1)] }
    }
    expect(readmeBlocks(edited).cost).not.toBe(readmeBlocks(data).cost)
  })
})

describe('README blocks', () => {
  const readme = [
    'intro',
    '<!-- bench:cost:start -->',
    'old table',
    '<!-- bench:cost:end -->',
    'kept',
    '<!-- bench:scaling:start -->',
    '<!-- bench:scaling:end -->',
    'end',
    ''
  ].join('\n')

  it('applyReadmeBlocks - replaces only what lies between the markers', () => {
    const out = applyReadmeBlocks(readme, { cost: 'new cost', scaling: 'new scaling' })
    expect(out).toBe(
      [
        'intro',
        '<!-- bench:cost:start -->',
        '',
        'new cost',
        '',
        '<!-- bench:cost:end -->',
        'kept',
        '<!-- bench:scaling:start -->',
        '',
        'new scaling',
        '',
        '<!-- bench:scaling:end -->',
        'end',
        ''
      ].join('\n')
    )
    expect(readmeBlock(out, 'cost')).toBe('new cost')
  })

  it('readmeBlock - a README without the markers is refused, naming them', () => {
    expect(() => readmeBlock('no blocks here', 'scaling')).toThrow('<!-- bench:scaling:start -->')
  })

  it('parseResults - a results file without its data is refused', () => {
    expect(() => parseResults('# Benchmark results\n\n| a |\n')).toThrow('## Data')
  })
})
