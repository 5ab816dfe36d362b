import { describe, expect, it } from '@jest/globals'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { evaluate } from '../../src/core/evaluate.js'
import type {
  EvaluateOptions,
  Evaluation,
  Exemption,
  Finding,
  RootFacts
} from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { HEADER } from '../helpers/report-csv.js'

// --- Credential report rows written as CSV text, so every test goes through the real parser. ---

const COLUMNS = HEADER
type Column = (typeof COLUMNS)[number]
type Raw = Partial<Record<Column, string>>
type Row = Record<Column, string>

const ACCOUNT = '111122223333'
const NOW = new Date('2026-11-30T12:00:00Z')
const DAY = 86_400_000

/** An AWS-style timestamp (`2026-11-30T12:00:00+00:00`) `ms` before NOW. */
function before(ms: number, now: Date = NOW): string {
  return new Date(now.getTime() - ms).toISOString().replace('.000Z', '+00:00')
}
const daysAgo = (days: number): string => before(days * DAY)

function blank(): Row {
  return Object.fromEntries(COLUMNS.map(c => [c, 'N/A'])) as Row
}

/** A console user with a password used yesterday, no MFA and no keys, unless `raw` says otherwise. */
function userRow(raw: Raw = {}): Row {
  const user = raw.user ?? 'alice'
  return {
    ...blank(),
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: '2020-01-01T00:00:00+00:00',
    password_enabled: 'true',
    password_last_used: daysAgo(1),
    password_last_changed: '2020-01-01T00:00:00+00:00',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
    ...raw
  }
}

function rootRow(raw: Raw = {}, account: string = ACCOUNT): Row {
  return {
    ...blank(),
    user: '<root_account>',
    arn: `arn:aws:iam::${account}:root`,
    user_creation_time: '2019-03-04T09:12:44+00:00',
    password_enabled: 'not_supported',
    password_last_used: 'no_information',
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
    ...raw
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function reportCsv(rows: readonly Row[]): string {
  const lines = [COLUMNS.join(','), ...rows.map(r => COLUMNS.map(c => csvField(r[c])).join(','))]
  return `${lines.join('\n')}\n`
}

const DEFAULT_OPTIONS: EvaluateOptions = {
  gracePeriodDays: 1,
  inactiveDays: 45,
  exemptions: [],
  rootFacts: undefined
}

function run(
  rows: readonly Row[],
  options: Partial<EvaluateOptions> = {},
  now: Date = NOW
): Evaluation {
  return evaluate(parseCredentialReport(reportCsv(rows)), { ...DEFAULT_OPTIONS, ...options }, now)
}

function findingFor(evaluation: Evaluation, user: string): Finding {
  const found = evaluation.findings.find(f => f.user === user)
  if (!found) throw new Error(`no finding for ${user}`)
  return found
}

/** The finding for one user row (named alice unless `raw.user` says otherwise). */
function judge(raw: Raw, options: Partial<EvaluateOptions> = {}, now: Date = NOW): Finding {
  return findingFor(run([userRow(raw)], options, now), raw.user ?? 'alice')
}

function rootFinding(raw: Raw, rootFacts: RootFacts | undefined): Finding {
  return findingFor(run([rootRow(raw)], { rootFacts }), '<root_account>')
}

/** Exemptions written the way a workflow author writes the `exempt-users` input. */
function exempt(text: string): Exemption[] {
  const { exemptions, problems } = parseExemptUsers(text)
  expect(problems).toEqual([])
  return exemptions
}

// --- The verdicts. ---

describe('a console user without MFA', () => {
  it('fails with high severity under the rule iam.users_without_mfa', () => {
    const f = judge({ user: 'alice' })
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      rule: 'iam.users_without_mfa',
      remediation: 'enroll-mfa',
      account: ACCOUNT,
      user: 'alice',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      isRoot: false,
      createdAt: '2020-01-01T00:00:00.000Z',
      exemption: undefined,
      lapsedExemption: undefined,
      graceEndsAt: undefined
    })
    expect(f.reason.plain).toMatch(/console password without MFA/i)
  })

  it('fails for a user created long ago who never used the password', () => {
    const f = judge({ user_creation_time: daysAgo(10), password_last_used: 'no_information' })
    expect(f.verdict).toBe('fail')
    expect(f.reason.plain).toContain('never been used')
  })

  it('treats a password-enabled user whose last use is N/A as never having used it', () => {
    const f = judge({ user_creation_time: daysAgo(10), password_last_used: 'N/A' })
    expect(f.verdict).toBe('fail')
    expect(f.password?.everUsed).toBe(false)
    expect(f.reason.plain).toContain('never been used')
  })
})

