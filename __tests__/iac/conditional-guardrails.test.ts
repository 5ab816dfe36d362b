// Guardrails the code may not deploy or does not fully show: resources with `count`, `for_each` or a
// CloudFormation `Condition`, and policy documents built with `dynamic` blocks or the deprecated
// `source_json`/`override_json`, leave a user undecided with the reason; `override_policy_documents`
// replaces statements by sid, as the AWS provider does.
import { describe, expect, it } from '@jest/globals'
import { hclParser } from '../../src/iac/hcl-wasm.js'
import type { CodeFile } from '../../src/iac/iac-files.js'
import { parseCode } from '../../src/iac/read-iac.js'
import { resolveConsoleUsers } from '../../src/iac/resolve-iac.js'
import { reviewUsers, type Review } from '../../src/iac/review.js'

const lines = (...l: string[]): string => l.join('\n')

const DENY_WITHOUT_MFA = lines(
  '    Statement = [{',
  '      Sid       = "DenyWithoutMfa"',
  '      Effect    = "Deny"',
  '      NotAction = ["iam:EnableMFADevice", "iam:ListMFADevices"]',
  '      Resource  = "*"',
  '      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }',
  '    }]'
)

/** A console user `name`, with `extra` Terraform giving it groups and policies. */
const consoleUser = (name: string): string =>
  lines(
    `resource "aws_iam_user" "${name}" {`,
    `  name = "${name}"`,
    '}',
    `resource "aws_iam_user_login_profile" "${name}" {`,
    `  user = aws_iam_user.${name}.name`,
    '}'
  )

const groupWith = (name: string, attachment: string): string =>
  lines(
    `resource "aws_iam_group" "${name}" {`,
    `  name = "${name}"`,
    '}',
    `resource "aws_iam_group_policy_attachment" "${name}" {`,
    attachment,
    `  group      = aws_iam_group.${name}.name`,
    '  policy_arn = aws_iam_policy.require_mfa.arn',
    '}'
  )

const member = (user: string, group: string, extra = ''): string =>
  lines(
    `resource "aws_iam_user_group_membership" "${user}_${group}" {`,
    extra,
    `  user   = aws_iam_user.${user}.name`,
    `  groups = [aws_iam_group.${group}.name]`,
    '}'
  )

const userPolicy = (user: string, policy: string): string =>
  lines(
    `resource "aws_iam_user_policy" "${user}" {`,
    `  user   = aws_iam_user.${user}.name`,
    `  policy = ${policy}`,
    '}'
  )

