import { describe, expect, it } from '@jest/globals'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { RootFacts } from '../../src/core/types.js'
import { renderIncomplete } from '../../src/render/incomplete.js'
import { renderSummary, type SummaryContext } from '../../src/render/summary.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { HEADER } from '../helpers/report-csv.js'

// --- Scan results built the way the action builds them: CSV -> parse -> evaluate -> posture. ---

const COLUMNS = HEADER
type Column = (typeof COLUMNS)[number]
type Raw = Partial<Record<Column, string>>
type Row = Record<Column, string>

const ACCOUNT = '111122223333'
const NOW = new Date('2026-11-30T12:00:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR

const iso = (ms: number): string =>
  new Date(NOW.getTime() - ms).toISOString().replace('.000Z', '+00:00')

function userRow(raw: Raw = {}): Row {
  const user = raw.user ?? 'alice'
  const na = Object.fromEntries(COLUMNS.map(c => [c, 'N/A'])) as Row
  return {
    ...na,
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: '2020-01-01T00:00:00+00:00',
    password_enabled: 'true',
    password_last_used: '2026-11-29T12:00:00+00:00',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
    ...raw
  }
}

function rootRow(mfa: boolean): Row {
  return userRow({
    user: '<root_account>',
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    password_enabled: 'not_supported',
    password_last_used: 'no_information',
    mfa_active: String(mfa)
  })
}

const mfaUser = (user: string): Row => userRow({ user, mfa_active: 'true' })

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function reportCsv(rows: readonly Row[]): string {
  return [COLUMNS.join(','), ...rows.map(r => COLUMNS.map(c => csvField(r[c])).join(','))].join(
    '\n'
  )
}

interface Scan {
  readonly rows: readonly Row[]
  readonly exemptUsers?: string
  /** How long before the scan AWS generated the report; omitted: unknown (a decoded CSV). */
  readonly reportAgeMs?: number
  readonly mode?: 'live' | 'offline'
  readonly origin?: string
  readonly rootFacts?: RootFacts
  readonly gracePeriodDays?: number
}

function scanResult(scan: Scan): ScanResult {
  const rows = parseCredentialReport(reportCsv(scan.rows))
  const { exemptions, problems } = parseExemptUsers(scan.exemptUsers ?? '')
  if (problems.length > 0) throw new Error(problems.join('\n'))
  const gracePeriodDays = scan.gracePeriodDays ?? 1
  const evaluation = evaluate(
    rows,
    { gracePeriodDays, inactiveDays: 45, exemptions, rootFacts: scan.rootFacts },
    NOW
  )
  const generatedAt =
    scan.reportAgeMs === undefined ? undefined : new Date(NOW.getTime() - scan.reportAgeMs)
  return {
    check: 'iam.users_without_mfa',
    accounts: [...new Set(rows.map(r => r.accountId))].sort(),
    scannedAt: NOW.toISOString(),
    mode: scan.mode ?? 'offline',
    report: {
      origin: scan.origin ?? 'reports/credential-report.csv',
      generatedAt: generatedAt?.toISOString(),
      ageMs: scan.reportAgeMs
    },
    evaluation,
    posture: posture(evaluation.findings),
    liveChecks: 'offline',
    settings: { gracePeriodDays, inactiveDays: 45, failOn: 'none', requirePhishingResistant: false }
  }
}

const NO_CONTEXT: SummaryContext = { runUrl: undefined, reportFile: undefined }

function summary(scan: Scan, ctx: SummaryContext = NO_CONTEXT): string {
  return renderSummary(scanResult(scan), ctx)
}

/** The text under the `### title` heading, up to the next `###` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}\n`)
  if (start < 0) return ''
  const next = markdown.indexOf('\n### ', start + 4)
  return markdown.slice(start, next < 0 ? undefined : next)
}

/** The cells of the table row for `user` (first cell), or undefined. */
function tableRow(markdown: string, user: string): string[] | undefined {
  const line = markdown.split('\n').find(l => l.startsWith(`| ${user} |`))
  return line
    ?.slice(2, -2)
    .split(' | ')
    .map(c => c.trim())
}

// --- One realistic account, with one identity of each kind. ---

const EXEMPT_USERS = [
  'breakglass-* until=2027-01-31 # sealed credentials',
  'legacy-app',
  'far-future until=2028-06-30 # migration',
  'lapsed-user until=2026-11-01 # was on leave',
  'ghost-*'
].join('\n')

const ACCOUNT_ROWS: readonly Row[] = [
  rootRow(true),
  userRow({ user: 'alice' }),
  userRow({ user: 'old-timer', password_last_used: iso(100 * DAY) }),
  mfaUser('bob'),
  mfaUser('carol'),
  userRow({
    user: 'newbie',
    user_creation_time: iso(2 * HOUR),
    password_last_used: 'no_information'
  }),
  userRow({ user: 'breakglass-admin' }),
  userRow({ user: 'legacy-app' }),
  userRow({ user: 'far-future' }),
  userRow({ user: 'lapsed-user' }),
  userRow({ user: 'ci-deploy', password_enabled: 'false', password_last_used: 'N/A' })
]

const FULL: Scan = { rows: ACCOUNT_ROWS, exemptUsers: EXEMPT_USERS, reportAgeMs: 90 * 60_000 }

describe('renderSummary: headline, score and counts', () => {
  const md = summary(FULL)

  it('says how many identities can sign in without MFA', () => {
    expect(md).toMatch(
      /^## ❌ Posturio IAM MFA check: 3 identities can sign in without MFA \(4 exempt or pending users can still sign in without MFA\)\n/
    )
    expect(md).toContain(`account ${ACCOUNT}`)
    expect(md).toContain('scanned 2026-11-30 12:00 UTC')
    expect(md).toContain('saved report (offline)')
  })

  it('uses the singular for one failing identity', () => {
    expect(summary({ rows: [userRow()] })).toContain('1 identity can sign in without MFA')
  })

  it('shows the score and the grade', () => {
    expect(md).toContain('**Posture score: 50.0% · grade D**')
    expect(md).toContain('3 of 6 in-scope identities (console users and root) are protected.')
  })

  it.each([
    { label: '❌ fail', count: 3 },
    { label: '⏳ pending', count: 1 },
    { label: '🛡️ exempt', count: 3 },
    { label: '✅ pass', count: 3 },
    { label: '➖ not applicable', count: 1 }
  ])('counts $count identities as $label', ({ label, count }) => {
    expect(md).toContain(`| ${label} | ${count} |`)
  })

  it('names the grace period in the pending row of the counts', () => {
    expect(summary({ ...FULL, gracePeriodDays: 3 })).toContain('inside the 3-day grace period')
  })

  it('says when a critical finding holds the grade down', () => {
    const rows = [rootRow(false), ...Array.from({ length: 19 }, (_, i) => mfaUser(`user-${i}`))]
    const capped = summary({ rows })
    expect(capped).toContain('**Posture score: 95.0% · grade D (held to D by a critical finding)**')
  })

  it('celebrates when nobody can sign in without MFA, and gives no fix-it guidance', () => {
    const clean = summary({ rows: [rootRow(true), mfaUser('bob')] })
    expect(clean).toMatch(/^## ✅ Posturio IAM MFA check: no identity can sign in without MFA/)
    expect(clean).toContain('**Posture score: 100.0% · grade A**')
    expect(clean).not.toContain('### Failing identities')
    expect(clean).not.toContain('### How to fix')
    expect(clean).not.toContain('### How to verify the fix')
    expect(clean).not.toContain('### Warnings')
  })

  it('never says nobody can sign in without MFA while exempt users can', () => {
    const md2 = summary({
      rows: [mfaUser('bob'), userRow({ user: 'legacy-app' })],
      exemptUsers: 'legacy-app'
    })
    expect(md2).toMatch(
      /^## ⚠️ Posturio IAM MFA check: no failing identity \(1 exempt or pending user can still sign in without MFA\)/
    )
  })

  it('says when no identity is in scope', () => {
    const none = summary({
      rows: [userRow({ user: 'api', password_enabled: 'false', password_last_used: 'N/A' })]
    })
    expect(none).toContain('No identity in scope')
    expect(none).toContain('**Posture score: 100.0% · grade A**')
  })
})

describe('renderSummary: the credential report', () => {
  it('gives the generation time and the age of the report', () => {
    const md = summary(FULL)
    expect(md).toContain(
      '**Credential report:** generated 2026-11-30 10:30 UTC, 1 h 30 min before this scan (source: file reports/credential-report.csv).'
    )
    expect(md).not.toContain('[!WARNING]')
  })

  it.each([
    { label: '4 h (the regeneration interval)', ageMs: 4 * HOUR, stale: false, age: '4 h 0 min' },
    { label: '4 h 1 min', ageMs: 4 * HOUR + 60_000, stale: true, age: '4 h 1 min' },
    { label: '3 days', ageMs: 3 * DAY, stale: true, age: '3 days' },
    { label: '10 min', ageMs: 10 * 60_000, stale: false, age: '10 min' }
  ])('warns that a report $label old is stale: $stale', ({ ageMs, stale, age }) => {
    const md = summary({ rows: [userRow()], reportAgeMs: ageMs })
    expect(md).toContain(`${age} before this scan`)
    if (stale) {
      expect(md).toContain(
        `> [!WARNING]\n> This report is ${age} old: it cannot show changes made since`
      )
    } else {
      expect(md).not.toContain('[!WARNING]')
    }
  })

  it('says the generation time is unknown for a decoded CSV', () => {
    const md = summary({ rows: [userRow()] })
    expect(md).toContain('**Credential report:** generation time unknown')
    expect(md).toContain('source: file reports/credential-report.csv')
    expect(md).not.toContain('[!WARNING]')
  })

  it('names AWS as the source in live mode', () => {
    const md = summary({ rows: [userRow()], mode: 'live', reportAgeMs: HOUR })
    expect(md).toContain('live AWS credentials')
    expect(md).toContain('source: AWS GetCredentialReport')
  })
})

describe('renderSummary: the tables', () => {
  const md = summary(FULL)
  const failing = section(md, 'Failing identities')

  it('lists the failing users, and only them, in the failing table', () => {
    for (const user of ['alice', 'old-timer', 'lapsed-user'])
      expect(tableRow(failing, user)).toBeDefined()
    for (const user of ['bob', 'carol', 'newbie', 'breakglass-admin', 'legacy-app', 'ci-deploy']) {
      expect(failing).not.toContain(user)
    }
    expect(failing).toContain(
      '| user | account | severity | owner | password last used | inactive? | fix | notes |'
    )
  })

  it('marks an inactive password and says to remove console access', () => {
    expect(tableRow(failing, 'old-timer')).toEqual([
      'old-timer',
      ACCOUNT,
      'high',
      '',
      '2026-08-22 12:00 UTC',
      'yes',
      'Remove console password',
      'idle 100 days'
    ])
  })

  it('marks an active password and says to enroll MFA', () => {
    expect(tableRow(failing, 'alice')).toEqual([
      'alice',
      ACCOUNT,
      'high',
      '',
      '2026-11-29 12:00 UTC',
      'no',
      'Enroll MFA',
      ''
    ])
  })

  it('notes a lapsed exemption in the failing row', () => {
    expect(tableRow(failing, 'lapsed-user')?.[7]).toBe(
      'exemption lapsed after 2026-11-01 (exempt-users line 4)'
    )
  })

  it('says never for a password never used', () => {
    const md2 = summary({
      rows: [
        userRow({
          user: 'nobody',
          user_creation_time: iso(10 * DAY),
          password_last_used: 'no_information'
        })
      ]
    })
    expect(tableRow(section(md2, 'Failing identities'), 'nobody')?.[4]).toBe('never')
  })

  it('lists pending users with their creation time and the end of their grace period', () => {
    const pending = section(md, 'Pending (grace period)')
    expect(pending).toContain('| user | created | grace period ends |')
    expect(tableRow(pending, 'newbie')).toEqual([
      'newbie',
      '2026-11-30 10:00 UTC',
      '2026-12-01 10:00 UTC'
    ])
    expect(pending).not.toContain('alice')
  })

  it('lists exempt users with until, reason and where the exemption is declared', () => {
    const exempt = section(md, 'Exempt')
    expect(tableRow(exempt, 'breakglass-admin')).toEqual([
      'breakglass-admin',
      '2027-01-31',
      'sealed credentials',
      'exempt-users line 1'
    ])
    expect(tableRow(exempt, 'legacy-app')).toEqual([
      'legacy-app',
      '**no expiry**',
      'no reason given',
      'exempt-users line 2'
    ])
    expect(exempt).not.toContain('lapsed-user')
  })

  it('leaves out the pending and exempt sections when nobody is pending or exempt', () => {
    const plain = summary({ rows: [userRow()] })
    expect(plain).not.toContain('### Pending')
    expect(plain).not.toContain('### Exempt')
  })

  it('does not fold a short table', () => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      userRow({ user: `user-${String(i).padStart(2, '0')}` })
    )
    const md20 = summary({ rows })
    expect(md20).not.toContain('<details>')
    expect(md20).not.toContain('more not shown')
  })

  it('folds a table longer than 20 rows into <details>', () => {
    const rows = Array.from({ length: 21 }, (_, i) =>
      userRow({ user: `user-${String(i).padStart(2, '0')}` })
    )
    const md21 = summary({ rows })
    expect(md21).toContain('<details><summary>Failing identities (21)</summary>')
    expect(md21).not.toContain('more not shown')
  })
})

