// AccessDenied on each call after the report, as AWS answers it (HTTP 403, its own error document),
// through the bundled action: the report's verdicts stand, the summary names the permission, and a
// run that could not read part of the account closes nothing (no issue change, no SARIF upload).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  PutGroupPolicyCommand
} from '@aws-sdk/client-iam'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { failing } from '../helpers/aws-fault-proxy.js'
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
import { seedGroup, seedUsers } from '../helpers/seed-iam.js'

let bench: FaultBench
beforeAll(async () => {
  bench = await startFaultBench()
})
afterAll(() => bench.stop())

const READ_ONLY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }]
}
const denial = (action: string): string =>
  `AWS denied iam:${action} (AccessDenied: User: arn:aws:sts::123456789012:assumed-role/posturio-iam-mfa/posturio-iam-mfa ` +
  `is not authorized to perform: iam:${action} because no identity-based policy allows the iam:${action} action). ` +
  `Allow "iam:${action}" in the policy of the IAM role this action runs as; the README section "IAM policy" lists every action it needs`

/** A run that read only part of the account: nothing on GitHub was read or changed. */
function expectHeldBack(r: BundleRun, what: string, users: readonly string[]): void {
  const summary = seen(r.summary)
  expect(summary).toContain(`Part of the account could not be read: ${what}.`)
  expect(summary).toContain(
    'So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.'
  )
  expect(summary).toMatch(/^Code scanning: not uploaded: parts of the account could not be read/m)
  expect(summary).toMatch(/^Tracking issues: not tracked: parts of the account could not be read/m)
  expect(annotations(r, 'warning')).toContainEqual(
    expect.stringContaining(`Part of the account could not be read: ${what}.`)
  )
  expectReadable(r.summary, users)
  expect(bench.api.requests).toEqual([])
  expect(bench.scanning.uploads).toEqual([])
  // The report shows bob fixed (MFA enrolled, or no console password any more); his issue still
  // stays open until a full read.
  expect(bench.store.issues).toEqual([trackedIssue(1, 'bob')])
}

const PER_USER_READS = [
  'ListUserTags',
  'ListAttachedUserPolicies',
  'ListUserPolicies',
  'ListGroupsForUser',
  'GetUserPolicy',
  'ListAttachedGroupPolicies',
  'ListGroupPolicies',
  'GetGroupPolicy',
  'GetPolicy',
  'GetPolicyVersion'
]

// The action reads the users who can call AWS: alice alone (bob removed his console password and
// keeps his MFA device; the others have no credentials). 1 x 4 per-user calls are no more than the 4
// pages GetAccountAuthorizationDetails is planned to take for 301 users, so she is read user by user.
describe('per-user reads (one failing user among 300)', () => {
  beforeAll(async () => {
    await bench.moto.reset()
    const iam = bench.iam
    const policy = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'deploy-tools',
        PolicyDocument: JSON.stringify(READ_ONLY)
      })
    )
    const arn = policy.Policy?.Arn ?? ''
    await seedGroup(iam, 'ops', [arn])
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'ops',
        PolicyName: 'ops-logs',
        PolicyDocument: JSON.stringify(READ_ONLY)
      })
    )
    await seedUsers(iam, [
      {
        name: 'alice',
        console: true,
        tags: { github: 'octo-cat' },
        groups: ['ops'],
        inline: { 'alice-notes': READ_ONLY }
      },
      { name: 'bob', mfa: true },
      ...Array.from({ length: 299 }, (_, i) => ({ name: `svc-${String(i).padStart(3, '0')}` }))
    ])
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }))
    await reportReady(bench)
  })

  it('reads alice with every per-user call when nothing is denied, and closes bob’s issue', async () => {
    resetGithub(bench, [trackedIssue(1, 'bob')])
    bench.proxy.reset()
    const r = await bench.run({ 'upload-sarif': 'false' })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'Read policies, groups and tags of 1 user who can call AWS (per-user).'
    )
    expect(JSON.parse(r.outputs['non-compliant-users'] ?? '[]')).toEqual([
      expect.objectContaining({ user: 'alice', owner: 'octo-cat' })
    ])
    const counts = bench.proxy.counts()
    for (const action of PER_USER_READS) expect(counts[action]).toBeGreaterThanOrEqual(1)
    expect(counts['GetAccountAuthorizationDetails']).toBeUndefined()
    // What the denied runs below hold back: a whole read closes bob's issue and opens alice's.
    expect(bench.store.issues.map(i => [i.title.split(' ')[2], i.state, i.state_reason])).toEqual([
      ['bob', 'closed', 'completed'],
      ['alice', 'open', null]
    ])
  })

  it.each(PER_USER_READS)(
    'AccessDenied on %s: alice still fails, the summary names the permission, nothing is closed',
    async action => {
      resetGithub(bench, [trackedIssue(1, 'bob')])
      bench.proxy.reset()
      bench.proxy.plan([failing(action, 'AccessDenied')])
      const r = await bench.run()
      expect(r.code).toBe(0)
      expect(bench.proxy.faulted()).toEqual({ [action]: 1 })
      expect(nonCompliant(r)).toEqual(['alice'])
      expect(findings(r)['bob']?.verdict).toBe('not-applicable')
      // The owner tag was not read, so no one is named.
      expect(JSON.parse(r.outputs['non-compliant-users'] ?? '[]')[0]).not.toHaveProperty('owner')
      expectHeldBack(r, `privilege, owner and exemption tags were not read (${denial(action)})`, [
        'alice',
        'bob'
      ])
    }
  )
})

