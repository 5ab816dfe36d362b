import { describe, expect, it } from '@jest/globals'
import { enrichFindings } from '../../src/core/enrich.js'
import { evaluate } from '../../src/core/evaluate.js'
import { parseOwnerTag } from '../../src/core/owner.js'
import type { Finding, MfaKind } from '../../src/core/types.js'
import {
  MARKER_PREFIX,
  digestOf,
  issueBody,
  issueKey,
  issueTitle,
  markerLine,
  parseMarker,
  withMarkerState,
  type IssueContext
} from '../../src/issues/issue-content.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { escapeMarkdown } from '../../src/render/escape.js'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

// --- Real findings: CSV rows through the real parser and evaluate(); variants spread from them. ---

const NOW = new Date('2026-11-30T12:00:00Z')
const DAY = 86_400_000
const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '999988887777'
const WORKFLOW = 'https://github.com/acme/security/actions/workflows/iam-mfa.yml'

function findingsOf(rows: readonly RowFields[], now: Date = NOW): readonly Finding[] {
  return evaluate(
    parseCredentialReport(reportCsv(rows)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    now
  ).findings
}

function only(rows: readonly RowFields[], user: string, now: Date = NOW): Finding {
  const f = findingsOf(rows, now).find(x => x.user === user)
  if (!f) throw new Error(`no finding for ${user}`)
  return f
}

/** A console user with a password used yesterday and no MFA: fails high, enroll MFA. */
const failing = (user = 'alice', fields: RowFields = {}, account = ACCOUNT): Finding =>
  only([userRow(user, fields, account)], user)

const alice = failing()
const inactiveAlice = failing('alice', { password_last_used: '2026-06-01T10:00:00+00:00' })
const root = only([rootRow()], '<root_account>')
const privileged: Finding = {
  ...alice,
  rule: 'iam.privileged_users_without_mfa',
  severity: 'critical',
  privilegedVia: 'group admins: attached policy AdministratorAccess',
  reason: `Privileged (group admins: attached policy AdministratorAccess). ${alice.reason}`
}

/** A user with only a virtual MFA device while phishing-resistant MFA is required (real enrich). */
function phishable(): Finding {
  const evaluation = evaluate(
    parseCredentialReport(reportCsv([userRow('alice', { mfa_active: 'true' })])),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    NOW
  )
  const kinds: readonly MfaKind[] = ['virtual']
  const enriched = enrichFindings(
    evaluation,
    {
      checks: new Map(),
      authz: new Map(),
      localPolicies: new Map(),
      devices: new Map([['alice', kinds]]),
      notes: []
    },
    { ownerTag: 'owner', exemptTag: 'mfa-exempt', requirePhishingResistant: true },
    NOW
  )
  const f = enriched.findings[0]
  if (!f) throw new Error('no finding')
  return f
}

const ctx = (over: Partial<IssueContext> = {}): IssueContext => ({
  accountLabel: account => `account ${account}`,
  workflowUrl: undefined,
  ownerNotAssignable: false,
  ...over
})

const body = (f: Finding, over: Partial<IssueContext> = {}, now: Date = NOW): string =>
  issueBody(f, ctx(over), now)

describe('the real findings these tests are built on', () => {
  it('are what the planner sees for each remediation', () => {
    expect(alice).toMatchObject({ verdict: 'fail', severity: 'high', remediation: 'enroll-mfa' })
    expect(inactiveAlice).toMatchObject({
      verdict: 'fail',
      remediation: 'remove-console-password',
      password: { inactive: true }
    })
    expect(root).toMatchObject({ verdict: 'fail', severity: 'critical', isRoot: true })
    expect(phishable()).toMatchObject({
      verdict: 'fail',
      rule: 'iam.users_without_phishing_resistant_mfa',
      remediation: 'add-security-key'
    })
  })
})

// --- Identity: the key. ---

describe('issueKey', () => {
  it('is 24 hex characters', () => {
    expect(issueKey(alice)).toMatch(/^[a-f0-9]{24}$/)
  })

  it.each(['alice', 'ALICE', 'Alice', 'aLiCe'])(
    'is the same for user name %s (IAM names are case-insensitive)',
    name => {
      expect(issueKey({ ...alice, user: name })).toBe(issueKey(alice))
    }
  )

  it('is stable across runs, report times and evidence', () => {
    const later = only([userRow('alice')], 'alice', new Date(NOW.getTime() + 30 * DAY))
    expect(later.reason).not.toBe(alice.reason)
    expect(issueKey(later)).toBe(issueKey(alice))
  })

  it.each<[string, Pick<Finding, 'account' | 'user' | 'rule' | 'isRoot'>]>([
    ['another account', { ...alice, account: OTHER_ACCOUNT }],
    ['another rule', { ...alice, rule: 'iam.privileged_users_without_mfa' }],
    ['the phishing-resistant rule', { ...alice, rule: 'iam.users_without_phishing_resistant_mfa' }],
    ['another user', { ...alice, user: 'bob' }],
    ['the root user', root]
  ])('differs for %s', (_name, other) => {
    expect(issueKey(other)).not.toBe(issueKey(alice))
  })

  it('is the same for the root users of one account, different across accounts', () => {
    const otherRoot = only([rootRow({}, OTHER_ACCOUNT)], '<root_account>')
    expect(issueKey({ ...root })).toBe(issueKey(root))
    expect(issueKey(otherRoot)).not.toBe(issueKey(root))
  })
})

// --- Identity: the hidden marker. ---

describe('the marker line', () => {
  it('is the first line of the body and parses back to key, account and digest', () => {
    const b = body(alice)
    const first = b.split('\n')[0] ?? ''
    expect(first.startsWith(MARKER_PREFIX)).toBe(true)
    expect(first).toBe(markerLine(alice, digestOf(alice, false)))
    expect(parseMarker(b)).toEqual({
      key: issueKey(alice),
      account: ACCOUNT,
      digest: digestOf(alice, false),
      state: undefined
    })
  })

  it('is an HTML comment, hidden when GitHub renders the body', () => {
    expect(body(alice)).toMatch(/^<!-- [^\n]* -->\n/)
  })

  it('records the digest for the owner-not-assignable variant', () => {
    expect(parseMarker(body(alice, { ownerNotAssignable: true }))?.digest).toBe(
      digestOf(alice, true)
    )
  })

  it.each(['exempt', 'pending'])('carries state=%s after withMarkerState', state => {
    const b = body(alice)
    const withState = withMarkerState(b, state)
    expect(parseMarker(withState)).toEqual({ ...parseMarker(b), state })
    expect(withState.split('\n').slice(1)).toEqual(b.split('\n').slice(1))
  })

  it('replaces an existing state instead of adding a second one', () => {
    const twice = withMarkerState(withMarkerState(body(alice), 'exempt'), 'pending')
    expect(parseMarker(twice)?.state).toBe('pending')
    expect(twice.split('\n')[0]).not.toContain('exempt')
  })

  it('leaves a body without the marker unchanged in withMarkerState', () => {
    expect(withMarkerState('Just a note.', 'exempt')).toBe('Just a note.')
  })

  const good = body(alice)
  const line = good.split('\n')[0] ?? ''
  const key = issueKey(alice)
  const digest = digestOf(alice, false)
  it.each<[string, string | null | undefined]>([
    ['an empty body', ''],
    ['a null body (GitHub sends null)', null],
    ['an undefined body', undefined],
    ['a body a person wrote', 'alice has no MFA, please fix'],
    ['a marker that is not on the first line', `Hello\n${good}`],
    ['a key that is not hex', good.replace(`key=${key}`, `key=${'z'.repeat(24)}`)],
    ['a key one character short', good.replace(`key=${key}`, `key=${key.slice(1)}`)],
    ['an account that is not 12 digits', good.replace(`account=${ACCOUNT}`, 'account=12345')],
    ['an account with letters', good.replace(`account=${ACCOUNT}`, 'account=12345678901x')],
    ['a digest cut short', good.replace(`digest=${digest}`, `digest=${digest.slice(0, 8)}`)],
    ['a different prefix', good.replace('posturio-iam-mfa:', 'posturio-other:')],
    ['a marker without its closing', line.replace(' -->', '')]
  ])('is not found in %s', (_name, text) => {
    expect(parseMarker(text)).toBeUndefined()
  })
})

// --- The digest of the managed content. ---

describe('digestOf', () => {
  const base = digestOf(alice, false)

  it('is 16 hex characters and deterministic', () => {
    expect(base).toMatch(/^[a-f0-9]{16}$/)
    expect(digestOf({ ...alice }, false)).toBe(base)
  })

  it.each<[string, Finding, boolean]>([
    ['severity', { ...alice, severity: 'critical' }, false],
    ['rule', { ...alice, rule: 'iam.privileged_users_without_mfa' }, false],
    ['remediation', { ...alice, remediation: 'remove-console-password' }, false],
    ['inactive password', inactiveAlice, false],
    ['owner set', { ...alice, owner: 'octocat' }, false],
    ['owner changed', { ...alice, owner: 'hubot' }, false],
    ['privilegedVia', { ...alice, privilegedVia: 'attached policy AdministratorAccess' }, false],
    ['owner not assignable', alice, true],
    ['owner problem', { ...alice, ownerProblem: 'tag owner holds "x y"' }, false]
  ])('changes when the %s changes', (_what, changed, notAssignable) => {
    expect(digestOf(changed, notAssignable)).not.toBe(base)
  })

  it('tells two owners apart', () => {
    expect(digestOf({ ...alice, owner: 'octocat' }, false)).not.toBe(
      digestOf({ ...alice, owner: 'hubot' }, false)
    )
  })

  it('does not change when only the scan time changes (the body evidence does)', () => {
    const tomorrow = new Date(NOW.getTime() + DAY)
    const later = only([userRow('alice')], 'alice', tomorrow)
    expect(later.reason).not.toBe(alice.reason)
    expect(digestOf(later, false)).toBe(base)
    const b1 = body(alice)
    const b2 = body(later, {}, tomorrow)
    expect(b2).not.toBe(b1)
    expect(parseMarker(b2)).toEqual(parseMarker(b1))
  })

  it('does not change with the live check, its time or its detail', () => {
    const checked: Finding = {
      ...alice,
      live: {
        status: 'confirmed',
        detail: 'Still a console password and no MFA device, verified live at 2026-11-30T11:59Z',
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    }
    const rechecked: Finding = {
      ...alice,
      live: {
        status: 'not-reverified',
        detail: 'not re-verified: AWS denied iam:ListMFADevices',
        checkedAt: '2026-12-01T08:00:00.000Z'
      }
    }
    expect(digestOf(checked, false)).toBe(base)
    expect(digestOf(rechecked, false)).toBe(base)
  })

  it('does not change when the password was used more recently (still active)', () => {
    const usedToday = failing('alice', { password_last_used: '2026-11-30T09:00:00+00:00' })
    expect(usedToday.password?.lastUsed).not.toBe(alice.password?.lastUsed)
    expect(digestOf(usedToday, false)).toBe(base)
  })
})

// --- Title. ---

describe('issueTitle', () => {
  it.each<[string, Finding, string]>([
    ['a user', alice, `IAM user alice in account ${ACCOUNT} can sign in without MFA`],
    ['the root user', root, `Root user in account ${ACCOUNT} can sign in without MFA`],
    [
      'a privileged user',
      privileged,
      `Privileged IAM user alice in account ${ACCOUNT} can sign in without MFA`
    ],
    [
      'a user without phishing-resistant MFA',
      phishable(),
      `IAM user alice in account ${ACCOUNT} has no phishing-resistant MFA`
    ]
  ])('names %s', (_who, f, title) => {
    expect(issueTitle(f, `account ${ACCOUNT}`)).toBe(title)
  })

  it('uses the account label it is given (alias or id)', () => {
    expect(issueTitle(alice, 'prod-main')).toBe(
      'IAM user alice in prod-main can sign in without MFA'
    )
  })
})

// --- Body. ---

describe('issueBody', () => {
  const HOSTILE = '<img src=x onerror=alert(1)> @team | [x](y)'

  it.each<[string, Finding]>([
    ['an IAM user name', { ...alice, user: HOSTILE }],
    ['a reason', { ...alice, reason: HOSTILE }],
    [
      'a live check detail',
      {
        ...alice,
        live: { status: 'confirmed', detail: HOSTILE, checkedAt: '2026-11-30T11:59:00.000Z' }
      }
    ],
    ['the privileged-through policy', { ...privileged, privilegedVia: HOSTILE }],
    ['a malformed owner tag (owner problem)', { ...alice, ownerProblem: HOSTILE }]
  ])('escapes %s', (_what, f) => {
    const b = body(f)
    expect(b).not.toContain('<img')
    expect(b).not.toContain('@team')
    expect(b).not.toContain('[x](y)')
    expect(b).not.toContain('|')
    expect(b).toContain(escapeMarkdown(HOSTILE))
  })

  it('escapes the account label', () => {
    const b = body(alice, { accountLabel: () => '@team [x](y)' })
    expect(b).not.toContain('@team')
    expect(b).toContain(escapeMarkdown('@team [x](y)'))
  })

  it('states severity, rule, account and identity', () => {
    const b = body(privileged)
    expect(b).toContain('**Severity:** critical (`iam.privileged_users_without_mfa`)')
    expect(b).toContain(`account ${ACCOUNT}`)
    expect(b).toContain('**Identity:** alice')
    expect(body(root)).toContain('**Identity:** root user')
  })

  it('carries the evidence: reason, password use, live check and privilege', () => {
    const f: Finding = {
      ...privileged,
      live: {
        status: 'confirmed',
        detail: 'Still no MFA device, verified live at 2026-11-30T11:59Z',
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    }
    const b = body(f)
    expect(b).toContain('### Evidence (as of 2026-11-30 12:00 UTC)')
    expect(b).toContain(`- Finding: ${escapeMarkdown(f.reason)}`)
    expect(b).toContain('- Password last used: 2026-11-29 10:00 UTC')
    expect(b).toContain(
      `- Live check: ${escapeMarkdown('Still no MFA device, verified live at 2026-11-30T11:59Z')}`
    )
    expect(b).toContain(`- Privileged through: ${escapeMarkdown(privileged.privilegedVia ?? '')}`)
  })

  it('marks an inactive password and says never for an unused one', () => {
    expect(body(inactiveAlice)).toMatch(/Password last used: 2026-06-01 10:00 UTC \(inactive\)/)
    const never = failing('alice', {
      user_creation_time: '2026-11-01T00:00:00+00:00',
      password_last_used: 'no_information'
    })
    expect(body(never)).toContain('- Password last used: never')
  })

  describe('owner line', () => {
    it.each<[string, Finding, boolean, string]>([
      ['mentions a valid owner', { ...alice, owner: 'octocat' }, false, '**Owner:** @octocat'],
      [
        'mentions an owner team',
        { ...alice, owner: 'acme/platform' },
        false,
        '**Owner:** @acme/platform'
      ],
      [
        'says an owner could not be assigned',
        { ...alice, owner: 'octocat' },
        true,
        '**Owner:** @octocat (could not be assigned here: not a collaborator of this repository)'
      ],
      ['asks for a tag when there is no owner', alice, false, '**Owner:** not set']
    ])('%s', (_name, f, notAssignable, expected) => {
      const b = body(f, { ownerNotAssignable: notAssignable })
      expect(b).toContain(expected)
    })

    it('does not say "could not be assigned" when the owner is assignable', () => {
      expect(body({ ...alice, owner: 'octocat' })).not.toContain('could not be assigned')
    })

    it.each(['@evil-team please', 'acme/team/extra', '@everyone now', 'octo cat'])(
      'never mentions a malformed owner tag %j',
      value => {
        const parsed = parseOwnerTag('owner', value)
        if (!('problem' in parsed)) throw new Error(`${value} should be malformed`)
        const b = body({ ...alice, ownerProblem: parsed.problem })
        expect(b).toContain('**Owner:** none:')
        expect(b).not.toMatch(/(^|[^\w&#])@[A-Za-z]/m)
      }
    )
  })

  describe('what to do', () => {
    it.each<[string, Finding, RegExp, RegExp[]]>([
      [
        'enroll MFA for an active user',
        alice,
        /Enroll MFA/,
        [/delete-login-profile/, /Sign in as root/]
      ],
      [
        'remove console access for an inactive user',
        inactiveAlice,
        /aws iam delete-login-profile/,
        [/Enroll MFA/, /Sign in as root/]
      ],
      [
        'secure the root user',
        root,
        /Sign in as root[\s\S]*Root access management/,
        [/Enroll MFA/, /delete-login-profile/]
      ],
      [
        'add a security key',
        phishable(),
        /Register a FIDO security key/,
        [/Enroll MFA/, /delete-login-profile/]
      ]
    ])('tells the owner to %s', (_what, f, does, doesNot) => {
      const section = body(f).split('### What to do')[1]?.split('###')[0] ?? ''
      expect(section).toMatch(does)
      for (const other of doesNot) expect(section).not.toMatch(other)
    })
  })

  it('links the workflow to re-run when its URL is known', () => {
    expect(body(alice, { workflowUrl: WORKFLOW })).toContain(`[re-run the workflow](${WORKFLOW})`)
  })

  it('still says how to verify, without a link, when the URL is unknown', () => {
    const b = body(alice)
    expect(b).toContain('re-run the workflow')
    expect(b).not.toContain('](')
  })

  it('stays under GitHub’s 65,536-character body limit for a 64-character name', () => {
    const name = '@'.repeat(64)
    const f: Finding = {
      ...privileged,
      user: name,
      reason: `${'['.repeat(500)} ${name}`,
      privilegedVia: `group ${'_'.repeat(128)}: attached policy ${'+'.repeat(128)}`,
      live: { status: 'confirmed', detail: '|'.repeat(1000), checkedAt: '2026-11-30T11:59:00.000Z' }
    }
    const b = body(f, { workflowUrl: WORKFLOW })
    expect(b.length).toBeLessThan(65_536)
    expect(b).toContain(escapeMarkdown(name))
  })

  it('is the same for the same finding, context and time (no hidden randomness)', () => {
    expect(body(alice, { workflowUrl: WORKFLOW })).toBe(body(alice, { workflowUrl: WORKFLOW }))
  })
})