const TERRAFORM = lines(
  'resource "aws_iam_policy" "require_mfa" {',
  '  name   = "RequireMFA"',
  '  policy = jsonencode({',
  DENY_WITHOUT_MFA,
  '  })',
  '}',
  groupWith('always', ''),
  groupWith('maybe', '  count = var.enforce ? 1 : 0'),
  groupWith('once', '  count = 1'),
  groupWith('listed', '  for_each = toset(["a"])'),
  // count on the attachment of the guardrail
  consoleUser('counted'),
  member('counted', 'maybe'),
  // a literal count of 1 and a literal for_each are surely created
  consoleUser('one'),
  member('one', 'once'),
  consoleUser('each_literal'),
  member('each_literal', 'listed'),
  // for_each over a variable on the membership that brings the guardrail
  consoleUser('each'),
  member('each', 'always', '  for_each = var.memberships'),
  // the same group through a surely created membership as well
  consoleUser('both'),
  member('both', 'always', '  count = var.n'),
  lines(
    'resource "aws_iam_group_membership" "both_always" {',
    '  name  = "both"',
    '  group = aws_iam_group.always.name',
    '  users = [aws_iam_user.both.name]',
    '}'
  ),
  // a conditional grant: it can only make things worse, so it is counted as created
  consoleUser('granted'),
  lines(
    'resource "aws_iam_user_policy_attachment" "granted" {',
    '  count      = var.admin ? 1 : 0',
    '  user       = aws_iam_user.granted.name',
    '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
    '}'
  ),
  consoleUser('guarded_granted'),
  member('guarded_granted', 'always'),
  lines(
    'resource "aws_iam_user_policy_attachment" "guarded_granted" {',
    '  count      = var.admin ? 1 : 0',
    '  user       = aws_iam_user.guarded_granted.name',
    '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
    '}'
  ),
  // policy documents the code does not fully show
  lines(
    'data "aws_iam_policy_document" "dynamic_statement" {',
    '  dynamic "statement" {',
    '    for_each = var.denies',
    '    content {',
    '      effect    = "Deny"',
    '      actions   = statement.value',
    '      resources = ["*"]',
    '    }',
    '  }',
    '}',
    'data "aws_iam_policy_document" "dynamic_condition" {',
    '  statement {',
    '    effect      = "Deny"',
    '    not_actions = ["iam:EnableMFADevice"]',
    '    resources   = ["*"]',
    '    dynamic "condition" {',
    '      for_each = var.conditions',
    '      content {',
    '        test     = condition.value.test',
    '        variable = "aws:MultiFactorAuthPresent"',
    '        values   = ["false"]',
    '      }',
    '    }',
    '  }',
    '}',
    'data "aws_iam_policy_document" "base" {',
    '  statement {',
    '    sid         = "DenyWithoutMfa"',
    '    effect      = "Deny"',
    '    not_actions = ["iam:EnableMFADevice"]',
    '    resources   = ["*"]',
    '    condition {',
    '      test     = "BoolIfExists"',
    '      variable = "aws:MultiFactorAuthPresent"',
    '      values   = ["false"]',
    '    }',
    '  }',
    '}',
    'data "aws_iam_policy_document" "legacy" {',
    '  source_json = data.aws_iam_policy_document.base.json',
    '}',
    'data "aws_iam_policy_document" "legacy_override" {',
    '  override_json = "{}"',
    '  statement {',
    '    effect    = "Allow"',
    '    actions   = ["s3:GetObject"]',
    '    resources = ["*"]',
    '  }',
    '}',
    'data "aws_iam_policy_document" "replaced" {',
    '  source_policy_documents   = [data.aws_iam_policy_document.base.json]',
    '  override_policy_documents = [jsonencode({ Statement = [{ Sid = "DenyWithoutMfa", Effect = "Allow", Action = "*", Resource = "*" }] })]',
    '}',
    'data "aws_iam_policy_document" "added" {',
    '  source_policy_documents   = [data.aws_iam_policy_document.base.json]',
    '  override_policy_documents = [jsonencode({ Statement = [{ Sid = "Other", Effect = "Allow", Action = "*", Resource = "*" }] })]',
    '}'
  ),
  consoleUser('dyn_statement'),
  userPolicy('dyn_statement', 'data.aws_iam_policy_document.dynamic_statement.json'),
  consoleUser('dyn_condition'),
  userPolicy('dyn_condition', 'data.aws_iam_policy_document.dynamic_condition.json'),
  consoleUser('source_json'),
  userPolicy('source_json', 'data.aws_iam_policy_document.legacy.json'),
  consoleUser('override_json'),
  userPolicy('override_json', 'data.aws_iam_policy_document.legacy_override.json'),
  consoleUser('overridden'),
  userPolicy('overridden', 'data.aws_iam_policy_document.replaced.json'),
  consoleUser('kept'),
  userPolicy('kept', 'data.aws_iam_policy_document.added.json'),
  // a static guardrail still holds beside a document the code does not show
  consoleUser('static_and_dynamic'),
  member('static_and_dynamic', 'always'),
  userPolicy('static_and_dynamic', 'data.aws_iam_policy_document.dynamic_statement.json'),
  // a group vouched for by mfa-enforcing-groups, through a membership that may not be created
  'resource "aws_iam_group" "vouched" {\n  name = "vouched"\n}',
  consoleUser('vouched_member'),
  member('vouched_member', 'vouched', '  count = var.n')
)

const TEMPLATE = lines(
  'Conditions:',
  '  Enforce: !Equals [!Ref Env, prod]',
  'Parameters:',
  '  Env:',
  '    Type: String',
  'Resources:',
  '  Console:',
  '    Type: AWS::IAM::Group',
  '  RequireMfa:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Condition: Enforce',
  '    Properties:',
  '      Groups: [!Ref Console]',
  '      PolicyDocument:',
  '        Statement:',
  '          - Effect: Deny',
  '            NotAction: ["iam:EnableMFADevice"]',
  '            Resource: "*"',
  '            Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }',
  '  Always:',
  '    Type: AWS::IAM::Group',
  '    Properties:',
  '      Policies:',
  '        - PolicyName: require-mfa',
  '          PolicyDocument:',
  '            Statement:',
  '              - Effect: Deny',
  '                NotAction: ["iam:EnableMFADevice"]',
  '                Resource: "*"',
  '                Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }',
  '  CfnPolicyUser:',
  '    Type: AWS::IAM::User',
  '    Properties:',
  '      UserName: cfn_policy',
  '      LoginProfile: { Password: "x" }',
  '      Groups: [!Ref Console]',
  '  CfnMemberUser:',
  '    Type: AWS::IAM::User',
  '    Properties:',
  '      UserName: cfn_member',
  '      LoginProfile: { Password: "x" }',
  '  CfnMembership:',
  '    Type: AWS::IAM::UserToGroupAddition',
  '    Condition: Enforce',
  '    Properties:',
  '      GroupName: !Ref Always',
  '      Users: [!Ref CfnMemberUser]'
)

