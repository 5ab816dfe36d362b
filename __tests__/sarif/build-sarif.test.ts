import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseExemptUsers } from '../../src/config/exempt-users.js'
import { compareFindings, evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { Finding, RuleId } from '../../src/core/types.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { code, md, text } from '../../src/text/markdown.js'
import type { CodeLocation } from '../../src/sarif/build-sarif.js'
import { buildSarif, INFORMATION_URI, TOOL_NAME } from '../../src/sarif/build-sarif.js'
import { RULES } from '../../src/sarif/rules.js'
import { findCodeLocations } from '../../src/sarif/iac-locations.js'
import { VERSION } from '../../src/version.js'
import { reportCsv, rootRow, userRow } from '../helpers/report-csv.js'
import { multitoolErrors, schemaErrors } from '../helpers/sarif-validate.js'

// --- The SARIF log as the tests read it back (only the parts they look at). ---

interface Text {
  readonly text: string
}
interface SarifRule {
  readonly id: RuleId
  readonly name: string
  readonly shortDescription: Text
  readonly fullDescription: Text
  readonly help: { readonly text: string; readonly markdown: string }
  readonly defaultConfiguration: { readonly level: string }
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity': string }
}
interface SarifResult {
  readonly ruleId: RuleId
  readonly ruleIndex: number
  readonly level: string
  readonly message: Text
  readonly locations: ReadonlyArray<{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string }
      readonly region: { readonly startLine: number }
    }
  }>
  readonly partialFingerprints: { readonly primaryLocationLineHash: string }
  readonly properties: {
    readonly account: string
    readonly user: string
    readonly privilegedVia?: string
  }
}
interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string
      readonly version: string
      readonly informationUri: string
      readonly rules: readonly SarifRule[]
    }
  }
  readonly automationDetails: { readonly id: string }
  readonly results: readonly SarifResult[]
}
interface SarifLog {
  readonly version: string
  readonly runs: readonly SarifRun[]
}

// --- A scan the way the action builds one: CSV text -> parse -> evaluate -> (enrich) -> posture. ---

const NOW = new Date('2026-11-30T12:00:00Z')
const A = '111122223333'
const B = '444455556666'
const C = '777788889999'
const CATEGORY = 'posturio/iam-mfa'
const ALICE = 'Alice+ops@example.com'
const VIA = md`group ${code('admins')}: attached policy ${code('AdministratorAccess')}`
const NO_CODE: ReadonlyMap<string, CodeLocation> = new Map()
const IAC = fileURLToPath(new URL('../fixtures/iac/', import.meta.url))
const BAD_SARIF = fileURLToPath(
  new URL('../fixtures/sarif/missing-rule-help.sarif', import.meta.url)
)

const ROWS = [
  userRow('deploy-bot', {}, A),
  userRow('frank,finance', { password_last_used: 'no_information' }, A),
  userRow(ALICE, {}, A),
  userRow('old_user=1', { password_last_used: '2026-05-01T00:00:00+00:00' }, A),
  userRow(
    'newbie',
    { user_creation_time: '2026-11-30T06:00:00+00:00', password_last_used: 'N/A' },
    A
  ),
  userRow('contractor.x', {}, A),
  userRow(
    'ci-deploy',
    { password_enabled: 'false', password_last_used: 'N/A', access_key_1_active: 'true' },
    A
  ),
  rootRow({ mfa_active: 'true' }, A),
  rootRow({}, B),
  userRow('deploy-bot', {}, B),
  userRow('carol_v', { mfa_active: 'true' }, B),
  userRow('dave', { mfa_active: 'true' }, B),
  userRow('ok.user', { mfa_active: 'true' }, C),
  rootRow({ mfa_active: 'true' }, C)
]

function scanOf(findings: readonly Finding[], accounts: readonly string[]): ScanResult {
  return {
    check: 'iam.users_without_mfa',
    accounts,
    accountScans: [],
    scannedAt: NOW.toISOString(),
    mode: 'live',
    report: {
      origin: 'GetCredentialReport',
      generatedAt: '2026-11-30T11:00:00.000Z',
      ageMs: 3.6e6
    },
    evaluation: { findings, unusedExemptions: [] },
    liveChecks: 'on',
    posture: posture(findings),
    settings: {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: true
    }
  }
}