describe('renderSummary: warnings', () => {
  const warnings = section(summary(FULL), 'Warnings')

  it('warns about a lapsed exemption', () => {
    expect(warnings).toContain(
      '- The exemption for lapsed-user (exempt-users line 4) lapsed after 2026-11-01; the user is judged normally again.'
    )
  })

  it('warns about an exemption with no expiry', () => {
    expect(warnings).toContain('- legacy-app is exempt with no expiry (exempt-users line 2)')
  })

  it('warns about an exemption reaching more than 365 days ahead', () => {
    expect(warnings).toContain(
      '- far-future is exempt until 2028-06-30, more than 365 days ahead (exempt-users line 3).'
    )
  })

  it('does not warn about an exemption with a near expiry', () => {
    expect(warnings).not.toContain('breakglass-admin')
  })

  it('warns about an exemption that matches no user', () => {
    expect(warnings).toMatch(
      /- exempt-users line 5 \("ghost-&#42;"\) matches no IAM user in this report/
    )
  })
})

describe('renderSummary: the root user', () => {
  it('shows a root user with MFA as protected', () => {
    expect(summary(FULL)).toContain(`**Root user (${ACCOUNT}):** ✅ The root user has MFA active.`)
  })

  it('shows a root user without MFA as critical and says how to confirm offline', () => {
    const md = summary({ rows: [rootRow(false), mfaUser('bob')] })
    expect(md).toContain(`**Root user (${ACCOUNT}):** ❌ critical: The root user has no MFA.`)
    expect(md).toContain('get-account-summary')
    expect(md).toContain('AccountPasswordPresent')
    expect(tableRow(section(md, 'Failing identities'), '&#60;root&#95;account&#62;')).toEqual([
      '&#60;root&#95;account&#62;',
      ACCOUNT,
      'critical',
      '',
      'see root status',
      'n/a',
      'Secure root',
      ''
    ])
  })

  it('shows a root user whose credentials were removed as protected', () => {
    const md = summary({
      rows: [rootRow(false)],
      mode: 'live',
      reportAgeMs: HOUR,
      rootFacts: { passwordPresent: false, mfaEnabled: false, accessKeysPresent: false }
    })
    expect(md).toMatch(/\*\*Root user \(111122223333\):\*\* ✅ .*no password and no access keys/)
  })

  it('says so when the report has no root row', () => {
    expect(summary({ rows: [userRow()] })).toContain('**Root user:** not in the report')
  })
})