async function review(enforcingGroups: string[] = []): Promise<Map<string, Review>> {
  const files: CodeFile[] = [
    { uri: 'main.tf', dir: '', kind: 'terraform', text: TERRAFORM },
    { uri: 'template.yaml', dir: '', kind: 'template', text: TEMPLATE }
  ]
  const parsed = await parseCode(files, hclParser)
  expect(parsed.errors).toEqual([])
  const reviewed = reviewUsers(resolveConsoleUsers(parsed.facts), { enforcingGroups })
  return new Map(reviewed.map(r => [r.user.name ?? r.user.label, r.review]))
}

const why = (r: Review | undefined): readonly string[] => (r?.kind === 'unknown' ? r.why : [])

describe('guardrails the code may not deploy', () => {
  it('does not pass a user whose guardrail comes through a resource with `count` or `for_each`', async () => {
    const reviewed = await review()
    expect(reviewed.get('counted')).toEqual({
      kind: 'unknown',
      why: [
        'policy `aws_iam_policy.require_mfa` (via group maybe): aws_iam_group_policy_attachment.maybe is created only when `count` allows it'
      ]
    })
    expect(reviewed.get('each')).toEqual({
      kind: 'unknown',
      why: [
        'policy `aws_iam_policy.require_mfa` (via group always): aws_iam_user_group_membership.each_always is created only for the items `for_each` is given'
      ]
    })
  })

  it('passes a literal count of at least 1, a literal for_each, and a membership also made without condition', async () => {
    const reviewed = await review()
    expect(reviewed.get('one')?.kind).toBe('enforced')
    expect(reviewed.get('each_literal')?.kind).toBe('enforced')
    expect(reviewed.get('both')?.kind).toBe('enforced')
  })

  it('counts a conditional grant as given: it fails a user without guardrail, and cannot undo one', async () => {
    const reviewed = await review()
    expect(reviewed.get('granted')).toMatchObject({
      kind: 'not-enforced',
      policies: ['AdministratorAccess (AWS managed)']
    })
    expect(reviewed.get('guarded_granted')?.kind).toBe('enforced')
  })

  it('does not pass a member of a vouched-for group through a membership that may not be created', async () => {
    const reviewed = await review(['vouched'])
    expect(why(reviewed.get('vouched_member'))).toContain(
      'group `vouched` (named in mfa-enforcing-groups): aws_iam_user_group_membership.vouched_member_vouched is created only when `count` allows it'
    )
  })

  it('does not pass a user whose guardrail is a CloudFormation resource with a Condition', async () => {
    const reviewed = await review()
    expect(reviewed.get('cfn_policy')).toEqual({
      kind: 'unknown',
      why: [
        'policy `RequireMfa` (via group Console (AWS::IAM::Group)): RequireMfa is created only when the condition `Enforce` holds'
      ]
    })
    expect(reviewed.get('cfn_member')).toEqual({
      kind: 'unknown',
      why: [
        'policy `require-mfa (Always)` (via group Always (AWS::IAM::Group)): CfnMembership is created only when the condition `Enforce` holds'
      ]
    })
  })
})

describe('policy documents the code does not fully show', () => {
  it('does not decide a document with a dynamic statement or condition', async () => {
    const reviewed = await review()
    expect(reviewed.get('dyn_statement')).toEqual({
      kind: 'unknown',
      why: [
        'policy `aws_iam_user_policy.dyn_statement`: `data.aws_iam_policy_document.dynamic_statement` has a `dynamic` block, whose statements are known only at apply'
      ]
    })
    expect(reviewed.get('dyn_condition')).toEqual({
      kind: 'unknown',
      why: [
        'policy `aws_iam_user_policy.dyn_condition`: a statement of `data.aws_iam_policy_document.dynamic_condition`: it has a `dynamic` block, whose content is known only at apply'
      ]
    })
  })

  it('does not decide a document merged with source_json or override_json', async () => {
    const reviewed = await review()
    expect(why(reviewed.get('source_json'))).toEqual([
      'policy `aws_iam_user_policy.source_json`: `data.aws_iam_policy_document.legacy` uses `source_json`, which is not read'
    ])
    expect(why(reviewed.get('override_json'))).toEqual([
      'policy `aws_iam_user_policy.override_json`: `data.aws_iam_policy_document.legacy_override` uses `override_json`, which is not read'
    ])
  })

  it('replaces statements by sid with override_policy_documents, and adds the others', async () => {
    const reviewed = await review()
    expect(reviewed.get('overridden')?.kind).toBe('not-enforced')
    expect(reviewed.get('kept')?.kind).toBe('enforced')
  })

  it('passes a user whose static guardrail holds beside a document the code does not show', async () => {
    expect((await review()).get('static_and_dynamic')).toEqual({
      kind: 'enforced',
      by: ['aws_iam_policy.require_mfa (via group always)']
    })
  })
})
