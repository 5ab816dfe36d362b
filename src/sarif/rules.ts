// The SARIF rules, one per check: descriptions, help for the people who fix, and security severity.
import type { RuleId, Severity } from '../core/types.js'

export interface RuleText {
  readonly id: RuleId
  readonly name: string
  readonly short: string
  readonly full: string
  readonly severity: Severity
  readonly fix: string
}

export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.0',
  low: '2.0'
}

const VERIFY =
  'Re-run the workflow after the change. With `verify-live` on (the default) the run checks the user live, ' +
  'so the alert closes on that run; otherwise it closes once AWS regenerates the credential report (at most ' +
  'every 4 hours). By hand: `aws iam list-mfa-devices --user-name USER` lists the device, and ' +
  '`aws iam get-login-profile --user-name USER` answers NoSuchEntity once console access is removed.'

export const RULES: readonly RuleText[] = [
  {
    id: 'iam.privileged_users_without_mfa',
    name: 'PrivilegedIamUserWithoutMfa',
    short: 'Privileged IAM user can sign in without MFA',
    full:
      'An IAM user with administrator or IAM-wide permissions (AdministratorAccess, IAMFullAccess, ' +
      'PowerUserAccess, or a policy allowing * on *, iam:* or NotAction on *) has a console password and no ' +
      'MFA device. One phished or reused password gives control of the account.',
    severity: 'critical',
    fix:
      'Enroll a FIDO security key or passkey for the user now (console: the user → Security credentials → ' +
      'Assign MFA device). If the user no longer signs in, delete the console password ' +
      '(`aws iam delete-login-profile --user-name USER`). Consider moving administrators to IAM Identity Center.'
  },
  {
    id: 'iam.root_without_mfa',
    name: 'RootUserWithoutMfa',
    short: 'Root user can sign in without MFA',
    full:
      'The account root user has no MFA device while it still has a password or access keys. Root can do ' +
      'everything in the account, including closing it, and cannot be restricted by IAM policies.',
    severity: 'critical',
    fix:
      'Sign in as root and assign a FIDO security key (Security credentials → Assign MFA device), or remove ' +
      'root credentials centrally through AWS Organizations (IAM → Root access management).'
  },
  {
    id: 'iam.users_without_mfa',
    name: 'IamUserWithoutMfa',
    short: 'IAM user can sign in without MFA',
    full:
      'An IAM user has a console password and no MFA device, so a phished, guessed or reused password is ' +
      'enough to sign in (CIS AWS Foundations 1.10, Security Hub IAM.5).',
    severity: 'high',
    fix:
      'If the user signs in to the console: enroll MFA, preferably a FIDO security key or passkey. If the ' +
      'password is unused (inactive): delete the console password with ' +
      '`aws iam delete-login-profile --user-name USER`; access keys keep working.'
  },
  {
    id: 'iam.users_without_phishing_resistant_mfa',
    name: 'IamUserWithoutPhishingResistantMfa',
    short: 'IAM user has only phishable MFA',
    full:
      'The user has MFA, but only an authenticator app (virtual) or a hardware TOTP token, whose one-time ' +
      'codes a phishing site can relay in real time.',
    severity: 'medium',
    fix: 'Register a FIDO security key or passkey for the user, then remove the weaker device.'
  }
]

export function helpMarkdown(rule: RuleText): string {
  return [
    `## ${rule.short}`,
    '',
    `**What it means.** ${rule.full}`,
    '',
    `**How to fix.** ${rule.fix}`,
    '',
    `**How to verify.** ${VERIFY}`,
    '',
    'Exemptions: add the user to `exempt-users` with `until=YYYY-MM-DD` and a reason; the alert then closes ' +
      'until the exemption lapses.'
  ].join('\n')
}

export function helpText(rule: RuleText): string {
  return `${rule.full}\n\nHow to fix: ${rule.fix}\n\nHow to verify: ${VERIFY}`.replace(/`/g, '')
}
