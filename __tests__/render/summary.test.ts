// The job summary as a person reads it: rendered the way GitHub renders it, then read as text and
// tables. Scan results are built the way the action builds them: CSV -> parse -> evaluate -> posture
// (and, for live facts, the same enrichment the live scan applies).
import { describe, expect, it } from '@jest/globals'
import {
  codeTexts,
  headline,
  links,
  tableShapes,
  tables
} from '../../scripts/lib/render-markdown.mjs'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { enrichFindings } from '../../src/core/enrich.js'
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { UserAuthz } from '../../src/core/privilege.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { LiveCheck, MfaKind, RootFacts } from '../../src/core/types.js'
import type { FilesStep } from '../../src/render/files-line.js'
import { renderIncomplete } from '../../src/render/incomplete.js'
import { headlineText, renderSummary, type SummaryContext } from '../../src/render/summary.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { md } from '../../src/text/markdown.js'
import { expectReadable, HOSTILE, seen } from '../helpers/readable.js'
import { HEADER } from '../helpers/report-csv.js'

// --- Scan results built the way the action builds them: CSV -> parse -> evaluate -> posture. ---

const COLUMNS = HEADER
type Column = (typeof COLUMNS)[number]
type Raw = Partial<Record<Column, string>>
type Row = Record<Column, string>