describe('a console user with MFA', () => {
  it('passes, with no severity and nothing to fix', () => {
    const f = judge({ mfa_active: 'true' })
    expect(f).toMatchObject({
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      rule: 'iam.users_without_mfa'
    })
  })

  it('passes even when the password has been unused for years', () => {
    const f = judge({ mfa_active: 'true', password_last_used: daysAgo(900) })
    expect(f.verdict).toBe('pass')
    expect(f.password?.inactive).toBe(true)
  })
})

describe('report booleans are read case-insensitively', () => {
  it.each([
    { yes: 'true', no: 'false' },
    { yes: 'TRUE', no: 'FALSE' },
    { yes: 'True', no: 'False' }
  ])('reads mfa_active $yes / $no', ({ yes, no }) => {
    expect(judge({ mfa_active: yes }).verdict).toBe('pass')
    expect(judge({ mfa_active: no }).verdict).toBe('fail')
  })

  it.each([
    { yes: 'true', no: 'false' },
    { yes: 'TRUE', no: 'FALSE' },
    { yes: 'True', no: 'False' }
  ])('reads password_enabled $yes / $no', ({ yes, no }) => {
    expect(judge({ password_enabled: yes }).verdict).toBe('fail')
    expect(judge({ password_enabled: no, password_last_used: 'N/A' }).verdict).toBe(
      'not-applicable'
    )
  })

  it.each(['no_information', 'NO_INFORMATION', 'No_Information'])(
    'reads password_last_used %s as never used',
    value => {
      const f = judge({ user_creation_time: daysAgo(5), password_last_used: value })
      expect(f.password).toMatchObject({ everUsed: false, lastUsed: undefined })
    }
  )
})

describe('a user without a console password', () => {
  it('is not applicable, and the reason points to roles with short-lived credentials', () => {
    const f = judge({ password_enabled: 'false', password_last_used: 'N/A' })
    expect(f).toMatchObject({
      verdict: 'not-applicable',
      severity: undefined,
      remediation: undefined,
      password: undefined
    })
    expect(f.reason.plain).toMatch(/no console password/i)
    expect(f.reason.plain).toMatch(/IAM roles/)
    expect(f.reason.plain).toMatch(/short-lived credentials/)
    expect(f.reason.plain).not.toMatch(/access key/)
  })

  it.each([
    { key1: 'true', key2: 'false', keys: '1 active access key.' },
    { key1: 'false', key2: 'true', keys: '1 active access key.' },
    { key1: 'true', key2: 'true', keys: '2 active access keys.' }
  ])(
    'is not applicable with active keys ($key1/$key2), and says it has $keys',
    ({ key1, key2, keys }) => {
      const f = judge({
        password_enabled: 'false',
        password_last_used: 'N/A',
        access_key_1_active: key1,
        access_key_2_active: key2
      })
      expect(f.verdict).toBe('not-applicable')
      expect(f.reason.plain).toContain(`It has ${keys}`)
      expect(f.reason.plain).toMatch(/short-lived credentials/)
    }
  )

  it('is not applicable whatever its MFA state and even when an exemption matches it', () => {
    const f = judge(
      { user: 'breakglass-api', password_enabled: 'false', password_last_used: 'N/A' },
      { exemptions: exempt('breakglass-*') }
    )
    expect(f.verdict).toBe('not-applicable')
    expect(f.exemption).toBeUndefined()
  })
})

