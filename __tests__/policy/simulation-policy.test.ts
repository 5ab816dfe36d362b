// The optional statement for the simulation (docs/iam/simulation-policy.json): only
// iam:SimulatePrincipalPolicy, only on users, kept apart from the read-only policy every run needs.
import { describe, expect, it } from '@jest/globals'
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { simulateUsers, SIMULATE_ACTION } from '../../src/aws/simulate-principal-policy.js'
import { REPO_ROOT } from '../helpers/moto.js'

interface Policy {
  Version: string
  Statement: Array<{ Effect: string; Action: string[]; Resource: string | string[] }>
}
const read = (file: string): Policy =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'iam', file), 'utf8')) as Policy

describe('docs/iam/simulation-policy.json', () => {
  it('allows iam:SimulatePrincipalPolicy on IAM users of any partition, and nothing else', () => {
    const policy = read('simulation-policy.json')
    expect(policy.Version).toBe('2012-10-17')
    expect(policy.Statement.map(s => [s.Effect, s.Action, s.Resource])).toEqual([
      ['Allow', [SIMULATE_ACTION], 'arn:*:iam::*:user/*']
    ])
  })

  it('stays out of the policy every run needs: the simulation is optional', () => {
    const actions = read('policy.json').Statement.flatMap(s => s.Action)
    expect(actions).not.toContain(SIMULATE_ACTION)
  })

  it('is the file a denied simulation tells people to use', async () => {
    const iam = mockClient(IAMClient)
    iam.on(SimulatePrincipalPolicyCommand).rejects(
      Object.assign(new Error('not authorized to perform: iam:SimulatePrincipalPolicy'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const { outcomes } = await simulateUsers(
      new IAMClient({ region: 'us-east-1', maxAttempts: 1 }),
      [{ user: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' }],
      ['iam:CreateUser']
    )
    iam.restore()
    const outcome = outcomes.get('alice')
    const why = outcome?.kind === 'not-proved' ? outcome.why : ''
    const file = /\((docs\/iam\/[\w-]+\.json)\)/.exec(why)?.[1]
    expect(file).toBe('docs/iam/simulation-policy.json')
    expect(existsSync(join(REPO_ROOT, file ?? ''))).toBe(true)
  })
})
