import { describe, expect, it } from '@jest/globals'
import { enrichFindings, type EnrichOptions, type LiveFacts } from '../../src/core/enrich.js'
import { evaluate } from '../../src/core/evaluate.js'
import type { AttachedPolicy, GroupAuthz, UserAuthz } from '../../src/core/privilege.js'
import type { Evaluation, Finding, LiveCheck, MfaKind } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { code, md, text, type Md } from '../../src/text/markdown.js'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

// --- Real findings: CSV rows through the real parser and evaluate(), then enriched with facts built by hand. ---

const NOW = new Date('2026-11-30T12:00:00Z')
const CHECKED = '2026-11-30T11:59:00.000Z'
const ACCOUNT = '123456789012'

function evaluation(rows: readonly RowFields[]): Evaluation {
  return evaluate(
    parseCredentialReport(reportCsv(rows)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    NOW
  )
}

const OPTIONS: EnrichOptions = {
  ownerTag: 'owner',
  exemptTag: 'mfa-exempt',
  requirePhishingResistant: false
}

type Check = LiveCheck & { kinds?: MfaKind[] }

interface FactsInput {
  checks?: Record<string, Check>
  authz?: readonly UserAuthz[]
  localPolicies?: Record<string, unknown>
  devices?: Record<string, readonly MfaKind[]>
  notes?: readonly Md[]
}

function facts(input: FactsInput = {}): LiveFacts {
  return {
    checks: new Map(Object.entries(input.checks ?? {})),
    authz: new Map((input.authz ?? []).map(a => [a.user, a])),
    localPolicies: new Map(Object.entries(input.localPolicies ?? {})),
    devices: new Map(Object.entries(input.devices ?? {})),
    notes: input.notes ?? []
  }
}

function authz(user: string, over: Partial<Omit<UserAuthz, 'user'>> = {}): UserAuthz {
  return { user, tags: {}, attached: [], inline: [], groups: [], ...over }
}

const ADMIN: AttachedPolicy = {
  name: 'AdministratorAccess',
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess'
}
const admins: GroupAuthz = { name: 'admins', attached: [ADMIN], inline: [] }

function enrich(
  rows: readonly RowFields[],
  input: FactsInput = {},
  options: Partial<EnrichOptions> = {},
  now: Date = NOW
): Evaluation {
  return enrichFindings(evaluation(rows), facts(input), { ...OPTIONS, ...options }, now)
}

function findingFor(e: Evaluation, user: string): Finding {
  const found = e.findings.find(f => f.user === user)
  if (!found) throw new Error(`no finding for ${user}`)
  return found
}

/** The enriched finding for one failing console user named `user`. */
function one(user: string, input: FactsInput, options: Partial<EnrichOptions> = {}): Finding {
  return findingFor(enrich([userRow(user)], input, options), user)
}

// --- Live re-verification. ---

describe('live re-verification of a failing user', () => {
  it('turns a user fixed since the report into a pass, with the evidence in the reason', () => {
    const detail = text(
      'MFA device (virtual authenticator) enrolled 2026-11-30 10:02 UTC, after the report was generated at 2026-11-30 08:00 UTC'
    )
    const f = one('alice', {
      checks: { alice: { status: 'fixed', detail, checkedAt: CHECKED, kinds: ['virtual'] } }
    })
    expect(f).toMatchObject({
      verdict: 'pass',
      severity: undefined,
      remediation: undefined,
      live: { status: 'fixed', detail, checkedAt: CHECKED },
      mfaKinds: ['virtual']
    })
    expect(f.reason.plain).toBe(`Fixed since the report was generated: ${detail.plain}.`)
    expect(f.reason.markdown).toBe(`Fixed since the report was generated: ${detail.markdown}.`)
  })

  it('does not add device kinds to a user fixed by removing the password', () => {
    const detail = md`Console password removed (${code('GetLoginProfile')}: ${code('NoSuchEntity')})`
    const f = one('alice', { checks: { alice: { status: 'fixed', detail, checkedAt: CHECKED } } })
    expect(f.verdict).toBe('pass')
    expect(f.mfaKinds).toBeUndefined()
    expect(f.reason.plain).toContain('Console password removed (GetLoginProfile: NoSuchEntity)')
  })

  it('keeps a fixed user a pass even when it is privileged and tagged', () => {
    const f = one('alice', {
      checks: { alice: { status: 'fixed', detail: text('gone'), checkedAt: CHECKED } },
      authz: [authz('alice', { attached: [ADMIN], tags: { owner: 'octocat' } })]
    })
    expect(f.verdict).toBe('pass')
    expect(f.severity).toBeUndefined()
    expect(f.privilegedVia).toBeUndefined()
  })

  it.each<[Check['status'], Md]>([
    [
      'confirmed',
      text('Still a console password and no MFA device, verified live at 2026-11-30 11:59 UTC')
    ],
    [
      'not-reverified',
      md`not re-verified: AWS denied ${code('iam:ListMFADevices')} (AccessDenied: no)`
    ]
  ])('keeps a %s user failing high and records the check', (status, detail) => {
    const f = one('alice', { checks: { alice: { status, detail, checkedAt: CHECKED } } })
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      rule: 'iam.users_without_mfa',
      remediation: 'enroll-mfa',
      live: { status, detail, checkedAt: CHECKED }
    })
    expect(f.reason.plain).toMatch(/^Console password without MFA/)
  })

  it('leaves a failing user without a live check as the report judged it', () => {
    const before = findingFor(evaluation([userRow('alice')]), 'alice')
    expect(one('alice', {})).toEqual(before)
  })
})