describe('the grace period for new users', () => {
  it('is pending when created inside the grace period and the password was never used', () => {
    const created = before(2 * 3_600_000)
    const f = judge({ user_creation_time: created, password_last_used: 'no_information' })
    expect(f).toMatchObject({
      verdict: 'pending',
      severity: undefined,
      remediation: 'enroll-mfa',
      graceEndsAt: new Date(Date.parse(created) + DAY).toISOString()
    })
    expect(f.reason.plain).toContain('1-day grace period')
    expect(f.reason.plain).toContain('never been used')
  })

  it('names the configured grace period and ends it that many days after creation', () => {
    const created = daysAgo(6)
    const f = judge(
      { user_creation_time: created, password_last_used: 'no_information' },
      { gracePeriodDays: 7 }
    )
    expect(f.verdict).toBe('pending')
    expect(f.reason.plain).toContain('7-day grace period')
    expect(f.graceEndsAt).toBe(new Date(Date.parse(created) + 7 * DAY).toISOString())
  })

  it('is still pending one second before the grace period ends', () => {
    const f = judge({
      user_creation_time: before(DAY - 1000),
      password_last_used: 'no_information'
    })
    expect(f.verdict).toBe('pending')
  })

  it.each([1, 7, 30])(
    'is NOT pending for a user created exactly %p day(s) ago (the boundary)',
    grace => {
      const f = judge(
        { user_creation_time: daysAgo(grace), password_last_used: 'no_information' },
        { gracePeriodDays: grace, inactiveDays: 3650 }
      )
      expect(f.verdict).toBe('fail')
      expect(f.graceEndsAt).toBeUndefined()
    }
  )

  it('fails a user inside the grace period who has already used the password', () => {
    const f = judge({
      user_creation_time: before(2 * 3_600_000),
      password_last_used: before(3_600_000)
    })
    expect(f.verdict).toBe('fail')
    expect(f.severity).toBe('high')
  })

  it.each([
    { label: '1 minute', ms: 60_000 },
    { label: '1 hour', ms: 3_600_000 },
    { label: '10 days', ms: 10 * DAY }
  ])('never makes a user pending with a grace period of 0 (created $label ago)', ({ ms }) => {
    const f = judge(
      { user_creation_time: before(ms), password_last_used: 'no_information' },
      { gracePeriodDays: 0 }
    )
    expect(f.verdict).toBe('fail')
  })

  it('keeps a new user pending even when the grace period is longer than inactive-days', () => {
    const f = judge(
      { user_creation_time: daysAgo(20), password_last_used: 'no_information' },
      { gracePeriodDays: 30, inactiveDays: 10 }
    )
    expect(f.verdict).toBe('pending')
  })

  it('does not apply to a user with MFA: that user passes', () => {
    const f = judge({
      user_creation_time: before(3_600_000),
      password_last_used: 'no_information',
      mfa_active: 'true'
    })
    expect(f.verdict).toBe('pass')
  })
})

