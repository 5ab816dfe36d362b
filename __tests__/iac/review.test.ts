// Whether a console user's policies in code require MFA (pure): the analysis of identity policies on
// four representative actions; groups vouched for by mfa-enforcing-groups; and what the code does
// not show reported as unknown, never as a pass or a fail.
import { describe, expect, it } from '@jest/globals'
import type { PolicyFact } from '../../src/iac/iac-facts.js'
import type { ConsoleGroup, ConsoleUser } from '../../src/iac/resolve-iac.js'
import { REPRESENTATIVE_ACTIONS, reviewUser } from '../../src/iac/review.js'

const at = { uri: 'main.tf', line: 3 }
const doc = (name: string, ...Statement: object[]): PolicyFact => ({
  kind: 'document',
  name,
  document: { Statement },
  at
})
const denyWithoutMfa = (op = 'BoolIfExists', extra: object = {}) =>
  doc('require-mfa', {
    Effect: 'Deny',
    NotAction: ['iam:ChangePassword', 'iam:EnableMFADevice'],
    Resource: '*',
    Condition: { [op]: { 'aws:MultiFactorAuthPresent': 'false' }, ...extra }
  })
const group = (label: string, policies: PolicyFact[], defined = true): ConsoleGroup => ({
  label,
  name: label,
  defined,
  policies
})
const user = (over: Partial<ConsoleUser> = {}): ConsoleUser => ({
  label: 'alice',
  name: 'alice',
  source: 'aws_iam_user.alice',
  definedAt: at,
  loginProfile: at,
  policies: [],
  groups: [],
  ...over
})
const none = { enforcingGroups: [] }

describe('reviewUser', () => {
  it('passes a user whose group denies everything without MFA, naming the policy and group', () => {
    expect(reviewUser(user({ groups: [group('console', [denyWithoutMfa()])] }), none)).toEqual({
      kind: 'enforced',
      by: ['require-mfa (via group console)']
    })
  })

  it('passes a deny written with Bool, and every Allow conditioned on MFA', () => {
    expect(reviewUser(user({ policies: [denyWithoutMfa('Bool')] }), none).kind).toBe('enforced')
    const onlyWithMfa = doc('mfa-only', {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
    })
    expect(reviewUser(user({ policies: [onlyWithMfa] }), none).kind).toBe('enforced')
  })

  it('fails a user with AWS managed policies only: they never carry an MFA condition', () => {
    const admins = group('admins', [{ kind: 'aws-managed', name: 'AdministratorAccess' }])
    expect(reviewUser(user({ groups: [admins] }), none)).toEqual({
      kind: 'not-enforced',
      unguarded: [...REPRESENTATIVE_ACTIONS],
      policies: ['AdministratorAccess (AWS managed) (via group admins)']
    })
  })

  it('fails a user with no policy at all: nothing stands between the password and what is granted later', () => {
    expect(reviewUser(user(), none)).toEqual({
      kind: 'not-enforced',
      unguarded: [...REPRESENTATIVE_ACTIONS],
      policies: []
    })
  })

  it('fails a guardrail that covers some services only, naming the actions left open', () => {
    const iamOnly = doc('iam-mfa', {
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
    })
    expect(reviewUser(user({ policies: [iamOnly] }), none)).toMatchObject({
      kind: 'not-enforced',
      unguarded: ['s3:DeleteBucket', 'ec2:RunInstances']
    })
  })

  it('does not decide a user in a group defined elsewhere, or with a policy from a module', () => {
    expect(reviewUser(user({ groups: [group('break-glass', [], false)] }), none)).toEqual({
      kind: 'unknown',
      why: ['group `break-glass` is not defined in the code read, so its policies are not seen']
    })
    const fromModule: PolicyFact = {
      kind: 'unresolved',
      name: 'module.iam.arn',
      why: 'it is an output of module `iam`, whose code is not read'
    }
    expect(reviewUser(user({ policies: [fromModule] }), none)).toEqual({
      kind: 'unknown',
      why: ['policy `module.iam.arn`: it is an output of module `iam`, whose code is not read']
    })
  })

  it('passes a user the code shows enforced even when other parts are unknown: a deny cannot be undone', () => {
    const unknownGroup = group('elsewhere', [], false)
    expect(
      reviewUser(user({ policies: [denyWithoutMfa()], groups: [unknownGroup] }), none).kind
    ).toBe('enforced')
  })

  it('passes a member of a group named in mfa-enforcing-groups, compared ignoring case', () => {
    expect(
      reviewUser(user({ groups: [group('Break-Glass', [], false)] }), {
        enforcingGroups: ['break-glass']
      })
    ).toEqual({
      kind: 'enforced',
      by: ['group Break-Glass (named in mfa-enforcing-groups)']
    })
  })

  it('does not decide a deny that holds only under other conditions, and says why', () => {
    const partial = denyWithoutMfa('BoolIfExists', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })
    const review = reviewUser(
      user({ policies: [partial, { kind: 'aws-managed', name: 'PowerUserAccess' }] }),
      none
    )
    expect(review.kind).toBe('unknown')
    expect(review.kind === 'unknown' ? review.why[0] : '').toMatch(
      /require-mfa denies it without MFA only under other conditions/
    )
  })

  it('does not decide a user whose login profile names a user known only at apply', () => {
    expect(
      reviewUser(
        user({ name: undefined, definedAt: undefined, unresolved: 'it comes from a variable' }),
        none
      )
    ).toEqual({
      kind: 'unknown',
      why: ['the user is not known from the code: it comes from a variable']
    })
  })

  it('does not decide a user who is not defined in the code read, unless the code shows the guardrail', () => {
    expect(reviewUser(user({ definedAt: undefined }), none).kind).toBe('unknown')
    expect(
      reviewUser(user({ definedAt: undefined, policies: [denyWithoutMfa()] }), none).kind
    ).toBe('enforced')
  })
})
