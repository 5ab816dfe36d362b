import { describe, expect, it } from '@jest/globals'
import { enrichFindings } from '../../src/core/enrich.js'
import { evaluate } from '../../src/core/evaluate.js'
import { parseOwnerTag } from '../../src/core/owner.js'
import type { Finding, MfaKind } from '../../src/core/types.js'
import {
  digestOf,
  issueBody,
  issueKey,
  issueTitle,
  type IssueContext
} from '../../src/issues/issue-content.js'
import { parseMarker, withMarkerState } from '../../src/issues/issue-marker.js'

const MARKER_PREFIX = '<!-- posturio-iam-mfa:'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { escapeMarkdown } from '../../src/text/escape.js'
import { code, md } from '../../src/text/markdown.js'
import {
  codeTexts,
  renderMarkdown,
  renderProblems,
  visibleText
} from '../../scripts/lib/render-markdown.mjs'
import { allowedLink, expectReadable, HOSTILE } from '../helpers/readable.js'
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
/** As enrichFindings writes it: policy and group names are code spans. */
const VIA = md`group ${code('admins')}: attached policy ${code('AdministratorAccess')}`
const privileged: Finding = {
  ...alice,
  rule: 'iam.privileged_users_without_mfa',
  severity: 'critical',
  privilegedVia: VIA,
  reason: md`Privileged (${VIA}). ${alice.reason}`
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
  accountLabel: account => account,
  workflowUrl: undefined,
  ownerNotAssignable: false,
  acceptedRiskLabel: 'accepted-risk',
  liveChecks: true,
  ...over
})

const body = (f: Finding, over: Partial<IssueContext> = {}, now: Date = NOW): string =>
  issueBody(f, ctx(over), now)

type DigestContext = Parameters<typeof digestOf>[1]
/** The digest context the default body is written with. */
const DIGEST: DigestContext = {
  ownerNotAssignable: false,
  acceptedRiskLabel: 'accepted-risk',
  liveChecks: true
}
const digest = (f: Finding, over: Partial<DigestContext> = {}): string =>
  digestOf(f, { ...DIGEST, ...over })

