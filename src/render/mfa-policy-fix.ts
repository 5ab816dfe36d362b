// The fix for a privileged user whose actions do not require MFA: the RequireMFA policy as JSON,
// Terraform and CloudFormation, and the CLI lines that attach it to a group, folded.
import {
  cliLines,
  cloudFormationSnippet,
  enforceMfaDocument,
  POLICY_NAME,
  terraformSnippet
} from '../policy/enforce-mfa-policy.js'
import { code, codeBlock, details, lines, md, type Md } from '../text/markdown.js'

/** The group to attach the policy to: the user's first group, else a new one. */
export interface FixTarget {
  readonly group: string | undefined
  readonly user: string | undefined
  readonly account: string
  readonly partition: string
}

export const NEW_GROUP = 'mfa-required'

function attachLines(t: FixTarget): string {
  const group = t.group ?? NEW_GROUP
  const create = t.group
    ? []
    : [
        `aws iam create-group --group-name ${NEW_GROUP}`,
        `aws iam add-user-to-group --group-name ${NEW_GROUP} --user-name ${t.user ?? 'USER'}`
      ]
  return [...create, cliLines(group, t.account, t.partition)].join('\n')
}

/** What the policy does, and the policy in every form, folded so the page stays short. */
export function mfaPolicyFix(t: FixTarget): Md {
  const group = t.group ?? NEW_GROUP
  const json = JSON.stringify(enforceMfaDocument(t.partition), null, 2)
  return lines(
    md`Attach ${code(POLICY_NAME)} to ${t.group ? md`group ${code(group)}` : md`a group the user joins (${code(NEW_GROUP)})`}: it lets users set up their own MFA device and password and denies everything else until they sign in with MFA (\`BoolIfExists\` on \`aws:MultiFactorAuthPresent\`, so requests signed with access keys, which carry no MFA, are denied too; such users call AWS through \`aws sts get-session-token\` with their MFA code).`,
    md``,
    details(md`Policy (JSON)`, codeBlock(json, 'json')),
    md``,
    details(md`Terraform`, codeBlock(terraformSnippet(group, t.partition), 'hcl')),
    md``,
    details(md`CloudFormation`, codeBlock(cloudFormationSnippet(group, t.partition), 'yaml')),
    md``,
    details(md`AWS CLI (save the JSON as require-mfa.json)`, codeBlock(attachLines(t), 'shell'))
  )
}