// --- Owner tag. ---

describe('the owner tag', () => {
  it('sets the owner from a valid tag', () => {
    const f = one('alice', { authz: [authz('alice', { tags: { owner: '@acme/platform-team' } })] })
    expect(f.owner).toBe('acme/platform-team')
    expect(f.ownerProblem).toBeUndefined()
  })

  it('sets ownerProblem and no owner from a malformed tag', () => {
    const f = one('alice', { authz: [authz('alice', { tags: { owner: 'octo--cat' } })] })
    expect(f.owner).toBeUndefined()
    expect(f.ownerProblem?.plain).toMatch(/tag owner holds "octo--cat".*no owner is assigned/)
  })

  it('reads the tag named by the ownerTag option, not any other', () => {
    const tags = { owner: 'wrong', 'team-owner': 'octocat' }
    const f = one('alice', { authz: [authz('alice', { tags })] }, { ownerTag: 'team-owner' })
    expect(f.owner).toBe('octocat')
  })

  it('sets neither owner nor ownerProblem when the user has no owner tag', () => {
    const f = one('alice', { authz: [authz('alice')] })
    expect(f).not.toHaveProperty('owner')
    expect(f).not.toHaveProperty('ownerProblem')
  })
})

// --- Exempt tag. ---

describe('the exempt tag', () => {
  const tagged = (value: string): FactsInput => ({
    authz: [authz('alice', { tags: { 'mfa-exempt': value } })]
  })

  it('exempts an unprivileged user while the tag is active', () => {
    const e = enrich([userRow('alice')], tagged('sealed break-glass;until=2027-01-31'))
    const f = findingFor(e, 'alice')
    expect(f).toMatchObject({
      verdict: 'exempt',
      severity: undefined,
      remediation: undefined,
      exemption: { until: '2027-01-31', reason: 'sealed break-glass', source: 'tag mfa-exempt' }
    })
    expect(f.reason.plain).toBe('Exempt by tag mfa-exempt until 2027-01-31: sealed break-glass.')
    expect(e.notes).toEqual([])
  })

  it('exempts with no expiry when the tag has no until, and says so', () => {
    const f = one('alice', tagged('vendor account'))
    expect(f.verdict).toBe('exempt')
    expect(f.exemption).toEqual({
      until: undefined,
      reason: 'vendor account',
      source: 'tag mfa-exempt'
    })
    expect(f.reason.plain).toContain('with no expiry')
  })

  it('still exempts on the until day itself', () => {
    const e = enrich(
      [userRow('alice')],
      tagged('sealed;until=2026-11-30'),
      {},
      new Date('2026-11-30T23:59:59Z')
    )
    expect(findingFor(e, 'alice').verdict).toBe('exempt')
  })

  it('keeps a user with an expired tag failing and reports the lapse', () => {
    const f = one('alice', tagged('sealed;until=2026-11-29'))
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'high',
      exemption: undefined,
      lapsedExemption: { until: '2026-11-29', source: 'tag mfa-exempt' }
    })
  })

  it('keeps a user with a malformed tag failing and adds a note', () => {
    const e = enrich([userRow('alice')], tagged('sealed;until=next-year'))
    const f = findingFor(e, 'alice')
    expect(f.verdict).toBe('fail')
    expect(f.exemption).toBeUndefined()
    expect(f.lapsedExemption).toBeUndefined()
    expect(e.notes?.map(n => n.plain)).toEqual([
      'tag mfa-exempt on alice has until=next-year, not a YYYY-MM-DD date; the exemption is ignored.'
    ])
  })

  it('does not exempt a privileged user by tag: it stays critical and a note says the tag is ignored', () => {
    const e = enrich(
      [userRow('alice')],
      {
        authz: [
          authz('alice', { groups: [admins], tags: { 'mfa-exempt': 'sealed;until=2027-01-31' } })
        ]
      },
      {}
    )
    const f = findingFor(e, 'alice')
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'critical',
      rule: 'iam.privileged_users_without_mfa',
      exemption: undefined
    })
    expect(f.privilegedVia?.plain).toBe('group admins: attached policy AdministratorAccess')
    expect(e.notes).toHaveLength(1)
    expect(e.notes?.[0]?.plain).toContain(
      'alice is privileged (group admins: attached policy AdministratorAccess)'
    )
    expect(e.notes?.[0]?.plain).toContain('its mfa-exempt tag is ignored')
    expect(e.notes?.[0]?.markdown).toContain(
      '(group `admins`: attached policy `AdministratorAccess`)'
    )
    expect(e.notes?.[0]?.markdown).toContain('`exempt-users` input')
  })

  it('reads the tag named by the exemptTag option', () => {
    const f = one(
      'alice',
      { authz: [authz('alice', { tags: { 'posturio-exempt': 'vendor' } })] },
      { exemptTag: 'posturio-exempt' }
    )
    expect(f.verdict).toBe('exempt')
    expect(f.exemption?.source).toBe('tag posturio-exempt')
  })
})

