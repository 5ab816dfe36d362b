// The SARIF rules, one per check: descriptions, help for the people who fix, and security severity.
import type { RuleId, Severity } from '../core/types.js'
import { codeBlock, lines, md, type Md } from '../text/markdown.js'
import {
  ROOT_CHECK,
  ROOT_VIRTUAL_CHECK,
  simulateCheck,
  userCheck
} from '../render/checks-by-hand.js'
import { standardsLine } from '../compliance/standards-text.js'
import { cloudFormationSnippet, terraformSnippet } from '../policy/enforce-mfa-policy.js'

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

/** The rule of `mode: iac`: found in code, before anything is deployed. */
export const IAC_RULE_ID = 'iam.console_user_without_mfa_guardrail'

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
    full: md`An IAM user has a console password and no MFA device, so a phished, guessed or reused password is enough to sign in (CIS AWS Foundations 2.10, Security Hub IAM.5).`,
    severity: 'high',
    fix: md`If the user signs in to the console: enroll MFA, preferably a FIDO security key or passkey. If the password is unused (inactive): delete the console password with \`aws iam delete-login-profile --user-name USER\`; access keys keep working.`,
    check: USER_CHECK
  },
  {
    id: 'iam.privileged_actions_without_mfa_condition',
    name: 'PrivilegedActionsWithoutMfaCondition',
    short: 'Privileged IAM user can act without MFA',
    full: md`A privileged IAM user's identity policies (its own, its groups' and their managed policies) let it call privileged actions (such as \`iam:CreateUser\`, \`iam:AttachUserPolicy\`, \`iam:CreateAccessKey\`, \`sts:AssumeRole\`) without MFA: no \`Deny\` while \`aws:MultiFactorAuthPresent\` is false or absent covers them, and not every \`Allow\` requires MFA. Even with an MFA device for the console, a leaked access key or a session without MFA can use those permissions. Where the policies cannot be decided (an unreadable document, a deny narrowed by other conditions) the finding says undecided; \`simulate-privileged-actions\` decides it with IAM's own evaluation.`,
    severity: 'medium',
    fix: md`Attach the \`RequireMFA\` policy to the user's group: it lets users set up their own MFA device and denies every other action while \`aws:MultiFactorAuthPresent\` is false or absent (\`BoolIfExists\`), so access keys alone no longer reach privileged actions (users call AWS with \`aws sts get-session-token\` and their MFA code). The summary and the tracking issue give the policy as JSON, Terraform and CloudFormation, and the CLI lines that attach it.`,
    check: simulateCheck()
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
    id: IAC_RULE_ID,
    name: 'ConsoleUserWithoutMfaGuardrail',
    short: 'Console user in code has no policy that requires MFA',
    full: md`Terraform or CloudFormation gives an IAM user a console password (\`aws_iam_user_login_profile\`, or \`LoginProfile\` on \`AWS::IAM::User\`), and no policy the same code gives the user, directly or through its groups, denies its actions while MFA is absent. The password alone then opens everything the user may do. The check takes four actions as the test (\`iam:CreateAccessKey\`, \`iam:AttachUserPolicy\`, \`s3:DeleteBucket\`, \`ec2:RunInstances\`): each must be denied without MFA, or allowed only with MFA. AWS managed policies never carry an MFA condition, so they are never the guardrail. A user whose groups or policies the code does not show (a group defined elsewhere, a policy from a module or a variable) is reported as unknown in the job summary, not as an alert.`,
    severity: 'medium',
    fix: md`Put the user in a group that has the \`RequireMFA\` policy, which denies everything except setting up MFA until the user signs in with MFA (or attach the policy to the user). As Terraform:`,
    check: md`once deployed, \`aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::ACCOUNT:user/USER --action-names iam:CreateAccessKey --context-entries ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=false,ContextKeyType=boolean\` answers \`explicitDeny\`.`
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
  if (rule.id === 'iam.privileged_actions_without_mfa_condition')
    return md`Re-run the workflow after the change: the run reads the user's policies live, so the alert closes on that run. By hand: ${rule.check}`
  if (rule.id === IAC_RULE_ID)
    return md`Push the change: the review runs again on the pull request, and the alert closes once the code gives the user a group or policy that requires MFA. By hand, ${rule.check}`
  if (rule.id === 'iam.root_without_hardware_mfa')
    return md`Re-run the workflow after the change. With live AWS credentials the run lists the account's virtual MFA devices, so the alert closes on that run. By hand: ${rule.check}`
  return md`Re-run the workflow after the change. With \`verify-live\` on (the default) the run checks the ${rule.id === 'iam.root_without_mfa' ? md`account` : md`user`} live, so the alert closes on that run; otherwise it closes once AWS regenerates the credential report (at most every 4 hours). By hand: ${rule.check}`
}

/** The fix of the code rule: the policy as Terraform and as CloudFormation. */
const IAC_FIX = (rule: RuleText): Md =>
  lines(
    rule.fix,
    md``,
    codeBlock(terraformSnippet('console-users'), 'hcl'),
    md``,
    md`As CloudFormation:`,
    md``,
    codeBlock(cloudFormationSnippet('console-users'), 'json')
  )

function helpOf(rule: RuleText): Md {
  const exemptions =
    rule.id === IAC_RULE_ID
      ? md`A group that enforces MFA outside this code: name it in \`mfa-enforcing-groups\`, and its members pass.`
      : rule.id === 'iam.root_without_mfa' || rule.id === 'iam.root_without_hardware_mfa'
        ? md`Root cannot be exempted.`
        : rule.id === 'iam.users_without_phishing_resistant_mfa'
          ? md`Exemptions do not apply to MFA strength: the user has MFA, and only a security key or passkey closes this alert.`
          : rule.id === 'iam.privileged_actions_without_mfa_condition'
            ? md`Exemptions: a user listed in \`exempt-users\` (with \`until=YYYY-MM-DD\` and a reason) is exempt from this rule too, e.g. a break-glass administrator.`
            : md`Exemptions: add the user to \`exempt-users\` with \`until=YYYY-MM-DD\` and a reason; the alert then closes until the exemption lapses.`
  return lines(
    md`## ${rule.short}`,
    md``,
    md`**What it means.** ${rule.full}`,
    md``,
    rule.id === IAC_RULE_ID
      ? md`**How to fix.** ${IAC_FIX(rule)}`
      : md`**How to fix.** ${rule.fix}`,
    md``,
    md`**How to verify.** ${verify(rule)}`,
    md``,
    exemptions,
    md``,
    standardsLine(rule.id)
  )
}

export function helpMarkdown(rule: RuleText): string {
  return helpOf(rule).markdown
}

export function helpText(rule: RuleText): string {
  const fix = rule.id === IAC_RULE_ID ? IAC_FIX(rule) : rule.fix
  return `${rule.full.plain}\n\nHow to fix: ${fix.plain}\n\nHow to verify: ${verify(rule).plain}\n\n${standardsLine(rule.id).plain}`
}