describe('exemptions', () => {
  it('exempts users matching a glob, recording until, reason and where it was declared', () => {
    const exemptions = exempt(
      '# sealed accounts\nbreakglass-* until=2027-01-31 # sealed credentials, reviewed quarterly'
    )
    const e = run([userRow({ user: 'breakglass-admin' }), userRow({ user: 'breakglass-2' })], {
      exemptions
    })
    for (const user of ['breakglass-admin', 'breakglass-2']) {
      const f = findingFor(e, user)
      expect(f).toMatchObject({
        verdict: 'exempt',
        severity: undefined,
        remediation: undefined,
        exemption: {
          until: '2027-01-31',
          reason: 'sealed credentials, reviewed quarterly',
          source: 'exempt-users line 2'
        }
      })
      expect(f.reason.plain).toContain('exempt-users line 2')
      expect(f.reason.plain).toContain('until 2027-01-31')
      expect(f.reason.plain).toContain('sealed credentials, reviewed quarterly')
    }
  })

  it.each([
    { pattern: 'breakglass-*', user: 'breakglass-admin', exempt: true },
    { pattern: 'breakglass-*', user: 'breakglass-', exempt: true },
    { pattern: 'breakglass-*', user: 'admin-breakglass-1', exempt: false },
    { pattern: 'ops-?', user: 'ops-1', exempt: true },
    { pattern: 'ops-?', user: 'ops-12', exempt: false },
    { pattern: 'ops-?', user: 'ops-', exempt: false },
    { pattern: 'BreakGlass-Admin', user: 'breakglass-admin', exempt: true },
    { pattern: 'breakglass-admin', user: 'BREAKGLASS-ADMIN', exempt: true },
    { pattern: 'alice', user: 'alice2', exempt: false },
    { pattern: 'alice', user: 'malice', exempt: false },
    { pattern: 'a.b', user: 'axb', exempt: false },
    { pattern: 'a.b', user: 'a.b', exempt: true },
    { pattern: 'bob+ops@example.com', user: 'bob+ops@example.com', exempt: true },
    { pattern: 'bob+ops@example.com', user: 'bobbops@example.com', exempt: false },
    { pattern: 'any*', user: 'anyone', exempt: true }
  ])('pattern "$pattern" exempts "$user": $exempt', ({ pattern, user, exempt: expected }) => {
    const f = judge({ user }, { exemptions: exempt(pattern) })
    expect(f.verdict).toBe(expected ? 'exempt' : 'fail')
  })

  it('still exempts on the until day at 23:59:59Z (the day is inclusive)', () => {
    const now = new Date('2027-01-31T23:59:59Z')
    const f = judge(
      { user: 'breakglass-admin', password_last_used: before(DAY, now) },
      { exemptions: exempt('breakglass-* until=2027-01-31 # sealed') },
      now
    )
    expect(f.verdict).toBe('exempt')
    expect(f.lapsedExemption).toBeUndefined()
  })

  it('stops exempting at 00:00Z the day after: the user fails and the lapse is reported', () => {
    const now = new Date('2027-02-01T00:00:00Z')
    const f = judge(
      { user: 'breakglass-admin', password_last_used: before(DAY, now) },
      { exemptions: exempt('breakglass-* until=2027-01-31 # sealed') },
      now
    )
    expect(f.verdict).toBe('fail')
    expect(f.severity).toBe('high')
    expect(f.exemption).toBeUndefined()
    expect(f.lapsedExemption).toEqual({ until: '2027-01-31', source: 'exempt-users line 1' })
    expect(f.reason.plain).toMatch(/lapsed after 2027-01-31/)
    expect(f.reason.plain).toContain('exempt-users line 1')
  })

  it('exempts with no expiry when no until is given, and says so', () => {
    const f = judge({ user: 'legacy' }, { exemptions: exempt('legacy') })
    expect(f.verdict).toBe('exempt')
    expect(f.exemption).toEqual({
      until: undefined,
      reason: undefined,
      source: 'exempt-users line 1'
    })
    expect(f.reason.plain).toContain('with no expiry')
  })

  it('prefers an active exemption over a lapsed one for the same user', () => {
    const f = judge(
      { user: 'breakglass-admin' },
      { exemptions: exempt('breakglass-admin until=2026-01-01\nbreakglass-* until=2027-06-30') }
    )
    expect(f.verdict).toBe('exempt')
    expect(f.exemption?.source).toBe('exempt-users line 2')
    expect(f.lapsedExemption).toBeUndefined()
  })

  it('reports the most recently lapsed exemption when several have lapsed', () => {
    const f = judge(
      { user: 'breakglass-admin' },
      {
        exemptions: exempt(
          'breakglass-* until=2025-03-01\nbreakglass-admin until=2026-10-31\nbreak* until=2024-01-01'
        )
      }
    )
    expect(f.verdict).toBe('fail')
    expect(f.lapsedExemption).toEqual({ until: '2026-10-31', source: 'exempt-users line 2' })
  })

  it('reports a lapsed exemption on a new user who is pending', () => {
    const f = judge(
      {
        user: 'newbie',
        user_creation_time: before(3_600_000),
        password_last_used: 'no_information'
      },
      { exemptions: exempt('newbie until=2026-11-01') }
    )
    expect(f.verdict).toBe('pending')
    expect(f.lapsedExemption).toEqual({ until: '2026-11-01', source: 'exempt-users line 1' })
  })

  it('does not turn a user with MFA into exempt: that user passes', () => {
    const f = judge(
      { user: 'breakglass-admin', mfa_active: 'true' },
      { exemptions: exempt('breakglass-*') }
    )
    expect(f.verdict).toBe('pass')
  })

  it('never applies to the root user, even with a pattern matching everything', () => {
    const e = run([rootRow({ mfa_active: 'false' }), userRow({ user: 'bob' })], {
      exemptions: exempt('*root*\n?root_account?\nb*')
    })
    const root = findingFor(e, '<root_account>')
    expect(root.verdict).toBe('fail')
    expect(root.severity).toBe('critical')
    expect(root.exemption).toBeUndefined()
    expect(findingFor(e, 'bob').verdict).toBe('exempt')
  })

  it('lists the exemptions that match no user in the report', () => {
    const exemptions = exempt(
      'breakglass-*\nold-contractor until=2027-01-01 # left\nalice\nops-?\nmfa-user\napi-only'
    )
    const e = run(
      [
        rootRow(),
        userRow({ user: 'breakglass-admin' }),
        userRow({ user: 'alice' }),
        userRow({ user: 'mfa-user', mfa_active: 'true' }),
        userRow({ user: 'api-only', password_enabled: 'false', password_last_used: 'N/A' })
      ],
      { exemptions }
    )
    expect(e.unusedExemptions.map(x => x.pattern)).toEqual(['old-contractor', 'ops-?'])
    expect(e.unusedExemptions[0]).toMatchObject({
      until: '2027-01-01',
      source: 'exempt-users line 2'
    })
  })

  it('counts an exemption that only the root row would match as unused', () => {
    const e = run([rootRow()], { exemptions: exempt('*root*') })
    expect(e.unusedExemptions.map(x => x.pattern)).toEqual(['*root*'])
  })

  it('lists no unused exemption when there are none', () => {
    expect(run([userRow()]).unusedExemptions).toEqual([])
  })
})