describe('the account details pass and the live checks (two failing users)', () => {
  beforeAll(async () => {
    await bench.moto.reset()
    await seedUsers(bench.iam, [
      { name: 'alice', console: true },
      { name: 'carol', console: true },
      { name: 'bob', console: true, mfa: true }
    ])
    await reportReady(bench)
  })

  it('AccessDenied on GetAccountAuthorizationDetails: the verdicts stand, the permission is named, nothing is closed', async () => {
    resetGithub(bench, [trackedIssue(1, 'bob')])
    bench.proxy.reset()
    bench.proxy.plan([failing('GetAccountAuthorizationDetails', 'AccessDenied')])
    const r = await bench.run()
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice', 'carol'])
    expectHeldBack(
      r,
      `privilege, owner and exemption tags were not read (${denial('GetAccountAuthorizationDetails')})`,
      ['alice', 'bob', 'carol']
    )
  })

  it('AccessDenied on ListMFADevices and GetLoginProfile: users keep the report’s verdict, marked not re-verified with the permission; the report still closes a fixed user’s issue', async () => {
    resetGithub(bench, [trackedIssue(1, 'bob')])
    bench.proxy.reset()
    // The first ListMFADevices is denied; the other user gets as far as GetLoginProfile, denied.
    bench.proxy.plan([
      failing('ListMFADevices', 'AccessDenied', 1),
      failing('GetLoginProfile', 'AccessDenied')
    ])
    const r = await bench.run()
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice', 'carol'])
    const f = findings(r)
    const details = [f['alice']?.live, f['carol']?.live].map(l => [l?.status, l?.detail])
    expect(details).toEqual(
      expect.arrayContaining([
        ['not-reverified', `not re-verified: ${denial('ListMFADevices')}.`],
        ['not-reverified', `not re-verified: ${denial('GetLoginProfile')}.`]
      ])
    )
    const summary = seen(r.summary)
    expect(summary).toContain(
      'Live re-verification: of the 2 users the report marks failing, 0 fixed since the report, 0 still failing, 2 not re-verified.'
    )
    expect(summary).toContain(
      "Live re-verification failed for 2 failing users: the report's verdict stands (see each user's live check)."
    )
    const failingTable = tables(r.summary)[1] ?? []
    expect(failingTable.slice(1).map(row => row[3]?.replace(/\u2060/g, ''))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not re-verified: AWS denied iam:ListMFADevices (AccessDenied'),
        expect.stringContaining('not re-verified: AWS denied iam:GetLoginProfile (AccessDenied')
      ])
    )
    expect(summary).not.toContain('could not be read')
    expectReadable(r.summary, ['alice', 'bob', 'carol'])
    // Live checks only ever re-check failing users: a pass in the report is the report's own.
    expect(bench.store.issues.map(i => [i.title.split(' ')[2], i.state, i.state_reason])).toEqual([
      ['bob', 'closed', 'completed'],
      ['alice', 'open', null],
      ['carol', 'open', null]
    ])
    expect(bench.scanning.uploads.map(u => u.log.runs[0]?.results.length)).toEqual([2])
  })

  it('AccessDenied on ListMFADevices with require-phishing-resistant: MFA strength unknown, the permission named, nothing is closed', async () => {
    resetGithub(bench, [trackedIssue(1, 'bob')])
    bench.proxy.reset()
    bench.proxy.plan([failing('ListMFADevices', 'AccessDenied')])
    const r = await bench.run({ 'require-phishing-resistant': 'true' })
    expect(r.code).toBe(0)
    expect(nonCompliant(r)).toEqual(['alice', 'carol'])
    expectHeldBack(
      r,
      `the MFA devices of 1 passing user could not be listed (${denial('ListMFADevices')}), so their MFA strength is unknown`,
      ['alice', 'bob', 'carol']
    )
  })
})
