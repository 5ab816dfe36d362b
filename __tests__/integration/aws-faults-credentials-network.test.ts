// Credentials AWS rejects, and a network that drops connections, through the bundled action: each
// fatal fault ends the run with the right diagnosis and fix and nothing published; a network that
// recovers gives the same result as a clean run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { AWS_ERRORS, dropped, EVERY_ACTION, failing, stalled } from '../helpers/aws-fault-proxy.js'
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
import { expectReadable, seen } from '../helpers/readable.js'
import type { BundleRun } from '../helpers/run-bundle.js'
import { seedUsers } from '../helpers/seed-iam.js'

let bench: FaultBench
beforeAll(async () => {
  bench = await startFaultBench()
  await seedUsers(bench.iam, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true }
  ])
  await reportReady(bench)
})
afterAll(() => bench.stop())
beforeEach(() => {
  resetGithub(bench, [trackedIssue(1, 'bob')])
  bench.proxy.reset()
})

/** The run ended with `message` alone, no verdict, and GitHub was not even asked. */
function expectStopped(r: BundleRun, message: string): void {
  expect(r.code).toBe(1)
  expect(annotations(r, 'error')).toEqual([message])
  expect(r.outputs).toEqual({})
  const summary = seen(r.summary)
  expect(summary).toMatch(/^⚠️ IAM MFA check: the scan did not complete\n/)
  // The summary shows code spans without their backticks.
  expect(summary).toContain(`What failed: ${message.replace(/`/g, '')}`)
  expect(summary).toContain(
    'No verdict was reached in this run: nothing here says any identity passes or fails, and no result was published (no alert or issue was changed).'
  )
  expectReadable(r.summary, [])
  expect(bench.api.requests).toEqual([])
  expect(bench.store.issues).toEqual([trackedIssue(1, 'bob')])
}

const FIX =
  'Use `role-to-assume` to get fresh credentials through OIDC on every run, or refresh the credentials configured before this step.'

describe('credentials AWS rejects', () => {
  it.each([
    ['ExpiredToken', 'they have expired'],
    [
      'InvalidClientTokenId',
      'AWS does not know the access key id: it was deleted, deactivated or mistyped'
    ],
    ['SignatureDoesNotMatch', 'the secret access key does not match the access key id']
  ] as const)(
    '%s (HTTP 403) on the first call: the credentials were rejected, with how to get good ones',
    async (code, why) => {
      bench.proxy.plan([failing(EVERY_ACTION, code)])
      const r = await bench.run()
      const awsSaid = AWS_ERRORS[code].message('sts:GetCallerIdentity')
      expectStopped(
        r,
        `AWS rejected the credentials on sts:GetCallerIdentity: ${why} (${code}: ${awsSaid}). ${FIX}`
      )
      // Not a permission problem: no policy change would help, so none is suggested.
      expect(r.stdout).not.toMatch(/AWS denied|Allow "|IAM policy/)
      // Rejected credentials are not retried.
      expect(bench.proxy.counts()).toEqual({ GetCallerIdentity: 1 })
    }
  )

  it('credentials that expire before the report is asked for: the IAM call is named', async () => {
    bench.proxy.plan([failing('GenerateCredentialReport', 'ExpiredToken')])
    const r = await bench.run()
    expectStopped(
      r,
      'AWS rejected the credentials on iam:GenerateCredentialReport: they have expired ' +
        `(ExpiredToken: The security token included in the request is expired). ${FIX}`
    )
  })
})

describe('credentials that expire during the live checks', () => {
  it('keep the report’s verdicts, say the credentials expired, and close nothing', async () => {
    bench.proxy.plan(
      ['ListMFADevices', 'GetLoginProfile', 'GetAccountAuthorizationDetails'].map(action =>
        failing(action, 'ExpiredToken')
      )
    )
    const r = await bench.run()
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice'])
    expect(findings(r)['alice']?.live?.detail).toBe(
      'not re-verified: AWS rejected the credentials on iam:ListMFADevices: they have expired ' +
        `(ExpiredToken: The security token included in the request is expired). ${FIX.replace(/`/g, '')}`
    )
    const summary = seen(r.summary)
    expect(summary).toContain(
      'Part of the account could not be read: privilege, owner and exemption tags were not read (AWS rejected the credentials on iam:GetAccountAuthorizationDetails: they have expired'
    )
    expect(summary).not.toMatch(/AWS denied|Allow "/)
    expectReadable(r.summary, ['alice', 'bob'])
    expect(bench.api.requests).toEqual([])
    expect(bench.store.issues).toEqual([trackedIssue(1, 'bob')])
  })
})

