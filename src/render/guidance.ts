// The guidance for owners: how to fix the kinds of finding this run has, and how to verify the fix.
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'

const FIXES: ReadonlyArray<readonly [(f: Finding) => boolean, string]> = [
  [
    f => f.rule === 'iam.privileged_users_without_mfa',
    '- **Privileged users first** (`iam.privileged_users_without_mfa`, critical): these users hold ' +
      'administrator or IAM-wide rights (the table says which policy); fix them before anyone else.'
  ],
  [
    f => f.remediation === 'enroll-mfa' || f.verdict === 'pending',
    '- **Enroll MFA** (the user signs in to the console and still needs to): the user opens the AWS console, ' +
      'chooses their name → *Security credentials* → *Assign MFA device*, and registers a FIDO security key or ' +
      'passkey (preferred: phishing-resistant) or an authenticator app. An administrator can require it with ' +
      'a policy that denies everything without `aws:MultiFactorAuthPresent`.'
  ],
  [
    f => f.remediation === 'remove-console-password',
    '- **Remove console access** (the password is unused: marked *inactive*): an administrator deletes the ' +
      'login profile with `aws iam delete-login-profile --user-name <user>`, or in the console under ' +
      '*Security credentials* → *Console sign-in* → *Disable*. Access keys, if any, keep working.'
  ],
  [
    f => f.remediation === 'secure-root',
    '- **Secure the root user**: sign in as root and assign a FIDO security key (or an authenticator app) ' +
      'under *Security credentials*; better still, if the account is in AWS Organizations, remove root ' +
      'credentials centrally (*IAM → Root access management*) so root has no password at all.'
  ],
  [
    f => f.remediation === 'add-security-key',
    '- **Add a security key** (`iam.users_without_phishing_resistant_mfa`): the user has only an ' +
      'authenticator app or TOTP token, whose codes a phishing page can relay. Register a FIDO security ' +
      'key or passkey as well, then remove the weaker device.'
  ]
]

export function remediationMarkdown(findings: readonly Finding[]): string {
  const relevant = FIXES.filter(([applies]) => findings.some(applies)).map(([, text]) => text)
  return [
    '### How to fix',
    '',
    'Each failing identity has an owner who makes one of these changes:',
    '',
    ...relevant,
    '- **Cannot fix yet?** Add the user to the `exempt-users` input with an expiry and a reason, e.g. ' +
      '`breakglass-admin until=2027-01-31 # sealed credentials, reviewed quarterly`. The exemption is ' +
      'shown in every run and stops applying the day after its expiry.',
    ''
  ].join('\n')
}

export function verificationMarkdown(
  runUrl: string | undefined,
  live: ScanResult['liveChecks']
): string {
  const rerun = runUrl ? `[re-run this workflow](${runUrl})` : 're-run this workflow'
  const timing =
    live === 'on'
      ? '2. The run re-checks every failing user live (MFA devices, console password), so a fix counts in ' +
        'the very next run, even while AWS still serves a credential report from before it.'
      : '2. AWS regenerates the credential report at most once every 4 hours, so a fix made after the ' +
        "report's generation time above shows up in the first run after the report is regenerated" +
        (live === 'off' ? ' (or turn `verify-live` on to check failing users live).' : '.')
  return [
    '### How to verify the fix',
    '',
    `1. After the change, ${rerun} (or wait for its next scheduled run).`,
    timing,
    '3. The identity then moves from *fail* to *pass* in this summary, with the evidence, and leaves ' +
      'the `non-compliant-users` output.',
    '4. To check one user by hand: `aws iam list-mfa-devices --user-name <user>` lists an enrolled ' +
      'device; `aws iam get-login-profile --user-name <user>` answers NoSuchEntity once console access is removed.',
    ''
  ].join('\n')
}
