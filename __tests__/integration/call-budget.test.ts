// Detection costs a constant number of AWS calls, however many users the account has: only
// failing users cost more (see live-checks-moto.test.ts for that budget).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startCountingProxy, type CountingProxy } from '../../scripts/lib/counting-proxy.mjs'
import { startMoto, type Moto } from '../helpers/moto.js'
import { runBundle } from '../helpers/run-bundle.js'
import { adminIam, seedUsers, type SeedUser } from '../helpers/seed-iam.js'

let moto: Moto
let proxy: CountingProxy
beforeAll(async () => {
  moto = await startMoto()
  proxy = await startCountingProxy(moto.endpoint)
})
afterAll(async () => {
  await proxy.stop()
  await moto.stop()
})

async function callsFor(userCount: number): Promise<Record<string, number>> {
  await moto.reset()
  const users: SeedUser[] = Array.from({ length: userCount }, (_, i) => ({
    name: `user-${i}`,
    console: true,
    mfa: i >= 2
  }))
  await seedUsers(adminIam(moto.endpoint), users)
  proxy.reset()
  const run = await runBundle(
    { 'grace-period-days': '0' },
    {
      AWS_ENDPOINT_URL: proxy.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
      AWS_SECRET_ACCESS_KEY: 'x'
    }
  )
  expect(run.code).toBe(0)
  expect(run.outputs['non-compliant-count']).toBe(String(users.filter(u => !u.mfa).length))
  return proxy.counts()
}

describe('AWS call budget', () => {
  it('makes the same calls for 5 users as for 150 when the same 2 fail', async () => {
    const small = await callsFor(5)
    const large = await callsFor(150)
    expect(large).toEqual(small)
    expect(small['GetCredentialReport']).toBe(1)
    expect(small['GetAccountSummary']).toBe(1)
    expect(small['GetCallerIdentity']).toBe(1)
    expect(small['ListMFADevices']).toBe(2)
    expect(small['GetAccountAuthorizationDetails']).toBe(1)
  })
})
