// Issue: verdicts people can trust. The bundled action against the emulator, with a credential
// report that is older than the account's state (as AWS serves its cached report for 4 hours).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DeleteLoginProfileCommand, type IAMClient } from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import { startCountingProxy, type CountingProxy } from '../../scripts/lib/counting-proxy.mjs'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, ALLOW_ALL, enrollVirtualMfa, seedGroup, seedUsers } from '../helpers/seed-iam.js'

let moto: Moto
let proxy: CountingProxy
let iam: IAMClient
beforeAll(async () => {
  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  proxy = await startCountingProxy(moto.endpoint)
  iam = adminIam(moto.endpoint)
})
afterAll(async () => {
  await proxy.stop()
  await moto.stop()
})
beforeEach(async () => {
  await moto.reset()
  proxy.freezeReport(false)
  proxy.reset()
})

const env = (): Record<string, string> => ({
  AWS_ENDPOINT_URL: proxy.url,
  AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
  AWS_SECRET_ACCESS_KEY: 'x'
})
const run = (inputs: Record<string, string> = {}): Promise<BundleRun> =>
  runBundle({ 'grace-period-days': '0', ...inputs }, env())

interface Finding {
  user: string
  verdict: string
  severity?: string
  rule: string
  reason: string
  privilegedVia?: string
  owner?: string
  ownerProblem?: string
  live?: { status: string; detail: string }
}
function findings(r: BundleRun): Record<string, Finding> {
  const doc = JSON.parse(readFileSync(r.outputs['report-file'] ?? '', 'utf8')) as {
    evaluation: { findings: Finding[] }
  }
  return Object.fromEntries(doc.evaluation.findings.map(f => [f.user, f]))
}
/** One time, as people read it everywhere: "2026-11-30 10:02 UTC". */
const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d UTC`
/** The summary's tables as a reader sees their cells (without the invisible word joiners). */
const seenTables = (markdown: string): string[][][] =>
  tables(markdown).map(t => t.map(row => row.map(cell => cell.replace(/\u2060/g, ''))))
const users = (r: BundleRun): Array<Record<string, string>> =>
  JSON.parse(r.outputs['non-compliant-users'] ?? '[]') as Array<Record<string, string>>

describe('live re-verification', () => {
  beforeEach(async () => {
    await seedUsers(iam, [
      { name: 'enrolls-later', console: true },
      { name: 'loses-console', console: true },
      { name: 'still-failing', console: true }
    ])
    const first = await run()
    expect(
      users(first)
        .map(u => u.user)
        .sort()
    ).toEqual(['enrolls-later', 'loses-console', 'still-failing'])
    proxy.freezeReport()
    proxy.reset()
    await enrollVirtualMfa(iam, 'enrolls-later')
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'loses-console' }))
  })

  it('passes users fixed after the report was generated, with the evidence, and keeps the rest failing', async () => {
    const second = await run()
    expect(second.code).toBe(0)
    expect(users(second).map(u => u.user)).toEqual(['still-failing'])
    const f = findings(second)
    expect(f['enrolls-later']?.verdict).toBe('pass')
    expect(f['enrolls-later']?.live?.detail).toMatch(
      new RegExp(
        `^MFA device \\(virtual authenticator app\\) enrolled ${TIME}, after the report was generated at 2015-02-02 20:02 UTC; verified live at ${TIME}`
      )
    )
    expect(f['loses-console']?.verdict).toBe('pass')
    expect(f['loses-console']?.live?.detail).toMatch(
      /^Console password removed \(GetLoginProfile: NoSuchEntity\)/
    )
    expect(f['still-failing']?.live?.status).toBe('confirmed')
    const summary = seen(second.summary)
    expect(summary).toMatch(/^Fixed since the report$/m)
    const fixedRows = seenTables(second.summary)[2] ?? []
    expect(fixedRows.map(row => row[0])).toEqual(['user', 'enrolls-later', 'loses-console'])
    expect(fixedRows[1]?.[1]).toMatch(/^MFA device \(virtual authenticator app\) enrolled /)
    expect(fixedRows[2]?.[1]).toMatch(/^Console password removed \(GetLoginProfile: NoSuchEntity\)/)
    expect(summary).toContain(
      'Live re-verification: of the 3 users the report marks failing, 2 fixed since the report, 1 still failing, 0 not re-verified.'
    )
    expectReadable(second.summary, ['enrolls-later', 'loses-console', 'still-failing'])
  })

  it('reports the cached verdicts, and says so, when verify-live is false', async () => {
    const second = await run({ 'verify-live': 'false' })
    expect(users(second)).toHaveLength(3)
    expect(seen(second.summary)).toContain(
      'Live re-verification: off (verify-live: false): verdicts are as of the report.'
    )
    expect(proxy.counts()['ListMFADevices']).toBeUndefined()
  })
})

describe('privileged users first', () => {
  it('ranks admins through a group and through an inline *:* policy as critical, and says which policy', async () => {
    await seedGroup(iam, 'admins', ['arn:aws:iam::aws:policy/AdministratorAccess'])
    await seedGroup(iam, 'readers', ['arn:aws:iam::aws:policy/ReadOnlyAccess'])
    await seedUsers(iam, [
      { name: 'aaa-plain', console: true, groups: ['readers'] },
      { name: 'zz-group-admin', console: true, groups: ['admins'] },
      { name: 'zz-inline-admin', console: true, inline: { everything: ALLOW_ALL } }
    ])
    const r = await run()
    expect(users(r).map(u => [u.user, u.severity, u.rule])).toEqual([
      ['zz-group-admin', 'critical', 'iam.privileged_users_without_mfa'],
      ['zz-inline-admin', 'critical', 'iam.privileged_users_without_mfa'],
      ['aaa-plain', 'high', 'iam.users_without_mfa'],
      // Their privileged actions need no MFA either: the policy rule's findings follow.
      ['zz-group-admin', 'medium', 'iam.privileged_actions_without_mfa_condition'],
      ['zz-inline-admin', 'medium', 'iam.privileged_actions_without_mfa_condition']
    ])
    const f = findings(r)
    expect(f['zz-group-admin']?.privilegedVia).toBe(
      'group admins: attached policy AdministratorAccess'
    )
    expect(f['zz-inline-admin']?.privilegedVia).toBe('inline policy everything (allows * on *)')
    const summary = seen(r.summary)
    const failing = seenTables(r.summary)[1] ?? []
    expect(failing.map(row => [row[0], row[1], row[3]])).toEqual([
      ['identity', 'severity', 'facts'],
      ['zz-group-admin', '🟥 critical', expect.stringContaining('privileged (see below)')],
      ['zz-inline-admin', '🟥 critical', expect.stringContaining('privileged (see below)')],
      ['aaa-plain', '🟧 high', expect.not.stringContaining('privileged')]
    ])
    expect(summary).toContain('Why privileged (administrator or IAM-wide rights):')
    expect(summary).toMatch(/^group admins: attached policy AdministratorAccess: zz-group-admin$/m)
    expect(summary).toMatch(/^inline policy everything \(allows \* on \*\): zz-inline-admin$/m)
    expectReadable(r.summary, ['zz-group-admin', 'zz-inline-admin', 'aaa-plain'])
  })

  it('finds a privileged user with per-user calls when few of many users fail', async () => {
    await seedGroup(iam, 'admins', ['arn:aws:iam::aws:policy/IAMFullAccess'])
    await seedUsers(iam, [
      { name: 'only-failure', console: true, groups: ['admins'] },
      ...Array.from({ length: 400 }, (_, i) => ({ name: `api-${i}`, accessKey: false }))
    ])
    const r = await run()
    expect(users(r).map(u => [u.user, u.severity])).toEqual([
      ['only-failure', 'critical'],
      ['only-failure', 'medium']
    ])
    expect(r.stdout).toContain(
      'Read policies, groups and tags of 1 user who can call AWS (per-user).'
    )
    expect(proxy.counts()['GetAccountAuthorizationDetails']).toBeUndefined()
    expect(proxy.counts()['ListGroupsForUser']).toBe(1)
  })
})

describe('owners and exemptions from tags', () => {
  it('puts a valid owner tag in the outputs and never turns a malformed one into a mention', async () => {
    await seedUsers(iam, [
      { name: 'owned', console: true, tags: { github: 'octo-cat' } },
      { name: 'team-owned', console: true, tags: { github: 'acme/platform-team' } },
      { name: 'bad-owner', console: true, tags: { github: '@evil team! <b>' } }
    ])
    const r = await run()
    const byUser = Object.fromEntries(users(r).map(u => [u.user, u]))
    expect(byUser['owned']?.owner).toBe('octo-cat')
    expect(byUser['team-owned']?.owner).toBe('acme/platform-team')
    expect(byUser['bad-owner']).not.toHaveProperty('owner')
    expect(findings(r)['bad-owner']?.ownerProblem).toContain('not a GitHub login or org/team')
    // The bad tag is shown as written, as words: neither a mention nor HTML.
    expect(r.summary).not.toMatch(/@evil|<b>/)
    const owners = Object.fromEntries(
      (seenTables(r.summary)[1] ?? []).map(row => [row[0], row[row.length - 1]])
    )
    expect(owners['identity']).toBe('owner')
    expect(owners['owned']).toBe('octo-cat')
    expect(owners['team-owned']).toBe('acme/platform-team')
    expect(owners['bad-owner']).toBe(
      'none: tag github holds "@evil team! <b>", which is not a GitHub login or org/team (e.g. octocat or acme/platform-team); no owner is assigned.'
    )
    expectReadable(r.summary, ['owned', 'team-owned', 'bad-owner', '@evil team! <b>'])
  })

  it('exempts a user tagged mfa-exempt with a reason and an expiry, and warns about one without expiry', async () => {
    await seedUsers(iam, [
      {
        name: 'vendor',
        console: true,
        tags: { 'mfa-exempt': 'vendor shared login;until=2099-01-31' }
      },
      { name: 'forever', console: true, tags: { 'mfa-exempt': 'legacy kiosk' } },
      { name: 'lapsed', console: true, tags: { 'mfa-exempt': 'old;until=2020-01-01' } }
    ])
    const r = await run()
    expect(users(r).map(u => u.user)).toEqual(['lapsed'])
    const f = findings(r)
    expect(f['vendor']?.verdict).toBe('exempt')
    expect(f['vendor']?.reason).toBe(
      'Exempt by tag mfa-exempt until 2099-01-31: vendor shared login.'
    )
    const summary = seen(r.summary)
    expect(summary).toContain(
      'forever is exempt with no expiry (tag mfa-exempt): add until=YYYY-MM-DD so the exemption is reviewed.'
    )
    expect(summary).toContain(
      'vendor is exempt until 2099-01-31, more than 365 days ahead (tag mfa-exempt).'
    )
    expect(summary).toContain(
      'The exemption for lapsed (tag mfa-exempt) lapsed after 2020-01-01; the user is judged normally again.'
    )
    expect(r.stdout).toMatch(/^::warning::forever is exempt with no expiry \(tag mfa-exempt\)/m)
    expectReadable(r.summary, [
      'vendor',
      'forever',
      'lapsed',
      'vendor shared login',
      'legacy kiosk'
    ])
  })
})

describe('MFA strength', () => {
  it('reports a user with only a virtual device as medium when phishing resistance is required', async () => {
    await seedUsers(iam, [{ name: 'app-only', console: true, mfa: true }])
    const off = await run()
    expect(users(off)).toEqual([])
    const on = await run({ 'require-phishing-resistant': 'true' })
    expect(users(on).map(u => [u.user, u.severity, u.rule])).toEqual([
      ['app-only', 'medium', 'iam.users_without_phishing_resistant_mfa']
    ])
    expect(seen(on.summary)).toContain(
      'MFA strength (require-phishing-resistant): of 1 user with MFA listed, 0 with a FIDO security key, 0 with a hardware TOTP token, 1 with a virtual authenticator app.'
    )
    expectReadable(on.summary, ['app-only'])
  })
})

describe('cost, measured', () => {
  it('costs the detection calls plus two calls per failing user and one details page, for 200 users of whom 20 fail', async () => {
    await seedUsers(
      iam,
      Array.from({ length: 200 }, (_, i) => ({
        name: `user-${String(i).padStart(3, '0')}`,
        console: true,
        mfa: i >= 20
      }))
    )
    proxy.reset()
    const r = await run()
    expect(r.outputs['non-compliant-count']).toBe('20')
    const counts = proxy.counts()
    expect(counts).toEqual({
      GetCallerIdentity: 1,
      GenerateCredentialReport: counts['GenerateCredentialReport'],
      GetCredentialReport: 1,
      GetAccountSummary: 1,
      ListAccountAliases: 1,
      ListMFADevices: 20,
      GetLoginProfile: 20,
      GetAccountAuthorizationDetails: 1
    })
    expect(counts['GenerateCredentialReport']).toBeLessThanOrEqual(2)
  })
})
