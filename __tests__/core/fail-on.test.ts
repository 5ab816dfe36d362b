import { describe, expect, it } from '@jest/globals'
import type { FailOn } from '../../src/config/inputs.js'
import { evaluate } from '../../src/core/evaluate.js'
import { findingsAtOrAbove } from '../../src/core/fail-on.js'
import type { Finding, Severity } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const NOW = new Date('2026-11-30T12:00:00Z')

/** One report row: user, password_enabled, password_last_used, mfa_active, created; the rest N/A or false. */
function row(
  user: string,
  password: string,
  lastUsed: string,
  mfa: string,
  created: string
): string {
  const arn =
    user === '<root_account>'
      ? 'arn:aws:iam::111122223333:root'
      : `arn:aws:iam::111122223333:user/${user}`
  return `${user},${arn},${created},${password},${lastUsed},N/A,N/A,${mfa},false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
}

/** Findings for: root without MFA (critical), a user without MFA (high), a pass, a pending, an exempt and an API-only user. */
function findings(): Finding[] {
  const csv = [
    HEADER,
    row('<root_account>', 'not_supported', 'no_information', 'false', '2019-01-01T00:00:00+00:00'),
    row('alice', 'true', '2026-11-29T10:00:00+00:00', 'false', '2020-01-01T00:00:00+00:00'),
    row('bob', 'true', '2026-11-29T10:00:00+00:00', 'true', '2020-01-01T00:00:00+00:00'),
    row('newbie', 'true', 'no_information', 'false', '2026-11-30T10:00:00+00:00'),
    row(
      'breakglass-admin',
      'true',
      '2026-01-01T00:00:00+00:00',
      'false',
      '2020-01-01T00:00:00+00:00'
    ),
    row('ci-deploy', 'false', 'N/A', 'false', '2020-01-01T00:00:00+00:00')
  ].join('\n')
  const evaluation = evaluate(
    parseCredentialReport(csv),
    {
      gracePeriodDays: 1,
      inactiveDays: 45,
      exemptions: [
        {
          pattern: 'breakglass-*',
          until: undefined,
          reason: 'sealed',
          source: 'exempt-users line 1'
        }
      ],
      rootFacts: undefined
    },
    NOW
  )
  return [...evaluation.findings]
}

function withSeverity(base: Finding, user: string, severity: Severity): Finding {
  return { ...base, user, severity }
}

describe('findingsAtOrAbove', () => {
  const all = findings()

  it('starts from one finding of each verdict', () => {
    expect(all.map(f => `${f.user}:${f.verdict}`).sort()).toEqual([
      '<root_account>:fail',
      'alice:fail',
      'bob:pass',
      'breakglass-admin:exempt',
      'ci-deploy:not-applicable',
      'newbie:pending'
    ])
  })

  it.each([
    { failOn: 'none', users: [] },
    { failOn: 'critical', users: ['<root_account>'] },
    { failOn: 'high', users: ['<root_account>', 'alice'] },
    { failOn: 'medium', users: ['<root_account>', 'alice'] }
  ] satisfies Array<{ failOn: FailOn; users: string[] }>)(
    'fail-on $failOn trips on $users',
    ({ failOn, users }) => {
      expect(findingsAtOrAbove(all, failOn).map(f => f.user)).toEqual(users)
    }
  )

  it('never trips on pending, exempt, passing or API-only identities', () => {
    const quiet = all.filter(f => f.verdict !== 'fail')
    expect(quiet).toHaveLength(4)
    for (const failOn of ['critical', 'high', 'medium'] as const) {
      expect(findingsAtOrAbove(quiet, failOn)).toEqual([])
    }
  })

  it('never trips with fail-on none, even on a critical finding', () => {
    expect(all.some(f => f.severity === 'critical')).toBe(true)
    expect(findingsAtOrAbove(all, 'none')).toEqual([])
  })

  describe('ranks severities critical > high > medium > low', () => {
    const failing = all.find(f => f.user === 'alice')
    if (!failing) throw new Error('alice should fail')
    const ladder = [
      withSeverity(failing, 'c', 'critical'),
      withSeverity(failing, 'h', 'high'),
      withSeverity(failing, 'm', 'medium'),
      withSeverity(failing, 'l', 'low')
    ]

    it.each([
      { failOn: 'critical', users: ['c'] },
      { failOn: 'high', users: ['c', 'h'] },
      { failOn: 'medium', users: ['c', 'h', 'm'] },
      { failOn: 'none', users: [] }
    ] satisfies Array<{ failOn: FailOn; users: string[] }>)(
      'fail-on $failOn trips on $users',
      ({ failOn, users }) => {
        expect(findingsAtOrAbove(ladder, failOn).map(f => f.user)).toEqual(users)
      }
    )
  })
})
