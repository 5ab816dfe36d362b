// Rule iam.privileged_actions_without_mfa_condition end to end: the bundled action against the
// emulator (groups with and without the MFA-requiring policy, privileged users with access keys)
// and the local GitHub API: report file, SARIF, outputs, summary and tracking issues.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AttachGroupPolicyCommand, CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import { enforceMfaDocument } from '../../src/policy/enforce-mfa-policy.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { startMoto, type Moto } from '../helpers/moto.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, seedGroup, seedUsers, TEST_ACCOUNT } from '../helpers/seed-iam.js'

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const RULE = 'iam.privileged_actions_without_mfa_condition'

let moto: Moto
let api: GithubApiServer
let store: IssueStore
let iam: IAMClient
let requireMfa: string

async function createPolicy(name: string, document: object): Promise<string> {
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(document) })
  )
  return created.Policy?.Arn ?? ''
}

beforeAll(async () => {
  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  api = await startGithubApiServer()
  store = serveIssues(api)
  iam = adminIam(moto.endpoint)
  requireMfa = await createPolicy('RequireMFA', enforceMfaDocument())
  const boolDeny = await createPolicy('DenyWithoutMfaBool', {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotAction: ['iam:ChangePassword', 'sts:GetSessionToken'],
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }
      }
    ]
  })
  await seedGroup(iam, 'admins', [ADMIN, requireMfa])
  await seedGroup(iam, 'ops', [ADMIN])
  await seedGroup(iam, 'ops-bool', [ADMIN, boolDeny])
  await seedUsers(iam, [
    { name: 'guarded-admin', console: true, mfa: true, groups: ['admins'] },
    { name: 'open-admin', console: true, mfa: true, groups: ['ops'] },
    { name: 'key-admin', accessKey: true, groups: ['ops-bool'] },
    { name: 'nomfa-admin', console: true, groups: ['ops'] },
    { name: 'dev', console: true, mfa: true }
  ])
})
afterAll(async () => {
  await api.stop()
  await moto.stop()
})

const run = (): Promise<BundleRun> =>
  runBundle(
    {
      'grace-period-days': '0',
      'github-token': 'ghs_x0123456789',
      'upload-sarif': 'false',
      'upload-artifact': 'false'
    },
    {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
      AWS_SECRET_ACCESS_KEY: 'x',
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/security-findings'
    }
  )

interface Judged {
  user: string
  rule: string
  verdict: string
  reason: string
  enforcement?: { status: string; by: string[]; grantedBy: string[] }
}
function report(r: BundleRun): { findings: Judged[]; policy: Record<string, Judged> } {
  const doc = JSON.parse(readFileSync(r.outputs['report-file'] ?? '', 'utf8')) as {
    evaluation: { findings: Judged[]; policyFindings: Judged[] }
  }
  return {
    findings: doc.evaluation.findings,
    policy: Object.fromEntries(doc.evaluation.policyFindings.map(f => [f.user, f]))
  }
}
const policyIssue = (user: string) =>
  store.issues.find(i => i.title.startsWith(`Privileged actions of IAM user ${user} `))

