// AWS throttling, staged in AWS's own wire format in front of the emulator, as the bundled action
// meets it: brief throttling changes nothing people see; throttling that never stops ends the run
// naming the action, after a bounded number of attempts, with nothing published.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  annotations,
  findings,
  nonCompliant,
  reportReady,
  resetGithub,
  startFaultBench,
  trackedIssue,
  type FaultBench
} from '../helpers/fault-bench.js'
import { EVERY_ACTION, throttled } from '../helpers/aws-fault-proxy.js'
import { expectReadable, seen } from '../helpers/readable.js'
import type { BundleRun } from '../helpers/run-bundle.js'
import { seedUsers } from '../helpers/seed-iam.js'

let bench: FaultBench
beforeAll(async () => {
  bench = await startFaultBench()
})
afterAll(() => bench.stop())

/** alice fails; bob enrolled MFA, but still has the tracking issue an earlier run opened. */
async function freshAccount(): Promise<void> {
  await bench.moto.reset()
  await seedUsers(bench.iam, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true },
    { name: 'ci-deployer', accessKey: true }
  ])
  await reportReady(bench)
  resetGithub(bench, [trackedIssue(1, 'bob')])
  bench.proxy.reset()
}

/** What people see of a run: verdicts, the tracking issues, and the code scanning results. */
function outcome(r: BundleRun) {
  return {
    code: r.code,
    nonCompliant: nonCompliant(r),
    verdicts: Object.fromEntries(Object.entries(findings(r)).map(([u, f]) => [u, f.verdict])),
    issues: bench.store.issues.map(i => ({
      title: i.title,
      state: i.state,
      reason: i.state_reason,
      comments: i.comments.length
    })),
    sarifUsers: bench.scanning.uploads.map(u =>
      (u.log.runs[0]?.results as Array<{ properties: { user: string } }>).map(
        x => x.properties.user
      )
    )
  }
}

describe('AWS throttling every call a couple of times', () => {
  it('reaches the same verdicts, issues and alerts as a run without faults, each call within 6 attempts', async () => {
    await freshAccount()
    const clean = await bench.run()
    const cleanCounts = bench.proxy.counts()
    const expected = outcome(clean)
    expect(expected).toMatchObject({
      code: 0,
      nonCompliant: ['alice'],
      verdicts: { alice: 'fail', bob: 'pass', 'ci-deployer': 'not-applicable' },
      sarifUsers: [['alice']]
    })
    expect(expected.issues).toEqual([
      expect.objectContaining({
        state: 'closed',
        reason: 'completed',
        title: expect.stringContaining(' bob ')
      }),
      expect.objectContaining({ state: 'open', title: expect.stringContaining(' alice ') })
    ])

    await freshAccount()
    // Each action's first 2 requests are answered "Throttling: Rate exceeded" (HTTP 400).
    bench.proxy.plan([throttled(EVERY_ACTION, 2)])
    const r = await bench.run()
    expect(outcome(r)).toEqual(expected)
    expect(annotations(r, 'error')).toEqual([])
    expect(seen(r.summary)).not.toContain('could not be read')

    // Every action was throttled twice and then answered: two more requests each, no more.
    const throttledCounts = bench.proxy.counts()
    expect(Object.keys(throttledCounts)).toEqual(Object.keys(cleanCounts))
    for (const [action, n] of Object.entries(cleanCounts))
      expect(throttledCounts[action]).toBe(n + 2)
    expect(Object.values(bench.proxy.faulted())).toEqual(Object.keys(cleanCounts).map(() => 2))
    const invocations = bench.proxy.invocations()
    expect(invocations.every(i => i.maxAttempts === 6 && i.attempts <= 6)).toBe(true)
    // The first call of each action took 3 attempts (2 throttled), every other one a single attempt.
    expect(invocations.filter(i => i.attempts === 3).map(i => i.action)).toEqual(
      expect.arrayContaining(Object.keys(cleanCounts))
    )
    expect(invocations.filter(i => i.attempts !== 1 && i.attempts !== 3)).toEqual([])
  }, 120_000)
})

describe('throttling that never stops', () => {
  beforeEach(freshAccount)

  it.each([
    ['GetCallerIdentity', 'sts:GetCallerIdentity'],
    ['GetCredentialReport', 'iam:GetCredentialReport'],
    ['GetAccountSummary', 'iam:GetAccountSummary']
  ])(
    'on %s ends the run naming %s after the configured attempts, and publishes nothing',
    async (action, named) => {
      bench.proxy.plan([throttled(action)])
      // The AWS SDK's own setting, honoured by the action: 3 attempts keep this test short.
      const r = await bench.run({}, { AWS_MAX_ATTEMPTS: '3' })
      expect(r.code).toBe(1)
      const message =
        `AWS kept throttling ${named} after 3 attempts (Throttling: Rate exceeded). ` +
        "The account's request rate is shared by all its automation; re-run the workflow later."
      expect(annotations(r, 'error')).toEqual([message])
      expect(bench.proxy.counts()[action]).toBe(3)
      expect(
        bench.proxy
          .invocations()
          .filter(i => i.action === action)
          .map(i => [i.attempts, i.maxAttempts])
      ).toEqual([[3, 3]])
      const summary = seen(r.summary)
      expect(summary).toMatch(/^⚠️ IAM MFA check: the scan did not complete\n/)
      expect(summary).toContain(`What failed: ${message}`)
      expect(summary).toContain('No verdict was reached in this run')
      expectReadable(r.summary, [])
      expect(r.outputs).toEqual({})
      // GitHub was not even asked: no issue read or change, no SARIF upload.
      expect(bench.api.requests).toEqual([])
      expect(bench.store.issues.map(i => i.state)).toEqual(['open'])
    },
    60_000
  )

  it('on the live checks keeps the report’s verdicts, says what could not be checked, and closes nothing', async () => {
    bench.proxy.plan([throttled('ListMFADevices'), throttled('GetAccountAuthorizationDetails')])
    const r = await bench.run({}, { AWS_MAX_ATTEMPTS: '2' })
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice'])
    expect(findings(r)['alice']?.live).toEqual({
      status: 'not-reverified',
      detail: expect.stringMatching(
        /^not re-verified: AWS kept throttling iam:ListMFADevices after 2 attempts \(Throttling: Rate exceeded\)\./
      ),
      checkedAt: expect.any(String)
    })
    const summary = seen(r.summary)
    expect(summary).toContain(
      'Live re-verification: of the 1 user the report marks failing, 0 fixed since the report, 0 still failing, 1 not re-verified.'
    )
    expect(summary).toContain(
      'Part of the account could not be read: privilege, owner and exemption tags were not read (AWS kept throttling iam:GetAccountAuthorizationDetails after 2 attempts (Throttling: Rate exceeded).'
    )
    expect(summary).toContain(
      'So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.'
    )
    expectReadable(r.summary, ['alice', 'bob', 'ci-deployer'])
    expect(bench.api.requests).toEqual([])
    expect(bench.store.issues[0]).toMatchObject({ state: 'open', comments: [] })
    expect(bench.proxy.counts()['GetAccountAuthorizationDetails']).toBe(2)
  }, 60_000)
})