describe('inactive console passwords', () => {
  it('recommends removing the console password when last used more than inactive-days ago', () => {
    const lastUsed = daysAgo(46)
    const f = judge({ password_last_used: lastUsed }, { inactiveDays: 45 })
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      remediation: 'remove-console-password',
      password: {
        everUsed: true,
        lastUsed: new Date(lastUsed).toISOString(),
        idleDays: 46,
        inactive: true
      }
    })
    expect(f.reason.plain).toContain('last used 46 days ago')
    expect(f.reason.plain).toContain('inactive for over 45 days')
  })

  it('does not call a password used exactly inactive-days ago inactive', () => {
    const f = judge({ password_last_used: daysAgo(45) }, { inactiveDays: 45 })
    expect(f.password?.inactive).toBe(false)
    expect(f.remediation).toBe('enroll-mfa')
  })

  it('calls a password inactive one second past inactive-days', () => {
    const f = judge({ password_last_used: before(45 * DAY + 1000) }, { inactiveDays: 45 })
    expect(f.password?.inactive).toBe(true)
    expect(f.remediation).toBe('remove-console-password')
  })

  it('calls a never-used password inactive once the user is older than inactive-days', () => {
    const f = judge(
      { user_creation_time: daysAgo(100), password_last_used: 'no_information' },
      { inactiveDays: 45 }
    )
    expect(f).toMatchObject({
      verdict: 'fail',
      remediation: 'remove-console-password',
      password: { everUsed: false, lastUsed: undefined, idleDays: 100, inactive: true }
    })
    expect(f.reason.plain).toContain('never been used')
    expect(f.reason.plain).toContain('inactive for over 45 days')
  })

  it('does not call a never-used password of a younger user inactive', () => {
    const f = judge(
      { user_creation_time: daysAgo(10), password_last_used: 'no_information' },
      { inactiveDays: 45 }
    )
    expect(f).toMatchObject({
      verdict: 'fail',
      remediation: 'enroll-mfa',
      password: { everUsed: false, idleDays: 10, inactive: false }
    })
  })

  it('asks a recently active user to enroll MFA and reports when the password was used', () => {
    const lastUsed = before(3 * DAY + 3_600_000)
    const f = judge({ password_last_used: lastUsed })
    expect(f).toMatchObject({
      verdict: 'fail',
      remediation: 'enroll-mfa',
      password: {
        everUsed: true,
        lastUsed: new Date(lastUsed).toISOString(),
        idleDays: 3,
        inactive: false
      }
    })
    expect(f.reason.plain).toContain('last used 3 days ago')
    expect(f.reason.plain).not.toContain('inactive')
  })

  it('reports 0 idle days for a password used minutes ago', () => {
    expect(judge({ password_last_used: before(60_000) }).password?.idleDays).toBe(0)
  })

  it('honours a custom inactive-days', () => {
    expect(judge({ password_last_used: daysAgo(8) }, { inactiveDays: 7 }).remediation).toBe(
      'remove-console-password'
    )
    expect(judge({ password_last_used: daysAgo(8) }, { inactiveDays: 90 }).remediation).toBe(
      'enroll-mfa'
    )
  })
})

