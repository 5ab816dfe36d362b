// The policy that makes MFA a condition of everything except setting MFA up (pure), and how to
// attach it to a group: as JSON, Terraform, CloudFormation and an AWS CLI line.

/** What a user may do before signing in with MFA: set up their own device and password. */
export const BEFORE_MFA = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken'
] as const

export const POLICY_NAME = 'RequireMFA'

/** The policy document, for `partition` (aws, aws-us-gov, aws-cn). */
export function enforceMfaDocument(partition = 'aws'): object {
  const self = `arn:${partition}:iam::*:user/\${aws:username}`
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SetUpOwnMfaDevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice'],
        Resource: `arn:${partition}:iam::*:mfa/*`
      },
      {
        Sid: 'ManageOwnMfaAndPassword',
        Effect: 'Allow',
        Action: [
          'iam:ChangePassword',
          'iam:EnableMFADevice',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ResyncMFADevice'
        ],
        Resource: self
      },
      {
        Sid: 'ListDevicesAndPasswordRules',
        Effect: 'Allow',
        Action: ['iam:ListVirtualMFADevices', 'iam:GetAccountPasswordPolicy'],
        Resource: '*'
      },
      {
        Sid: 'DenyEverythingElseWithoutMfa',
        Effect: 'Deny',
        NotAction: [...BEFORE_MFA],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      }
    ]
  }
}

const json = (partition: string): string => JSON.stringify(enforceMfaDocument(partition), null, 2)

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l, i) => (i === 0 ? l : `${by}${l}`))
    .join('\n')

/** Terraform: the policy and its attachment to `group`; `${` is escaped, as HCL interpolates it. */
export function terraformSnippet(group: string, partition = 'aws'): string {
  const body = indent(
    json(partition).replace(/\$\{/g, () => '$${'),
    '  '
  )
  return [
    'resource "aws_iam_policy" "require_mfa" {',
    `  name   = "${POLICY_NAME}"`,
    `  policy = jsonencode(${body})`,
    '}',
    '',
    'resource "aws_iam_group_policy_attachment" "require_mfa" {',
    `  group      = "${group}"`,
    '  policy_arn = aws_iam_policy.require_mfa.arn',
    '}'
  ].join('\n')
}

/** CloudFormation (JSON, which is also YAML): a managed policy attached to `group`. */
export function cloudFormationSnippet(group: string, partition = 'aws'): string {
  const template = {
    Resources: {
      RequireMfa: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          ManagedPolicyName: POLICY_NAME,
          Groups: [group],
          PolicyDocument: enforceMfaDocument(partition)
        }
      }
    }
  }
  return JSON.stringify(template, null, 2)
}

/** The AWS CLI lines that create the policy (from `require-mfa.json`) and attach it to `group`. */
export function cliLines(group: string, account: string, partition = 'aws'): string {
  return [
    `aws iam create-policy --policy-name ${POLICY_NAME} --policy-document file://require-mfa.json`,
    `aws iam attach-group-policy --group-name ${group} --policy-arn arn:${partition}:iam::${account}:policy/${POLICY_NAME}`
  ].join('\n')
}
