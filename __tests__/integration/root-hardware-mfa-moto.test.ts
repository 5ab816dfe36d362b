// Root's MFA kind (Security Hub IAM.6) with `require-phishing-resistant`: the bundled action against
// the AWS emulator, through the fault proxy with a stand-in for what moto cannot stage (a root user
// with MFA, and root's virtual device in ListVirtualMFADevices), and the local GitHub (issues, code
// scanning).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GenerateCredentialReportCommand } from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import {
  startAwsFaultProxy,
  throttled,
  type AwsFaultProxy,
  type FaultRule
} from '../helpers/aws-fault-proxy.js'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, said, sarifTexts, seen } from '../helpers/readable.js'
import { reportFiles, rootRow, userRow } from '../helpers/report-csv.js'
import { rootMfaStandIn } from '../helpers/root-mfa-stand-in.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, seedUsers } from '../helpers/seed-iam.js'

const ROOT = '<root_account>'
const TITLE = 'Root user in account 123456789012 has virtual MFA, not hardware MFA'
const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d UTC`

const standIn = rootMfaStandIn()
let moto: Moto
let faults: AwsFaultProxy
let api: GithubApiServer
let store: IssueStore
let scanning: CodeScanning

beforeAll(async () => {
  moto = await startMoto()
  faults = await startAwsFaultProxy(moto.endpoint, standIn.rewrite)
  api = await startGithubApiServer()
  store = serveIssues(api)
  scanning = serveCodeScanning(api)
  const iam = adminIam(moto.endpoint)
  // bob's authenticator app is a virtual device too, assigned to a user: never taken for root's.
  await seedUsers(iam, [{ name: 'bob', console: true, mfa: true }])
  await iam.send(new GenerateCredentialReportCommand({}))
}, 60_000)

afterAll(async () => {
  await api.stop()
  await faults.stop()
  await moto.stop()
})

async function run(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  plan: readonly FaultRule[] = []
): Promise<BundleRun> {
  api.requests.length = 0
  scanning.uploads.length = 0
  faults.reset()
  faults.plan(plan)
  const r = await runBundle(
    {
      'require-phishing-resistant': 'true',
      'github-token': 'ghs_roothardware0123456789',
      'upload-artifact': 'false',
      ...inputs
    },
    workflowEnv(api.url, {
      AWS_ENDPOINT_URL: faults.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
      AWS_SECRET_ACCESS_KEY: 'x',
      ...env
    })
  )
  expect(api.violations).toEqual([])
  expect(r.stderr).toBe('')
  return r
}

interface Reported {
  user: string
  verdict: string
  severity?: string
  rule: string
  reason: string
}
const findingOf = (r: BundleRun, user: string): Reported | undefined =>
  (
    JSON.parse(readFileSync(r.outputs['report-file'] ?? '', 'utf8')) as {
      evaluation: { findings: Reported[] }
    }
  ).evaluation.findings.find(f => f.user === user)
const nonCompliant = (r: BundleRun): Array<Record<string, string>> =>
  JSON.parse(r.outputs['non-compliant-users'] ?? '[]') as Array<Record<string, string>>
const rootLine = (r: BundleRun): string | undefined =>
  seen(r.summary)
    .split('\n')
    .find(l => l.startsWith('Root user'))
const rootIssue = () => store.issues.find(i => i.title === TITLE)

describe('root whose MFA is a virtual device', () => {
  it('fails root (high), opens its issue and alert, and closes them once root has hardware MFA', async () => {
    standIn.rootDevice('virtual')
    const first = await run()
    expect(first.code).toBe(0)
    expect(faults.counts()['ListVirtualMFADevices']).toBe(1)
    expect(nonCompliant(first).map(u => [u['user'], u['severity'], u['rule']])).toEqual([
      [ROOT, 'high', 'iam.root_without_hardware_mfa'],
      ['bob', 'medium', 'iam.users_without_phishing_resistant_mfa']
    ])
    expect(rootLine(first)).toMatch(
      new RegExp(
        `^Root user: ❌ high: The root user's MFA is a virtual authenticator app \\(arn:aws:iam::123456789012:mfa/root-account-mfa-device, assigned 2024-05-06 07:08 UTC; ListVirtualMFADevices, live\\)`
      )
    )
    expect(seen(first.summary)).toContain('Hardware MFA for root (iam.root_without_hardware_mfa)')
    expectReadable(first.summary, ['bob'])
    // The issue and the alert.
    expect(rootIssue()?.state).toBe('open')
    expect(seen(rootIssue()?.body ?? '')).toMatch(
      /^Severity: high \(iam\.root_without_hardware_mfa\) · Account: 123456789012 · Identity: root user/
    )
    expectReadable(rootIssue()?.body ?? '', [])
    const results = scanning.uploads[0]?.log.runs[0]?.results as Array<{ ruleId: string }>
    expect(results.map(x => x.ruleId).sort()).toEqual([
      'iam.root_without_hardware_mfa',
      'iam.users_without_phishing_resistant_mfa'
    ])
    const help = sarifTexts(first.outputs['sarif-file'] ?? '').helpByRule
    expect(seen(help['iam.root_without_hardware_mfa'] ?? '')).toContain(
      'Security Hub IAM.6 require hardware MFA for root'
    )

    // The virtual device removed, a security key in its place: the next run closes the issue.
    standIn.rootDevice('hardware')
    const fixed = await run()
    expect(findingOf(fixed, ROOT)).toMatchObject({ verdict: 'pass', rule: 'iam.root_without_mfa' })
    expect(rootLine(fixed)).toBe(
      'Root user: ✅ The root user has MFA active. No virtual MFA device is assigned to root (ListVirtualMFADevices, live), so its MFA is a hardware device or security key.'
    )
    expect(rootIssue()).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(seen(said(rootIssue()?.comments.at(-1) ?? ''))).toMatch(
      new RegExp(
        `^✅ Verified fixed by the scan of ${TIME} \\(credential report generated 2015-02-02 20:02 UTC\\): The root user has MFA active\\. No virtual MFA device is assigned to root`
      )
    )
    expect(nonCompliant(fixed).map(u => u['user'])).toEqual(['bob'])
  })

  it('closes the issue as not planned, never fixed, when require-phishing-resistant is turned off, and reopens it when turned on', async () => {
    standIn.rootDevice('virtual')
    await run()
    const number = rootIssue()?.number
    expect(rootIssue()?.state).toBe('open')
    const off = await run({ 'require-phishing-resistant': 'false' })
    expect(faults.counts()['ListVirtualMFADevices']).toBeUndefined()
    expect(findingOf(off, ROOT)?.verdict).toBe('pass')
    expect(rootIssue()).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(seen(said(rootIssue()?.comments.at(-1) ?? ''))).toBe(
      'Closing: MFA strength is no longer checked (require-phishing-resistant is off in the workflow). If it is turned on again and root still has a virtual MFA device, the scan reopens this issue.'
    )
    await run()
    expect(rootIssue()).toMatchObject({ number, state: 'open' })
  })

  it('leaves root unjudged and publishes nothing when AWS keeps throttling the listing', async () => {
    standIn.rootDevice('virtual')
    await run()
    expect(rootIssue()?.state).toBe('open')
    const throttledRun = await run({}, { AWS_MAX_ATTEMPTS: '2' }, [
      throttled('ListVirtualMFADevices')
    ])
    expect(throttledRun.code).toBe(0)
    expect(faults.faulted()['ListVirtualMFADevices']).toBe(2)
    expect(findingOf(throttledRun, ROOT)?.verdict).toBe('pass')
    const part =
      "Part of the account could not be read: root's virtual MFA devices could not be listed (AWS kept throttling iam:ListVirtualMFADevices after 2 attempts (Throttling: Rate exceeded). The account's request rate is shared by all its automation; re-run the workflow later), so whether root's MFA is a hardware device is unknown."
    expect(seen(throttledRun.summary)).toContain(part)
    expect(throttledRun.stdout).toContain(`::warning::${part}`)
    expect(api.writes()).toEqual([])
    expect(scanning.uploads).toEqual([])
    expect(rootIssue()?.state).toBe('open')
    expectReadable(throttledRun.summary, ['bob'])
  })
})

describe('a saved report with require-phishing-resistant', () => {
  it("says root's MFA kind cannot be known from it, and judges root by MFA alone", async () => {
    const saved = reportFiles('posturio-root-hardware-')([
      rootRow({ mfa_active: 'true' }),
      userRow('bob', { mfa_active: 'true' })
    ])
    const r = await runBundle({
      'credential-report': saved,
      'require-phishing-resistant': 'true',
      'upload-artifact': 'false'
    })
    expect(r.code).toBe(0)
    expect(findingOf(r, ROOT)?.verdict).toBe('pass')
    expect(nonCompliant(r)).toEqual([])
    expect(seen(r.summary)).toContain(
      "require-phishing-resistant: whether root's MFA is a virtual device or hardware (Security Hub IAM.6) cannot be known from a saved credential report; it takes ListVirtualMFADevices with live AWS credentials, so root was not checked for hardware MFA."
    )
    expectReadable(r.summary, ['bob'])
  })
})