const ACCOUNT = '111122223333'
const OTHER_ACCOUNT = '444455556666'
const NOW = new Date('2026-11-30T12:00:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR

const iso = (ms: number): string =>
  new Date(NOW.getTime() - ms).toISOString().replace('.000Z', '+00:00')

function userRow(raw: Raw = {}, account = ACCOUNT): Row {
  const user = raw.user ?? 'alice'
  const na = Object.fromEntries(COLUMNS.map(c => [c, 'N/A'])) as Row
  return {
    ...na,
    user,
    arn: `arn:aws:iam::${account}:user/${user}`,
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

function rootRow(mfa: boolean, account = ACCOUNT): Row {
  return userRow(
    {
      user: '<root_account>',
      arn: `arn:aws:iam::${account}:root`,
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      mfa_active: String(mfa)
    },
    account
  )
}

const mfaUser = (user: string): Row => userRow({ user, mfa_active: 'true' })
const apiUser = (user: string): Row =>
  userRow({ user, password_enabled: 'false', password_last_used: 'N/A' })
const newUser = (user: string, ageMs = HOUR): Row =>
  userRow({ user, user_creation_time: iso(ageMs), password_last_used: 'no_information' })

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function reportCsv(rows: readonly Row[]): string {
  return [COLUMNS.join(','), ...rows.map(r => COLUMNS.map(c => csvField(r[c])).join(','))].join(
    '\n'
  )
}

/** Live facts, applied by the same enrichment as a live scan (`verify-live` as given). */
interface Live {
  readonly authz?: readonly UserAuthz[]
  readonly checks?: Readonly<Record<string, LiveCheck>>
  /** Enrolled MFA device kinds of passing users (listed with `require-phishing-resistant`). */
  readonly devices?: Readonly<Record<string, MfaKind[]>>
  readonly requirePhishingResistant?: boolean
  readonly liveChecks?: 'on' | 'off'
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
  readonly live?: Live
}

function scanResult(scan: Scan): ScanResult {
  const rows = parseCredentialReport(reportCsv(scan.rows))
  const { exemptions, problems } = parseExemptUsers(scan.exemptUsers ?? '')
  if (problems.length > 0) throw new Error(problems.join('\n'))
  const gracePeriodDays = scan.gracePeriodDays ?? 1
  const live = scan.live
  const requirePhishingResistant = live?.requirePhishingResistant ?? false
  const reportOnly = evaluate(
    rows,
    { gracePeriodDays, inactiveDays: 45, exemptions, rootFacts: scan.rootFacts },
    NOW
  )
  const evaluation = live
    ? enrichFindings(
        reportOnly,
        {
          checks: new Map(Object.entries(live.checks ?? {})),
          authz: new Map((live.authz ?? []).map(a => [a.user, a])),
          localPolicies: new Map(),
          devices: new Map(Object.entries(live.devices ?? {})),
          notes: []
        },
        { ownerTag: 'github', exemptTag: 'mfa-exempt', requirePhishingResistant },
        NOW
      )
    : reportOnly
  const mode = scan.mode ?? (live ? 'live' : 'offline')
  const generatedAt =
    scan.reportAgeMs === undefined ? undefined : new Date(NOW.getTime() - scan.reportAgeMs)
  return {
    check: 'iam.users_without_mfa',
    accounts: [...new Set(rows.map(r => r.accountId))].sort(),
    accountScans: [],
    scannedAt: NOW.toISOString(),
    mode,
    report: {
      origin:
        scan.origin ?? (mode === 'live' ? 'GetCredentialReport' : 'reports/credential-report.csv'),
      generatedAt: generatedAt?.toISOString(),
      ageMs: scan.reportAgeMs
    },
    evaluation,
    posture: posture(evaluation.findings),
    liveChecks: mode === 'offline' ? 'offline' : (live?.liveChecks ?? 'off'),
    settings: { gracePeriodDays, inactiveDays: 45, failOn: 'none', requirePhishingResistant }
  }
}

const NO_CONTEXT: SummaryContext = { runUrl: undefined }

function summary(scan: Scan, ctx: SummaryContext = NO_CONTEXT): string {
  return renderSummary(scanResult(scan), ctx)
}

const ADMIN = { name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }

function authz(
  user: string,
  parts: { tags?: Record<string, string>; group?: string; admin?: boolean } = {}
): UserAuthz {
  return {
    user,
    tags: parts.tags ?? {},
    attached: parts.admin ? [ADMIN] : [],
    inline: [],
    groups: parts.group ? [{ name: parts.group, attached: [ADMIN], inline: [] }] : []
  }
}

// --- Reading the rendered summary. ---

/** Word joiners are invisible; GitHub shows the cell without them. */
const unjoined = (s: string): string => s.replace(/\u2060/g, '')

/** The rendered table whose header has `column`, header row first. */
function tableWith(markdown: string, column: string): string[][] | undefined {
  return tables(markdown)
    .map(t => t.map(r => r.map(unjoined)))
    .find(t => t[0]?.includes(column))
}

const failingTable = (markdown: string): string[][] | undefined => tableWith(markdown, 'fix')

/** The row whose first cell is `first`, as a map from column name to cell text. */
function rowOf(table: string[][] | undefined, first: string): Record<string, string> | undefined {
  const [head, ...rows] = table ?? []
  const row = rows.find(r => r[0] === first)
  return row && head ? Object.fromEntries(head.map((h, i) => [h, row[i] ?? ''])) : undefined
}

/** The first cells of a table's body rows. */
const firstCells = (table: string[][] | undefined): string[] =>
  (table ?? []).slice(1).map(r => r[0] ?? '')

/** What a reader sees of the `### title` section (or the folded guidance), up to the next one. */
function sectionText(markdown: string, title: string): string {
  const chunk = markdown
    .split(/\n(?=### |<details><summary>How to fix)/)
    .find(c => seen(c.split('\n')[0] ?? '').trim() === title)
  return chunk === undefined ? '' : seen(chunk)
}

const occurrences = (text: string, part: string): number => text.split(part).length - 1

/** The numbers of the score line, or undefined when it has none. */
function scoreNumbers(markdown: string) {
  const m =
    /Score (\d+\.\d)%, grade ([A-F])(?: \(held to D by a critical finding\))?: (\d[\d,]*) of the (\d[\d,]*) identit(?:y|ies) in scope pass(?:es)? and (\d[\d,]*) fails?/.exec(
      seen(markdown)
    )
  const n = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''))
  return m ? { pass: n(m[3]), inScope: n(m[4]), fail: n(m[5]) } : undefined
}

/** The verdict table as verdict label -> count. */
function verdictCounts(markdown: string): Record<string, number> {
  const table = tableWith(markdown, 'verdict') ?? []
  return Object.fromEntries(table.slice(1).map(r => [r[0] ?? '', Number(r[1])]))
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
  newUser('newbie', 2 * HOUR),
  userRow({ user: 'breakglass-admin' }),
  userRow({ user: 'legacy-app' }),
  userRow({ user: 'far-future' }),
  userRow({ user: 'lapsed-user' }),
  apiUser('ci-deploy')
]

const FULL: Scan = { rows: ACCOUNT_ROWS, exemptUsers: EXEMPT_USERS, reportAgeMs: 90 * 60_000 }
const FULL_DATA = ['sealed credentials', 'was on leave', 'migration', 'ghost-*']

const many = (n: number, prefix = 'user-'): Row[] =>
  Array.from({ length: n }, (_, i) =>
    userRow({ user: `${prefix}${String(i + 1).padStart(5, '0')}` })
  )

describe('renderSummary: headline, score and counts', () => {
  const full = summary(FULL)
  const text = seen(full)

  it('gives the verdict, the count and the score in a short headline', () => {
    expect(headline(full)).toBe(
      '❌ IAM MFA check: 3 identities can sign in without MFA · 50.0% (D)'
    )
    expect(headline(full)).toBe(headlineText(scanResult(FULL)))
  })

  it('says which account, when and from what source, in the meta line', () => {
    expect(text).toContain(
      `Check iam.users_without_mfa · account ${ACCOUNT} · scanned 2026-11-30 12:00 UTC · saved report (offline)`
    )
    expect(codeTexts(full)).toContain('iam.users_without_mfa')
  })

  it('explains the score with numbers that add up, and who can still sign in without MFA', () => {
    expect(text).toContain(
      'Score 50.0%, grade D: 3 of the 6 identities in scope pass and 3 fail (console users and root; pending, exempt and API-only identities are not scored). 4 exempt or pending users can still sign in without MFA.'
    )
  })

  it('counts every verdict in the verdict table, with an "all" row of every report row', () => {
    expect(tableWith(full, 'verdict')).toEqual([
      ['verdict', 'identities', 'meaning'],
      ['❌ fail', '3', 'can sign in with a password and no MFA'],
      ['✅ pass', '3', 'MFA active, or root without credentials'],
      ['⏳ pending', '1', 'new, password never used, inside the 1-day grace period'],
      ['🛡️ exempt', '3', 'exempted by exempt-users or a tag (listed below)'],
      ['➖ API-only', '1', 'no console password: cannot sign in to the console'],
      ['all', '11', 'rows in the credential report']
    ])
  })

  it('reads cleanly: no markup artefact, wrong plural, link or mention', () => {
    expectReadable(full, FULL_DATA)
  })

  it('names the grace period in the pending row of the counts', () => {
    expect(seen(summary({ ...FULL, gracePeriodDays: 3 }))).toContain(
      'new, password never used, inside the 3-day grace period'
    )
  })

  it.each([
    {
      n: 1,
      head: '❌ IAM MFA check: 1 identity can sign in without MFA · 0.0% (F)',
      score: 'Score 0.0%, grade F: 0 of the 1 identity in scope pass and 1 fails'
    },
    {
      n: 2,
      head: '❌ IAM MFA check: 2 identities can sign in without MFA · 0.0% (F)',
      score: 'Score 0.0%, grade F: 0 of the 2 identities in scope pass and 2 fail'
    }
  ])(
    'counts $n failing identities: the singular for one, the plural otherwise',
    ({ n, head, score }) => {
      const out = summary({ rows: many(n) })
      expect(headline(out)).toBe(head)
      expect(seen(out)).toContain(score)
      expectReadable(out, [])
    }
  )

  it.each([
    { n: 1, still: '1 exempt or pending user can still sign in without MFA.' },
    { n: 2, still: '2 exempt or pending users can still sign in without MFA.' }
  ])('never says nobody can sign in without MFA while $n exempt users can', ({ n, still }) => {
    const out = summary({ rows: [mfaUser('bob'), ...many(n, 'legacy-')], exemptUsers: 'legacy-*' })
    expect(headline(out)).toBe('⚠️ IAM MFA check: no failing identity · 100.0% (A)')
    expect(seen(out)).toContain(still)
    expect(seen(out)).not.toContain('no identity can sign in without MFA')
    expect(seen(out)).not.toContain('Failing identities')
    expectReadable(out, [])
  })

  it('says when a critical finding holds the grade down', () => {
    const rows = [rootRow(false), ...Array.from({ length: 19 }, (_, i) => mfaUser(`user-${i}`))]
    const capped = summary({ rows })
    expect(headline(capped)).toBe(
      '❌ IAM MFA check: 1 identity can sign in without MFA · 95.0% (D)'
    )
    expect(seen(capped)).toContain(
      'Score 95.0%, grade D (held to D by a critical finding): 19 of the 20 identities in scope pass and 1 fails'
    )
  })

  it('celebrates a clean account, with no failing table, warnings or guidance', () => {
    const clean = summary({ rows: [rootRow(true), mfaUser('bob')] })
    expect(headline(clean)).toBe(
      '✅ IAM MFA check: no identity can sign in without MFA · 100.0% (A)'
    )
    const cleanText = seen(clean)
    expect(cleanText).toContain(
      'Score 100.0%, grade A: 2 of the 2 identities in scope pass and 0 fail'
    )
    expect(cleanText).not.toContain('can still sign in without MFA')
    for (const absent of ['Failing identities', 'Warnings', 'How to fix', 'How to verify'])
      expect(cleanText).not.toContain(absent)
    expect(clean).not.toContain('<details>')
    expectReadable(clean, [])
  })

  it('says when no identity is in scope', () => {
    const none = summary({ rows: [apiUser('api')] })
    expect(headline(none)).toBe(
      '✅ IAM MFA check: no identity can sign in without MFA · 100.0% (A)'
    )
    expect(seen(none)).toContain(
      'Score 100.0%, grade A: No identity is in scope: no console user and no root row.'
    )
    expect(verdictCounts(none)).toMatchObject({ '➖ API-only': 1, all: 1 })
    expectReadable(none, [])
  })

  it.each([
    { n: 1, head: '❌ IAM MFA check: 1 user without phishing-resistant MFA · 50.0% (D)' },
    { n: 2, head: '❌ IAM MFA check: 2 users without phishing-resistant MFA · 33.3% (F)' }
  ])('names weak MFA in the headline when only weak MFA fails ($n)', ({ n, head }) => {
    const weak = Array.from({ length: n }, (_, i) => `weak-${i}`)
    const out = summary({
      rows: [mfaUser('strong'), ...weak.map(mfaUser)],
      reportAgeMs: HOUR,
      live: {
        requirePhishingResistant: true,
        devices: {
          strong: ['fido'],
          ...Object.fromEntries(weak.map(u => [u, ['virtual' as const]]))
        }
      }
    })
    expect(headline(out)).toBe(head)
    expect(seen(out)).toContain(
      `MFA strength (require-phishing-resistant): of ${n + 1} users with MFA listed, 1 with a FIDO security key, 0 with a hardware TOTP token, ${n} with a virtual authenticator app.`
    )
    expectReadable(out, [])
  })

  it('counts failing identities when weak MFA and missing MFA both fail', () => {
    const out = summary({
      rows: [mfaUser('weak'), userRow({ user: 'alice' })],
      reportAgeMs: HOUR,
      live: { requirePhishingResistant: true, devices: { weak: ['hardware-totp'] } }
    })
    expect(headline(out)).toBe('❌ IAM MFA check: 2 failing identities · 0.0% (F)')
  })

  it.each([1, 100_000])('keeps the headline within 80 characters for %i failing identities', n => {
    const out = summary({ rows: many(n) })
    // The headline is the first block; rendering only it keeps 100,000 rows fast.
    const h = headline(out.slice(0, out.indexOf('\n\n'))) ?? ''
    expect(h).toBe(
      `❌ IAM MFA check: ${n.toLocaleString('en-US')} ${n === 1 ? 'identity' : 'identities'} can sign in without MFA · 0.0% (F)`
    )
    expect([...h].length).toBeLessThanOrEqual(80)
    expect(h.length).toBeLessThanOrEqual(80)
  })

  const scenarios: ReadonlyArray<readonly [string, Scan]> = [
    ['the realistic account', FULL],
    ['a clean account', { rows: [rootRow(true), mfaUser('bob'), mfaUser('carol')] }],
    [
      'a capped grade',
      { rows: [rootRow(false), ...Array.from({ length: 19 }, (_, i) => mfaUser(`u${i}`))] }
    ],
    ['only exempt and pending', { rows: [userRow({ user: 'x' }), newUser('y')], exemptUsers: 'x' }],
    ['5,000 failing users', { rows: [rootRow(true), ...many(5000)] }]
  ]
  it.each(scenarios)(
    'adds up for %s: the score line has the verdict table’s pass and fail cells',
    (_, scan) => {
      const out = summary(scan)
      const counts = verdictCounts(out)
      const score = scoreNumbers(out)
      const pass = counts['✅ pass'] ?? NaN
      const fail = counts['❌ fail'] ?? NaN
      if (pass + fail === 0) {
        expect(score).toBeUndefined()
        expect(seen(out)).toContain('No identity is in scope')
      } else {
        expect(score).toEqual({ pass, fail, inScope: pass + fail })
      }
      const verdicts = ['❌ fail', '✅ pass', '⏳ pending', '🛡️ exempt', '➖ API-only']
      expect(verdicts.reduce((sum, v) => sum + (counts[v] ?? NaN), 0)).toBe(counts['all'])
      expect(counts['all']).toBe(scan.rows.length)
    }
  )
})

describe('renderSummary: the credential report', () => {
  const reportLine = (out: string): string =>
    seen(out)
      .split('\n')
      .find(l => l.startsWith('Credential report:')) ?? ''

  it('gives the generation time, the age and the file', () => {
    expect(reportLine(summary(FULL))).toBe(
      'Credential report: generated 2026-11-30 10:30 UTC, 1 h 30 min before this scan (file reports/credential-report.csv).'
    )
  })

  it.each([
    { label: '4 h (the regeneration interval)', ageMs: 4 * HOUR, stale: false, age: '4 h 0 min' },
    { label: '4 h 1 min', ageMs: 4 * HOUR + 60_000, stale: true, age: '4 h 1 min' },
    { label: '3 days', ageMs: 3 * DAY, stale: true, age: '3 days' },
    { label: '10 min', ageMs: 10 * 60_000, stale: false, age: '10 min' }
  ])('warns that a report $label old is stale: $stale', ({ ageMs, stale, age }) => {
    const out = summary({ rows: [userRow()], reportAgeMs: ageMs })
    const line = reportLine(out)
    expect(line).toContain(`, ${age} before this scan`)
    if (stale) expect(line).toContain('⚠️ It cannot show changes made since then.')
    else expect(line).not.toContain('⚠️')
  })

  it('says the generation time is unknown for a decoded CSV, and why', () => {
    const out = summary({ rows: [userRow()] })
    expect(reportLine(out)).toBe(
      'Credential report: generation time unknown (file reports/credential-report.csv; a decoded CSV does not record it, the JSON that aws iam get-credential-report prints does).'
    )
    expect(codeTexts(out)).toContain('aws iam get-credential-report')
    expect(seen(out)).not.toContain('⚠️')
  })

  it('names AWS as the source in live mode', () => {
    const out = summary({ rows: [userRow()], mode: 'live', reportAgeMs: HOUR })
    expect(reportLine(out)).toBe(
      'Credential report: generated 2026-11-30 11:00 UTC, 1 h 0 min before this scan (AWS GetCredentialReport).'
    )
    expect(seen(out)).toContain('· live AWS credentials')
  })
})

describe('renderSummary: the tables', () => {
  const full = summary(FULL)
  const failing = failingTable(full)

  it('lists the failing identities, and only them, in the failing table', () => {
    expect(failing?.[0]).toEqual(['identity', 'severity', 'fix', 'facts'])
    expect(firstCells(failing)).toEqual(['alice', 'lapsed-user', 'old-timer'])
  })

  it('says to enroll MFA for an active password, with when it was last used', () => {
    expect(rowOf(failing, 'alice')).toEqual({
      identity: 'alice',
      severity: '🟧 high',
      fix: 'Enroll MFA',
      facts: 'last signed in 2026-11-29 12:00 UTC, 1 day ago'
    })
  })

  it('marks an inactive password and says to remove the console password', () => {
    expect(rowOf(failing, 'old-timer')).toMatchObject({
      fix: 'Remove console password',
      facts: 'inactive: last signed in 2026-08-22 12:00 UTC, 100 days ago'
    })
  })

  it('notes a lapsed exemption in the failing row', () => {
    expect(rowOf(failing, 'lapsed-user')?.['facts']).toBe(
      'last signed in 2026-11-29 12:00 UTC, 1 day ago; exemption lapsed after 2026-11-01 (exempt-users line 4)'
    )
  })

  it.each([
    { days: 1, facts: 'password never used (created 1 day ago)' },
    { days: 10, facts: 'password never used (created 10 days ago)' }
  ])('says a password was never used ($days days)', ({ days, facts }) => {
    const out = summary({ rows: [newUser('nobody', days * DAY)] })
    expect(rowOf(failingTable(out), 'nobody')?.['facts']).toBe(facts)
  })

  it('says "created today", and that the grace period is off, for a new user with grace-period-days 0', () => {
    const out = summary({ rows: [newUser('nobody', 2 * 3_600_000)], gracePeriodDays: 0 })
    expect(rowOf(failingTable(out), 'nobody')?.['facts']).toBe(
      'password never used (created today)'
    )
    expect(seen(out)).toContain('none: the grace period is off (grace-period-days: 0)')
    expect(seen(out)).not.toContain('0-day')
  })

  it('lists pending users with their creation time and the end of their grace period', () => {
    expect(tableWith(full, 'grace period ends')).toEqual([
      ['user', 'created', 'grace period ends'],
      ['newbie', '2026-11-30 10:00 UTC', '2026-12-01 10:00 UTC']
    ])
    expect(sectionText(full, 'Pending (grace period)')).not.toContain('alice')
  })

  it('lists exempt users with until, reason and where the exemption is declared', () => {
    expect(tableWith(full, 'until (inclusive)')).toEqual([
      ['user', 'until (inclusive)', 'reason', 'declared in'],
      ['breakglass-admin', '2027-01-31', 'sealed credentials', 'exempt-users line 1'],
      ['far-future', '2028-06-30', 'migration', 'exempt-users line 3'],
      ['legacy-app', 'no expiry', 'no reason given', 'exempt-users line 2']
    ])
  })

  it('leaves out the pending and exempt sections when nobody is pending or exempt', () => {
    const text = seen(summary({ rows: [userRow()] }))
    expect(text).not.toContain('Pending (grace period)')
    expect(text).not.toMatch(/^Exempt$/m)
  })

  it('lists users fixed since the report with the live evidence, not as failing', () => {
    const out = summary({
      rows: [userRow({ user: 'alice' }), userRow({ user: 'dave' })],
      reportAgeMs: 2 * HOUR,
      live: {
        liveChecks: 'on',
        checks: {
          alice: {
            status: 'fixed',
            detail: md`Console password removed; verified live at 2026-11-30 12:00 UTC`,
            checkedAt: NOW.toISOString()
          },
          dave: {
            status: 'confirmed',
            detail: md`Still a console password and no MFA device`,
            checkedAt: NOW.toISOString()
          }
        }
      }
    })
    expect(tableWith(out, 'evidence')).toEqual([
      ['user', 'evidence'],
      ['alice', 'Console password removed; verified live at 2026-11-30 12:00 UTC']
    ])
    expect(firstCells(failingTable(out))).toEqual(['dave'])
    expect(rowOf(failingTable(out), 'dave')?.['facts']).toContain('confirmed live')
    expect(seen(out)).toContain(
      'Live re-verification: of the 2 users the report marks failing, 1 fixed since the report, 1 still failing, 0 not re-verified.'
    )
    expectReadable(out, [])
  })

  it('does not fold a table of 20 rows', () => {
    const out = summary({ rows: many(20) })
    expect(out).not.toContain('<details><summary>Failing identities')
    expect(firstCells(failingTable(out))).toHaveLength(20)
    expect(seen(out)).not.toContain('not shown')
  })

  it('folds a table of more than 20 rows into <details>, saying how many', () => {
    const out = summary({ rows: many(21) })
    expect(out).toContain('<details><summary>Failing identities')
    expect(seen(out)).toContain('Failing identities (21)')
    expect(firstCells(failingTable(out))).toHaveLength(21)
    expect(seen(out)).not.toContain('not shown')
  })

  it('bounds a table of long escaped cells by size, saying how many are not shown', () => {
    // Owner tags of characters that are escaped five times over, 60 of them shown per row.
    const names = Array.from({ length: 2000 }, (_, i) => `u${String(i).padStart(5, '0')}`)
    const rows = names.map(user => userRow({ user }))
    const out = summary({
      rows,
      live: { authz: names.map(u => authz(u, { tags: { github: '*_'.repeat(40) } })) }
    })
    const shown = firstCells(failingTable(out)).length
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(1000)
    expect(seen(out)).toContain(
      `${(2000 - shown).toLocaleString('en-US')} more identities not shown here; the report-file output lists every finding.`
    )
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(512 * 1024)
  })
})

describe('renderSummary: columns that say something', () => {
  it('shows no account column with one account, and one with several', () => {
    const one = failingTable(summary({ rows: [userRow({ user: 'alice' })] }))
    expect(one?.[0]).not.toContain('account')
    const two = summary({
      rows: [userRow({ user: 'alice' }), userRow({ user: 'alice' }, OTHER_ACCOUNT)]
    })
    const table = failingTable(two)
    expect(table?.[0]).toEqual(['identity', 'account', 'severity', 'fix', 'facts'])
    expect(table?.slice(1).map(r => r[1])).toEqual([ACCOUNT, OTHER_ACCOUNT])
    expect(seen(two)).toContain(`· accounts ${ACCOUNT}, ${OTHER_ACCOUNT} ·`)
  })

  it('shows no owner column when no finding has an owner', () => {
    const out = summary({
      rows: [userRow({ user: 'alice' })],
      reportAgeMs: HOUR,
      live: { authz: [authz('alice')] }
    })
    expect(failingTable(out)?.[0]).toEqual(['identity', 'severity', 'fix', 'facts'])
  })

  it('shows the owner column when one finding has an owner, "not set" for the others', () => {
    const out = summary({
      rows: [userRow({ user: 'alice' }), userRow({ user: 'bob' })],
      reportAgeMs: HOUR,
      live: { authz: [authz('alice', { tags: { github: 'acme/platform' } }), authz('bob')] }
    })
    const table = failingTable(out)
    expect(table?.[0]).toEqual(['identity', 'severity', 'fix', 'facts', 'owner'])
    expect(rowOf(table, 'alice')?.['owner']).toBe('acme/platform')
    expect(rowOf(table, 'bob')?.['owner']).toBe('not set')
  })

  it('shows the owner column when an owner tag is malformed, saying why no owner is set', () => {
    const out = summary({
      rows: [userRow({ user: 'alice' })],
      reportAgeMs: HOUR,
      live: { authz: [authz('alice', { tags: { github: 'not a login!' } })] }
    })
    expect(rowOf(failingTable(out), 'alice')?.['owner']).toBe(
      'none: tag github holds "not a login!", which is not a GitHub login or org/team (e.g. octocat or acme/platform-team); no owner is assigned.'
    )
  })
})

describe('renderSummary: privileged users', () => {
  const admins = ['alice', 'bob', 'carol']
  const out = summary({
    rows: [...admins, 'dave', 'erin'].map(user => userRow({ user })),
    reportAgeMs: HOUR,
    live: {
      authz: [
        ...admins.map(u => authz(u, { group: 'admins' })),
        authz('dave', { admin: true }),
        authz('erin')
      ]
    }
  })
  const text = seen(out)

  it('says why they are privileged once per policy path, naming the users', () => {
    expect(text).toContain('Why privileged (administrator or IAM-wide rights):')
    expect(occurrences(text, 'group admins: attached policy AdministratorAccess')).toBe(1)
    expect(text).toContain('group admins: attached policy AdministratorAccess: alice, bob, carol')
    expect(text).toContain('attached policy AdministratorAccess: dave')
    expect(text).not.toMatch(/AdministratorAccess: [^\n]*erin/)
  })

  it('marks privileged rows as critical and points to the reason, not repeating it', () => {
    const table = failingTable(out)
    for (const u of [...admins, 'dave']) {
      expect(rowOf(table, u)).toMatchObject({ severity: '🟥 critical' })
      expect(rowOf(table, u)?.['facts']).toContain('privileged (see below)')
      expect(rowOf(table, u)?.['facts']).not.toContain('AdministratorAccess')
    }
    expect(rowOf(table, 'erin')).toMatchObject({ severity: '🟧 high' })
    expect(rowOf(table, 'erin')?.['facts']).not.toContain('privileged')
  })

  it('puts privileged users first in the guidance', () => {
    expect(sectionText(out, 'How to fix and verify')).toContain('Privileged users first')
    expectReadable(out, [])
  })

  it.each([
    { n: 21, more: 'and 1 more user' },
    { n: 25, more: 'and 5 more users' }
  ])('names 20 users per policy path, then says how many more ($n)', ({ n, more }) => {
    const users = Array.from({ length: n }, (_, i) => `admin-${String(i).padStart(2, '0')}`)
    const big = seen(
      summary({
        rows: users.map(user => userRow({ user })),
        reportAgeMs: HOUR,
        live: { authz: users.map(u => authz(u, { group: 'admins' })) }
      })
    )
    expect(big).toContain(`admin-19 ${more}`)
    expect(big).not.toContain('admin-20,')
  })
})

describe('renderSummary: warnings', () => {
  const warnings = sectionText(summary(FULL), 'Warnings')

  it('warns about a lapsed exemption', () => {
    expect(warnings).toContain(
      'The exemption for lapsed-user (exempt-users line 4) lapsed after 2026-11-01; the user is judged normally again.'
    )
  })

  it('warns about an exemption with no expiry', () => {
    expect(warnings).toContain(
      'legacy-app is exempt with no expiry (exempt-users line 2): add until=YYYY-MM-DD so the exemption is reviewed.'
    )
  })

  it('warns about an exemption reaching more than 365 days ahead', () => {
    expect(warnings).toContain(
      'far-future is exempt until 2028-06-30, more than 365 days ahead (exempt-users line 3).'
    )
  })

  it('does not warn about an exemption with a near expiry', () => {
    expect(warnings).not.toContain('breakglass-admin')
  })

  it('warns about an exemption that matches no user, showing the pattern as written', () => {
    expect(warnings).toContain(
      'exempt-users line 5 (ghost-*) matches no IAM user in this report: remove it or fix the name.'
    )
  })
})

describe('renderSummary: the root user', () => {
  const rootLine = (out: string): string[] =>
    seen(out)
      .split('\n')
      .filter(l => l.startsWith('Root user'))

  it('shows a root user with MFA as protected', () => {
    expect(rootLine(summary(FULL))).toEqual(['Root user: ✅ The root user has MFA active.'])
  })

  it('shows a root user without MFA as critical, in the table and in this run', () => {
    const out = summary({ rows: [rootRow(false), mfaUser('bob')] })
    expect(rootLine(out)).toEqual([
      'Root user: ❌ critical: The root user has no MFA. The credential report cannot show whether root still has a password: run aws iam get-account-summary and read AccountPasswordPresent (0 = no root password) and AccountAccessKeysPresent, or run this check with live AWS credentials to decide it.'
    ])
    expect(failingTable(out)).toEqual([
      ['identity', 'severity', 'fix', 'facts'],
      ['root user', '🟥 critical', 'Secure root', 'see Root user below']
    ])
  })

  it('shows a root user whose credentials were removed as protected', () => {
    const out = summary({
      rows: [rootRow(false)],
      mode: 'live',
      reportAgeMs: HOUR,
      rootFacts: { passwordPresent: false, mfaEnabled: false, accessKeysPresent: false }
    })
    expect(rootLine(out)).toEqual([
      'Root user: ✅ The root user has no password and no access keys (root credentials removed, e.g. centrally through AWS Organizations), so it cannot sign in.'
    ])
    expect(failingTable(out)).toBeUndefined()
  })

  it('names the account of each root user when there are several accounts', () => {
    const out = summary({ rows: [rootRow(true), rootRow(false, OTHER_ACCOUNT)] })
    const lines = rootLine(out)
    expect(lines).toHaveLength(2)
    expect(lines).toContain(`Root user (${ACCOUNT}): ✅ The root user has MFA active.`)
    expect(
      lines.find(l => l.startsWith(`Root user (${OTHER_ACCOUNT}): ❌ critical:`))
    ).toBeDefined()
    expect(rowOf(failingTable(out), 'root user')?.['account']).toBe(OTHER_ACCOUNT)
  })

  it('says so when the report has no root row', () => {
    expect(rootLine(summary({ rows: [userRow()] }))).toEqual([
      'Root user: not in the report (the credential report normally lists it first).'
    ])
  })
})

describe('renderSummary: how to fix and verify', () => {
  const guidance = (out: string): string => sectionText(out, 'How to fix and verify')

  it('folds the guidance in <details>', () => {
    expect(summary(FULL)).toContain('<details><summary>How to fix and verify</summary>')
  })

  it('shows only the fixes for these users: enroll MFA and remove console access', () => {
    const text = guidance(summary(FULL))
    expect(text).toContain('Enroll MFA (the user signs in to the console)')
    expect(text).toContain('Remove console access')
    expect(text).toContain('aws iam delete-login-profile --user-name USER')
    expect(text).toContain('aws iam list-mfa-devices --user-name USER lists the enrolled device')
    for (const absent of ['Secure the root user', 'Add a security key', 'Privileged users first'])
      expect(text).not.toContain(absent)
    expect(text).not.toContain('get-account-summary')
  })

  it('shows root commands and no user commands when only root fails', () => {
    const text = guidance(summary({ rows: [rootRow(false), mfaUser('bob')] }))
    expect(text).toContain('Secure the root user')
    expect(text).toContain(
      'For root, aws iam get-account-summary shows AccountMFAEnabled = 1 once root has MFA; root can no longer sign in once AccountPasswordPresent = 0 and AccountAccessKeysPresent = 0'
    )
    for (const absent of [
      'Enroll MFA',
      'Remove console access',
      'list-mfa-devices',
      'get-login-profile',
      'delete-login-profile',
      'USER'
    ])
      expect(text).not.toContain(absent)
  })

  it('does not offer exempt-users when only root fails (root cannot be exempted)', () => {
    // evaluate() never applies an exemption to the root user, and lists one naming root as
    // matching no IAM user: the advice would not work.
    const text = guidance(summary({ rows: [rootRow(false), mfaUser('bob')] }))
    expect(text).not.toContain('exempt-users')
  })

  it('shows no root commands when only users fail', () => {
    const text = guidance(summary({ rows: [rootRow(true), userRow()] }))
    expect(text).not.toContain('Secure the root user')
    expect(text).not.toContain('get-account-summary')
  })

  it('shows only the security key fix when only weak MFA fails', () => {
    const text = guidance(
      summary({
        rows: [mfaUser('weak')],
        reportAgeMs: HOUR,
        live: { requirePhishingResistant: true, devices: { weak: ['virtual'] } }
      })
    )
    expect(text).toContain('Add a security key (iam.users_without_phishing_resistant_mfa)')
    expect(text).not.toContain('Enroll MFA')
    expect(text).not.toContain('Remove console access')
  })

  it('explains how to fix when users are only pending', () => {
    const out = summary({ rows: [newUser('newbie')] })
    expect(failingTable(out)).toBeUndefined()
    const text = guidance(out)
    expect(text).toContain('Enroll MFA')
    expect(text).toContain('How to verify')
  })

  it.each([
    {
      live: undefined,
      says: 'This run read a saved report, which shows a fix only once a report generated after the change is saved and scanned'
    },
    { live: 'off' as const, says: '(or turn verify-live on to check failing users live)' },
    { live: 'on' as const, says: 'The run re-checks every failing user live' }
  ])('says when a fix shows up (live checks $live)', ({ live, says }) => {
    const out = summary({
      rows: [userRow()],
      reportAgeMs: HOUR,
      ...(live ? { live: { liveChecks: live } } : {})
    })
    expect(guidance(out)).toContain(says)
  })

  it('links to the run to re-run it when the run URL is known', () => {
    const runUrl = 'https://github.com/acme/infra/actions/runs/42'
    const out = summary(FULL, { runUrl })
    expect(links(out)).toEqual([{ href: runUrl, text: 're-run this workflow' }])
    expectReadable(out, FULL_DATA)
  })

  it('says re-run without a link when the run URL is unknown', () => {
    const out = summary(FULL)
    expect(guidance(out)).toContain('After the change, re-run this workflow (or wait')
    expect(links(out)).toEqual([])
  })
})

describe('renderSummary: where the files are', () => {
  const filesLine = (files: FilesStep): string =>
    seen(summary({ rows: [userRow()] }, { runUrl: undefined, files }))
      .split('\n')
      .find(l => l.startsWith('Files:')) ?? ''

  it('links the artifact that keeps the report file and the SARIF', () => {
    const url = 'https://github.com/acme/infra/actions/runs/42/artifacts/7'
    const out = summary(
      { rows: [userRow()] },
      {
        runUrl: undefined,
        files: { status: 'uploaded', name: 'posturio-iam-mfa-111122223333', url }
      }
    )
    expect(links(out)).toContainEqual({ href: url, text: 'posturio-iam-mfa-111122223333' })
    expect(seen(out)).toContain(
      'Files: the report file (every finding with its evidence) and the SARIF are in the artifact posturio-iam-mfa-111122223333.'
    )
    expectReadable(out, [])
  })

  it('names the artifact and where to find it when there is no link', () => {
    expect(filesLine({ status: 'uploaded', name: 'posturio-iam-mfa', url: undefined })).toBe(
      "Files: the report file (every finding with its evidence) and the SARIF are in the artifact posturio-iam-mfa (under Artifacts on this run's page)."
    )
  })

  it('says how to keep the files when the upload is off or failed', () => {
    expect(filesLine({ status: 'off' })).toBe(
      'Files: the report file and the SARIF stay on the runner and are gone when the job ends (upload-artifact: false). To keep them, upload the report-file and sarif-file outputs with actions/upload-artifact.'
    )
    expect(filesLine({ status: 'failed', reason: 'the runner could not reach `GitHub`' })).toBe(
      'Files: ⚠️ the artifact could not be uploaded (the runner could not reach GitHub), so the report file and the SARIF are gone when the job ends. To keep them, upload the report-file and sarif-file outputs with actions/upload-artifact.'
    )
  })

  it('never shows a runner path', () => {
    const text = seen(
      summary({ rows: [userRow()] }, { runUrl: undefined, files: { status: 'off' } })
    )
    expect(text).not.toContain('posturio-iam-mfa-report.json')
    expect(text).not.toContain('/runner/')
  })
})

describe('renderSummary: hostile names and reasons', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    'a|b|c',
    '@org/team',
    '[x](https://evil.example)',
    '**bold**',
    '`code`',
    '$x$',
    '#12'
  ]

  it.each(hostile)('shows the user name %s exactly as written, in every table', user => {
    const out = summary({ rows: [userRow({ user }), newUser(`${user}-new`)] })
    expect(firstCells(failingTable(out))).toEqual([user])
    expect(firstCells(tableWith(out, 'grace period ends'))).toEqual([`${user}-new`])
    expectReadable(out, [user, `${user}-new`])
  })

  it('keeps every row of every table at the header’s cell count whatever the names hold', () => {
    const out = summary({
      rows: [...hostile.map(user => userRow({ user })), ...hostile.map(u => newUser(`${u}-new`))]
    })
    const shapes = tableShapes(out)
    expect(shapes.length).toBeGreaterThanOrEqual(3)
    for (const t of shapes) for (const cells of t.rows) expect(cells).toBe(t.columns)
    const failing = failingTable(out) ?? []
    expect(failing).toHaveLength(hostile.length + 1)
    for (const row of failing) expect(row).toHaveLength(4)
    expect(firstCells(failing).sort()).toEqual([...hostile].sort())
  })

  it('shows hostile exemption reasons and owner tags as the words they are', () => {
    const exemptUsers = [
      `breakglass-* until=2027-01-31 # ${HOSTILE.reason}`,
      `lapsed until=2026-11-01 # ${HOSTILE.tag}`,
      'ops@example.com'
    ].join('\n')
    const out = summary({
      rows: [userRow({ user: 'breakglass-admin' }), userRow({ user: 'lapsed' }), userRow()],
      exemptUsers,
      reportAgeMs: HOUR,
      live: { authz: [authz('lapsed', { tags: { github: HOSTILE.tag } }), authz('alice')] }
    })
    expect(rowOf(tableWith(out, 'until (inclusive)'), 'breakglass-admin')?.['reason']).toBe(
      HOSTILE.reason
    )
    expect(rowOf(failingTable(out), 'lapsed')?.['owner']).toContain(`"${HOSTILE.tag}"`)
    for (const row of failingTable(out) ?? []) expect(row).toHaveLength(5)
    expect(sectionText(out, 'Warnings')).toContain(
      'exempt-users line 3 (ops@example.com) matches no IAM user in this report'
    )
    expectReadable(out, [HOSTILE.reason, HOSTILE.tag, 'ops@example.com'])
  })

  it('shows a hostile report file path as text', () => {
    const origin = 'reports/<b>x</b>|@team.csv'
    const out = summary({ rows: [userRow()], origin })
    expect(seen(out)).toContain(`(file ${origin};`)
    expectReadable(out, [origin])
  })
})

describe('renderSummary: size', () => {
  const KIB = 1024

  it('stays under 512 KiB with 5,000 failing users, folded, saying how many are not shown', () => {
    const out = summary({ rows: [rootRow(true), ...many(5000)] })
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(512 * KIB)
    expect(headline(out)).toBe(
      '❌ IAM MFA check: 5,000 identities can sign in without MFA · 0.0% (F)'
    )
    expect(out).toContain('<details><summary>Failing identities')
    const text = seen(out)
    expect(text).toContain('Failing identities (5,000)')
    expect(text).toContain(
      '4,000 more identities not shown here; the report-file output lists every finding.'
    )
    const shown = firstCells(failingTable(out))
    expect(shown).toHaveLength(1000)
    expect(shown).toContain('user-01000')
    expect(shown).not.toContain('user-01001')
  })

  it('stays under 512 KiB when an exemption covering 5,000 users has lapsed', () => {
    const out = summary({
      rows: [rootRow(true), ...many(5000)],
      exemptUsers: 'user-* until=2026-01-31 # migration'
    })
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(512 * KIB)
    const warnings = sectionText(out, 'Warnings')
    expect(warnings).toContain(
      'The exemption for user-00001 (exempt-users line 1) lapsed after 2026-01-31'
    )
    expect(warnings).toContain(
      '4,950 more exemption warnings not shown here; the report-file output lists every finding.'
    )
    expect(warnings).not.toContain('user-00051')
  })

  it.each([
    { users: 50, shown: 50, more: undefined },
    { users: 51, shown: 50, more: '1 more exemption warning not shown here' },
    { users: 52, shown: 50, more: '2 more exemption warnings not shown here' }
  ])(
    'shows $shown exemption warnings for $users users, then says how many more',
    ({ users, shown, more }) => {
      const out = summary({ rows: many(users), exemptUsers: 'user-* # no expiry' })
      const warnings = sectionText(out, 'Warnings')
      expect(occurrences(warnings, 'is exempt with no expiry')).toBe(shown)
      if (more === undefined) expect(warnings).not.toContain('more exemption warning')
      else expect(warnings).toContain(more)
      expectReadable(out, [])
    }
  )

  it('keeps every unused-exemption warning after the capped per-user ones', () => {
    const warnings = sectionText(
      summary({ rows: many(60), exemptUsers: 'user-*\nghost-a\nghost-b' }),
      'Warnings'
    )
    expect(warnings).toContain('10 more exemption warnings not shown here')
    expect(warnings).toContain('exempt-users line 2 (ghost-a) matches no IAM user')
    expect(warnings).toContain('exempt-users line 3 (ghost-b) matches no IAM user')
  })

  it('stays under 512 KiB when an exemption with no expiry covers 5,000 users', () => {
    const out = summary({ rows: [rootRow(true), ...many(5000)], exemptUsers: 'user-*' })
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(512 * KIB)
    expect(out).toContain('<details><summary>Exempt users')
    expect(seen(out)).toContain('is exempt with no expiry')
    expect(firstCells(tableWith(out, 'until (inclusive)'))).toHaveLength(1000)
  })
})

describe('renderIncomplete', () => {
  it('says the scan did not complete, what failed, and that no verdict was reached', () => {
    const out = renderIncomplete(
      'AccessDenied: not authorized to perform iam:GenerateCredentialReport'
    )
    expect(headline(out)).toBe('⚠️ IAM MFA check: the scan did not complete')
    const text = seen(out)
    expect(text).toContain(
      'What failed: AccessDenied: not authorized to perform iam:GenerateCredentialReport'
    )
    expect(text).toContain('No verdict was reached in this run')
    expect(text).not.toMatch(/Score|grade|pass and|fail \(/)
    expect(tables(out)).toEqual([])
    expectReadable(out, [])
  })

  it('shows the message’s backticked words as code, not as literal backticks', () => {
    const out = renderIncomplete(
      'Input `fail-on` must be one of none, critical, high, medium, e.g. `fail-on: high`; got "x".'
    )
    expect(codeTexts(out)).toEqual(['fail-on', 'fail-on: high'])
    const text = seen(out)
    expect(text).toContain(
      'What failed: Input fail-on must be one of none, critical, high, medium, e.g. fail-on: high; got "x".'
    )
    expect(text).not.toContain('`')
    expectReadable(out, [])
  })

  it('shows a hostile message as the words it is: no HTML, link, mention or heading', () => {
    const message =
      'bad <b>input</b> | @org/team [x](https://evil.example)\n## Fake heading #7 **loud**'
    const out = renderIncomplete(message)
    expect(seen(out)).toContain(
      'What failed: bad <b>input</b> | @org/team [x](https://evil.example) ## Fake heading #7 **loud**'
    )
    expect(links(out)).toEqual([])
    expect(headline(out)).toBe('⚠️ IAM MFA check: the scan did not complete')
    expect(
      seen(out)
        .split('\n')
        .filter(l => l.includes('Fake heading'))
    ).toHaveLength(1)
    expectReadable(out, [message.replace('\n', ' ')])
  })
})
