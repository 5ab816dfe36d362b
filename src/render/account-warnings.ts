// Warnings of a several-account run: the accounts that could not be scanned, and those read in part,
// whose alerts and issues were left untouched.
import { accountLabel, type AccountScan, type ScanResult } from '../core/scan-result.js'
import { md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { namedAccounts } from './left-alone.js'

function named(r: ScanResult, scans: readonly AccountScan[]): Md {
  return namedAccounts(
    scans.map(a => ({ account: a.id, why: a.reason })),
    account => accountLabel(r, account)
  )
}

/** None for one account: its own warnings say what could not be read. */
export function accountWarnings(r: ScanResult): Md[] {
  if (r.accountScans.length <= 1) return []
  const warnings: Md[] = []
  const notScanned = r.accountScans.filter(a => a.status === 'incomplete')
  if (notScanned.length > 0) {
    const one = notScanned.length === 1
    warnings.push(
      md`${count(notScanned.length, 'account')} could not be scanned: ${named(r, notScanned)}. No verdict was reached for ${one ? 'it' : 'them'}, and ${one ? 'its' : 'their'} code scanning alerts and tracking issues were left untouched; the next run that scans ${one ? 'it' : 'them'} brings them up to date.`
    )
  }
  const partial = r.accountScans.filter(a => a.status === 'partial')
  if (partial.length > 0) {
    const one = partial.length === 1
    warnings.push(
      md`${count(partial.length, 'account')} could be read only in part: ${named(r, partial)}. ${one ? 'Its' : 'Their'} verdicts are shown, but so that nothing is closed wrongly, ${one ? 'its' : 'their'} code scanning alerts and tracking issues were left untouched.`
    )
  }
  return warnings
}
