// Rule iam.privileged_actions_without_mfa_condition, judged from users' policies (pure).
import { describe, expect, it } from '@jest/globals'
import { enforcementFact, policyFindings, POLICY_RULE } from '../../src/core/policy-findings.js'
import type { UserAuthz } from '../../src/core/privilege.js'
import type { Exemption, ReportRow } from '../../src/core/types.js'
import { enforceMfaDocument } from '../../src/policy/enforce-mfa-policy.js'
import { DEFAULT_PRIVILEGED_ACTIONS } from '../../src/policy/privileged-actions.js'

const ACCOUNT = '123456789012'
const NOW = new Date('2026-12-01T00:00:00Z')
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
const REQUIRE_MFA = `arn:aws:iam::${ACCOUNT}:policy/RequireMFA`
const BOOL_DENY = `arn:aws:iam::${ACCOUNT}:policy/BoolDeny`

const DOCS = new Map<string, unknown>([
  [ADMIN, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  [
    READ_ONLY,
    {
      Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 's3:Get*'], Resource: '*' }]
    }
  ],
  [REQUIRE_MFA, enforceMfaDocument()],
  [
    BOOL_DENY,
    {
      Statement: [
        {
          Effect: 'Deny',
          NotAction: ['iam:ChangePassword'],
          Resource: '*',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }
        }
      ]
    }
  ]
])

function row(user: string, over: Partial<ReportRow> = {}): ReportRow {
  return {
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    accountId: ACCOUNT,
    isRoot: false,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    passwordEnabled: true,
    passwordLastUsed: undefined,
    mfaActive: true,
    activeAccessKeys: 0,
    ...over
  }
}

const managed = (arn: string) => ({ name: arn.split('/').pop() ?? arn, arn })
function authz(
  user: string,
  attached: string[],
  groups: Array<[string, string[]]> = []
): UserAuthz {
  return {
    user,
    tags: {},
    attached: attached.map(managed),
    inline: [],
    groups: groups.map(([name, arns]) => ({ name, attached: arns.map(managed), inline: [] }))
  }
}

function judge(
  rows: ReportRow[],
  users: UserAuthz[],
  exemptions: Exemption[] = [],
  docs: ReadonlyMap<string, unknown> = DOCS
) {
  return policyFindings(
    rows,
    new Map(users.map(u => [u.user, u])),
    docs,
    { actions: DEFAULT_PRIVILEGED_ACTIONS, exemptions },
    NOW
  )
}