describe('renderSummary: guidance', () => {
  it('explains how to fix and how to verify when something fails', () => {
    const md = summary(FULL)
    expect(md).toContain('### How to fix')
    expect(md).toContain('### How to verify the fix')
    expect(md).toContain('aws iam delete-login-profile')
    expect(md).toContain('aws iam list-mfa-devices')
  })

  it('explains how to fix when users are only pending', () => {
    const md = summary({
      rows: [
        userRow({
          user: 'newbie',
          user_creation_time: iso(HOUR),
          password_last_used: 'no_information'
        })
      ]
    })
    expect(md).toContain('### How to fix')
    expect(md).toContain('### How to verify the fix')
  })

  it('links to the run to re-run it when the run URL is known', () => {
    const runUrl = 'https://github.com/acme/infra/actions/runs/42'
    const md = summary(FULL, { runUrl, reportFile: undefined })
    expect(md).toContain(`[re-run this workflow](${runUrl})`)
  })

  it('says re-run without a link when the run URL is unknown', () => {
    const md = summary(FULL)
    expect(md).toContain('1. After the change, re-run this workflow (or wait')
    expect(md).not.toContain('](http')
  })

  it('points to the report file when there is one', () => {
    const md = summary(FULL, {
      runUrl: undefined,
      reportFile: '/runner/_temp/posturio-iam-mfa-report.json'
    })
    expect(md).toContain('`report-file` output (/runner/&#95;temp/posturio-iam-mfa-report.json)')
  })
})

