// Live re-verification of failing users, and the concurrency pool it runs on, against a mocked IAM client.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand,
  NoSuchEntityException,
  type MFADevice
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { CONCURRENCY, deviceKinds, reverifyUsers } from '../../src/aws/live-verify.js'
import type { LiveCheck, MfaKind } from '../../src/core/types.js'
import { mapWithConcurrency } from '../../src/util/pool.js'

const iamMock = mockClient(IAMClient)
afterEach(() => {
  iamMock.reset()
})

const iam = (): IAMClient => new IAMClient({ region: 'us-east-1', maxAttempts: 1 })
const meta = { $metadata: {} }
const ACCOUNT = '123456789012'
const GENERATED = new Date('2026-11-30T08:00:00Z')
const CHECKED = new Date('2026-11-30T12:00:30Z')
const now = (): Date => CHECKED
const VERIFIED = 'verified live at 2026-11-30 12:00 UTC'

/** A check with its detail as plain words, to compare whole. */
function plainCheck(
  check: (LiveCheck & { kinds?: MfaKind[] }) | undefined
): Record<string, unknown> | undefined {
  return check && { ...check, detail: check.detail.plain }
}

const virtual = (user: string, enabled: Date): MFADevice => ({
  UserName: user,
  SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${user}`,
  EnableDate: enabled
})
const fido = (user: string, enabled: Date): MFADevice => ({
  UserName: user,
  SerialNumber: `arn:aws:iam::${ACCOUNT}:u2f/user/${user}/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
  EnableDate: enabled
})
const noSuchEntity = (message: string): NoSuchEntityException =>
  new NoSuchEntityException({ message, ...meta })
function denied(): Error {
  return Object.assign(new Error('User is not authorized to perform: iam:ListMFADevices'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 }
  })
}

/** Devices per user; a user missing from `devices` has none. Login profiles exist unless listed in `noPassword`. */
function mockAccount(
  devices: Record<string, MFADevice[]>,
  noPassword: readonly string[] = []
): void {
  iamMock.on(ListMFADevicesCommand).callsFake((input: { UserName?: string }) => ({
    MFADevices: devices[input.UserName ?? ''] ?? [],
    IsTruncated: false
  }))
  iamMock.on(GetLoginProfileCommand).callsFake((input: { UserName?: string }) => {
    const user = input.UserName ?? ''
    if (noPassword.includes(user)) {
      throw noSuchEntity(`Login Profile for User ${user} cannot be found.`)
    }
    return { LoginProfile: { UserName: user, CreateDate: GENERATED, PasswordResetRequired: false } }
  })
}