/** The section of a body under a `###` heading, up to the next heading or the footer rule. */
const section = (b: string, heading: string): string =>
  b.split(`### ${heading}`)[1]?.split(/\n(?:###|---)/)[0] ?? ''

/** What a reader sees, without the invisible joiners escaping may put after `@` and `#`. */
const seen = (markdown: string): string => visibleText(markdown).replace(/[\u200b\u2060]/g, '')

/** What a reader would see wrong because of `data`: a link, HTML, a mention or an issue reference made from it. */
const madeFromData = (markdown: string, data: readonly string[]): string[] =>
  renderProblems(markdown, { allowedLinks: allowedLink, data }).filter(p =>
    /from data|not allowed/.test(p)
  )

/** Text from AWS or tags that must stay words: markup, HTML, a mention, an issue reference, a link. */
const DATA = '*bold* <img src=x> @octocat #12'

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
    expect(later.reason.markdown).not.toBe(alice.reason.markdown)
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
  it('is the first line of the body and parses back to key, account, digest, user and evidence time', () => {
    const b = body(alice)
    const first = b.split('\n')[0] ?? ''
    expect(
      first.startsWith(
        `${MARKER_PREFIX}key=${issueKey(alice)} account=${ACCOUNT} digest=${digest(alice)} `
      )
    ).toBe(true)
    expect(first.endsWith(' -->')).toBe(true)
    expect(parseMarker(b)).toEqual({
      key: issueKey(alice),
      account: ACCOUNT,
      digest: digest(alice),
      state: undefined,
      user: 'alice',
      seen: '2026-11-30T12:00:00Z',
      users: undefined
    })
  })

  it('is found wherever a person moved it in the body', () => {
    const b = body(alice)
    expect(parseMarker(`A note someone added on top.\n\n${b}`)).toEqual(parseMarker(b))
  })

  it('is an HTML comment, hidden when GitHub renders the body', () => {
    expect(body(alice)).toMatch(/^<!-- [^\n]* -->\n/)
    expect(visibleText(body(alice))).not.toContain('posturio-iam-mfa')
  })

  it.each<[string, Partial<IssueContext>]>([
    ['the owner-not-assignable variant', { ownerNotAssignable: true }],
    ['a custom accepted-risk label', { acceptedRiskLabel: 'risk-accepted' }],
    ['a run without live checks', { liveChecks: false }]
  ])('records the digest for %s', (_name, over) => {
    const recorded = parseMarker(body(alice, over))?.digest
    expect(recorded).toBe(digestOf(alice, ctx(over)))
    expect(recorded).not.toBe(digest(alice))
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
  const aliceDigest = digest(alice)
  it.each<[string, string | null | undefined]>([
    ['an empty body', ''],
    ['a null body (GitHub sends null)', null],
    ['an undefined body', undefined],
    ['a body a person wrote', 'alice has no MFA, please fix'],
    ['a key that is not hex', good.replace(`key=${key}`, `key=${'z'.repeat(24)}`)],
    ['a key one character short', good.replace(`key=${key}`, `key=${key.slice(1)}`)],
    ['an account that is not 12 digits', good.replace(`account=${ACCOUNT}`, 'account=12345')],
    ['an account with letters', good.replace(`account=${ACCOUNT}`, 'account=12345678901x')],
    [
      'a digest cut short',
      good.replace(`digest=${aliceDigest}`, `digest=${aliceDigest.slice(0, 8)}`)
    ],
    ['a different prefix', good.replace('posturio-iam-mfa:', 'posturio-other:')],
    ['a marker without its closing', line.replace(' -->', '')]
  ])('is not found in %s', (_name, text) => {
    expect(parseMarker(text)).toBeUndefined()
  })
})

// --- The digest of the managed content. ---

describe('digestOf', () => {
  const base = digest(alice)

  it('is 16 hex characters and deterministic', () => {
    expect(base).toMatch(/^[a-f0-9]{16}$/)
    expect(digestOf({ ...alice }, { ...DIGEST })).toBe(base)
  })

  it.each<[string, Finding, Partial<DigestContext>]>([
    ['severity', { ...alice, severity: 'critical' }, {}],
    ['rule', { ...alice, rule: 'iam.privileged_users_without_mfa' }, {}],
    ['remediation', { ...alice, remediation: 'remove-console-password' }, {}],
    ['inactive password', inactiveAlice, {}],
    ['owner set', { ...alice, owner: 'octocat' }, {}],
    ['owner changed', { ...alice, owner: 'hubot' }, {}],
    [
      'privilegedVia',
      { ...alice, privilegedVia: md`attached policy ${code('AdministratorAccess')}` },
      {}
    ],
    ['owner not assignable', alice, { ownerNotAssignable: true }],
    ['owner problem', { ...alice, ownerProblem: md`tag owner holds "${'x y'}"` }, {}],
    ['accepted-risk label', alice, { acceptedRiskLabel: 'risk-accepted' }],
    ['live checks setting', alice, { liveChecks: false }]
  ])('changes when the %s changes', (_what, changed, over) => {
    expect(digest(changed, over)).not.toBe(base)
  })

  it('tells two owners, two labels and two privilege paths apart', () => {
    expect(digest({ ...alice, owner: 'octocat' })).not.toBe(digest({ ...alice, owner: 'hubot' }))
    expect(digest(alice, { acceptedRiskLabel: 'risk-ok' })).not.toBe(
      digest(alice, { acceptedRiskLabel: 'risk-accepted' })
    )
    expect(digest({ ...alice, privilegedVia: md`group ${code('admins')}` })).not.toBe(
      digest({ ...alice, privilegedVia: md`group ${code('ops')}` })
    )
  })

  it('does not change when only the scan time changes (the body evidence does)', () => {
    const tomorrow = new Date(NOW.getTime() + DAY)
    const later = only([userRow('alice')], 'alice', tomorrow)
    expect(later.reason.markdown).not.toBe(alice.reason.markdown)
    expect(digest(later)).toBe(base)
    const b1 = body(alice)
    const b2 = body(later, {}, tomorrow)
    expect(b2).not.toBe(b1)
    expect(parseMarker(b2)?.digest).toBe(parseMarker(b1)?.digest)
    expect(parseMarker(b2)?.key).toBe(parseMarker(b1)?.key)
  })

  it('does not change with the live check, its time or its detail', () => {
    const checked: Finding = {
      ...alice,
      live: {
        status: 'confirmed',
        detail: md`Still a console password and no MFA device, verified live at ${'2026-11-30 11:59 UTC'}`,
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    }
    const rechecked: Finding = {
      ...alice,
      live: {
        status: 'not-reverified',
        detail: md`not re-verified: ${'AWS denied iam:ListMFADevices'}`,
        checkedAt: '2026-12-01T08:00:00.000Z'
      }
    }
    expect(digest(checked)).toBe(base)
    expect(digest(rechecked)).toBe(base)
  })

  it('does not change when the password was used more recently (still active)', () => {
    const usedToday = failing('alice', { password_last_used: '2026-11-30T09:00:00+00:00' })
    expect(usedToday.password?.lastUsed).not.toBe(alice.password?.lastUsed)
    expect(digest(usedToday)).toBe(base)
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
    expect(issueTitle(f, ctx().accountLabel(f.account))).toBe(title)
  })

  it('uses the account label it is given (alias or id)', () => {
    expect(issueTitle(alice, 'prod-main')).toBe(
      'IAM user alice in account prod-main can sign in without MFA'
    )
  })
})

// --- Body. ---

describe('issueBody', () => {
  describe('data from AWS and tags stays words, never markup', () => {
    const live = (detail: string): Finding => ({
      ...alice,
      live: {
        status: 'confirmed',
        detail: md`Still no MFA device: ${detail}`,
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    })
    const malformedOwner = (value: string): Finding => {
      const parsed = parseOwnerTag('owner', value)
      if (!('problem' in parsed)) throw new Error(`${value} should be malformed`)
      return { ...alice, ownerProblem: parsed.problem }
    }

    it.each<[string, Finding, string]>([
      ['a reason', { ...alice, reason: md`Console password without MFA. ${DATA}` }, DATA],
      [
        'a reason from an exemption',
        { ...alice, reason: md`Exempt: ${HOSTILE.reason}` },
        HOSTILE.reason
      ],
      ['a live check detail', live(DATA), DATA],
      [
        'the privileged-through path (text)',
        { ...privileged, privilegedVia: md`tag ${DATA}` },
        DATA
      ],
      [
        'the privileged-through path (policy name as code)',
        { ...privileged, privilegedVia: md`inline policy ${code(DATA)}` },
        DATA
      ],
      ['a malformed owner tag (owner problem)', malformedOwner(DATA), DATA],
      [
        'a malformed owner tag with a link',
        malformedOwner(HOSTILE.reason.slice(0, 60)),
        HOSTILE.reason.slice(0, 60)
      ]
    ])('in %s', (_what, f, data) => {
      const b = body(f, { workflowUrl: WORKFLOW })
      expect(madeFromData(b, [data])).toEqual([])
      const { html } = renderMarkdown(b)
      expect(html).not.toMatch(/<img|<(em|strong)>(bold|creds)|href="https:\/\/evil/)
      expect(seen(b)).toContain(data)
    })

    it('in an IAM user name with "@" (the characters IAM allows), shown as code', () => {
      for (const user of ['@octocat', 'bob+ops@example.com', 'x_y=z,w.v-u']) {
        const b = body({ ...alice, user })
        expect(madeFromData(b, [user])).toEqual([])
        expect(codeTexts(b)).toEqual(
          expect.arrayContaining([user, `aws iam list-mfa-devices --user-name ${user}`])
        )
        expect(renderMarkdown(b).html).not.toContain('<a')
      }
    })

    it('in the account label', () => {
      const b = body(alice, { accountLabel: () => DATA })
      expect(madeFromData(b, [DATA])).toEqual([])
      expect(b).toContain(`**Account:** ${escapeMarkdown(DATA)} · `)
      expect(seen(b)).toContain(`Account: ${DATA} · Identity: alice`)
      expect(renderMarkdown(b).html).not.toMatch(/<img|<em>bold/)
    })
  })

  it('states severity, rule, account, identity and first sighting in one line', () => {
    const line = body(privileged).split('\n')[1] ?? ''
    expect(line).toMatch(/^\*\*Severity:\*\* critical \(`[^`]+`\) · \*\*Account:\*\* /)
    expect(seen(line)).toBe(
      `Severity: critical (iam.privileged_users_without_mfa) · Account: ${ACCOUNT} · Identity: alice · First seen: 2026-11-30 12:00 UTC`
    )
    // The rule and the user are real code spans.
    expect(codeTexts(line)).toEqual(['iam.privileged_users_without_mfa', 'alice'])
    expect(seen(body(root).split('\n')[1] ?? '')).toContain('Identity: root user ·')
    expect(seen(body(alice, { firstSeen: '2026-10-01T08:00:00Z' }))).toContain(
      'First seen: 2026-10-01 08:00 UTC'
    )
  })

  it.each<[string, Finding]>([
    ['a user', alice],
    ['the root user', root],
    ['a privileged user', privileged],
    ['a user without phishing-resistant MFA', phishable()]
  ])('never says "account account" for %s, in the title or the body', (_who, f) => {
    const c = ctx({ workflowUrl: WORKFLOW })
    expect(issueTitle(f, c.accountLabel(f.account))).not.toMatch(/account account/i)
    expect(issueBody(f, c, NOW)).not.toMatch(/account account/i)
    expect(visibleText(issueBody(f, c, NOW))).not.toMatch(/account account/i)
  })

  it.each<[string, Finding]>([
    ['a user', alice],
    ['an inactive user', inactiveAlice],
    ['the root user', root],
    ['a privileged user', privileged],
    ['a user without phishing-resistant MFA', phishable()]
  ])('reads cleanly once rendered for %s (real code spans, no visible markup)', (_who, f) => {
    const b = body(f, { workflowUrl: WORKFLOW, reportGeneratedAt: '2026-11-30T04:00:00Z' })
    expectReadable(b, f.isRoot ? [] : [f.user])
    expect(b).not.toContain('&#96;')
    expect(codeTexts(b)).toContain(f.rule)
  })

  it('carries the evidence: reason, report time, password use, live check and privilege', () => {
    const f: Finding = {
      ...privileged,
      live: {
        status: 'confirmed',
        detail: md`Still no MFA device, verified live at ${'2026-11-30 11:59 UTC'}`,
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    }
    const b = body(f, { reportGeneratedAt: '2026-11-30T04:00:00Z' })
    expect(seen(b)).toContain('Evidence (scan of 2026-11-30 12:00 UTC)')
    const evidence = section(b, 'Evidence')
    const items = evidence.trim().split('\n').slice(1).filter(Boolean)
    expect(items[0]).toBe(`- Finding: ${f.reason.markdown}`)
    expect(items[4]).toBe(
      '- Privileged through group `admins`: attached policy `AdministratorAccess`'
    )
    expect(items.map(seen)).toEqual([
      `Finding: ${f.reason.plain}`,
      'Credential report generated 2026-11-30 04:00 UTC',
      'Password last used: 2026-11-29 10:00 UTC',
      'Live check: Still no MFA device, verified live at 2026-11-30 11:59 UTC',
      'Privileged through group admins: attached policy AdministratorAccess'
    ])
    // The product's code spans stay code, not escaped backticks.
    expect(codeTexts(evidence)).toEqual([
      'admins',
      'AdministratorAccess',
      'admins',
      'AdministratorAccess'
    ])
    expect(seen(evidence)).toContain(
      'Privileged (group admins: attached policy AdministratorAccess). Console password without MFA.'
    )
  })

  it('writes every date one way, and no "Last seen"', () => {
    const b = body(inactiveAlice, {
      firstSeen: '2026-10-01T08:00:00Z',
      reportGeneratedAt: '2026-11-30T04:00:00Z'
    })
    const text = seen(b)
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d/)
    expect(text).not.toMatch(/last seen/i)
    const dates = text.match(/\d{4}-\d\d-\d\d[^\n]{0,10}/g) ?? []
    expect(dates.length).toBeGreaterThanOrEqual(4)
    for (const d of dates) expect(d).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC/)
  })

  it('marks an inactive password and says never for an unused one', () => {
    expect(seen(body(inactiveAlice))).toContain(
      'Password last used: 2026-06-01 10:00 UTC (inactive)'
    )
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
        '**Owner:** `octocat` (GitHub login; not mentioned or assigned: not a collaborator of this repository)'
      ],
      [
        'asks for a tag when there is no owner',
        alice,
        false,
        '**Owner:** not set. Tag the IAM user with the owner tag (a GitHub login or `org/team`) to assign one.'
      ]
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
        expect(b).toContain('**Owner:** none: tag owner holds')
        expect(madeFromData(b, [value])).toEqual([])
        expect(seen(b)).toContain(`"${value}"`)
      }
    )

    it('says how to find the owner of root, and never asks to tag an IAM user', () => {
      const b = body(root)
      const owner = b.split('\n').find(l => l.startsWith('**Owner:**')) ?? ''
      expect(owner).toMatch(/root has no tags/)
      expect(owner).toMatch(/security contact/)
      expect(codeTexts(owner)).toEqual(
        expect.arrayContaining([
          'aws account get-alternate-contact --alternate-contact-type SECURITY'
        ])
      )
      expect(b).not.toMatch(/tag the IAM user/i)
      expect(b).not.toMatch(/to assign one/)
    })
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
        /`aws iam delete-login-profile --user-name alice`/,
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
      const s = section(body(f), 'What to do')
      expect(s).toMatch(does)
      for (const other of doesNot) expect(s).not.toMatch(other)
    })

    it('writes the user name inside the command as code', () => {
      expect(codeTexts(section(body(inactiveAlice), 'What to do'))).toEqual([
        'aws iam delete-login-profile --user-name alice'
      ])
    })
  })

  describe('how to verify', () => {
    it('links the workflow to re-run when its URL is known', () => {
      expect(body(alice, { workflowUrl: WORKFLOW })).toContain(`[re-run the workflow](${WORKFLOW})`)
    })

    it('still says how to verify, without a link, when the URL is unknown', () => {
      const b = body(alice)
      expect(b).toContain('re-run the workflow')
      expect(b).not.toContain('](')
    })

    it('promises a live re-check of the user when the run checks live', () => {
      const s = section(body(alice), 'How to verify')
      expect(s).toContain(
        'The run checks the user live and closes this issue with the evidence once it passes.'
      )
      expect(s).not.toMatch(/4 hours/)
      expect(section(body(root), 'How to verify')).toContain('The run checks root live')
    })

    it.each<[string, Finding]>([
      ['a user', alice],
      ['the root user', root]
    ])(
      'explains the 4-hour report regeneration, not a live check, without live checks (%s)',
      (_who, f) => {
        const s = section(body(f, { liveChecks: false }), 'How to verify')
        expect(s).toContain(
          'AWS regenerates the credential report at most every 4 hours; the first run on a report generated after the change closes this issue with the evidence.'
        )
        expect(s).not.toMatch(/\blive\b/)
      }
    )

    it('tells how to check by hand, commands as code', () => {
      expect(codeTexts(section(body(alice), 'How to verify'))).toEqual([
        'aws iam list-mfa-devices --user-name alice',
        'aws iam get-login-profile --user-name alice',
        'NoSuchEntity'
      ])
      expect(codeTexts(section(body(root), 'How to verify'))).toEqual(
        expect.arrayContaining(['aws iam get-account-summary', 'AccountMFAEnabled'])
      )
    })
  })

  describe('footer', () => {
    const footer = (b: string): string => b.split('\n---\n')[1] ?? ''

    it('names the default accepted-risk label as code', () => {
      const f = footer(body(alice))
      expect(f).toContain('close it with the `accepted-risk` label')
      expect(codeTexts(f)).toEqual(['accepted-risk'])
    })

    it('names a custom accepted-risk label, and never "accepted-risk" then', () => {
      const b = body(alice, { acceptedRiskLabel: 'risk-accepted' })
      expect(codeTexts(footer(b))).toEqual(['risk-accepted'])
      expect(b).toContain('close it with the `risk-accepted` label')
      expect(b).not.toContain('accepted-risk')
    })

    it('shows a label a code span cannot hold as plain words', () => {
      const b = body(alice, { acceptedRiskLabel: 'risk | ok' })
      expect(seen(footer(b))).toContain('close it with the risk | ok label')
      expect(codeTexts(footer(b))).toEqual([])
    })
  })

  it('stays under GitHub’s 65,536-character body limit for a 64-character name', () => {
    const name = '@'.repeat(64)
    const f: Finding = {
      ...privileged,
      user: name,
      reason: md`${'['.repeat(500)} ${name}`,
      privilegedVia: md`group ${code('_'.repeat(128))}: attached policy ${code('+'.repeat(128))}`,
      live: {
        status: 'confirmed',
        detail: md`${'|'.repeat(1000)}`,
        checkedAt: '2026-11-30T11:59:00.000Z'
      }
    }
    const b = body(f, { workflowUrl: WORKFLOW })
    expect(b.length).toBeLessThan(65_536)
    expect(codeTexts(b)).toContain(name)
    expect(b).toContain(escapeMarkdown('|'.repeat(1000)))
  })

  it('is the same for the same finding, context and time (no hidden randomness)', () => {
    expect(body(alice, { workflowUrl: WORKFLOW })).toBe(body(alice, { workflowUrl: WORKFLOW }))
  })
})