describe('the root user', () => {
  const offlineHint = /get-account-summary[\s\S]*AccountPasswordPresent/

  it('passes when the report shows root MFA active', () => {
    const f = rootFinding({ mfa_active: 'true' }, undefined)
    expect(f).toMatchObject({
      verdict: 'pass',
      severity: undefined,
      rule: 'iam.root_without_mfa',
      isRoot: true,
      account: ACCOUNT,
      user: '<root_account>',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      password: undefined
    })
  })

  it.each(['TRUE', 'True'])('reads root mfa_active %s as active', value => {
    expect(rootFinding({ mfa_active: value }, undefined).verdict).toBe('pass')
  })

  it('fails critical offline without MFA and tells how to confirm whether root has a password', () => {
    const f = rootFinding({ mfa_active: 'false' }, undefined)
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'critical',
      rule: 'iam.root_without_mfa',
      remediation: 'secure-root'
    })
    expect(f.reason.plain).toMatch(offlineHint)
    expect(f.reason.plain).toMatch(/live AWS credentials/)
    expect(f.reason.markdown).toContain(
      'run `aws iam get-account-summary` and read `AccountPasswordPresent`'
    )
    expect(f.reason.plain).not.toContain('`')
  })

  it('reads the account from a GovCloud or China root ARN', () => {
    const e = run([
      rootRow({ arn: 'arn:aws-us-gov:iam::123456789012:root' }),
      rootRow({ arn: 'arn:aws-cn:iam::210987654321:root' })
    ])
    expect(e.findings.map(f => f.account).sort()).toEqual(['123456789012', '210987654321'])
  })

  const facts = (over: Partial<RootFacts>): RootFacts => ({
    passwordPresent: true,
    mfaEnabled: false,
    accessKeysPresent: false,
    ...over
  })

  it.each([
    {
      label: 'MFA enabled per GetAccountSummary (the report predates it)',
      rootFacts: facts({ mfaEnabled: true, passwordPresent: true }),
      keys: 'false',
      verdict: 'pass',
      reason: /MFA enabled/
    },
    {
      label: 'no password, no access keys and no active key in the report',
      rootFacts: facts({ passwordPresent: false, accessKeysPresent: false }),
      keys: 'false',
      verdict: 'pass',
      reason: /no password and no access keys[\s\S]*credentials removed/
    },
    {
      label: 'a password',
      rootFacts: facts({ passwordPresent: true }),
      keys: 'false',
      verdict: 'fail',
      reason: /console password and no MFA/
    },
    {
      label: 'no password but access keys',
      rootFacts: facts({ passwordPresent: false, accessKeysPresent: true }),
      keys: 'false',
      verdict: 'fail',
      reason: /access keys/
    },
    {
      label:
        'no password and no keys per GetAccountSummary (live), though the older report still shows a key',
      rootFacts: facts({ passwordPresent: false, accessKeysPresent: false }),
      keys: 'true',
      verdict: 'pass',
      reason: /no password and no access keys/
    },
    {
      label: 'an unknown password state',
      rootFacts: facts({ passwordPresent: undefined }),
      keys: 'false',
      verdict: 'fail',
      reason: /did not say whether root has a password[\s\S]*AccountPasswordPresent/
    }
  ])(
    'live, without MFA in the report, with $label: $verdict',
    ({ rootFacts, keys, verdict, reason }) => {
      const f = rootFinding({ mfa_active: 'false', access_key_1_active: keys }, rootFacts)
      expect(f.verdict).toBe(verdict)
      expect(f.severity).toBe(verdict === 'fail' ? 'critical' : undefined)
      expect(f.remediation).toBe(verdict === 'fail' ? 'secure-root' : undefined)
      expect(f.rule).toBe('iam.root_without_mfa')
      expect(f.reason.plain).toMatch(reason)
      expect(f.reason.plain).not.toMatch(/live AWS credentials/)
    }
  )

  it('passes live when the report already shows MFA, whatever GetAccountSummary says', () => {
    const f = rootFinding(
      { mfa_active: 'true' },
      facts({ mfaEnabled: false, passwordPresent: true })
    )
    expect(f.verdict).toBe('pass')
  })
})