describe('reverifyUsers', () => {
  it('marks a user fixed when an MFA device was enrolled after the report, saying when', async () => {
    mockAccount({ alice: [virtual('alice', new Date('2026-11-30T10:02:41Z'))] })
    const checks = await reverifyUsers(iam(), ['alice'], GENERATED, now)
    expect(plainCheck(checks.get('alice'))).toEqual({
      status: 'fixed',
      detail:
        'MFA device (virtual authenticator app) enrolled 2026-11-30 10:02 UTC, after the report was generated at 2026-11-30 08:00 UTC; ' +
        VERIFIED,
      checkedAt: CHECKED.toISOString(),
      kinds: ['virtual']
    })
    expect(iamMock.commandCalls(GetLoginProfileCommand)).toHaveLength(0)
  })

  it.each([
    [
      'enrolled before the report',
      new Date('2026-11-30T07:59:00Z'),
      GENERATED,
      '2026-11-30 07:59 UTC'
    ],
    [
      'enrolled exactly when the report was generated',
      GENERATED,
      GENERATED,
      '2026-11-30 08:00 UTC'
    ],
    [
      'enrolled with no report time known',
      new Date('2026-11-30T10:02:00Z'),
      undefined,
      '2026-11-30 10:02 UTC'
    ]
  ])(
    'marks a user fixed without "after the report" for a device %s',
    async (_label, enabled, generatedAt, shown) => {
      mockAccount({ alice: [virtual('alice', enabled)] })
      const check = (await reverifyUsers(iam(), ['alice'], generatedAt, now)).get('alice')
      expect(check?.status).toBe('fixed')
      expect(check?.detail.plain).toContain(
        `MFA device (virtual authenticator app) enrolled ${shown};`
      )
      expect(check?.detail.plain).not.toContain('after the report')
    }
  )

  it('dates a fix by the newest device and lists every device kind', async () => {
    mockAccount({
      alice: [
        fido('alice', new Date('2026-11-30T09:15:00Z')),
        virtual('alice', new Date('2026-11-30T10:45:00Z'))
      ]
    })
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(check?.detail.plain).toContain('enrolled 2026-11-30 10:45 UTC, after the report')
    expect(check?.kinds).toEqual(['fido', 'virtual'])
  })

  it('names the kind of the same device it dates the fix by', async () => {
    mockAccount({
      alice: [
        fido('alice', new Date('2026-11-30T09:15:00Z')),
        virtual('alice', new Date('2026-11-30T10:45:00Z'))
      ]
    })
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(check?.detail.plain).toContain(
      'MFA device (virtual authenticator app) enrolled 2026-11-30 10:45 UTC'
    )
  })

  it('marks a user fixed when its console password was removed', async () => {
    mockAccount({}, ['alice'])
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(plainCheck(check)).toEqual({
      status: 'fixed',
      detail: `Console password removed (GetLoginProfile: NoSuchEntity); ${VERIFIED}`,
      checkedAt: CHECKED.toISOString()
    })
  })

  it('confirms a user that still has a password and no device', async () => {
    mockAccount({})
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(plainCheck(check)).toEqual({
      status: 'confirmed',
      detail: `Still a console password and no MFA device, ${VERIFIED}`,
      checkedAt: CHECKED.toISOString()
    })
    expect(iamMock.commandCalls(GetLoginProfileCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice'
    })
  })

  it('marks a user deleted since the report fixed: it no longer exists', async () => {
    iamMock
      .on(ListMFADevicesCommand)
      .rejects(noSuchEntity('The user with name alice cannot be found.'))
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(check?.status).toBe('fixed')
    expect(check?.detail.plain).toContain('no longer exists')
    expect(check?.detail.plain).toContain(VERIFIED)
    expect(iamMock.commandCalls(GetLoginProfileCommand)).toHaveLength(0)
  })

  it('marks only the denied user not re-verified, naming iam:ListMFADevices; the others are checked', async () => {
    mockAccount({ carol: [virtual('carol', new Date('2026-11-30T10:02:00Z'))] }, ['dave'])
    iamMock.on(ListMFADevicesCommand, { UserName: 'bob' }).rejects(denied())
    const checks = await reverifyUsers(iam(), ['alice', 'bob', 'carol', 'dave'], GENERATED, now)
    expect([...checks.keys()]).toEqual(['alice', 'bob', 'carol', 'dave'])
    expect([...checks.values()].map(c => c.status)).toEqual([
      'confirmed',
      'not-reverified',
      'fixed',
      'fixed'
    ])
    const bob = checks.get('bob')
    expect(bob?.detail.plain).toMatch(
      /^not re-verified: AWS denied iam:ListMFADevices \(AccessDenied:/
    )
    expect(bob?.checkedAt).toBe(CHECKED.toISOString())
  })

  it('names iam:GetLoginProfile when that call is denied', async () => {
    mockAccount({})
    iamMock.on(GetLoginProfileCommand).rejects(denied())
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(check?.status).toBe('not-reverified')
    expect(check?.detail.plain).toMatch(/^not re-verified: AWS denied iam:GetLoginProfile /)
  })

  it('reads devices across ListMFADevices pages', async () => {
    iamMock
      .on(ListMFADevicesCommand)
      .callsFake((input: { Marker?: string }) =>
        input.Marker === 'm2'
          ? { MFADevices: [fido('alice', new Date('2026-11-30T11:00:00Z'))], IsTruncated: false }
          : { MFADevices: [], IsTruncated: true, Marker: 'm2' }
      )
    const check = (await reverifyUsers(iam(), ['alice'], GENERATED, now)).get('alice')
    expect(check?.status).toBe('fixed')
    expect(check?.kinds).toEqual(['fido'])
  })

  it(`keeps at most ${CONCURRENCY} requests in flight, and uses all of them`, async () => {
    expect(CONCURRENCY).toBe(8)
    let inFlight = 0
    let peak = 0
    const track = async <T>(answer: T): Promise<T> => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise(resolve => setTimeout(resolve, 2))
      inFlight--
      return answer
    }
    const users = Array.from({ length: 30 }, (_, i) => `user-${String(i).padStart(2, '0')}`)
    iamMock.on(ListMFADevicesCommand).callsFake((input: { UserName?: string }) =>
      track({
        MFADevices:
          Number(input.UserName?.slice(-2)) % 3 === 0
            ? [virtual(input.UserName ?? '', new Date('2026-11-30T10:00:00Z'))]
            : []
      })
    )
    iamMock
      .on(GetLoginProfileCommand)
      .callsFake((input: { UserName?: string }) =>
        track({ LoginProfile: { UserName: input.UserName, CreateDate: GENERATED } })
      )
    const checks = await reverifyUsers(iam(), users, GENERATED, now)
    expect(peak).toBe(CONCURRENCY)
    expect(inFlight).toBe(0)
    expect([...checks.keys()]).toEqual(users)
    expect(iamMock.commandCalls(ListMFADevicesCommand)).toHaveLength(30)
    expect(iamMock.commandCalls(GetLoginProfileCommand)).toHaveLength(20)
    expect(checks.get('user-03')?.status).toBe('fixed')
    expect(checks.get('user-04')?.status).toBe('confirmed')
  })

  it('makes no call for no users', async () => {
    const checks = await reverifyUsers(iam(), [], GENERATED, now)
    expect(checks.size).toBe(0)
    expect(iamMock.calls()).toHaveLength(0)
  })
})

