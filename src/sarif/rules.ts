// The SARIF rules, one per check: descriptions, help for the people who fix, and security severity.
import type { RuleId, Severity } from '../core/types.js'
import { lines, md, type Md } from '../text/markdown.js'
import { ROOT_CHECK, ROOT_VIRTUAL_CHECK, userCheck } from '../render/checks-by-hand.js'

export interface RuleText {
  readonly id: RuleId
  readonly name: string
  readonly short: string
  readonly full: Md
  readonly severity: Severity
  readonly fix: Md
  /** How to confirm the fix by hand. */
  readonly check: Md
}

export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.0',
  low: '2.0'
}

const USER_CHECK = userCheck()

export const RULES: readonly RuleText[] = [
  {
    id: 'iam.privileged_users_without_mfa',
    name: 'PrivilegedIamUserWithoutMfa',
    short: 'Privileged IAM user can sign in without MFA',
    full: md`An IAM user with administrator or IAM-wide permissions (\`AdministratorAccess\`, \`IAMFullAccess\`, \`PowerUserAccess\`, or a policy that allows \`*\` on \`*\`, \`iam:*\`, or a \`NotAction\` list on \`*\`) has a console password and no MFA device. One phished or reused password gives control of the account.`,
    severity: 'critical',
    fix: md`Enroll a FIDO security key or passkey for the user now (console: the user → *Security credentials* → *Assign MFA device*). If the user no longer signs in, delete the console password (\`aws iam delete-login-profile --user-name USER\`). Consider moving administrators to IAM Identity Center.`,
    check: USER_CHECK
  },
  {
    id: 'iam.root_without_mfa',
    name: 'RootUserWithoutMfa',
    short: 'Root user can sign in without MFA',
    full: md`The account root user has no MFA device while it still has a password or access keys. Root can do everything in the account, including closing it, and cannot be restricted by IAM policies.`,
    severity: 'critical',
    fix: md`Sign in as root and assign a FIDO security key (*Security credentials* → *Assign MFA device*), or remove root credentials centrally through AWS Organizations (*IAM* → *Root access management*).`,
    check: ROOT_CHECK
  },
  {
    id: 'iam.users_without_mfa',
    name: 'IamUserWithoutMfa',
    short: 'IAM user can sign in without MFA',
    full: md`An IAM user has a console password and no MFA device, so a phished, guessed or reused password is enough to sign in (CIS AWS Foundations 1.10, Security Hub IAM.5).`,
    severity: 'high',
    fix: md`If the user signs in to the console: enroll MFA, preferably a FIDO security key or passkey. If the password is unused (inactive): delete the console password with \`aws iam delete-login-profile --user-name USER\`; access keys keep working.`,
    check: USER_CHECK
  },
  {
    id: 'iam.users_without_phishing_resistant_mfa',
    name: 'IamUserWithoutPhishingResistantMfa',
    short: 'IAM user has only phishable MFA',
    full: md`The user has MFA, but only an authenticator app (virtual) or a hardware TOTP token, whose one-time codes a phishing site can relay in real time.`,
    severity: 'medium',
    fix: md`Register a FIDO security key or passkey for the user, then remove the weaker device.`,
    check: md`\`aws iam list-mfa-devices --user-name USER\` lists a device whose serial contains \`:u2f/\` once a security key or passkey is registered.`
  },
  {
    id: 'iam.root_without_hardware_mfa',
    name: 'RootUserWithVirtualMfa',
    short: 'Root user has virtual MFA, not hardware MFA',
    full: md`A virtual MFA device (an authenticator app) is assigned to the account root user. Its one-time codes can be relayed by a phishing site, and its secret lives on a phone or computer; root signs in with any of its MFA devices, so the app remains a way in even beside a security key. CIS AWS Foundations ("hardware MFA for the root user") and Security Hub IAM.6 require hardware MFA for root. Checked with \`require-phishing-resistant\`.`,
    severity: 'high',
    fix: md`Sign in as root and assign a FIDO security key or a hardware TOTP token (*Security credentials* → *Assign MFA device*), then remove the virtual MFA device. Or remove root credentials centrally through AWS Organizations (*IAM* → *Root access management*).`,
    check: ROOT_VIRTUAL_CHECK
  }
]

function verify(rule: RuleText): Md {
  if (rule.id === 'iam.root_without_hardware_mfa')
    return md`Re-run the workflow after the change. With live AWS credentials the run lists the account's virtual MFA devices, so the alert closes on that run. By hand: ${rule.check}`
  return md`Re-run the workflow after the change. With \`verify-live\` on (the default) the run checks the ${rule.id === 'iam.root_without_mfa' ? md`account` : md`user`} live, so the alert closes on that run; otherwise it closes once AWS regenerates the credential report (at most every 4 hours). By hand: ${rule.check}`
}

function helpOf(rule: RuleText): Md {
  const exemptions =
    rule.id === 'iam.root_without_mfa' || rule.id === 'iam.root_without_hardware_mfa'
      ? md`Root cannot be exempted.`
      : rule.id === 'iam.users_without_phishing_resistant_mfa'
        ? md`Exemptions do not apply to MFA strength: the user has MFA, and only a security key or passkey closes this alert.`
        : md`Exemptions: add the user to \`exempt-users\` with \`until=YYYY-MM-DD\` and a reason; the alert then closes until the exemption lapses.`
  return lines(
    md`## ${rule.short}`,
    md``,
    md`**What it means.** ${rule.full}`,
    md``,
    md`**How to fix.** ${rule.fix}`,
    md``,
    md`**How to verify.** ${verify(rule)}`,
    md``,
    exemptions
  )
}

export function helpMarkdown(rule: RuleText): string {
  return helpOf(rule).markdown
}

export function helpText(rule: RuleText): string {
  return `${rule.full.plain}\n\nHow to fix: ${rule.fix.plain}\n\nHow to verify: ${verify(rule).plain}`
}