/** Findings as evaluate + enrich leave them: Alice privileged, carol with only a virtual MFA device. */
function realisticFindings(): Finding[] {
  const { exemptions, problems } = parseExemptUsers('contractor.x until=2027-01-31 # vendor laptop')
  expect(problems).toEqual([])
  const evaluation = evaluate(
    parseCredentialReport(reportCsv(ROWS)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions, rootFacts: undefined },
    NOW
  )
  return evaluation.findings
    .map((f): Finding => {
      if (f.user === ALICE && f.verdict === 'fail') {
        return {
          ...f,
          rule: 'iam.privileged_users_without_mfa',
          severity: 'critical',
          privilegedVia: VIA,
          reason: md`Privileged (${VIA}). ${f.reason}`
        }
      }
      if (f.user === 'carol_v') {
        return {
          ...f,
          verdict: 'fail',
          severity: 'medium',
          rule: 'iam.users_without_phishing_resistant_mfa',
          remediation: 'add-security-key',
          mfaKinds: ['virtual'],
          reason: text(
            'MFA is active but only a virtual authenticator app, which a phishing site can relay; add a FIDO security key or passkey.'
          )
        }
      }
      return f
    })
    .sort(compareFindings)
}

const FINDINGS = realisticFindings()
const SCAN = scanOf(FINDINGS, [A, B, C])

function sarif(
  scan: ScanResult = SCAN,
  codeLocations: ReadonlyMap<string, CodeLocation> = NO_CODE,
  category: string = CATEGORY
): SarifLog {
  return buildSarif(scan, { category, toolVersion: VERSION, codeLocations }) as SarifLog
}

function finding(account: string, user: string): Finding {
  const found = FINDINGS.find(f => f.account === account && f.user === user)
  if (!found) throw new Error(`no finding for ${user} in ${account}`)
  return found
}

function runFor(log: SarifLog, account: string): SarifRun {
  const found = log.runs.find(r => r.automationDetails.id === `${CATEGORY}/${account}/`)
  if (!found) throw new Error(`no run for ${account}`)
  return found
}

function resultFor(log: SarifLog, account: string, user: string): SarifResult {
  const found = runFor(log, account).results.find(r => r.properties.user === user)
  if (!found) throw new Error(`no result for ${user} in ${account}`)
  return found
}

const uriOf = (r: SarifResult): string =>
  r.locations[0]?.physicalLocation.artifactLocation.uri ?? ''
const lineOf = (r: SarifResult): number | undefined =>
  r.locations[0]?.physicalLocation.region.startLine
const printOf = (r: SarifResult): string => r.partialFingerprints.primaryLocationLineHash
const allResults = (log: SarifLog): SarifResult[] => log.runs.flatMap(r => [...r.results])

const LOG = sarif()

it('builds the scan the tests rely on: every verdict and all four rules', () => {
  const verdicts = (account: string): Record<string, string> =>
    Object.fromEntries(
      FINDINGS.filter(f => f.account === account).map(f => [f.user, `${f.verdict} ${f.rule}`])
    )
  expect(verdicts(A)).toEqual({
    'deploy-bot': 'fail iam.users_without_mfa',
    'frank,finance': 'fail iam.users_without_mfa',
    [ALICE]: 'fail iam.privileged_users_without_mfa',
    'old_user=1': 'fail iam.users_without_mfa',
    newbie: 'pending iam.users_without_mfa',
    'contractor.x': 'exempt iam.users_without_mfa',
    'ci-deploy': 'not-applicable iam.users_without_mfa',
    '<root_account>': 'pass iam.root_without_mfa'
  })
  expect(verdicts(B)).toEqual({
    '<root_account>': 'fail iam.root_without_mfa',
    'deploy-bot': 'fail iam.users_without_mfa',
    carol_v: 'fail iam.users_without_phishing_resistant_mfa',
    dave: 'pass iam.users_without_mfa'
  })
  expect(verdicts(C)).toEqual({
    'ok.user': 'pass iam.users_without_mfa',
    '<root_account>': 'pass iam.root_without_mfa'
  })
})

// --- Validity: the official schema and GitHub's ingestion rules, over one combined log. ---

