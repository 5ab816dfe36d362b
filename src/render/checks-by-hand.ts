// How a person confirms a fix by hand: one wording for the summary, the issues and the alert help.
import { code, md, type Md } from '../text/markdown.js'

/** IAM user names; anything else (a tampered report) never goes into a command people copy. */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/

/** The user's name for a command, or the placeholder USER when it is not a valid IAM name. */
export function userArg(user: string | undefined): string {
  return user !== undefined && IAM_NAME.test(user) ? user : 'USER'
}

export function removeConsoleCommand(user?: string): Md {
  return code(`aws iam delete-login-profile --user-name ${userArg(user)}`)
}

export function userCheck(user?: string): Md {
  const name = userArg(user)
  return md`${code(`aws iam list-mfa-devices --user-name ${name}`)} lists the enrolled device, and ${code(`aws iam get-login-profile --user-name ${name}`)} answers \`NoSuchEntity\` once console access is removed.`
}

export const ROOT_CHECK: Md = md`\`aws iam get-account-summary\` shows \`AccountMFAEnabled\` = 1 once root has MFA; root can no longer sign in once \`AccountPasswordPresent\` = 0 and \`AccountAccessKeysPresent\` = 0 (its password and access keys removed).`

/** The arn for a command, or ARN when it is not an IAM user ARN. */
const arnArg = (arn: string | undefined): string =>
  arn !== undefined && /^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]{1,512}$/.test(arn)
    ? arn
    : 'ARN'

/** Asking AWS's own evaluation whether a privileged action is allowed without MFA. */
export function simulateCheck(f?: { arn: string }): Md {
  return md`${code(`aws iam simulate-principal-policy --policy-source-arn ${arnArg(f?.arn)} --action-names iam:CreateUser --context-entries ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=false,ContextKeyType=boolean`)} shows \`EvalDecision\` \`explicitDeny\` (or \`implicitDeny\`, when every allow requires MFA) once the action requires MFA.`
}

/** Root's virtual MFA gone (Security Hub IAM.6): no virtual device assigned to root, MFA still on. */
export const ROOT_VIRTUAL_CHECK: Md = md`\`aws iam list-virtual-mfa-devices --assignment-status Assigned\` lists no device assigned to root (user \`arn:aws:iam::ACCOUNT:root\`, serial usually ending \`:mfa/root-account-mfa-device\`) once the virtual device is removed, and \`aws iam get-account-summary\` still shows \`AccountMFAEnabled\` = 1.`
