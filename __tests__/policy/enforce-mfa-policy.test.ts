// The policy the action offers: it makes privileged actions require MFA and leaves MFA set-up open,
// and each form of it (Terraform, CloudFormation, CLI) carries the same document.
import { describe, expect, it } from '@jest/globals'
import {
  BEFORE_MFA,
  cliLines,
  cloudFormationSnippet,
  enforceMfaDocument,
  terraformSnippet
} from '../../src/policy/enforce-mfa-policy.js'
import { mfaEnforcement } from '../../src/policy/mfa-enforcement.js'

const ADMIN = {
  name: 'AdministratorAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
}
const offered = { name: 'RequireMFA', via: 'group admins', document: enforceMfaDocument() }

describe('the policy that requires MFA', () => {
  it.each([
    'iam:CreateUser',
    'iam:AttachUserPolicy',
    'iam:CreateAccessKey',
    'sts:AssumeRole',
    'organizations:LeaveOrganization',
    's3:DeleteBucket'
  ])('makes %s require MFA beside AdministratorAccess, access keys included', action => {
    expect(mfaEnforcement([ADMIN, offered], action)).toEqual({
      kind: 'enforced',
      how: 'deny-without-mfa',
      by: ['RequireMFA (group admins)'],
      missesAccessKeys: false
    })
  })

  it.each([...BEFORE_MFA])('leaves %s open, so a user can set up MFA first', action => {
    expect(mfaEnforcement([ADMIN, offered], action)).toEqual({
      kind: 'not-enforced',
      grantedBy: expect.arrayContaining(['AdministratorAccess']) as unknown as string[]
    })
  })

  it('names the partition in every ARN', () => {
    const text = JSON.stringify(enforceMfaDocument('aws-us-gov'))
    expect(text).toContain('arn:aws-us-gov:iam::*:mfa/*')
    expect(text).not.toContain('arn:aws:')
  })
})

describe('its forms', () => {
  it('Terraform: the same document, with ${ escaped so HCL does not interpolate it', () => {
    const tf = terraformSnippet('admins')
    expect(tf).toContain('resource "aws_iam_group_policy_attachment" "require_mfa"')
    expect(tf).toContain('group      = "admins"')
    expect(tf).toContain('$${aws:username}')
    expect(tf.replace(/\$\$\{/g, '')).not.toContain('${')
    // Unescaped, the jsonencode argument is the document itself.
    const argument = /jsonencode\(([\s\S]*)\)\n\}/.exec(tf)?.[1] ?? ''
    expect(JSON.parse(argument.replace(/\$\$\{/g, '${'))).toEqual(enforceMfaDocument())
  })

  it('CloudFormation: a managed policy on the group with the same document', () => {
    const template = JSON.parse(cloudFormationSnippet('admins')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
    }
    expect(template.Resources['RequireMfa']).toEqual({
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: 'RequireMFA',
        Groups: ['admins'],
        PolicyDocument: enforceMfaDocument()
      }
    })
  })

  it('CLI: creates the policy and attaches it to the group', () => {
    expect(cliLines('admins', '123456789012').split('\n')).toEqual([
      'aws iam create-policy --policy-name RequireMFA --policy-document file://require-mfa.json',
      'aws iam attach-group-policy --group-name admins --policy-arn arn:aws:iam::123456789012:policy/RequireMFA'
    ])
  })
})
