// The fixed guidance for owners: how to fix each kind of finding and how to verify the fix.

export function remediationMarkdown(): string {
  return [
    '### How to fix',
    '',
    'Each failing identity has an owner who makes one of these changes:',
    '',
    '- **Enroll MFA** (the user signs in to the console and still needs to): the user opens the AWS console, ' +
      'chooses their name → *Security credentials* → *Assign MFA device*, and registers a FIDO security key or ' +
      'passkey (preferred: phishing-resistant) or an authenticator app. An administrator can require it with ' +
      'a policy that denies everything without `aws:MultiFactorAuthPresent`.',
    '- **Remove console access** (the password is unused: marked *inactive*): an administrator deletes the ' +
      'login profile with `aws iam delete-login-profile --user-name <user>`, or in the console under ' +
      '*Security credentials* → *Console sign-in* → *Disable*. Access keys, if any, keep working.',
    '- **Secure the root user**: sign in as root and assign a FIDO security key (or an authenticator app) ' +
      'under *Security credentials*; better still, if the account is in AWS Organizations, remove root ' +
      'credentials centrally (*IAM → Root access management*) so root has no password at all.',
    '- **Add a security key** (`iam.users_without_phishing_resistant_mfa`): the user already has an ' +
      'authenticator app or TOTP token; a phishing page can relay those codes. Register a FIDO security ' +
      'key or passkey as well, then remove the weaker device.',
    '- **Privileged users first** (`iam.privileged_users_without_mfa`, critical): users with administrator ' +
      'or IAM-wide rights are listed first; fix them before anyone else.',
    '- **Cannot fix yet?** Add the user to the `exempt-users` input with an expiry and a reason, e.g. ' +
      '`breakglass-admin until=2027-01-31 # sealed credentials, reviewed quarterly`. The exemption is ' +
      'shown in every run and stops applying the day after its expiry.',
    ''
  ].join('\n')
}

export function verificationMarkdown(runUrl: string | undefined): string {
  const rerun = runUrl ? `[re-run this workflow](${runUrl})` : 're-run this workflow'
  return [
    '### How to verify the fix',
    '',
    `1. After the change, ${rerun} (or wait for its next scheduled run).`,
    '2. AWS regenerates the credential report at most once every 4 hours, so a fix made after the ' +
      "report's generation time above shows up in the first run after the report is regenerated.",
    '3. The identity then moves from *fail* to *pass* (or *not applicable* when console access was ' +
      'removed) in this summary and leaves the `non-compliant-users` output.',
    '4. To check one user by hand: `aws iam list-mfa-devices --user-name <user>` lists an enrolled ' +
      'device; `aws iam get-login-profile --user-name <user>` answers NoSuchEntity once console access is removed.',
    ''
  ].join('\n')
}
