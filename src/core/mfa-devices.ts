// Classifying MFA devices by serial: FIDO security key, hardware TOTP, or virtual authenticator.
import type { MfaKind } from './types.js'

export function classifyDevice(serial: string): MfaKind {
  if (/^arn:aws[a-z-]*:iam::\d{12}:u2f\//.test(serial)) return 'fido'
  if (/^arn:aws[a-z-]*:iam::\d{12}:mfa\//.test(serial)) return 'virtual'
  return 'hardware-totp'
}

/** Phishing-resistant means at least one FIDO security key or passkey. */
export function isPhishingResistant(kinds: readonly MfaKind[]): boolean {
  return kinds.includes('fido')
}

/** What people call each kind of device, the same everywhere the action writes it. */
export const MFA_KIND_NAMES: Readonly<Record<MfaKind, string>> = {
  fido: 'FIDO security key',
  'hardware-totp': 'hardware TOTP token',
  virtual: 'virtual authenticator app'
}
