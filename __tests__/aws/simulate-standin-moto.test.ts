// The simulation stand-in itself: it refuses what the service model forbids (and records it), answers
// in AWS's XML that the SDK reads, and leaves every other request to the emulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  SimulatePrincipalPolicyCommand,
  type ContextKeyTypeEnum,
  type SimulatePrincipalPolicyCommandInput
} from '@aws-sdk/client-iam'
import { errorCode } from '../../src/aws/aws-error.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { readQueryRequest } from '../helpers/query-shape.js'
import { adminIam, TEST_CREDENTIALS } from '../helpers/seed-iam.js'
import { startSimulateStandin, type SimulateStandin } from '../helpers/simulate-standin.js'

let moto: Moto
let standin: SimulateStandin
let iam: IAMClient
let arn: string

beforeAll(async () => {
  moto = await startMoto()
  standin = await startSimulateStandin(moto.endpoint)
  const created = await adminIam(moto.endpoint).send(new CreateUserCommand({ UserName: 'dana' }))
  arn = created.User?.Arn ?? ''
  iam = new IAMClient({
    endpoint: standin.url,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1
  })
})

afterAll(async () => {
  await standin.stop()
  await moto.stop()
})

afterEach(() => standin.reset())

/** The error AWS (here, the stand-in) answered a request with, as the SDK reports it. */
async function refusal(
  input: SimulatePrincipalPolicyCommandInput
): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await iam.send(new SimulatePrincipalPolicyCommand(input))
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } }
    return { code: errorCode(error), status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('The stand-in accepted a request the service model forbids.')
}

describe('the SimulatePrincipalPolicy stand-in', () => {
  it.each([
    [
      'a context key type the enum lacks',
      {
        ContextEntries: [
          {
            ContextKeyName: 'aws:MultiFactorAuthPresent',
            ContextKeyType: 'bool' as ContextKeyTypeEnum,
            ContextKeyValues: ['true']
          }
        ]
      },
      "Value 'bool' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set"
    ],
    [
      'MaxItems below its range',
      { MaxItems: 0 },
      "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"
    ],
    [
      'MaxItems above its range',
      { MaxItems: 1001 },
      'Member must have value less than or equal to 1000'
    ],
    [
      'an action name too short',
      { ActionNames: ['s3'] },
      "Value 's3' at 'actionNames.1.member' failed to satisfy constraint: Member must have length greater than or equal to 3"
    ],
    [
      'a context key name too short',
      {
        ContextEntries: [
          { ContextKeyName: 'aws', ContextKeyType: 'boolean' as const, ContextKeyValues: ['true'] }
        ]
      },
      'Member must have length greater than or equal to 5'
    ],
    [
      'no ActionNames at all',
      { ActionNames: undefined },
      "Value null at 'actionNames' failed to satisfy constraint: Member must not be null"
    ],
    [
      'a marker outside its pattern',
      { Marker: 'next\u0001page' },
      'Member must satisfy regular expression pattern'
    ]
  ])('refuses %s with a ValidationError, and records it', async (_, change, words) => {
    const { code, status, message } = await refusal({
      PolicySourceArn: arn,
      ActionNames: ['iam:CreateUser'],
      ...change
    })
    expect([code, status]).toEqual(['ValidationError', 400])
    expect(message).toContain(words)
    expect(standin.violations()).toHaveLength(1)
    expect(standin.requests()).toHaveLength(0)
  })

  it('refuses a list numbered with a gap and a parameter the operation does not have', () => {
    const form = new URLSearchParams({
      Action: 'SimulatePrincipalPolicy',
      Version: '2010-05-08',
      PolicySourceArn: arn,
      'ActionNames.member.2': 'iam:CreateUser',
      'ContextEntries.member.1.ContextKeyName': 'aws:MultiFactorAuthPresent',
      Resource: '*'
    })
    expect(readQueryRequest(form, 'SimulatePrincipalPolicy').errors).toEqual([
      'Parameter Resource is not a member of SimulatePrincipalPolicyRequest',
      "Value '2' at 'actionNames' failed to satisfy constraint: List members must be numbered 1, 2, 3... without gaps"
    ])
  })

  it("answers in AWS's XML, which the SDK reads whole", async () => {
    standin.decide([
      {
        arn,
        action: 'iam:CreateUser',
        withoutMfa: 'explicitDeny',
        withMfa: 'allowed',
        policy: 'RequireMfa'
      }
    ])
    const body = new URLSearchParams({
      Action: 'SimulatePrincipalPolicy',
      Version: '2010-05-08',
      PolicySourceArn: arn,
      'ActionNames.member.1': 'iam:CreateUser',
      'ActionNames.member.2': 'iam:DeleteUser'
    })
    // The emulator does not check signatures; the credential scope names the service and caller.
    const authorization = `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20261130/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`
    const raw = await (
      await fetch(standin.url, { method: 'POST', body, headers: { authorization } })
    ).text()
    expect(raw).toMatch(
      /^<SimulatePrincipalPolicyResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">\n {2}<SimulatePrincipalPolicyResult>\n {4}<IsTruncated>false<\/IsTruncated>\n {4}<EvaluationResults>\n {6}<member>\n {8}<MatchedStatements>/
    )
    expect(raw).toMatch(
      /<\/SimulatePrincipalPolicyResult>\n {2}<ResponseMetadata>\n {4}<RequestId>[\w-]+<\/RequestId>/
    )
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: ['iam:CreateUser', 'iam:DeleteUser']
      })
    )
    expect(out.IsTruncated).toBe(false)
    expect(
      out.EvaluationResults?.map(r => [r.EvalActionName, r.EvalDecision, r.EvalResourceName])
    ).toEqual([
      ['iam:CreateUser', 'explicitDeny', '*'],
      ['iam:DeleteUser', 'implicitDeny', '*']
    ])
    expect(out.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId).toBe('RequireMfa')
    expect(out.EvaluationResults?.[1]?.MatchedStatements).toEqual([])
    expect(standin.violations()).toEqual([])
  })

  it('pages by MaxItems with an opaque Marker the SDK hands back', async () => {
    const actions = ['iam:CreateUser', 'iam:DeleteUser', 'iam:PutUserPolicy']
    const first = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: actions,
        MaxItems: 2
      })
    )
    expect([first.EvaluationResults?.length, first.IsTruncated, typeof first.Marker]).toEqual([
      2,
      true,
      'string'
    ])
    const rest = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: actions,
        MaxItems: 2,
        ...(first.Marker ? { Marker: first.Marker } : {})
      })
    )
    expect(rest.EvaluationResults?.map(r => r.EvalActionName)).toEqual(['iam:PutUserPolicy'])
    expect([rest.IsTruncated, rest.Marker]).toEqual([false, undefined])
    expect(standin.violations()).toEqual([])
  })

  it('leaves every other request to the emulator', async () => {
    const out = await iam.send(new ListUsersCommand({}))
    expect(out.Users?.map(u => u.UserName)).toEqual(['dana'])
    expect(standin.requests()).toHaveLength(0)
  })
})
