// Test fixture: the result of a live scan with `require-phishing-resistant`, root judged from the
// virtual MFA devices ListVirtualMFADevices would list (report rows through the real parser).
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import { judgeRootStrength, type VirtualMfaDevice } from '../../src/core/root-strength.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { RootFacts } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { reportCsv, rootRow, userRow, type RowFields } from './report-csv.js'

export const NOW = new Date('2026-11-30T12:00:00Z')
export const ACCOUNT = '123456789012'
export const ROOT_APP: VirtualMfaDevice = {
  serial: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
  userArn: `arn:aws:iam::${ACCOUNT}:root`,
  enabledAt: new Date('2024-05-06T07:08:00Z')
}
const FACTS: RootFacts = { passwordPresent: true, mfaEnabled: true, accessKeysPresent: false }

/** Root with MFA and, per `devices`, a virtual device or not; `users` beside it. */
export function rootMfaScan(
  devices: readonly VirtualMfaDevice[],
  users: readonly RowFields[] = [userRow('bob', { mfa_active: 'true' })]
): ScanResult {
  const evaluation = judgeRootStrength(
    evaluate(
      parseCredentialReport(reportCsv([rootRow({ mfa_active: 'true' }), ...users])),
      { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: FACTS },
      NOW
    ),
    FACTS,
    { devices }
  )
  return {
    check: 'iam.users_without_mfa',
    accounts: [ACCOUNT],
    accountScans: [],
    scannedAt: NOW.toISOString(),
    mode: 'live',
    report: {
      origin: 'GetCredentialReport',
      generatedAt: '2026-11-30T11:00:00.000Z',
      ageMs: 3.6e6
    },
    evaluation,
    liveChecks: 'on',
    posture: posture(evaluation.findings),
    settings: {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: true
    }
  }
}
