// Simulating privileged users without and with MFA, against the simulation stand-in in front of the
// emulator: real users and ARNs, AWS's XML, pages, denial, a missing user and the concurrency bound.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateUserCommand, DeleteUserCommand, IAMClient } from '@aws-sdk/client-iam'
import { CONCURRENCY } from '../../src/aws/live-verify.js'
import { simulateUsers, type SimulatedUser } from '../../src/aws/simulate-principal-policy.js'
import type { SimDecision } from '../../src/policy/simulation.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { adminIam, TEST_CREDENTIALS } from '../helpers/seed-iam.js'
import {
  startSimulateStandin,
  type SimRule,
  type SimulateStandin
} from '../helpers/simulate-standin.js'

let moto: Moto
let standin: SimulateStandin
let admin: IAMClient
const DENIED_KEY = 'AKIADENIEDSIMULATION'

const client = (accessKeyId = TEST_CREDENTIALS.accessKeyId): IAMClient =>
  new IAMClient({
    endpoint: standin.url,
    region: 'us-east-1',
    credentials: { ...TEST_CREDENTIALS, accessKeyId },
    maxAttempts: 1
  })

async function createUser(name: string, path?: string): Promise<SimulatedUser> {
  const out = await admin.send(
    new CreateUserCommand({ UserName: name, ...(path ? { Path: path } : {}) })
  )
  return { user: name, arn: out.User?.Arn ?? '' }
}

const rules = (
  u: SimulatedUser,
  decisions: Record<string, readonly [SimDecision, SimDecision]>,
  extra: Partial<SimRule> = {}
): SimRule[] =>
  Object.entries(decisions).map(([action, [withoutMfa, withMfa]]) => ({
    arn: u.arn,
    action,
    withoutMfa,
    withMfa,
    ...extra
  }))

const ACTIONS = ['iam:CreateUser', 'iam:AttachUserPolicy']
let alice: SimulatedUser
let bob: SimulatedUser
let carol: SimulatedUser
let many: SimulatedUser[]

beforeAll(async () => {
  moto = await startMoto()
  standin = await startSimulateStandin(moto.endpoint)
  admin = adminIam(moto.endpoint)
  alice = await createUser('alice')
  bob = await createUser('bob.admin+ops@example')
  carol = await createUser('carol', '/ops/')
  many = []
  for (let i = 0; i < 20; i++) many.push(await createUser(`user-${i}`))
})

afterAll(async () => {
  await standin.stop()
  await moto.stop()
})

afterEach(() => {
  // Every request the action sent fits the operation's input shape in the service model.
  expect(standin.violations()).toEqual([])
  standin.reset()
})

