// Lines about live checks: what re-verification found, and the strength of enrolled MFA.
import type { ScanResult } from '../core/scan-result.js'
import { MFA_KIND_NAMES } from '../core/mfa-devices.js'
import type { MfaKind } from '../core/types.js'
import { join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

export function liveLine(r: ScanResult): Md {
  const head = md`**Live re-verification:**`
  if (r.liveChecks === 'offline')
    return md`${head} not possible: a saved report cannot be checked against the account, so a user fixed after it was saved still shows as failing.`
  if (r.liveChecks === 'off')
    return md`${head} off (\`verify-live: false\`): verdicts are as of the report.`
  const checked = r.evaluation.findings.filter(f => f.live)
  if (checked.length === 0) return md`${head} no failing user to re-check.`
  const n = (s: string): number => checked.filter(f => f.live?.status === s).length
  return md`${head} of the ${count(checked.length, 'user')} the report marks failing, ${String(n('fixed'))} fixed since the report, ${String(n('confirmed'))} still failing, ${String(n('not-reverified'))} not re-verified.`
}

/** Only with `require-phishing-resistant`; offline, device types are unknown and the line says so. */
export function strengthLine(r: ScanResult): Md | undefined {
  if (!r.settings.requirePhishingResistant) return undefined
  const head = md`**MFA strength** (\`require-phishing-resistant\`):`
  // Offline, device types are unknown: a warning says so.
  if (r.liveChecks === 'offline') return undefined
  const counts: Record<MfaKind, number> = { fido: 0, 'hardware-totp': 0, virtual: 0 }
  let users = 0
  for (const f of r.evaluation.findings) {
    if (!f.mfaKinds || f.mfaKinds.length === 0) continue
    users++
    for (const k of new Set(f.mfaKinds)) counts[k]++
  }
  const parts = (Object.keys(counts) as MfaKind[]).map(
    k => md`${String(counts[k])} with a ${MFA_KIND_NAMES[k]}`
  )
  if (users === 0) return md`${head} no user with MFA to judge.`
  return md`${head} of ${count(users, 'user')} with MFA listed, ${join(parts, ', ')}.`
}