describe('validity', () => {
  let combined: SarifLog

  beforeAll(async () => {
    const found = await findCodeLocations(IAC, [IAC])
    const withCode = sarif(SCAN, found.locations, 'posturio/with-code')
    const empty = sarif(
      scanOf(
        FINDINGS.filter(f => f.verdict !== 'fail'),
        [A, B, C]
      ),
      NO_CODE,
      'posturio/all-fixed'
    )
    // The code-location variant really points somewhere in the fixture tree.
    expect(allResults(withCode).some(r => uriOf(r) === 'terraform/main.tf')).toBe(true)
    combined = { ...LOG, runs: [...LOG.runs, ...withCode.runs, ...empty.runs] }
  })

  it('validates against the official SARIF 2.1.0 schema with no errors', () => {
    expect(schemaErrors(combined)).toEqual([])
  })

  it('passes the SARIF multitool rules and its GitHub ingestion rules (Sarif;Gh) with no errors', async () => {
    expect(await multitoolErrors(combined)).toEqual([])
  })

  it('the validators do reject a bad log (so the two tests above can fail)', async () => {
    const bad: unknown = JSON.parse(readFileSync(BAD_SARIF, 'utf8'))
    // A space in the uri breaks the schema's uri-reference format; no rule help breaks GitHub's rules.
    expect(schemaErrors(bad)).toEqual([
      expect.stringContaining('must match format "uri-reference"')
    ])
    const errors = await multitoolErrors(bad)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GH2012: .*MissingShortDescription/),
        expect.stringMatching(/^GH2012: .*MissingHelp/),
        expect.stringMatching(/^SARIF1002: .*alice smith/)
      ])
    )
  })
})

// --- Structure. ---

describe('runs and tool', () => {
  it('is SARIF 2.1.0 with one run per scanned account, in the scan order', () => {
    expect(LOG.version).toBe('2.1.0')
    expect(LOG.runs.map(r => r.automationDetails.id)).toEqual([
      `${CATEGORY}/${A}/`,
      `${CATEGORY}/${B}/`,
      `${CATEGORY}/${C}/`
    ])
  })

  it('names the tool Posturio with the action version and an https informationUri', () => {
    for (const run of LOG.runs) {
      expect(run.tool.driver.name).toBe('Posturio')
      expect(TOOL_NAME).toBe('Posturio')
      expect(run.tool.driver.version).toBe(VERSION)
      expect(run.tool.driver.informationUri).toBe(INFORMATION_URI)
      expect(new URL(run.tool.driver.informationUri).protocol).toBe('https:')
    }
  })

  it('uses <category>/<account>/ as automationDetails.id for any category', () => {
    const log = sarif(SCAN, NO_CODE, 'nightly/iam')
    expect(log.runs.map(r => r.automationDetails.id)).toEqual([
      `nightly/iam/${A}/`,
      `nightly/iam/${B}/`,
      `nightly/iam/${C}/`
    ])
  })
})