describe('simulateUsers', () => {
  it('proves enforcement: denied without MFA, allowed with it, from two calls a user', async () => {
    standin.decide(
      rules(alice, {
        'iam:CreateUser': ['explicitDeny', 'allowed'],
        'iam:AttachUserPolicy': ['implicitDeny', 'allowed']
      })
    )
    const { outcomes, calls } = await simulateUsers(client(), [alice], ACTIONS)
    expect(outcomes.get('alice')).toEqual({
      kind: 'proved-enforced',
      rows: [
        { action: 'iam:CreateUser', withoutMfa: 'explicitDeny', withMfa: 'allowed' },
        { action: 'iam:AttachUserPolicy', withoutMfa: 'implicitDeny', withMfa: 'allowed' }
      ]
    })
    expect(calls).toBe(2)
    expect(
      standin.requests().map(r => [r.policySourceArn, r.actions, r.mfaPresent, r.mfaAge])
    ).toEqual([
      ['arn:aws:iam::123456789012:user/alice', ACTIONS, 'false', undefined],
      ['arn:aws:iam::123456789012:user/alice', ACTIONS, 'true', '300']
    ])
  })

  it('proves an action allowed without MFA, naming it', async () => {
    standin.decide(
      rules(bob, {
        'iam:CreateUser': ['explicitDeny', 'allowed'],
        'iam:AttachUserPolicy': ['allowed', 'allowed']
      })
    )
    const { outcomes } = await simulateUsers(client(), [bob], ACTIONS)
    expect(outcomes.get('bob.admin+ops@example')).toMatchObject({
      kind: 'proved-not-enforced',
      allowedWithoutMfa: ['iam:AttachUserPolicy']
    })
  })

  it('finds a user granted none of the actions not granted, and a user with a path by its ARN', async () => {
    const { outcomes, calls } = await simulateUsers(client(), [alice, carol], ACTIONS)
    expect(outcomes.get('alice')?.kind).toBe('not-granted')
    expect(outcomes.get('carol')?.kind).toBe('not-granted')
    expect(standin.requests().map(r => r.policySourceArn)).toContain(
      'arn:aws:iam::123456789012:user/ops/carol'
    )
    expect(calls).toBe(4)
  })

  it('follows every page of results and counts each page as a call', async () => {
    const actions = [
      'iam:CreateUser',
      'iam:DeleteUser',
      'iam:AttachUserPolicy',
      'iam:PutUserPolicy',
      'iam:CreateAccessKey'
    ]
    standin.pageSize(2)
    standin.decide(rules(alice, { 'iam:CreateAccessKey': ['allowed', 'allowed'] }))
    const { outcomes, calls } = await simulateUsers(client(), [alice, bob], actions)
    expect(outcomes.get('alice')).toMatchObject({
      kind: 'proved-not-enforced',
      allowedWithoutMfa: ['iam:CreateAccessKey']
    })
    expect(outcomes.get('bob.admin+ops@example')?.kind).toBe('not-granted')
    // 5 actions, 2 a page: 3 pages, twice a user, for 2 users.
    expect(calls).toBe(12)
    expect(standin.requests()).toHaveLength(12)
    const markers = standin
      .requests()
      .filter(r => r.policySourceArn === alice.arn && r.mfaPresent === 'true')
    expect(markers.map(r => r.marker === undefined)).toEqual([true, false, false])
  })

  it('stops once AWS denies the simulation: every user not proved, naming the missing permission', async () => {
    standin.denyCallers([DENIED_KEY])
    const users = [alice, bob, carol, ...many.slice(0, 3)]
    const { outcomes, calls } = await simulateUsers(client(DENIED_KEY), users, ACTIONS, {
      concurrency: 1
    })
    expect(calls).toBe(1)
    expect(standin.requests()).toHaveLength(1)
    expect(outcomes.size).toBe(6)
    for (const outcome of outcomes.values()) {
      expect(outcome).toMatchObject({
        kind: 'not-proved',
        missingPermission: 'iam:SimulatePrincipalPolicy'
      })
      expect(outcome.kind === 'not-proved' && outcome.why).toMatch(
        /^AWS denied `iam:SimulatePrincipalPolicy` \(AccessDenied: User: .* is not authorized to perform: iam:SimulatePrincipalPolicy/
      )
    }
  })

  it('sends no request after the denial beyond those already in flight', async () => {
    standin.denyCallers([DENIED_KEY])
    standin.delay(30)
    const { outcomes, calls } = await simulateUsers(client(DENIED_KEY), many, ACTIONS, {
      concurrency: 4
    })
    expect(calls).toBe(4)
    expect(standin.requests()).toHaveLength(4)
    expect([...outcomes.values()].every(o => o.kind === 'not-proved' && o.missingPermission)).toBe(
      true
    )
  })

  it("marks a user AWS cannot find not proved with AWS's message, and goes on with the others", async () => {
    const gone = await createUser('gone-since-the-report')
    await admin.send(new DeleteUserCommand({ UserName: gone.user }))
    standin.decide(rules(alice, { 'iam:CreateUser': ['allowed', 'allowed'] }))
    const { outcomes, calls } = await simulateUsers(client(), [gone, alice], ACTIONS)
    const lost = outcomes.get('gone-since-the-report')
    expect(lost).toMatchObject({ kind: 'not-proved' })
    expect(lost?.kind === 'not-proved' && lost.why).toBe(
      'iam:SimulatePrincipalPolicy failed (NoSuchEntityException: The user with name gone-since-the-report cannot be found.).'
    )
    expect(lost?.kind === 'not-proved' && lost.missingPermission).toBeUndefined()
    expect(outcomes.get('alice')?.kind).toBe('proved-not-enforced')
    expect(calls).toBe(3)
  })

  it('does not take a result that hangs on a context key it had no value for as proof', async () => {
    standin.decide(
      rules(
        alice,
        { 'iam:CreateUser': ['implicitDeny', 'allowed'] },
        { missingContext: ['aws:SourceIp'] }
      )
    )
    const { outcomes } = await simulateUsers(client(), [alice], ['iam:CreateUser'])
    const outcome = outcomes.get('alice')
    expect(outcome?.kind).toBe('not-proved')
    expect(outcome?.kind === 'not-proved' && outcome.why).toContain('`aws:SourceIp`')
  })

  it('keeps at most `concurrency` simulations in flight, and uses them', async () => {
    standin.delay(25)
    const { outcomes, calls } = await simulateUsers(client(), many.slice(0, 12), ACTIONS, {
      concurrency: 3
    })
    expect(standin.maxInFlight()).toBe(3)
    expect(calls).toBe(24)
    expect(outcomes.size).toBe(12)
  })

  it(`runs ${CONCURRENCY} at a time by default, like the live checks`, async () => {
    standin.delay(25)
    const { calls } = await simulateUsers(client(), many, ACTIONS)
    expect(standin.maxInFlight()).toBe(CONCURRENCY)
    expect(calls).toBe(40)
  })

  it('asks AWS nothing when no action is listed', async () => {
    expect(await simulateUsers(client(), [alice, bob], [])).toEqual({
      outcomes: new Map(),
      calls: 0
    })
    expect(standin.requests()).toEqual([])
  })
})