describe('the order of findings', () => {
  it('puts critical first, then high, then the rest, each by account and then user', () => {
    const other = '222233334444'
    const otherUser = (user: string, raw: Raw = {}): Row =>
      userRow({ user, arn: `arn:aws:iam::${other}:user/${user}`, ...raw })
    const e = run([
      otherUser('zed'),
      userRow({ user: 'carl', mfa_active: 'true' }),
      otherUser('amy'),
      otherUser('aaron', { mfa_active: 'true' }),
      rootRow({ mfa_active: 'false' }, other),
      userRow({
        user: 'dan',
        user_creation_time: before(3_600_000),
        password_last_used: 'no_information'
      }),
      userRow({ user: 'bob' }),
      rootRow({ mfa_active: 'false' })
    ])
    expect(e.findings.map(f => `${f.account}/${f.user}/${f.severity ?? f.verdict}`)).toEqual([
      `${ACCOUNT}/<root_account>/critical`,
      `${other}/<root_account>/critical`,
      `${ACCOUNT}/bob/high`,
      `${other}/amy/high`,
      `${other}/zed/high`,
      `${ACCOUNT}/carl/pass`,
      `${ACCOUNT}/dan/pending`,
      `${other}/aaron/pass`
    ])
  })

  it('judges every row exactly once', () => {
    const users = ['u1', 'u2', 'u3', 'u4']
    const e = run([rootRow(), ...users.map(user => userRow({ user }))])
    expect(e.findings).toHaveLength(5)
    expect(e.findings.map(f => f.user).sort()).toEqual(['<root_account>', ...users])
  })
})