describe('rules', () => {
  const SEVERITY: Record<RuleId, string> = {
    'iam.privileged_users_without_mfa': '9.5',
    'iam.root_without_mfa': '9.5',
    'iam.users_without_mfa': '8.0',
    'iam.users_without_phishing_resistant_mfa': '5.0',
    'iam.root_without_hardware_mfa': '8.0',
    'iam.privileged_actions_without_mfa_condition': '5.0',
    'iam.console_user_without_mfa_guardrail': '5.0'
  }

  /** Stars outside code spans and blocks that are not the help's own *emphasis* or **bold**: they would render as markup. */
  function strayStars(markdown: string): string[] {
    const outsideCode = markdown
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
      .replace(/`[^`\n]*`/g, '')
    const withoutEmphasis = outsideCode
      .replace(/\*\*[A-Z][^*\n]*?\*\*/g, '')
      .replace(/\*[A-Z][^*\n]*?[A-Za-z.]\*/g, '')
    return withoutEmphasis.match(/.{0,20}\*.{0,20}/g) ?? []
  }

  const ruleOf = (id: RuleId): SarifRule => {
    const rule = LOG.runs[0]?.tool.driver.rules.find(r => r.id === id)
    if (!rule) throw new Error(`rule ${id} missing`)
    return rule
  }

  it('finds stray stars (so the help check below can fail)', () => {
    expect(strayStars('allows * on * and `iam:*`')).toHaveLength(1)
    expect(strayStars('the user → *Security credentials*, **How to fix.** `*` on `*`')).toEqual([])
  })

  it('lists every rule in every run, even one without results', () => {
    for (const run of LOG.runs) {
      expect(run.tool.driver.rules.map(r => r.id).sort()).toEqual(Object.keys(SEVERITY).sort())
    }
    expect(runFor(LOG, C).results).toEqual([])
  })

  it.each(Object.entries(SEVERITY))(
    '%s has descriptions, help in text and markdown, the security tag and security-severity %s',
    (id, severity) => {
      for (const run of LOG.runs) {
        const rule = run.tool.driver.rules.find(r => r.id === id)
        if (!rule) throw new Error(`rule ${id} missing`)
        expect(rule.name).toMatch(/^[A-Z][A-Za-z]+$/)
        expect(rule.shortDescription.text.length).toBeGreaterThan(10)
        expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length)
        expect(rule.help.text).toContain('How to fix')
        expect(rule.help.text).toContain('How to verify')
        expect(rule.help.text).not.toContain('`')
        expect(rule.fullDescription.text).not.toContain('`')
        expect(strayStars(rule.help.markdown)).toEqual([])
        expect(rule.help.markdown).toContain('**How to fix.**')
        expect(rule.help.markdown).toContain('**How to verify.**')
        expect(rule.properties.tags).toContain('security')
        expect(rule.properties['security-severity']).toBe(severity)
        expect(Number.isFinite(Number(rule.properties['security-severity']))).toBe(true)
        expect(rule.defaultConfiguration.level).toBe(severity === '5.0' ? 'warning' : 'error')
      }
    }
  )

  it("shows the privileged rule's wildcards as code in Markdown and as plain stars in text", () => {
    const rule = ruleOf('iam.privileged_users_without_mfa')
    expect(rule.help.markdown).toContain('allows `*` on `*`, `iam:*`, or a `NotAction` list on `*`')
    expect(rule.help.text).toContain('allows * on *, iam:*, or a NotAction list on *')
    expect(rule.fullDescription.text).toContain('allows * on *')
  })

  it('tells how to verify root with aws iam get-account-summary, not the per-user calls', () => {
    const rule = ruleOf('iam.root_without_mfa')
    for (const help of [rule.help.markdown, rule.help.text]) {
      expect(help).toContain('aws iam get-account-summary')
      expect(help).not.toContain('list-mfa-devices')
      expect(help).not.toContain('get-login-profile')
    }
    expect(rule.help.markdown).toContain('`aws iam get-account-summary`')
  })
})

