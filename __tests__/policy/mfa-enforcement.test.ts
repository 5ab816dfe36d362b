// Whether identity policies make a privileged action require MFA, over the shapes people write.
import { describe, expect, it } from '@jest/globals'
import { actionMatches } from '../../src/policy/action-match.js'
import { mfaEnforcement, type AppliedPolicy } from '../../src/policy/mfa-enforcement.js'

const ADMIN = { Effect: 'Allow', Action: '*', Resource: '*' }
const IAM_ADMIN = { Effect: 'Allow', Action: 'iam:*', Resource: '*' }
/** The self-service actions AWS's pattern leaves open before MFA. */
const SELF_SERVICE = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken'
]
const denyUnlessMfa = (condition: object, extra: object = {}) => ({
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: SELF_SERVICE,
  Resource: '*',
  Condition: condition,
  ...extra
})
const PATTERN = denyUnlessMfa({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })
const policy = (name: string, ...statements: object[]): AppliedPolicy => ({
  name,
  document: doc(...statements)
})

type Expected = 'enforced' | 'not-enforced' | 'undecided' | 'not-granted'

const CASES: ReadonlyArray<readonly [string, readonly AppliedPolicy[], string, Expected]> = [
  [
    'admin, no MFA condition anywhere',
    [policy('AdministratorAccess', ADMIN)],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    "AWS's pattern beside admin",
    [policy('AdministratorAccess', ADMIN), policy('ForceMFA', PATTERN)],
    'iam:CreateUser',
    'enforced'
  ],
  [
    "AWS's pattern, an action it leaves open",
    [policy('AdministratorAccess', ADMIN), policy('ForceMFA', PATTERN)],
    'iam:EnableMFADevice',
    'not-enforced'
  ],
  [
    "AWS's pattern, a wildcard in the leave-open list swallows iam",
    [
      policy('AdministratorAccess', ADMIN),
      policy(
        'ForceMFA',
        denyUnlessMfa(
          { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          { NotAction: ['iam:*', 'sts:GetSessionToken'] }
        )
      )
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    "AWS's pattern covers other services too",
    [policy('AdministratorAccess', ADMIN), policy('ForceMFA', PATTERN)],
    's3:DeleteBucket',
    'enforced'
  ],
  [
    'Bool instead of BoolIfExists (misses access keys)',
    [
      policy('AdministratorAccess', ADMIN),
      policy('ForceMFA', denyUnlessMfa({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }))
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'Null on MultiFactorAuthAge',
    [
      policy('AdministratorAccess', ADMIN),
      policy('ForceMFA', denyUnlessMfa({ Null: { 'aws:MultiFactorAuthAge': 'true' } }))
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'condition value as a JSON boolean',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', denyUnlessMfa({ BoolIfExists: { 'aws:MultiFactorAuthPresent': false } }))
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'operator and key in other case',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', denyUnlessMfa({ boolifexists: { 'AWS:multifactorauthpresent': 'False' } }))
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'deny when MFA is present (inverted mistake)',
    [
      policy('Admin', ADMIN),
      policy('Oops', denyUnlessMfa({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    'deny on another condition key only',
    [
      policy('Admin', ADMIN),
      policy('Regions', {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } }
      })
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    'MFA deny narrowed by another key',
    [
      policy('Admin', ADMIN),
      policy(
        'ForceMFA',
        denyUnlessMfa({
          BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
          StringEquals: { 'aws:RequestedRegion': 'us-east-1' }
        })
      )
    ],
    'iam:CreateUser',
    'undecided'
  ],
  [
    'MFA deny on some resources only',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', {
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: 'arn:aws:iam::*:user/*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      })
    ],
    'iam:CreateUser',
    'undecided'
  ],
  [
    'MFA deny by Action list not covering the action',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', {
        Effect: 'Deny',
        Action: ['iam:DeleteUser'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      })
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    'MFA deny by prefix wildcard iam:Create*',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', {
        Effect: 'Deny',
        Action: 'iam:Create*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      })
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'MFA deny by iam:* does not cover sts',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', {
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      })
    ],
    'sts:AssumeRole',
    'not-enforced'
  ],
  [
    'the only allow needs MFA (Bool true)',
    [
      policy('AdminWithMfa', {
        ...IAM_ADMIN,
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
      })
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'the only allow needs a recent MFA (MultiFactorAuthAge)',
    [
      policy('AdminWithMfa', {
        ...IAM_ADMIN,
        Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }
      })
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'allow with BoolIfExists true (access keys pass)',
    [
      policy('AdminIfExists', {
        ...IAM_ADMIN,
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }
      })
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    'one allow needs MFA, another does not',
    [
      policy('AdminWithMfa', {
        ...IAM_ADMIN,
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
      }),
      policy('PowerUser', { Effect: 'Allow', Action: 'iam:Create*', Resource: '*' })
    ],
    'iam:CreateUser',
    'not-enforced'
  ],
  [
    'NotAction allow that leaves iam out',
    [
      policy('PowerUserAccess', {
        Effect: 'Allow',
        NotAction: ['iam:*', 'organizations:*'],
        Resource: '*'
      })
    ],
    'iam:CreateUser',
    'not-granted'
  ],
  [
    'NotAction allow that leaves iam out, an s3 action',
    [
      policy('PowerUserAccess', {
        Effect: 'Allow',
        NotAction: ['iam:*', 'organizations:*'],
        Resource: '*'
      })
    ],
    's3:DeleteBucket',
    'not-enforced'
  ],
  [
    'no policy grants the action',
    [policy('ReadOnly', { Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' })],
    'iam:CreateUser',
    'not-granted'
  ],
  [
    'denied outright',
    [policy('Admin', ADMIN), policy('NoIam', { Effect: 'Deny', Action: 'iam:*', Resource: '*' })],
    'iam:CreateUser',
    'not-granted'
  ],
  [
    'a policy that cannot be read',
    [policy('Admin', ADMIN), { name: 'Broken', document: '{"Statement": [' }],
    'iam:CreateUser',
    'undecided'
  ],
  [
    'a statement without Effect',
    [policy('Admin', ADMIN), policy('Odd', { Action: '*', Resource: '*' })],
    'iam:CreateUser',
    'undecided'
  ],
  [
    'URL-encoded document as IAM returns it',
    [
      policy('Admin', ADMIN),
      { name: 'ForceMFA', document: encodeURIComponent(JSON.stringify(doc(PATTERN))) }
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'a single statement object, not an array',
    [
      policy('Admin', ADMIN),
      { name: 'ForceMFA', document: { Version: '2012-10-17', Statement: PATTERN } }
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'question-mark wildcard',
    [
      policy('Admin', ADMIN),
      policy('ForceMFA', {
        Effect: 'Deny',
        Action: 'iam:CreateUse?',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      })
    ],
    'iam:CreateUser',
    'enforced'
  ],
  [
    'an enforcing deny wins over an unreadable policy',
    [policy('ForceMFA', PATTERN), { name: 'Broken', document: 42 }],
    'iam:CreateUser',
    'enforced'
  ]
]

describe('mfaEnforcement', () => {
  it.each(CASES)('%s', (_name, policies, action, expected) => {
    expect(mfaEnforcement(policies, action).kind).toBe(expected)
  })

  it('names the policy that enforces it, and the group it comes through', () => {
    expect(
      mfaEnforcement(
        [
          policy('AdministratorAccess', ADMIN),
          { name: 'ForceMFA', via: 'group admins', document: doc(PATTERN) }
        ],
        'iam:AttachUserPolicy'
      )
    ).toEqual({
      kind: 'enforced',
      how: 'deny-without-mfa',
      by: ['ForceMFA (group admins)'],
      missesAccessKeys: false
    })
  })

  it('says a Bool deny lets requests signed with access keys through', () => {
    const result = mfaEnforcement(
      [
        policy('Admin', ADMIN),
        policy('ForceMFA', denyUnlessMfa({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }))
      ],
      'iam:CreateAccessKey'
    )
    expect(result).toMatchObject({ kind: 'enforced', missesAccessKeys: true })
  })

  it('names every policy that grants it without MFA', () => {
    expect(
      mfaEnforcement(
        [
          policy('AdministratorAccess', ADMIN),
          { name: 'IAMFullAccess', via: 'group ops', document: doc(IAM_ADMIN) }
        ],
        'iam:CreateUser'
      )
    ).toEqual({
      kind: 'not-enforced',
      grantedBy: ['AdministratorAccess', 'IAMFullAccess (group ops)']
    })
  })

  it('says why it cannot decide', () => {
    expect(
      mfaEnforcement(
        [policy('Admin', ADMIN), { name: 'Broken', document: 'nope' }],
        'iam:CreateUser'
      )
    ).toEqual({
      kind: 'undecided',
      why: 'a policy could not be read (Broken: the document is not JSON)'
    })
  })
})

describe('actionMatches', () => {
  it.each([
    ['*', 'iam:CreateUser', true],
    ['iam:*', 'IAM:createuser', true],
    ['iam:Create*', 'iam:DeleteUser', false],
    ['iam:Get?ser', 'iam:GetUser', true],
    ['s3:Delete*', 'iam:DeleteUser', false],
    ['iam:CreateUser.x', 'iam:CreateUserAx', false]
  ] as const)('%s against %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected)
  })
})
