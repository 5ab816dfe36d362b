// The findings of a several-account run, account by account and worst first: each account's tables
// under its name, folded when there are many, all within one size budget; what does not fit is counted.
import { accountLabel, type ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { bold, details, join, lines, md, type Md } from '../text/markdown.js'
import { count, grouped } from '../text/words.js'
import { bytes } from './clip.js'
import {
  findingTable,
  FOLD_AFTER,
  MAX_ROWS,
  MAX_TABLE_CHARS,
  type TableKind
} from './finding-tables.js'

/** More accounts with findings than this, and each account folds into its own <details> block. */
export const FOLD_ACCOUNTS_AFTER = 3
/** No account's tables get less room than this while the budget lasts (bytes). */
const MIN_ACCOUNT_BYTES = 6_000
/** Room kept in each account's share for its heading, titles and notes (bytes). */
const BLOCK_RESERVE = 1_000

const KINDS: ReadonlyArray<readonly [TableKind, string, (f: Finding) => boolean]> = [
  ['failing', 'Failing identities', f => f.verdict === 'fail'],
  ['fixed', 'Fixed since the report', f => f.live?.status === 'fixed'],
  ['pending', 'Pending (grace period)', f => f.verdict === 'pending'],
  ['exempt', 'Exempt', f => f.verdict === 'exempt']
]

type Tables = ReadonlyArray<readonly [TableKind, string, readonly Finding[]]>

function tablesByAccount(r: ScanResult): ReadonlyMap<string, Tables> {
  const by = new Map<string, Finding[]>()
  for (const f of r.evaluation.findings) {
    const list = by.get(f.account)
    if (list) list.push(f)
    else by.set(f.account, [f])
  }
  return new Map(
    [...by].map(([account, fs]) => [
      account,
      KINDS.map(([kind, title, is]) => [kind, title, fs.filter(is)] as const).filter(
        ([, , list]) => list.length > 0
      )
    ])
  )
}

const WORDS: Readonly<Record<TableKind, (n: number) => string>> = {
  failing: n => `${grouped(n)} failing`,
  fixed: n => `${grouped(n)} fixed since the report`,
  pending: n => `${grouped(n)} pending`,
  exempt: n => `${grouped(n)} exempt`
}

/** `12 failing, 3 pending`: what the account's block holds. */
function tally(tables: Tables): string {
  const words = tables.map(([kind, , list]) => WORDS[kind](list.length))
  return tables[0]?.[0] === 'failing' ? words.join(', ') : ['0 failing', ...words].join(', ')
}

/** One account's tables within `room` bytes, and how many of its failing identities they show. */
function accountTables(tables: Tables, room: number): { body: Md; shownFailing: number } {
  const parts: Md[] = []
  let left = room
  let shownFailing = 0
  for (const [kind, title, list] of tables) {
    const limits = { maxRows: MAX_ROWS, maxSize: left, measure: bytes, fold: false }
    const t = findingTable(kind, list, 1, limits)
    if (kind === 'failing') shownFailing = t.shown
    const part =
      t.shown > 0
        ? lines(bold(title), md``, t.markdown)
        : md`${bold(title)}: ${count(list.length, 'identity')} not shown here for want of room; the \`report-file\` output lists every finding.`
    parts.push(part)
    left -= bytes(part.markdown)
  }
  return { body: join(parts, '\n\n'), shownFailing }
}

/**
 * Each account with findings, in the order given (worst first; any other account with findings
 * after them), folded when there are many, within `budget` bytes; closing lines count what is left out.
 */
export function accountFindings(
  r: ScanResult,
  ordered: readonly string[],
  budget: number
): Md | undefined {
  const byAccount = tablesByAccount(r)
  const listed = new Set(ordered)
  const withFindings = [
    ...ordered.filter(id => byAccount.has(id)),
    ...[...byAccount.keys()].filter(id => !listed.has(id)).sort()
  ]
  if (withFindings.length === 0) return undefined
  const rowsOf = (t: Tables): number => t.reduce((n, [, , list]) => n + list.length, 0)
  const fold =
    withFindings.length > FOLD_ACCOUNTS_AFTER ||
    [...byAccount.values()].some(t => rowsOf(t) > FOLD_AFTER)
  const share = Math.min(
    MAX_TABLE_CHARS,
    Math.max(MIN_ACCOUNT_BYTES, Math.floor(budget / withFindings.length))
  )
  const blocks: Md[] = []
  let left = budget
  let hiddenFailing = 0
  let withHidden = 0
  let notShown = 0
  for (const id of withFindings) {
    const tables = byAccount.get(id) ?? []
    const failing = tables.find(([kind]) => kind === 'failing')?.[2].length ?? 0
    const room = Math.min(share, left) - BLOCK_RESERVE
    let shown = 0
    if (room >= MIN_ACCOUNT_BYTES / 2) {
      const { body, shownFailing } = accountTables(tables, room)
      shown = shownFailing
      const name = md`${accountLabel(r, id)}: ${tally(tables)}`
      const block = fold ? details(name, body) : lines(md`#### ${name}`, md``, body)
      blocks.push(block)
      left -= bytes(block.markdown) + 2
    } else notShown++
    if (failing > shown) {
      hiddenFailing += failing - shown
      withHidden++
    }
  }
  const closing: Md[] = []
  if (hiddenFailing > 0)
    closing.push(
      md`${count(hiddenFailing, 'more failing identity')} in ${count(withHidden, 'account')} ${hiddenFailing === 1 ? 'is' : 'are'} in the report file: the \`report-file\` output lists every finding.`
    )
  if (notShown > 0)
    closing.push(
      md`The findings of ${count(notShown, 'more account')} (the last with findings in the accounts table) are not shown here for want of room.`
    )
  return join([...blocks, ...closing], '\n\n')
}