describe('results', () => {
  it('has exactly one result per failing finding, and none for pending, exempt, pass or not-applicable', () => {
    const got = allResults(LOG).map(r => `${r.properties.account} ${r.properties.user} ${r.ruleId}`)
    const failing = FINDINGS.filter(f => f.verdict === 'fail').map(
      f => `${f.account} ${f.user} ${f.rule}`
    )
    expect(got.sort()).toEqual(failing.sort())
    expect(got).toHaveLength(7)
    const users = allResults(LOG).map(r => r.properties.user)
    for (const absent of ['newbie', 'contractor.x', 'ci-deploy', 'dave', 'ok.user']) {
      expect(users).not.toContain(absent)
    }
    expect(runFor(LOG, A).results.map(r => r.ruleId)).not.toContain('iam.root_without_mfa')
  })

  it('puts each result in its own account run', () => {
    for (const account of [A, B, C]) {
      for (const r of runFor(LOG, account).results) expect(r.properties.account).toBe(account)
    }
  })

  it.each([
    { account: A, user: ALICE, level: 'error', rule: 'iam.privileged_users_without_mfa' },
    { account: B, user: '<root_account>', level: 'error', rule: 'iam.root_without_mfa' },
    { account: A, user: 'deploy-bot', level: 'error', rule: 'iam.users_without_mfa' },
    {
      account: B,
      user: 'carol_v',
      level: 'warning',
      rule: 'iam.users_without_phishing_resistant_mfa'
    }
  ])('gives $user in $account level $level under $rule', ({ account, user, level, rule }) => {
    const r = resultFor(LOG, account, user)
    expect(r.level).toBe(level)
    expect(r.ruleId).toBe(rule)
  })

  it('points ruleIndex at the rule named by ruleId', () => {
    for (const run of LOG.runs) {
      for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId)
    }
  })

  it('names the user, the account and what is wrong in each message', () => {
    const messageOf = (account: string, user: string): string =>
      resultFor(LOG, account, user).message.text
    expect(messageOf(A, ALICE)).toContain(`IAM user ${ALICE} in AWS account ${A}`)
    expect(messageOf(A, ALICE)).toContain(
      'Privileged (group admins: attached policy AdministratorAccess)'
    )
    expect(resultFor(LOG, A, ALICE).properties.privilegedVia).toBe(
      'group admins: attached policy AdministratorAccess'
    )
    expect(messageOf(A, 'frank,finance')).toContain(`IAM user frank,finance in AWS account ${A}`)
    expect(messageOf(A, 'frank,finance')).toContain('never been used')
    expect(messageOf(A, 'old_user=1')).toContain('inactive for over 45 days')
    expect(messageOf(A, 'deploy-bot')).toContain('last used 1 day ago')
    expect(messageOf(A, 'deploy-bot')).not.toContain('inactive')
    expect(messageOf(B, 'deploy-bot')).toContain(`in AWS account ${B}`)
    expect(messageOf(B, '<root_account>')).toContain(`The root user of AWS account ${B}`)
    expect(messageOf(B, 'carol_v')).toMatch(/only a virtual authenticator app/)
    for (const r of allResults(LOG)) {
      expect(r.message.text).toMatch(/without MFA|no MFA|MFA is active/)
      // Code scanning shows the message as written: plain words, no Markdown.
      expect(r.message.text).not.toContain('`')
    }
  })

  it('locates users at aws/<account>/iam/users/<url-encoded user>, line 1, and root at aws/<account>/iam/root', () => {
    expect(uriOf(resultFor(LOG, A, ALICE))).toBe(`aws/${A}/iam/users/Alice%2Bops%40example.com`)
    expect(uriOf(resultFor(LOG, A, 'frank,finance'))).toBe(`aws/${A}/iam/users/frank%2Cfinance`)
    expect(uriOf(resultFor(LOG, A, 'old_user=1'))).toBe(`aws/${A}/iam/users/old_user%3D1`)
    expect(uriOf(resultFor(LOG, B, '<root_account>'))).toBe(`aws/${B}/iam/root`)
    for (const r of allResults(LOG)) {
      const uri = uriOf(r)
      expect(r.locations).toHaveLength(1)
      expect(lineOf(r)).toBe(1)
      expect(uri).not.toMatch(/\s/)
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i) // no scheme: relative
      expect(uri.startsWith('/')).toBe(false)
      if (r.properties.user !== '<root_account>') {
        const last = uri.split('/').pop() ?? ''
        expect(decodeURIComponent(last)).toBe(r.properties.user)
        expect(uri).toBe(
          `aws/${r.properties.account}/iam/users/${encodeURIComponent(r.properties.user)}`
        )
      }
    }
  })
})

// --- Stability: one alert per (account, user, rule) across runs. ---