describe('policyFindings', () => {
  it('fails a privileged user whose privileged actions need no MFA, naming the granting policy', () => {
    const [f] = judge([row('admin')], [authz('admin', [ADMIN])])
    expect(f).toMatchObject({ rule: POLICY_RULE, verdict: 'fail', severity: 'medium' })
    expect(f?.remediation).toBe('enforce-mfa-policy')
    expect(f?.reason.plain).toContain('Privileged (attached policy AdministratorAccess)')
    expect(f?.reason.plain).toContain('allowed without MFA by AdministratorAccess')
    expect(f?.enforcement?.status).toBe('not-enforced')
    expect(f?.enforcement?.unenforced).toEqual([...DEFAULT_PRIVILEGED_ACTIONS])
  })

  it('passes a privileged user whose group attaches RequireMFA, saying by what and how', () => {
    const [f] = judge([row('admin')], [authz('admin', [], [['admins', [ADMIN, REQUIRE_MFA]]])])
    expect(f?.verdict).toBe('pass')
    expect(f?.reason.plain).toContain('MFA enforced by RequireMFA (via group admins)')
    expect(f?.enforcement).toMatchObject({
      status: 'enforced',
      how: 'deny-without-mfa',
      groups: ['admins']
    })
  })

  it('fails a Bool deny for a user with access keys, which carry no MFA key, and passes it without keys', () => {
    const withKeys = judge(
      [row('ops', { activeAccessKeys: 2 })],
      [authz('ops', [ADMIN, BOOL_DENY])]
    )[0]
    expect(withKeys?.verdict).toBe('fail')
    expect(withKeys?.reason.plain).toContain('2 active access keys')
    expect(withKeys?.reason.plain).toContain('use BoolIfExists')
    const consoleOnly = judge([row('ops')], [authz('ops', [ADMIN, BOOL_DENY])])[0]
    expect(consoleOnly?.verdict).toBe('pass')
    expect(consoleOnly?.reason.plain).toContain('for console sessions only')
  })

  it('judges an API-only privileged user with access keys (no console password)', () => {
    const [f] = judge(
      [row('ci', { passwordEnabled: false, activeAccessKeys: 1 })],
      [authz('ci', [ADMIN])]
    )
    expect(f?.verdict).toBe('fail')
  })

  it('says undecided, never enforced, when a granting policy cannot be read', () => {
    const [f] = judge([row('admin')], [authz('admin', [ADMIN])], [], new Map())
    expect(f?.verdict).toBe('fail')
    expect(f?.enforcement?.status).toBe('undecided')
    expect(f?.reason.plain).toContain('is undecided')
    expect(f?.reason.plain).toContain('simulate-privileged-actions')
  })

  it('keeps a non-privileged console user out of the rule but records its enforcement', () => {
    const [f] = judge([row('dev')], [authz('dev', [READ_ONLY], [['console', [REQUIRE_MFA]]])])
    expect(f?.verdict).toBe('not-applicable')
    expect(f?.enforcement?.status).toBe('enforced')
    expect(f?.reason.plain).toContain('Not privileged; MFA by policy: MFA enforced by RequireMFA')
  })

  it('leaves users who cannot call AWS and root out of judgement', () => {
    const findings = judge(
      [row('gone', { passwordEnabled: false }), row('<root_account>', { isRoot: true })],
      []
    )
    expect(findings).toHaveLength(1)
    expect(findings[0]?.verdict).toBe('not-applicable')
    expect(findings[0]?.reason.plain).toContain('cannot call AWS')
  })

  it('exempts a user listed in exempt-users', () => {
    const exemption: Exemption = {
      pattern: 'breakglass',
      until: '2027-01-31',
      reason: 'sealed',
      source: 'exempt-users line 1'
    }
    const [f] = judge([row('breakglass')], [authz('breakglass', [ADMIN])], [exemption])
    expect(f?.verdict).toBe('exempt')
    expect(f?.reason.plain).toContain('exempt-users line 1 until 2027-01-31')
  })
})

describe('enforcementFact', () => {
  const doc = (statements: object[]) => ({ name: 'P', document: { Statement: statements } })
  const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' }

  it('is not enforced for the actions a NotAction deny leaves out', () => {
    const fact = enforcementFact(
      [
        doc([
          allowAll,
          {
            Effect: 'Deny',
            NotAction: ['iam:*', 'sts:*'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
          }
        ])
      ],
      ['iam:CreateUser', 's3:DeleteBucket']
    )
    expect(fact.status).toBe('not-enforced')
    expect(fact.unenforced).toEqual(['iam:CreateUser'])
  })

  it('is enforced when every allow requires MFA', () => {
    const fact = enforcementFact(
      [doc([{ ...allowAll, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }])],
      ['iam:CreateUser']
    )
    expect(fact).toMatchObject({ status: 'enforced', how: 'allow-only-with-mfa' })
  })

  it('is not granted when no policy allows the actions', () => {
    expect(
      enforcementFact(
        [doc([{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }])],
        ['iam:CreateUser']
      ).status
    ).toBe('not-granted')
  })

  it('is undecided when a deny applies only under other conditions', () => {
    const fact = enforcementFact(
      [
        doc([
          allowAll,
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
              StringEquals: { 'aws:RequestedRegion': 'us-east-1' }
            }
          }
        ])
      ],
      ['iam:CreateUser']
    )
    expect(fact.status).toBe('undecided')
    expect(fact.why).toContain('only under other conditions')
  })
})
