// Proof by simulation end to end: the bundled action against the emulator, with the stand-in for
// iam:SimulatePrincipalPolicy in front of it (AWS's XML, each request checked against the service
// model): proved, enforcement proved, a disagreement with the analysis, and a denied simulation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import { enforceMfaDocument } from '../../src/policy/enforce-mfa-policy.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, seedGroup, seedUsers, TEST_ACCOUNT } from '../helpers/seed-iam.js'
import { startSimulateStandin, type SimulateStandin } from '../helpers/simulate-standin.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const KEY = 'AKIAEMULATORTESTKEY1'
const ACTIONS = ['iam:CreateUser', 's3:DeleteBucket']
const arn = (user: string): string => `arn:aws:iam::${TEST_ACCOUNT}:user/${user}`

let moto: Moto
let standin: SimulateStandin
let iam: IAMClient

beforeAll(async () => {
  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  standin = await startSimulateStandin(moto.endpoint)
  iam = adminIam(moto.endpoint)
  const created = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'RequireMFA',
      PolicyDocument: JSON.stringify(enforceMfaDocument())
    })
  )
  await seedGroup(iam, 'admins', [ADMIN, created.Policy?.Arn ?? ''])
  await seedGroup(iam, 'ops', [ADMIN])
  await seedUsers(iam, [
    { name: 'open-admin', console: true, mfa: true, groups: ['ops'] },
    { name: 'guarded-admin', console: true, mfa: true, groups: ['admins'] },
    // In ops too, but (say) an SCP denies its actions without MFA: only the simulation sees that.
    { name: 'scp-admin', console: true, mfa: true, groups: ['ops'] },
    { name: 'dev', console: true, mfa: true }
  ])
})
afterAll(async () => {
  await standin.stop()
  await moto.stop()
})
beforeEach(() => {
  standin.reset()
  const rule = (user: string, withoutMfa: 'allowed' | 'explicitDeny') =>
    ACTIONS.map(action => ({ arn: arn(user), action, withoutMfa, withMfa: 'allowed' as const }))
  standin.decide([
    ...rule('open-admin', 'allowed'),
    ...rule('guarded-admin', 'explicitDeny'),
    ...rule('scp-admin', 'explicitDeny')
  ])
})

const run = (): Promise<BundleRun> =>
  runBundle(
    {
      'grace-period-days': '0',
      'create-issues': 'false',
      'upload-sarif': 'false',
      'upload-artifact': 'false',
      'simulate-privileged-actions': ACTIONS.join('\n')
    },
    { AWS_ENDPOINT_URL: standin.url, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: 'x' }
  )

interface Judged {
  user: string
  verdict: string
  reason: string
  simulation?: {
    outcome: { kind: string; missingPermission?: string }
    reconciled: { decidedBy: string; disagreement?: string }
  }
}
function policy(r: BundleRun): Record<string, Judged> {
  const doc = JSON.parse(readFileSync(r.outputs['report-file'] ?? '', 'utf8')) as {
    evaluation: { policyFindings: Judged[] }
    accountScans: Array<{ evidence?: { simulation?: { users: number; calls: number } } }>
  }
  return Object.fromEntries(doc.evaluation.policyFindings.map(f => [f.user, f]))
}
const DATA = ['open-admin', 'guarded-admin', 'scp-admin', 'dev']

describe('simulate-privileged-actions', () => {
  it('proves each privileged user without and with MFA; the simulation decides, both sides shown', async () => {
    const r = await run()
    expect(r.code).toBe(0)
    expect(standin.violations()).toEqual([])
    // Two simulations per privileged user (dev is not privileged): without MFA, then with it.
    const asked = standin.requests()
    expect(asked.map(q => q.policySourceArn).sort()).toEqual(
      ['guarded-admin', 'guarded-admin', 'open-admin', 'open-admin', 'scp-admin', 'scp-admin'].map(
        arn
      )
    )
    expect(asked.map(q => [q.mfaPresent, q.mfaAge === undefined]).sort()).toEqual([
      ['false', true],
      ['false', true],
      ['false', true],
      ['true', false],
      ['true', false],
      ['true', false]
    ])
    const p = policy(r)
    expect(p['open-admin']).toMatchObject({ verdict: 'fail' })
    expect(p['open-admin']?.reason).toContain(
      "proved by IAM's simulation: iam:CreateUser, s3:DeleteBucket are allowed without MFA"
    )
    expect(p['guarded-admin']?.verdict).toBe('pass')
    expect(p['guarded-admin']?.reason).toContain("enforcement proved by IAM's simulation")
    // The analysis saw no MFA condition; AWS's evaluation denies without MFA: the simulation wins.
    expect(p['scp-admin']?.verdict).toBe('pass')
    expect(p['scp-admin']?.simulation?.reconciled.disagreement).toContain(
      'the policy analysis found the actions granted without an MFA condition by AdministratorAccess (via group ops)'
    )
    const text = seen(r.summary)
    expect(text).toContain('Proof by simulation for 3 privileged users')
    expect(text).toMatch(/iam:CreateUser\s*\|?\s*allowed\s*\|?\s*allowed/)
    expect(text).toContain('The simulation and the policy analysis disagree:')
    expect(text).toContain(
      "IAM's simulation of 3 privileged users without and with MFA: 6 calls to iam:SimulatePrincipalPolicy."
    )
    expect(text).toContain('What the simulation weighs:')
    expectReadable(r.summary, DATA)
  }, 120_000)

  it('says "not proved" with the missing permission when AWS denies the simulation, never a pass', async () => {
    standin.denyCallers([KEY])
    const r = await run()
    expect(r.code).toBe(0)
    expect(standin.violations()).toEqual([])
    const p = policy(r)
    for (const user of ['open-admin', 'guarded-admin', 'scp-admin'])
      expect(p[user]?.simulation?.outcome).toMatchObject({
        kind: 'not-proved',
        missingPermission: 'iam:SimulatePrincipalPolicy'
      })
    // Without a proof the analysis stands: scp-admin's policies grant without MFA, so it fails.
    expect(p['scp-admin']?.verdict).toBe('fail')
    expect(p['open-admin']?.verdict).toBe('fail')
    expect(p['guarded-admin']?.verdict).toBe('pass')
    expect(seen(r.summary)).toContain('Not proved (missing permission iam:SimulatePrincipalPolicy)')
    expectReadable(r.summary, DATA)
  }, 120_000)
})