// --- Privilege. ---

describe('a privileged failing user', () => {
  it('moves to the privileged rule at critical severity, naming the policy', () => {
    const f = one('alice', { authz: [authz('alice', { attached: [ADMIN] })] })
    expect(f).toMatchObject({
      verdict: 'fail',
      rule: 'iam.privileged_users_without_mfa',
      severity: 'critical',
      remediation: 'enroll-mfa'
    })
    expect(f.privilegedVia?.plain).toBe('attached policy AdministratorAccess')
    expect(f.reason.plain).toMatch(
      /^Privileged \(attached policy AdministratorAccess\)\. Console password without MFA/
    )
  })

  it('is judged privileged through a customer managed policy in localPolicies', () => {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/local`
    const f = one('alice', {
      authz: [authz('alice', { attached: [{ name: 'local', arn }] })],
      localPolicies: {
        [arn]: encodeURIComponent(
          JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] })
        )
      }
    })
    expect(f.privilegedVia?.plain).toBe('attached policy local (allows iam:*)')
    expect(f.privilegedVia?.markdown).toBe('attached policy `local` (allows `iam:*`)')
    expect(f.severity).toBe('critical')
  })

  it('is sorted before high findings', () => {
    const e = enrich([userRow('aaron'), userRow('bob'), userRow('zed')], {
      authz: [authz('zed', { groups: [admins] }), authz('aaron'), authz('bob')]
    })
    expect(e.findings.map(f => `${f.user}/${f.severity ?? f.verdict}`)).toEqual([
      'zed/critical',
      'aaron/high',
      'bob/high'
    ])
  })

  it('keeps a not-reverified live check alongside the privilege', () => {
    const f = one('alice', {
      checks: { alice: { status: 'not-reverified', detail: text('denied'), checkedAt: CHECKED } },
      authz: [authz('alice', { attached: [ADMIN], tags: { owner: 'octocat' } })]
    })
    expect(f).toMatchObject({
      severity: 'critical',
      owner: 'octocat',
      live: { status: 'not-reverified', detail: text('denied'), checkedAt: CHECKED }
    })
  })
})

// --- MFA strength of passing users. ---

describe('phishing-resistant MFA for passing users', () => {
  const passing = [userRow('alice', { mfa_active: 'true' })]

  it.each<[string, readonly MfaKind[], string]>([
    ['a virtual device', ['virtual'], 'a virtual authenticator app'],
    ['two virtual devices', ['virtual', 'virtual'], 'a virtual authenticator app'],
    [
      'a hardware TOTP and a virtual device',
      ['hardware-totp', 'virtual'],
      'a hardware TOTP token and a virtual authenticator app'
    ]
  ])('fails medium a user with only %s when phishing resistance is required', (_l, kinds, said) => {
    const f = findingFor(
      enrich(passing, { devices: { alice: kinds } }, { requirePhishingResistant: true }),
      'alice'
    )
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'medium',
      rule: 'iam.users_without_phishing_resistant_mfa',
      remediation: 'add-security-key',
      mfaKinds: kinds
    })
    expect(f.reason.plain).toContain(`MFA is active but only ${said},`)
  })

  it('fails a user the report shows with MFA but who has no device now', () => {
    const f = findingFor(
      enrich(passing, { devices: { alice: [] } }, { requirePhishingResistant: true }),
      'alice'
    )
    expect(f).toMatchObject({ verdict: 'fail', severity: 'high', rule: 'iam.users_without_mfa' })
    expect(f.reason.plain).toContain('no MFA device is enrolled now')
  })

  it('fails medium a user fixed live with only a virtual device', () => {
    const f = one(
      'alice',
      {
        checks: {
          alice: { status: 'fixed', detail: text('x'), checkedAt: CHECKED, kinds: ['virtual'] }
        }
      },
      { requirePhishingResistant: true }
    )
    expect(f).toMatchObject({
      verdict: 'fail',
      severity: 'medium',
      rule: 'iam.users_without_phishing_resistant_mfa'
    })
  })

  it('keeps a user with a FIDO key passing, with its device kinds', () => {
    const f = findingFor(
      enrich(
        passing,
        { devices: { alice: ['virtual', 'fido'] } },
        { requirePhishingResistant: true }
      ),
      'alice'
    )
    expect(f).toMatchObject({ verdict: 'pass', severity: undefined, mfaKinds: ['virtual', 'fido'] })
  })

  it('keeps a user with only a virtual device passing when phishing resistance is not required', () => {
    const f = findingFor(
      enrich(passing, { devices: { alice: ['virtual'] } }, { requirePhishingResistant: false }),
      'alice'
    )
    expect(f).toMatchObject({
      verdict: 'pass',
      rule: 'iam.users_without_mfa',
      mfaKinds: ['virtual']
    })
  })

  it('leaves a passing user whose devices were not listed unchanged', () => {
    const before = evaluation(passing)
    const e = enrich(passing, {}, { requirePhishingResistant: true })
    expect(findingFor(e, 'alice')).toEqual(findingFor(before, 'alice'))
  })

  it('sorts a medium finding after high and before passing users', () => {
    const e = enrich(
      [
        userRow('carl', { mfa_active: 'true' }),
        userRow('alice', { mfa_active: 'true' }),
        userRow('bob')
      ],
      { devices: { alice: ['virtual'], carl: ['fido'] } },
      { requirePhishingResistant: true }
    )
    expect(e.findings.map(f => `${f.user}/${f.severity ?? f.verdict}`)).toEqual([
      'bob/high',
      'alice/medium',
      'carl/pass'
    ])
  })
})

// --- What is left alone, and notes. ---

describe('what enrichment leaves alone', () => {
  it('does not touch root findings, even with facts filed under the root user name', () => {
    const rows = [rootRow({ mfa_active: 'false' })]
    const before = evaluation(rows)
    const e = enrich(
      rows,
      {
        checks: { '<root_account>': { status: 'fixed', detail: text('x'), checkedAt: CHECKED } },
        authz: [authz('<root_account>', { attached: [ADMIN], tags: { owner: 'octocat' } })],
        devices: { '<root_account>': ['virtual'] }
      },
      { requirePhishingResistant: true }
    )
    expect(e.findings).toEqual(before.findings)
  })

  it('does not touch not-applicable users', () => {
    const rows = [userRow('api', { password_enabled: 'false', password_last_used: 'N/A' })]
    const before = evaluation(rows)
    const e = enrich(rows, {
      checks: { api: { status: 'fixed', detail: text('x'), checkedAt: CHECKED } },
      authz: [authz('api', { attached: [ADMIN] })]
    })
    expect(e.findings).toEqual(before.findings)
  })

  it('carries notes from the evaluation and the facts through, in that order, before its own', () => {
    const base: Evaluation = { ...evaluation([userRow('alice')]), notes: [text('from evaluate')] }
    const e = enrichFindings(
      base,
      facts({
        notes: [text('from facts')],
        authz: [authz('alice', { tags: { 'mfa-exempt': 'x;until=bad' } })]
      }),
      OPTIONS,
      NOW
    )
    expect(e.notes?.map(n => n.plain).slice(0, 2)).toEqual(['from evaluate', 'from facts'])
    expect(e.notes).toHaveLength(3)
    expect(e.notes?.[2]?.plain).toContain('until=bad')
  })

  it('keeps unusedExemptions from the evaluation', () => {
    const base = evaluate(
      parseCredentialReport(reportCsv([userRow('alice')])),
      {
        gracePeriodDays: 1,
        inactiveDays: 45,
        exemptions: [
          { pattern: 'ghost', until: undefined, reason: undefined, source: 'exempt-users line 1' }
        ],
        rootFacts: undefined
      },
      NOW
    )
    const e = enrichFindings(base, facts(), OPTIONS, NOW)
    expect(e.unusedExemptions).toEqual(base.unusedExemptions)
    expect(e.unusedExemptions).toHaveLength(1)
  })
})
