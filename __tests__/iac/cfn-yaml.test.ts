// Reading CloudFormation and SAM templates with a YAML parser that knows the short-form tags:
// intrinsic functions in either form, JSON templates, key lines, errors, and what is a template.
import { describe, expect, it } from '@jest/globals'
import { cloudFormationFacts, isTemplate } from '../../src/iac/cfn-facts.js'
import { cfnJson, entryOf, parseCfn, type CfnNode } from '../../src/iac/cfn-yaml.js'

const lines = (...l: string[]): string => l.join('\n')

function root(text: string): CfnNode {
  const parsed = parseCfn(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.root
}

const at = (node: CfnNode | undefined, ...path: string[]): CfnNode | undefined =>
  path.reduce<CfnNode | undefined>((n, key) => entryOf(n, key)?.value, node)

describe('parseCfn', () => {
  it('reads short tags on scalars, sequences and mappings as the functions they stand for', () => {
    const doc = root(
      lines(
        'Resources:',
        '  U:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      Groups: [!Ref Ops, !ImportValue shared-group]',
        "      Path: !Sub '/${Stage}/'",
        "      UserName: !Join ['-', [ops, !Ref 'AWS::Region']]",
        '      Tags: !If [IsProd, [{Key: a, Value: b}], !Ref AWS::NoValue]'
      )
    )
    const props = at(doc, 'Resources', 'U', 'Properties')
    expect(at(props, 'Groups')).toMatchObject({
      kind: 'list',
      items: [
        { kind: 'intrinsic', fn: 'Ref', arg: { kind: 'scalar', value: 'Ops' } },
        { kind: 'intrinsic', fn: 'Fn::ImportValue', arg: { kind: 'scalar', value: 'shared-group' } }
      ]
    })
    expect(at(props, 'Path')).toMatchObject({
      kind: 'intrinsic',
      fn: 'Fn::Sub',
      arg: { value: '/${Stage}/' }
    })
    expect(at(props, 'UserName')).toMatchObject({
      kind: 'intrinsic',
      fn: 'Fn::Join',
      arg: { kind: 'list' }
    })
    expect(at(props, 'Tags')).toMatchObject({ kind: 'intrinsic', fn: 'Fn::If' })
    expect(cfnJson(props ?? { kind: 'scalar', value: null, line: 0 })).toBeUndefined()
  })

  it('reads the long forms of JSON templates alike, with the line of each key', () => {
    const doc = root(
      lines(
        '{',
        '\t"Resources": {',
        '\t\t"U": {',
        '\t\t\t"Type": "AWS::IAM::User",',
        '\t\t\t"Properties": {',
        '\t\t\t\t"Groups": [{ "Ref": "Ops" }, { "Fn::GetAtt": ["G", "Arn"] }],',
        '\t\t\t\t"LoginProfile": { "Password": "x" }',
        '\t\t\t}',
        '\t\t}',
        '\t}',
        '}'
      )
    )
    expect(isTemplate(doc)).toBe(true)
    expect(at(doc, 'Resources', 'U', 'Properties', 'Groups')).toMatchObject({
      items: [
        { kind: 'intrinsic', fn: 'Ref' },
        { kind: 'intrinsic', fn: 'Fn::GetAtt' }
      ]
    })
    expect(entryOf(at(doc, 'Resources', 'U', 'Properties'), 'LoginProfile')?.line).toBe(7)
  })

  it('names the line of a syntax error', () => {
    const parsed = parseCfn(
      lines('Resources:', '  U:', '    Type: AWS::IAM::User', '   Properties: [unclosed')
    )
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.error).toMatch(/^line \d+: /)
  })

  it('tells templates from other YAML', () => {
    expect(isTemplate(root(lines('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest')))).toBe(
      false
    )
    expect(isTemplate(root(lines('Resources:', '  B:', '    Type: AWS::S3::Bucket')))).toBe(true)
  })
})

describe('cloudFormationFacts', () => {
  it('reads a user with LoginProfile, Groups, Policies and ManagedPolicyArns, and the group additions', () => {
    const doc = root(
      lines(
        'Parameters:',
        '  OpsGroup: {Type: String}',
        'Resources:',
        '  Console:',
        '    Type: AWS::IAM::Group',
        '  Alice:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      UserName: alice',
        '      LoginProfile:',
        '        Password: x',
        '      Groups: [!Ref Console, !Ref OpsGroup, readers]',
        '      Policies:',
        '        - PolicyName: own',
        '          PolicyDocument:',
        '            Statement: [{Effect: Allow, Action: s3:GetObject, Resource: !Sub "arn:${AWS::Partition}:s3:::b/*"}]',
        "      ManagedPolicyArns: [!Sub 'arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess', !ImportValue shared-policy]",
        '  Add:',
        '    Type: AWS::IAM::UserToGroupAddition',
        '    Properties:',
        '      GroupName: auditors',
        '      Users: [!Ref Alice]'
      )
    )
    const facts = cloudFormationFacts(doc, 'stack.yaml')
    expect(facts.users).toEqual([
      {
        id: 'cfn:stack.yaml:Alice',
        name: 'alice',
        label: 'Alice (AWS::IAM::User)',
        at: { uri: 'stack.yaml', line: 6 },
        nameAt: { uri: 'stack.yaml', line: 9 },
        loginProfile: { uri: 'stack.yaml', line: 10 }
      }
    ])
    expect(facts.memberships.map(m => m.group)).toEqual([
      { kind: 'id', id: 'cfn:stack.yaml:Console' },
      { kind: 'unresolved', text: '!Ref OpsGroup', why: 'it is the template parameter `OpsGroup`' },
      { kind: 'name', name: 'readers' },
      { kind: 'name', name: 'auditors' }
    ])
    expect(facts.userPolicies.map(p => p.policy)).toEqual([
      {
        kind: 'document',
        name: 'own (Alice)',
        document: {
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]
        },
        at: { uri: 'stack.yaml', line: 14 }
      },
      { kind: 'aws-managed', name: 'ReadOnlyAccess' },
      {
        kind: 'unresolved',
        name: 'Fn::ImportValue',
        why: 'its ARN is known only when the stack is deployed'
      }
    ])
  })
})