describe('MFA required by policy, against the emulator', () => {
  let first: BundleRun
  beforeAll(async () => {
    first = await run()
  }, 120_000)

  it('judges each user from its groups and managed policies, with the evidence', () => {
    expect(first.code).toBe(0)
    const { policy, findings } = report(first)
    expect(policy['guarded-admin']).toMatchObject({ verdict: 'pass', rule: RULE })
    expect(policy['guarded-admin']?.reason).toContain(
      'MFA enforced by RequireMFA (via group admins)'
    )
    expect(policy['open-admin']).toMatchObject({ verdict: 'fail' })
    expect(policy['open-admin']?.enforcement?.grantedBy).toEqual([
      'AdministratorAccess (via group ops)'
    ])
    expect(policy['key-admin']?.verdict).toBe('fail')
    expect(policy['key-admin']?.reason).toContain('1 active access key')
    expect(policy['nomfa-admin']?.verdict).toBe('fail')
    expect(policy['dev']).toMatchObject({ verdict: 'not-applicable' })
    // A console user's own finding says whether policy enforces MFA for it.
    const dev = findings.find(f => f.user === 'dev')
    expect(dev?.enforcement?.status).toBe('not-granted')
    const guarded = findings.find(f => f.user === 'guarded-admin')
    expect(guarded?.enforcement?.status).toBe('enforced')
  })

  it('reports the new rule in SARIF and the outputs', () => {
    const sarif = JSON.parse(readFileSync(first.outputs['sarif-file'] ?? '', 'utf8')) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; help: { markdown: string } }> } }
        results: Array<{ ruleId: string; message: { text: string } }>
      }>
    }
    const run0 = sarif.runs[0]
    const results = (run0?.results ?? []).filter(r => r.ruleId === RULE)
    expect(results.map(r => r.message.text).sort()).toEqual([
      expect.stringContaining('key-admin'),
      expect.stringContaining('nomfa-admin'),
      expect.stringContaining('open-admin')
    ])
    const help = run0?.tool.driver.rules.find(r => r.id === RULE)?.help.markdown ?? ''
    expect(seen(help)).toContain('Attach the RequireMFA policy')
    const users = JSON.parse(first.outputs['non-compliant-users'] ?? '[]') as Array<{
      user: string
      rule: string
    }>
    expect(
      users
        .filter(u => u.rule === RULE)
        .map(u => u.user)
        .sort()
    ).toEqual(['key-admin', 'nomfa-admin', 'open-admin'])
    expect(first.outputs['non-compliant-count']).toBe('4')
  })

  it('shows the section, the table and the fix in the summary, as rendered', () => {
    const text = seen(first.summary)
    expect(text).toContain('3 of 4 privileged users can call privileged actions')
    expect(text).toContain('Attach RequireMFA to group ops')
    expect(text).toContain('"aws:MultiFactorAuthPresent": "false"')
    expect(text).toContain('$${aws:username}')
    expect(text).toContain(`arn:aws:iam::${TEST_ACCOUNT}:policy/RequireMFA`)
    expect(text).toContain('MFA by policy for 4 console users: enforced for 1')
    expectReadable(first.summary, [
      'guarded-admin',
      'open-admin',
      'key-admin',
      'nomfa-admin',
      'dev'
    ])
  })

  it('opens one issue per failing user under the rule, with the policy to attach', () => {
    expect(api.violations).toEqual([])
    const issue = policyIssue('open-admin')
    expect(issue?.state).toBe('open')
    const body = seen(issue?.body ?? '')
    expect(body).toContain('Severity: medium (iam.privileged_actions_without_mfa_condition)')
    expect(body).toContain('MFA by policy: not enforced')
    expect(body).toContain('aws iam attach-group-policy --group-name ops')
    expect(body).toContain('aws iam simulate-principal-policy')
    expectReadable(issue?.body ?? '', ['open-admin'])
    // The user without MFA has both issues: the sign-in one and the policy one.
    expect(store.issues.filter(i => i.title.includes('nomfa-admin')).map(i => i.state)).toEqual([
      'open',
      'open'
    ])
    expect(policyIssue('guarded-admin')).toBeUndefined()
  })

  it('closes the policy issues once the group requires MFA, then writes nothing', async () => {
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: requireMfa }))
    const second = await run()
    expect(second.code).toBe(0)
    expect(policyIssue('open-admin')).toMatchObject({ state: 'closed', state_reason: 'completed' })
    const comment = seen(policyIssue('open-admin')?.comments.at(-1) ?? '')
    expect(comment).toContain('Verified fixed by the scan of')
    expect(comment).toContain('MFA enforced by RequireMFA (via group ops)')
    expect(policyIssue('nomfa-admin')?.state).toBe('closed')
    // The sign-in issue of the user without MFA stays: policy does not enroll a device.
    expect(
      store.issues.find(i => i.title.startsWith('Privileged IAM user nomfa-admin '))?.state
    ).toBe('open')
    expect(policyIssue('key-admin')?.state).toBe('open')
    const before = api.writes().length
    const third = await run()
    expect(third.code).toBe(0)
    expect(api.writes().length).toBe(before)
  }, 180_000)
})