describe('renderSummary: hostile names', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    'a|b|c',
    '@org/team',
    '[x](https://evil.example)',
    '**bold**',
    '`code`',
    '$x$'
  ]

  it.each(hostile)('never shows the user name %s raw, in any table', user => {
    const md = summary({
      rows: [
        userRow({ user }),
        userRow({
          user: `${user}-new`,
          user_creation_time: iso(HOUR),
          password_last_used: 'no_information'
        })
      ]
    })
    expect(tableRow(section(md, 'Failing identities'), user)).toBeUndefined()
    expect(md).not.toContain(user)
    expect(md).not.toMatch(/<img/i)
    expect(md).not.toContain('@org')
  })

  it('keeps every failing row at 8 cells whatever the names hold', () => {
    const md = summary({ rows: hostile.map(user => userRow({ user })) })
    const rows = section(md, 'Failing identities')
      .split('\n')
      .filter(l => l.startsWith('| '))
    expect(rows).toHaveLength(hostile.length + 2)
    for (const row of rows) expect(row.split('|')).toHaveLength(10)
  })

  it('escapes a hostile report file path', () => {
    const md = summary({ rows: [userRow()], origin: 'reports/<b>x</b>|@team.csv' })
    expect(md).not.toContain('<b>')
    expect(md).not.toContain('@team')
  })
})

