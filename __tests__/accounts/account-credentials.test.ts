// Credentials renewed before they expire: a large organisation takes longer than a chained session.
import { describe, expect, it } from '@jest/globals'
import { renewing } from '../../src/accounts/account-credentials.js'
import type { AwsCredentials } from '../../src/aws/clients.js'

const HOUR = 3_600_000

function source(clock: { now: number }) {
  const calls: number[] = []
  const assume = async (): Promise<AwsCredentials> => {
    calls.push(clock.now)
    return {
      accessKeyId: `ASIA${calls.length}`,
      secretAccessKey: 'secret',
      expiration: new Date(clock.now + HOUR)
    }
  }
  return { calls, get: renewing(assume, () => clock.now) }
}

describe('renewing', () => {
  it('keeps the credentials while they have more than 10 minutes left, then assumes the role again', async () => {
    const clock = { now: 0 }
    const { calls, get } = source(clock)
    expect((await get()).accessKeyId).toBe('ASIA1')
    clock.now = 49 * 60_000
    expect((await get()).accessKeyId).toBe('ASIA1')
    clock.now = 51 * 60_000
    expect((await get()).accessKeyId).toBe('ASIA2')
    expect(calls).toEqual([0, 51 * 60_000])
  })

  it('assumes once for many callers at the same time', async () => {
    const { calls, get } = source({ now: 0 })
    await Promise.all([get(), get(), get()])
    expect(calls).toHaveLength(1)
  })

  it('tries again on the next call after a refusal', async () => {
    let refuse = true
    const get = renewing(
      async () => {
        if (refuse) throw new Error('AccessDenied')
        return { accessKeyId: 'ASIAOK', secretAccessKey: 's' }
      },
      () => 0
    )
    await expect(get()).rejects.toThrow('AccessDenied')
    refuse = false
    expect((await get()).accessKeyId).toBe('ASIAOK')
  })
})
