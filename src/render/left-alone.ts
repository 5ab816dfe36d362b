// Accounts a step left alone (left out of the SARIF upload, issues untouched), named for people.
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { clause, clipped } from './clip.js'

export type LeftAlone = ReadonlyArray<{ readonly account: string; readonly why: Md }>

/** Accounts named one by one at most; the rest are counted. */
export const MAX_NAMED_ACCOUNTS = 10
/** An AWS error message can be long: the summary shows this much of it. */
export const MAX_REASON_BYTES = 600

/** "label: why; label: why; 3 more accounts". */
export function namedAccounts(
  items: ReadonlyArray<{ readonly account: string; readonly why: Md | undefined }>,
  label: (account: string) => string
): Md {
  const named = items
    .slice(0, MAX_NAMED_ACCOUNTS)
    .map(i =>
      i.why
        ? md`${label(i.account)}: ${clause(clipped(i.why, MAX_REASON_BYTES))}`
        : md`${label(i.account)}`
    )
  const more = items.length - named.length
  return join(more > 0 ? [...named, md`${count(more, 'more account')}`] : named, '; ')
}

/** The sentence that ends the code scanning line when accounts were left out of the upload. */
export function heldBackSentence(
  left: LeftAlone | undefined,
  label: (account: string) => string
): Md | undefined {
  if (!left || left.length === 0) return undefined
  const their = left.length === 1 ? 'its' : 'their'
  return md`⚠️ ${count(left.length, 'account')} left out of the upload, ${their} alerts as they were: ${namedAccounts(left, label)}.`
}

/** The sentence that ends the tracking issues line when accounts' issues were left alone. */
export function untouchedSentence(
  left: LeftAlone | undefined,
  label: (account: string) => string
): Md | undefined {
  if (!left || left.length === 0) return undefined
  return md`⚠️ The issues of ${count(left.length, 'account')} were left untouched: ${namedAccounts(left, label)}.`
}