describe('fingerprints and locations', () => {
  const identity = (log: SarifLog): string[] =>
    allResults(log)
      .map(r => JSON.stringify([r.ruleId, printOf(r), r.locations, r.partialFingerprints]))
      .sort()

  it('are byte-identical when the same findings are built twice', () => {
    const again = sarif(scanOf(realisticFindings(), [A, B, C]))
    expect(JSON.stringify(again)).toBe(JSON.stringify(LOG))
  })

  it('are byte-identical when the findings arrive in a different order', () => {
    const shuffled = sarif(scanOf([...FINDINGS].reverse(), [A, B, C]))
    expect(identity(shuffled)).toEqual(identity(LOG))
    for (const account of [A, B, C]) {
      const byPrint = (log: SarifLog): string =>
        JSON.stringify(
          [...runFor(log, account).results]
            .map(r => ({ print: printOf(r), locations: r.locations }))
            .sort((x, y) => x.print.localeCompare(y.print))
        )
      expect(byPrint(shuffled)).toBe(byPrint(LOG))
    }
  })

  it('are unique within the log, look like hash:version and differ for one user in two accounts', () => {
    const prints = allResults(LOG).map(printOf)
    expect(new Set(prints).size).toBe(prints.length)
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{32}:1$/)
    expect(printOf(resultFor(LOG, A, 'deploy-bot'))).not.toBe(
      printOf(resultFor(LOG, B, 'deploy-bot'))
    )
  })

  it('differ between rules for the same user and account', () => {
    const alice = finding(A, ALICE)
    const asPlain: Finding = { ...alice, rule: 'iam.users_without_mfa', severity: 'high' }
    const asWeak: Finding = {
      ...alice,
      rule: 'iam.users_without_phishing_resistant_mfa',
      severity: 'medium'
    }
    const log = sarif(scanOf([alice, asPlain, asWeak], [A]))
    const prints = allResults(log).map(printOf)
    expect(prints).toHaveLength(3)
    expect(new Set(prints).size).toBe(3)
  })

  it('stay the same when only the case of the user name changes (IAM names are case-insensitive)', () => {
    const alice = finding(A, ALICE)
    const upper: Finding = { ...alice, user: ALICE.toUpperCase(), arn: alice.arn.toUpperCase() }
    const lower: Finding = { ...alice, user: ALICE.toLowerCase() }
    const prints = [alice, upper, lower].map(f =>
      printOf(allResults(sarif(scanOf([f], [A])))[0] as SarifResult)
    )
    expect(new Set(prints).size).toBe(1)
  })
})

// --- Alerts where infrastructure code defines the user. ---

describe('code locations', () => {
  const CODE: ReadonlyMap<string, CodeLocation> = new Map([
    [ALICE.toLowerCase(), { uri: 'terraform/main.tf', line: 13 }],
    ['deploy-bot', { uri: 'infra/users.tf', line: 7 }],
    ['<root_account>', { uri: 'should/not/be/used.tf', line: 3 }]
  ])
  const WITH_CODE = sarif(SCAN, CODE)

  it('points a user defined in code at that file and line, matching the name case-insensitively', () => {
    const alice = resultFor(WITH_CODE, A, ALICE)
    expect(uriOf(alice)).toBe('terraform/main.tf')
    expect(lineOf(alice)).toBe(13)
    for (const account of [A, B]) {
      const bot = resultFor(WITH_CODE, account, 'deploy-bot')
      expect(uriOf(bot)).toBe('infra/users.tf')
      expect(lineOf(bot)).toBe(7)
    }
  })

  it('keeps the virtual location for root and for users not defined in code', () => {
    expect(uriOf(resultFor(WITH_CODE, B, '<root_account>'))).toBe(`aws/${B}/iam/root`)
    expect(lineOf(resultFor(WITH_CODE, B, '<root_account>'))).toBe(1)
    expect(uriOf(resultFor(WITH_CODE, A, 'frank,finance'))).toBe(
      `aws/${A}/iam/users/frank%2Cfinance`
    )
  })

  it('keeps every fingerprint, message and level unchanged', () => {
    const strip = (log: SarifLog): unknown =>
      allResults(log).map(r => [r.ruleId, printOf(r), r.message.text, r.level, r.properties])
    expect(strip(WITH_CODE)).toEqual(strip(LOG))
  })

  it('uses what findCodeLocations found in the fixture tree', async () => {
    const found = await findCodeLocations(IAC, [IAC])
    const alice = resultFor(sarif(SCAN, found.locations), A, ALICE)
    expect(uriOf(alice)).toBe('terraform/main.tf')
    expect(lineOf(alice)).toBe(13)
    expect(printOf(alice)).toBe(printOf(resultFor(LOG, A, ALICE)))
  })
})

// --- All fixed: the empty runs are what close the alerts. ---

describe('a scan with no failing findings', () => {
  it('still has one run per account, each with results []', () => {
    const fixed = scanOf(
      FINDINGS.filter(f => f.verdict !== 'fail'),
      [A, B, C]
    )
    const log = sarif(fixed)
    expect(log.runs).toHaveLength(3)
    expect(log.runs.map(r => r.automationDetails.id)).toEqual([
      `${CATEGORY}/${A}/`,
      `${CATEGORY}/${B}/`,
      `${CATEGORY}/${C}/`
    ])
    for (const run of log.runs) {
      expect(run.results).toEqual([])
      expect(run.tool.driver.rules.map(r => r.id)).toEqual(RULES.map(r => r.id))
    }
  })
})