describe('a network that drops connections', () => {
  it('on every call: AWS could not be reached, after a bounded number of attempts, nothing published', async () => {
    bench.proxy.plan([dropped(EVERY_ACTION)])
    const r = await bench.run()
    expectStopped(
      r,
      'Could not reach AWS for sts:GetCallerIdentity after 6 attempts (ECONNRESET: socket hang up). ' +
        "Check the runner's network access (proxy, firewall, DNS) and any AWS_ENDPOINT_URL settings."
    )
    expect(bench.proxy.counts()).toEqual({ GetCallerIdentity: 6 })
    expect(bench.proxy.invocations()).toEqual([
      { action: 'GetCallerIdentity', attempts: 6, maxAttempts: 6 }
    ])
  })

  it('an endpoint that takes the request and never answers: each attempt gives up after 15 s of silence', async () => {
    bench.proxy.plan([stalled(EVERY_ACTION)])
    const started = Date.now()
    const r = await bench.run({}, { AWS_MAX_ATTEMPTS: '1' })
    expect(Date.now() - started).toBeLessThan(40_000)
    expectStopped(
      r,
      'Could not reach AWS for sts:GetCallerIdentity (TimeoutError: @smithy/node-http-handler - the request socket timed out after 15000 ms of inactivity (configured by client requestHandler)). ' +
        "Check the runner's network access (proxy, firewall, DNS) and any AWS_ENDPOINT_URL settings."
    )
  }, 60_000)

  it('on every call after the report: the verdicts stand, the summary says what was not read, nothing is closed', async () => {
    bench.proxy.plan([dropped('GetAccountAuthorizationDetails')])
    const r = await bench.run()
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice'])
    const summary = seen(r.summary)
    expect(summary).toContain(
      'Part of the account could not be read: privilege, owner and exemption tags were not read (Could not reach AWS for iam:GetAccountAuthorizationDetails after 6 attempts (ECONNRESET: socket hang up).'
    )
    expect(summary).toContain(
      'So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.'
    )
    expectReadable(r.summary, ['alice', 'bob'])
    expect(bench.api.requests).toEqual([])
    expect(bench.store.issues).toEqual([trackedIssue(1, 'bob')])
  })

  it('on the first 2 calls of every action: the run recovers with the right result', async () => {
    bench.proxy.plan([dropped(EVERY_ACTION, 2)])
    const r = await bench.run()
    expect(r.code).toBe(0)
    expect(annotations(r, 'error')).toEqual([])
    expect(nonCompliant(r)).toEqual(['alice'])
    const f = findings(r)
    expect([f['alice']?.verdict, f['alice']?.live?.status, f['bob']?.verdict]).toEqual([
      'fail',
      'confirmed',
      'pass'
    ])
    expect(seen(r.summary)).not.toContain('could not be read')
    // Every action lost two requests and was answered on a retry of the same call.
    const counts = bench.proxy.counts()
    expect(Object.keys(counts).sort()).toEqual([
      'GenerateCredentialReport',
      'GetAccountAuthorizationDetails',
      'GetAccountSummary',
      'GetCallerIdentity',
      'GetCredentialReport',
      'GetLoginProfile',
      'ListAccountAliases',
      'ListMFADevices'
    ])
    expect(Object.values(bench.proxy.faulted())).toEqual([2, 2, 2, 2, 2, 2, 2, 2])
    expect(bench.proxy.invocations().every(i => i.attempts <= 3 && i.maxAttempts === 6)).toBe(true)
    // What was written is what a clean run writes: bob's issue closed as fixed, alice's opened.
    expect(bench.store.issues.map(i => [i.title.split(' ')[2], i.state, i.state_reason])).toEqual([
      ['bob', 'closed', 'completed'],
      ['alice', 'open', null]
    ])
    expect(
      bench.scanning.uploads.map(u =>
        (u.log.runs[0]?.results as Array<{ properties: { user: string } }>).map(
          x => x.properties.user
        )
      )
    ).toEqual([['alice']])
  })
})
