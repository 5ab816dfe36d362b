// Summary lines about live checks: what re-verification found, and the strength of enrolled MFA.
import type { ScanResult } from '../core/scan-result.js'
import type { MfaKind } from '../core/types.js'

export function liveLine(r: ScanResult): string {
  if (r.liveChecks === 'offline') {
    return '**Live re-verification:** skipped: an offline report cannot be checked against the account, so a user fixed after it was saved still shows as failing.\n'
  }
  if (r.liveChecks === 'off')
    return '**Live re-verification:** off (`verify-live: false`): verdicts are as of the report.\n'
  const checked = r.evaluation.findings.filter(f => f.live)
  if (checked.length === 0) return '**Live re-verification:** no failing user to re-check.\n'
  const count = (s: string): number => checked.filter(f => f.live?.status === s).length
  return (
    `**Live re-verification:** ${checked.length} user(s) the report marks failing were checked live: ` +
    `${count('fixed')} fixed since the report, ${count('confirmed')} still failing, ${count('not-reverified')} not re-verified.\n`
  )
}

const LABEL: Record<MfaKind, string> = {
  fido: 'FIDO security key',
  'hardware-totp': 'hardware TOTP',
  virtual: 'virtual authenticator'
}

export function strengthLine(r: ScanResult): string | undefined {
  if (!r.settings.requirePhishingResistant) return undefined
  const counts: Record<MfaKind, number> = { fido: 0, 'hardware-totp': 0, virtual: 0 }
  let users = 0
  for (const f of r.evaluation.findings) {
    if (!f.mfaKinds || f.mfaKinds.length === 0) continue
    users++
    for (const k of new Set(f.mfaKinds)) counts[k]++
  }
  const parts = (Object.keys(counts) as MfaKind[]).map(k => `${counts[k]} with a ${LABEL[k]}`)
  return `**MFA strength** (${users} user(s) with MFA listed): ${parts.join(', ')}.\n`
}