describe('deviceKinds', () => {
  it('lists the kinds per user and leaves out a user whose devices cannot be listed, saying why', async () => {
    mockAccount({
      alice: [fido('alice', GENERATED), virtual('alice', GENERATED)],
      carol: [{ UserName: 'carol', SerialNumber: 'GAHT12345678', EnableDate: GENERATED }]
    })
    iamMock.on(ListMFADevicesCommand, { UserName: 'bob' }).rejects(denied())
    const got = await deviceKinds(iam(), ['alice', 'bob', 'carol', 'dan'])
    expect(got.failed).toBe(1)
    expect(got.reason).toMatch(/^AWS denied iam:ListMFADevices \(AccessDenied/)
    expect([...got.kinds.entries()]).toEqual([
      ['alice', ['fido', 'virtual']],
      ['carol', ['hardware-totp']],
      ['dan', []]
    ])
  })
})

// --- The pool. ---

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('mapWithConcurrency', () => {
  it.each([
    [1, 10],
    [3, 10],
    [8, 30],
    [8, 5],
    [50, 12]
  ])(
    'with limit %i over %i items keeps input order and never exceeds the limit',
    async (limit, count) => {
      let inFlight = 0
      let peak = 0
      const items = Array.from({ length: count }, (_, i) => i)
      const out = await mapWithConcurrency(items, limit, async i => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await sleep((i * 7) % 5) // later items often finish first
        inFlight--
        return `item ${i}`
      })
      expect(out).toEqual(items.map(i => `item ${i}`))
      expect(peak).toBe(Math.min(limit, count))
    }
  )

  it.each([0, -3])('runs one at a time when the limit is %i', async limit => {
    let inFlight = 0
    let peak = 0
    const out = await mapWithConcurrency([3, 1, 2], limit, async x => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await sleep(1)
      inFlight--
      return x * 2
    })
    expect(out).toEqual([6, 2, 4])
    expect(peak).toBe(1)
  })

  it('returns an empty array for no items without calling the function', async () => {
    let calls = 0
    const out = await mapWithConcurrency([], 8, async () => {
      calls++
      return 1
    })
    expect(out).toEqual([])
    expect(calls).toBe(0)
  })

  it('calls the function exactly once per item', async () => {
    const seen: number[] = []
    await mapWithConcurrency([5, 6, 7, 8, 9], 2, async x => {
      seen.push(x)
      await sleep(1)
      return x
    })
    expect([...seen].sort()).toEqual([5, 6, 7, 8, 9])
  })

  it('rejects when the function rejects', async () => {
    const attempt = mapWithConcurrency([1, 2, 3], 2, async x => {
      if (x === 2) throw new Error('boom on 2')
      return x
    })
    await expect(attempt).rejects.toThrow('boom on 2')
  })
})