describe('renderSummary: size', () => {
  const many = (n: number): Row[] =>
    Array.from({ length: n }, (_, i) => userRow({ user: `user-${String(i + 1).padStart(5, '0')}` }))
  const KIB = 1024

  it('stays under 512 KiB with 5,000 failing users, folded, saying how many are not shown', () => {
    const md = summary({ rows: [rootRow(true), ...many(5000)] })
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(512 * KIB)
    expect(md).toContain('❌ Posturio IAM MFA check: 5000 identities can sign in without MFA')
    expect(md).toContain('<details><summary>Failing identities (5000)</summary>')
    expect(md).toContain('4000 more not shown here')
    expect(tableRow(md, 'user-01000')).toBeDefined()
    expect(tableRow(md, 'user-01001')).toBeUndefined()
  })

  it('stays under 512 KiB when an exemption covering 5,000 users has lapsed', () => {
    const md = summary({
      rows: [rootRow(true), ...many(5000)],
      exemptUsers: 'user-* until=2026-01-31 # migration'
    })
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(512 * KIB)
    const warnings = section(md, 'Warnings')
    expect(warnings).toContain(
      'The exemption for user-00001 (exempt-users line 1) lapsed after 2026-01-31'
    )
    expect(warnings).toContain(
      '- 4950 more exemption warning(s) not shown here; the `report-file` output lists every finding.'
    )
    expect(warnings).not.toContain('user-00051')
  })

  it.each([
    { users: 50, shown: 50, more: undefined },
    { users: 51, shown: 50, more: '1 more exemption warning(s) not shown here' }
  ])(
    'shows $shown exemption warnings for $users users, then says how many more',
    ({ users, shown, more }) => {
      const warnings = section(
        summary({ rows: many(users), exemptUsers: 'user-* # no expiry' }),
        'Warnings'
      )
      expect(warnings.match(/is exempt with no expiry/g)).toHaveLength(shown)
      if (more === undefined) expect(warnings).not.toContain('more exemption warning')
      else expect(warnings).toContain(more)
    }
  )

  it('keeps every unused-exemption warning after the capped per-user ones', () => {
    const md = summary({ rows: many(60), exemptUsers: 'user-*\nghost-a\nghost-b' })
    const warnings = section(md, 'Warnings')
    expect(warnings).toContain('10 more exemption warning(s) not shown here')
    expect(warnings).toContain('exempt-users line 2 ("ghost-a") matches no IAM user')
    expect(warnings).toContain('exempt-users line 3 ("ghost-b") matches no IAM user')
  })

  it('stays under 512 KiB when an exemption with no expiry covers 5,000 users', () => {
    const md = summary({ rows: [rootRow(true), ...many(5000)], exemptUsers: 'user-*' })
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(512 * KIB)
    expect(md).toContain('<details><summary>Exempt users (5000)</summary>')
    expect(md).toContain('is exempt with no expiry')
  })
})

describe('renderIncomplete', () => {
  it('says the scan did not complete and that no verdict was reached', () => {
    const md = renderIncomplete(
      'AccessDenied: not authorized to perform iam:GenerateCredentialReport'
    )
    expect(md).toMatch(/^## ⚠️ Posturio IAM MFA check: the scan did not complete\n/)
    expect(md).toContain(
      '**What failed:** AccessDenied&#58; not authorized to perform iam&#58;GenerateCredentialReport'
    )
    expect(md).toContain('No verdict was reached')
  })

  it('escapes the message', () => {
    const md = renderIncomplete(
      'bad <b>input</b> | @org/team `rm -rf` [x](https://evil.example)\n## Fake heading'
    )
    expect(md).not.toContain('<b>')
    expect(md).not.toContain('@org')
    expect(md).not.toContain('`rm')
    expect(md).not.toContain('[x]')
    expect(md).not.toContain('\n## Fake heading')
    expect(md.split('\n').filter(l => l.startsWith('## '))).toHaveLength(1)
  })
})
