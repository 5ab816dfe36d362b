// The IAM policy in docs/iam/policy.json (the one the README shows) is enough for a full run, and
// each of its permissions, taken away, is named in exactly the consequence the README promises.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { IAMClient } from '@aws-sdk/client-iam'
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteLoginProfileCommand,
  ListAccessKeysCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand
} from '@aws-sdk/client-iam'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { serveIssues, type IssueStore } from '../helpers/issues-api.js'
import { REPO_ROOT, startMoto, type Moto } from '../helpers/moto.js'
import { startOidcServer, type OidcServer } from '../helpers/oidc-server.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { startAwsFaultProxy, type AwsFaultProxy } from '../helpers/aws-fault-proxy.js'
import { rootMfaStandIn } from '../helpers/root-mfa-stand-in.js'
import { runBundle, workflowEnv, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, ALLOW_ALL, seedUsers, TEST_ACCOUNT } from '../helpers/seed-iam.js'

interface Statement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: string
}
interface PolicyDocument {
  Version: string
  Statement: Statement[]
}

const POLICY_FILE = join(REPO_ROOT, 'docs', 'iam', 'policy.json')
const POLICY = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as PolicyDocument
const ROLE_NAME = 'posturio-iam-mfa'
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/${ROLE_NAME}`
const SESSION = `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/${ROLE_NAME}/${ROLE_NAME}`

/** The README's "OIDC trust policy", for this test's repository. */
const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: {
        Federated: `arn:aws:iam::${TEST_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': 'repo:acme/security-audits:ref:refs/heads/main'
        }
      }
    }
  ]
}

const without = (action: string): PolicyDocument => ({
  ...POLICY,
  Statement: POLICY.Statement.map(s => ({
    ...s,
    Action: s.Action.filter(a => a !== action)
  })).filter(s => s.Action.length > 0)
})

/** The "## IAM policy" section of the README. */
function readmeSection(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('\n## IAM policy\n')
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end)
}

/**
 * The action reads the policies, groups and tags of every user who can call AWS (a console password
 * or an active access key), through GetAccountAuthorizationDetails pages or user by user, whichever
 * it plans to cost fewer calls. 297 users who cannot call AWS fill the account to 301 users: 4 pages
 * as the action plans them. alice, bob, ci-deploy and carol can call AWS: 4 pages, fewer than 4 x 4
 * per-user calls, so the pages are read. Once alice's and bob's console passwords are removed and
 * ci-deploy's access key is deactivated, carol alone can: 1 x 4 calls, no more than 4 pages, so she
 * is read user by user. Each case says which way it reads, so every permission is used.
 */
const FILLERS = 297
type Reads = 'account-details' | 'per-user'
/** An AWS managed policy of carol's, with a path: its document is read with iam:GetPolicy(Version). */
const VIEW_ONLY = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'

let moto: Moto
/** A root user with MFA, which moto has not, for root's MFA kind: through `withRoot`. */
const rootStandIn = rootMfaStandIn()
let withRoot: AwsFaultProxy
let oidc: OidcServer
let api: GithubApiServer
let store: IssueStore
let scanning: CodeScanning
let admin: IAMClient
let ciKey: string
/** How the action reads the account as it is now staged. */
let staged: Reads = 'account-details'

async function seed(): Promise<void> {
  await seedUsers(admin, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true },
    { name: 'ci-deploy', accessKey: true }
  ])
  const keys = await admin.send(new ListAccessKeysCommand({ UserName: 'ci-deploy' }))
  ciKey = keys.AccessKeyMetadata?.[0]?.AccessKeyId ?? ''
  // carol: a contractor (user path), privileged through a group (group path) whose customer
  // managed policy (policy path) allows everything; her own policies (customer managed, AWS managed
  // and inline) and owner tag are harmless.
  const policy = async (name: string, document: object): Promise<string> => {
    const out = await admin.send(
      new CreatePolicyCommand({
        PolicyName: name,
        Path: '/security/',
        PolicyDocument: JSON.stringify(document)
      })
    )
    return out.Policy?.Arn ?? ''
  }
  const adminAll = await policy('admin-all', ALLOW_ALL)
  const readMetrics = await policy('read-metrics', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' }]
  })
  await admin.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/teams/' }))
  await admin.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: adminAll }))
  await admin.send(
    new PutGroupPolicyCommand({
      GroupName: 'admins',
      PolicyName: 'read-logs',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }]
      })
    })
  )
  await admin.send(
    new CreateUserCommand({
      UserName: 'carol',
      Path: '/contractors/',
      Tags: [{ Key: 'github', Value: 'octo-cat' }]
    })
  )
  await admin.send(
    new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Corr3ct-Horse-Battery!' })
  )
  await admin.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'carol' }))
  await admin.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: readMetrics }))
  await admin.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: VIEW_ONLY }))
  await admin.send(
    new PutUserPolicyCommand({
      UserName: 'carol',
      PolicyName: 'notes',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::notes/*' }]
      })
    })
  )
  const names = Array.from({ length: FILLERS }, (_, i) => `svc-${String(i).padStart(3, '0')}`)
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(
      names.slice(i, i + 25).map(n => admin.send(new CreateUserCommand({ UserName: n })))
    )
  }
  await admin.send(
    new CreateRoleCommand({
      RoleName: ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY)
    })
  )
}

beforeAll(async () => {
  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' }, { iamResourceArns: true })
  withRoot = await startAwsFaultProxy(moto.endpoint, rootStandIn.rewrite)
  oidc = await startOidcServer()
  api = await startGithubApiServer()
  store = serveIssues(api)
  scanning = serveCodeScanning(api)
  admin = adminIam(moto.endpoint)
  await seed()
}, 60_000)
afterAll(async () => {
  await api.stop()
  await oidc.stop()
  await withRoot.stop()
  await moto.stop()
})

/** Who can call AWS: the four users (read through the pages), or carol alone (read user by user). */
async function readVia(wanted: Reads): Promise<void> {
  if (wanted === staged) return
  const callers = ['alice', 'bob']
  if (wanted === 'per-user') {
    for (const u of callers) await admin.send(new DeleteLoginProfileCommand({ UserName: u }))
  } else {
    for (const u of callers)
      await admin.send(
        new CreateLoginProfileCommand({ UserName: u, Password: 'Corr3ct-Horse-Battery!' })
      )
  }
  await admin.send(
    new UpdateAccessKeyCommand({
      UserName: 'ci-deploy',
      AccessKeyId: ciKey,
      Status: wanted === 'per-user' ? 'Inactive' : 'Active'
    })
  )
  staged = wanted
}

async function attach(policy: PolicyDocument, wanted: Reads): Promise<void> {
  await moto.resetAuth(Infinity)
  await readVia(wanted)
  await admin.send(
    new PutRolePolicyCommand({
      RoleName: ROLE_NAME,
      PolicyName: 'posturio-iam-mfa',
      PolicyDocument: JSON.stringify(policy)
    })
  )
  // From here on the emulator enforces the role's policy, after one request let through: moto answers
  // the unsigned AssumeRoleWithWebIdentity with an error while it enforces policies (AWS authorizes
  // that call by the role's trust policy and the token, not by a policy of the caller).
  await moto.resetAuth(1)
}

/** The whole action, through OIDC, with `policy` as the role's only permissions. */
async function scan(
  policy: PolicyDocument,
  wanted: Reads = 'account-details',
  extra: Record<string, string> = {},
  endpoint: string = moto.endpoint
): Promise<BundleRun> {
  api.requests.length = 0
  api.violations.length = 0
  store.issues.length = 0
  scanning.uploads.length = 0
  scanning.polls.length = 0
  await attach(policy, wanted)
  try {
    return await runBundle(
      {
        'role-to-assume': ROLE,
        'aws-region': 'us-east-1',
        'grace-period-days': '0',
        'github-token': 'ghs_leastprivilege0123456789',
        'upload-artifact': 'false',
        ...extra
      },
      workflowEnv(api.url, {
        AWS_ENDPOINT_URL: endpoint,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
      })
    )
  } finally {
    await moto.resetAuth(Infinity)
  }
}

const users = (run: BundleRun): Array<{ user: string; severity: string; rule: string }> =>
  JSON.parse(run.outputs['non-compliant-users'] ?? '[]') as Array<{
    user: string
    severity: string
    rule: string
  }>
/** The IAM permissions named in the step's error and warning annotations. */
const namedInAnnotations = (run: BundleRun): string[] => [
  ...new Set(
    run.stdout
      .split('\n')
      .filter(l => /^::(error|warning)::/.test(l))
      .flatMap(l => [...l.matchAll(/\biam:[A-Za-z]+/g)].map(m => m[0]))
  )
]
/** The tracking issues opened: title (without the account) and assignees. */
const issued = (): Array<[string, string[]]> =>
  store.issues
    .map((i): [string, string[]] => [
      i.title.replace(` in account ${TEST_ACCOUNT}`, ''),
      i.assignees
    ])
    .sort(([a], [b]) => a.localeCompare(b))
/** carol's finding of rule iam.privileged_actions_without_mfa_condition, from the report file. */
function carolByPolicy(run: BundleRun): {
  verdict: string
  severity?: string
  reason: string
  enforcement?: { status: string; grantedBy: string[]; why?: string }
} {
  const report = JSON.parse(readFileSync(run.outputs['report-file'] ?? '', 'utf8')) as {
    evaluation: { policyFindings?: Array<ReturnType<typeof carolByPolicy> & { user: string }> }
  }
  const found = report.evaluation.policyFindings?.find(f => f.user === 'carol')
  if (!found) throw new Error('no policy finding for carol in the report file')
  return found
}
const READ_LINE = {
  'account-details':
    'Read policies, groups and tags of 4 users who can call AWS (account-details).',
  'per-user': 'Read policies, groups and tags of 1 user who can call AWS (per-user).'
} as const
/** The "facts" cell of a failing user's row. */
const facts = (run: BundleRun, user: string): string =>
  (tables(run.summary)[1] ?? []).find(row => row[0] === user)?.[3] ?? ''

const policyActions = POLICY.Statement.flatMap(s => s.Action)

describe('the README policy', () => {
  it('is docs/iam/policy.json, and the README explains every permission in it', () => {
    const section = readmeSection()
    expect(section).toContain('docs/iam/policy.json')
    const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? ''
    expect(JSON.parse(block)).toEqual(POLICY)
    for (const action of policyActions) expect(section).toMatch(new RegExp(`\\|.*\`${action}\``))
    expect(new Set(policyActions).size).toBe(policyActions.length)
  })

  // The resource types of AWS's Service Authorization Reference for IAM: no resource type means `*`.
  it('grants read access only, each permission scoped to the resource type AWS accepts for it', () => {
    const USER = 'arn:*:iam::*:user/*'
    const GROUP = 'arn:*:iam::*:group/*'
    const MANAGED_POLICY = 'arn:*:iam::*:policy/*'
    const scope = POLICY.Statement.flatMap(s => s.Action.map(a => [a, s.Resource] as const))
    expect(Object.fromEntries(scope)).toEqual({
      'iam:GenerateCredentialReport': '*',
      'iam:GetCredentialReport': '*',
      'iam:GetAccountSummary': '*',
      'iam:ListAccountAliases': '*',
      'iam:ListVirtualMFADevices': '*',
      'iam:GetAccountAuthorizationDetails': '*',
      'iam:ListMFADevices': USER,
      'iam:GetLoginProfile': USER,
      'iam:ListUserTags': USER,
      'iam:ListAttachedUserPolicies': USER,
      'iam:ListUserPolicies': USER,
      'iam:GetUserPolicy': USER,
      'iam:ListGroupsForUser': USER,
      'iam:ListAttachedGroupPolicies': GROUP,
      'iam:ListGroupPolicies': GROUP,
      'iam:GetGroupPolicy': GROUP,
      'iam:GetPolicy': MANAGED_POLICY,
      'iam:GetPolicyVersion': MANAGED_POLICY
    })
    expect(POLICY.Statement.every(s => s.Effect === 'Allow')).toBe(true)
  })
})

// moto 5.2.5 on its own checks only the Action of a policy: it authorizes every IAM request that
// names no role against the resource "*", so it would deny every statement scoped to users, groups
// or policies. startMoto's iamResourceArns runs it with the ARN AWS authorizes each request against
// (the user, group or managed policy it names), so here Resource is enforced as well.
describe('a role with exactly the README policy', () => {
  it('reaches every verdict through the account details: the privileged contractor and alice fail, bob passes, the report is published', async () => {
    const run = await scan(POLICY)
    expect(api.violations).toEqual([])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/AWS denied|could not be read|not re-verified|undecided/)
    expect(run.stdout).toContain(READ_LINE['account-details'])
    expect(users(run)).toEqual([
      expect.objectContaining({
        user: 'carol',
        severity: 'critical',
        rule: 'iam.privileged_users_without_mfa'
      }),
      expect.objectContaining({ user: 'alice', severity: 'high', rule: 'iam.users_without_mfa' }),
      expect.objectContaining({
        user: 'carol',
        severity: 'medium',
        rule: 'iam.privileged_actions_without_mfa_condition'
      })
    ])
    const report = JSON.parse(readFileSync(run.outputs['report-file'] ?? '', 'utf8')) as {
      evaluation: { findings: Array<{ user: string; verdict: string }> }
    }
    const verdicts = report.evaluation.findings.filter(f => !f.user.startsWith('svc-'))
    expect(Object.fromEntries(verdicts.map(f => [f.user, f.verdict]))).toEqual({
      carol: 'fail',
      alice: 'fail',
      bob: 'pass',
      'ci-deploy': 'not-applicable'
    })
    // Her AWS managed policy was read too: only the group's policy grants without MFA.
    expect(carolByPolicy(run)).toMatchObject({
      verdict: 'fail',
      enforcement: { status: 'not-enforced', grantedBy: ['admin-all (via group admins)'] }
    })
    const summary = seen(run.summary)
    expect(summary).toContain(
      'Live re-verification: of the 2 users the report marks failing, 0 fixed since the report, 2 still failing, 0 not re-verified.'
    )
    expect(facts(run, 'carol')).toBe(
      'password never used (created today); privileged (see below); confirmed live'
    )
    expect(summary).toContain('group admins: attached policy admin-all (allows * on *): carol')
    expect(summary).not.toContain('could not be read')
    expect(scanning.uploads).toHaveLength(1)
    expect(issued()).toEqual([
      ['IAM user alice can sign in without MFA', []],
      ['Privileged actions of IAM user carol do not require MFA', ['octo-cat']],
      ['Privileged IAM user carol can sign in without MFA', ['octo-cat']]
    ])
    expectReadable(run.summary, ['alice', 'carol'])
  })

  it('reads the one user who can call AWS user by user: policies, groups, managed policy documents and the owner tag', async () => {
    const run = await scan(POLICY, 'per-user')
    expect(api.violations).toEqual([])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/AWS denied|could not be read|not re-verified|undecided/)
    expect(run.stdout).toContain(READ_LINE['per-user'])
    expect(users(run)).toEqual([
      expect.objectContaining({ user: 'carol', rule: 'iam.privileged_users_without_mfa' }),
      expect.objectContaining({
        user: 'carol',
        rule: 'iam.privileged_actions_without_mfa_condition'
      })
    ])
    expect(carolByPolicy(run)).toMatchObject({
      verdict: 'fail',
      enforcement: { status: 'not-enforced', grantedBy: ['admin-all (via group admins)'] }
    })
    expect(seen(run.summary)).toContain(
      'group admins: attached policy admin-all (allows * on *): carol'
    )
    expect(scanning.uploads).toHaveLength(1)
    expect(issued()).toEqual([
      ['Privileged actions of IAM user carol do not require MFA', ['octo-cat']],
      ['Privileged IAM user carol can sign in without MFA', ['octo-cat']]
    ])
  })

  it("judges root's MFA kind with require-phishing-resistant: a virtual device assigned to root fails it", async () => {
    rootStandIn.rootDevice('virtual')
    const run = await scan(
      POLICY,
      'account-details',
      { 'require-phishing-resistant': 'true' },
      withRoot.url
    )
    expect(api.violations).toEqual([])
    expect(run.code).toBe(0)
    expect(run.stdout).not.toMatch(/AWS denied|could not be read|could not be listed/)
    expect(run.stdout).toContain(
      "Listed 2 assigned virtual MFA devices (ListVirtualMFADevices) to tell root's MFA kind."
    )
    expect(users(run)).toContainEqual(
      expect.objectContaining({
        user: '<root_account>',
        severity: 'high',
        rule: 'iam.root_without_hardware_mfa'
      })
    )
    expect(scanning.uploads).toHaveLength(1)
    expect(store.issues.map(i => i.title)).toContain(
      `Root user in account ${TEST_ACCOUNT} has virtual MFA, not hardware MFA`
    )
  })

  it('is checked resource by resource: users outside a narrower user scope are not re-verified', async () => {
    const narrower = {
      ...POLICY,
      Statement: POLICY.Statement.map(s =>
        s.Resource === 'arn:*:iam::*:user/*'
          ? { ...s, Resource: 'arn:*:iam::*:user/contractors/*' }
          : s
      )
    }
    const run = await scan(narrower)
    expect(run.code).toBe(0)
    expect(facts(run, 'carol')).toContain('confirmed live')
    expect(facts(run, 'alice')).toContain(
      `not re-verified: AWS denied iam:ListMFADevices (AccessDenied: User: ${SESSION} is not authorized to perform: iam:ListMFADevices)`
    )
  })
})

type Consequence =
  | 'fails the step'
  | 'keeps the report verdict'
  | 'publishes nothing'
  | 'leaves MFA by policy undecided'
  | 'shows the account by its id'
  | "leaves root's MFA kind unknown"
/**
 * Each permission the action uses, what its absence does (README "IAM policy"), and the way of
 * reading that uses it; a permission used both ways has a case for each.
 */
const PERMISSIONS: ReadonlyArray<{
  action: string
  consequence: Consequence
  reads: Reads
  inputs?: Record<string, string>
}> = [
  {
    action: 'iam:ListVirtualMFADevices',
    consequence: "leaves root's MFA kind unknown",
    reads: 'account-details',
    inputs: { 'require-phishing-resistant': 'true' }
  },
  {
    action: 'iam:GenerateCredentialReport',
    consequence: 'fails the step',
    reads: 'account-details'
  },
  { action: 'iam:GetCredentialReport', consequence: 'fails the step', reads: 'account-details' },
  { action: 'iam:GetAccountSummary', consequence: 'fails the step', reads: 'account-details' },
  {
    action: 'iam:ListAccountAliases',
    consequence: 'shows the account by its id',
    reads: 'account-details'
  },
  {
    action: 'iam:ListMFADevices',
    consequence: 'keeps the report verdict',
    reads: 'account-details'
  },
  {
    action: 'iam:GetLoginProfile',
    consequence: 'keeps the report verdict',
    reads: 'account-details'
  },
  {
    action: 'iam:GetAccountAuthorizationDetails',
    consequence: 'publishes nothing',
    reads: 'account-details'
  },
  // The AWS managed policy documents, read after the pages.
  ...['iam:GetPolicy', 'iam:GetPolicyVersion'].map(action => ({
    action,
    consequence: 'leaves MFA by policy undecided' as const,
    reads: 'account-details' as const
  })),
  ...[
    'iam:ListUserTags',
    'iam:ListAttachedUserPolicies',
    'iam:ListUserPolicies',
    'iam:GetUserPolicy',
    'iam:ListGroupsForUser',
    'iam:ListAttachedGroupPolicies',
    'iam:ListGroupPolicies',
    'iam:GetGroupPolicy',
    // User by user, the customer managed policy documents too.
    'iam:GetPolicy',
    'iam:GetPolicyVersion'
  ].map(action => ({
    action,
    consequence: 'publishes nothing' as const,
    reads: 'per-user' as const
  }))
]

describe('a role missing one permission of the README policy', () => {
  it('takes away each permission of the policy, one case each way of reading that uses it', () => {
    expect([...new Set(PERMISSIONS.map(p => p.action))].sort()).toEqual([...policyActions].sort())
    const cases = PERMISSIONS.map(p => `${p.action} ${p.reads}`)
    expect(new Set(cases).size).toBe(cases.length)
    const twice = PERMISSIONS.map(p => p.action).filter((a, i, all) => all.indexOf(a) !== i)
    expect(twice).toEqual(['iam:GetPolicy', 'iam:GetPolicyVersion'])
  })

  it.each(PERMISSIONS.filter(p => p.consequence === 'fails the step'))(
    'without $action the step fails naming it, and no verdict is presented',
    async ({ action, reads }) => {
      const run = await scan(without(action), reads)
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `::error::AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action}). Allow "${action}" in the policy of the IAM role this action runs as; the README section "IAM policy" lists every action it needs.`
      )
      expect(namedInAnnotations(run)).toEqual([action])
      expect(run.outputs).toEqual({})
      const summary = seen(run.summary)
      expect(summary).toMatch(/^⚠️ IAM MFA check: the scan did not complete\n/)
      expect(summary).toContain(`What failed: AWS denied ${action} (AccessDenied`)
      expect(api.requests).toEqual([])
    }
  )

  it.each(PERMISSIONS.filter(p => p.consequence === 'keeps the report verdict'))(
    'without $action the failing users keep the report verdict, marked not re-verified naming it',
    async ({ action, reads }) => {
      const run = await scan(without(action), reads)
      expect(run.code).toBe(0)
      const denied = `not re-verified: AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action})`
      expect(facts(run, 'alice')).toContain(denied)
      expect(facts(run, 'carol')).toContain(denied)
      expect(run.stdout).toContain(
        "::warning::Live re-verification failed for 2 failing users: the report's verdict stands (see each user's live check)."
      )
      expect(seen(run.summary)).toContain(
        'Live re-verification: of the 2 users the report marks failing, 0 fixed since the report, 0 still failing, 2 not re-verified.'
      )
      expect(users(run).map(u => u.user)).toEqual(['carol', 'alice', 'carol'])
      // The report's verdicts are facts: they are published as in a full run.
      expect(scanning.uploads).toHaveLength(1)
      expect(store.issues).toHaveLength(3)
      expectReadable(run.summary, ['alice', 'carol'])
    }
  )

  it.each(PERMISSIONS.filter(p => p.consequence === 'publishes nothing'))(
    'without $action ($reads) the run completes, names it, and uploads no SARIF and changes no issue',
    async ({ action, reads }) => {
      const run = await scan(without(action), reads)
      expect(run.code).toBe(0)
      const part = `Part of the account could not be read: privilege, owner and exemption tags were not read (AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action})`
      const summary = seen(run.summary)
      expect(summary).toContain(part)
      expect(summary).toContain(
        'So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run.'
      )
      expect(summary).toContain(
        "MFA by policy: not judged: the users' policies could not be read (see the warnings)."
      )
      expect(run.stdout).toContain(`::warning::${part}`)
      expect(run.stdout).not.toContain('Read policies, groups and tags of')
      expect(namedInAnnotations(run)).toEqual([action])
      // Without her policies carol is not known to be privileged: no more severe than alice.
      expect(users(run).map(u => u.user)).toEqual(
        reads === 'per-user' ? ['carol'] : ['alice', 'carol']
      )
      expect(api.requests).toEqual([])
      expectReadable(run.summary, ['alice', 'carol'])
    }
  )

  it.each(PERMISSIONS.filter(p => p.consequence === 'leaves MFA by policy undecided'))(
    'without $action ($reads) the AWS managed policy is named, MFA by policy is undecided for its user, and the run is published',
    async ({ action, reads }) => {
      const run = await scan(without(action), reads)
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(READ_LINE[reads])
      const denied = `AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action})`
      expect(run.stdout).toContain(
        `::warning::1 managed policy could not be read (ViewOnlyAccess: ${denied}`
      )
      expect(namedInAnnotations(run)).toEqual([action])
      // Privilege, owner and exemptions come from the pages: the sign-in verdicts are whole.
      expect(run.stdout).not.toContain('Part of the account could not be read')
      expect(users(run)).toEqual([
        expect.objectContaining({ user: 'carol', rule: 'iam.privileged_users_without_mfa' }),
        expect.objectContaining({ user: 'alice', rule: 'iam.users_without_mfa' }),
        expect.objectContaining({
          user: 'carol',
          rule: 'iam.privileged_actions_without_mfa_condition'
        })
      ])
      // Her unread policy could have made MFA a condition: undecided, and failing until shown otherwise.
      const carol = carolByPolicy(run)
      expect(carol).toMatchObject({
        verdict: 'fail',
        severity: 'medium',
        enforcement: { status: 'undecided' }
      })
      expect(carol.enforcement?.why).toContain('ViewOnlyAccess')
      expect(carol.reason).toContain('It counts as failing until shown otherwise')
      expect(scanning.uploads).toHaveLength(1)
      expect(issued().map(([title]) => title)).toEqual([
        'IAM user alice can sign in without MFA',
        'Privileged actions of IAM user carol do not require MFA',
        'Privileged IAM user carol can sign in without MFA'
      ])
      expectReadable(run.summary, ['alice', 'carol'])
    }
  )

  it.each(PERMISSIONS.filter(p => p.consequence === 'shows the account by its id'))(
    'without $action the run is whole and published, the account labelled by its id',
    async ({ action, reads }) => {
      const run = await scan(without(action), reads)
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        `AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action}), so the account is shown by its id; allow "${action}" in the role's policy to show its alias.`
      )
      expect(namedInAnnotations(run)).toEqual([])
      expect(scanning.uploads).toHaveLength(1)
      expect(store.issues.map(i => i.title)).toContain(
        `IAM user alice in account ${TEST_ACCOUNT} can sign in without MFA`
      )
    }
  )

  it.each(PERMISSIONS.filter(p => p.consequence === "leaves root's MFA kind unknown"))(
    "without $action and with require-phishing-resistant, root's MFA kind is unknown: root keeps its verdict, nothing is published",
    async ({ action, reads, inputs }) => {
      rootStandIn.rootDevice('virtual')
      const run = await scan(without(action), reads, inputs, withRoot.url)
      expect(run.code).toBe(0)
      const part = `Part of the account could not be read: root's virtual MFA devices could not be listed (AWS denied ${action} (AccessDenied: User: ${SESSION} is not authorized to perform: ${action})`
      expect(seen(run.summary)).toContain(part)
      expect(seen(run.summary)).toContain(
        "so whether root's MFA is a hardware device is unknown. So that nothing is closed wrongly, no SARIF was uploaded and no tracking issue was changed in this run."
      )
      expect(run.stdout).toContain(`::warning::${part}`)
      expect(namedInAnnotations(run)).toEqual([action])
      expect(users(run).map(u => u.user)).not.toContain('<root_account>')
      expect(api.requests).toEqual([])
      expectReadable(run.summary, ['alice', 'carol'])
    }
  )

  it('without iam:ListMFADevices and with require-phishing-resistant, MFA strength is unknown: nothing is published', async () => {
    const run = await scan(without('iam:ListMFADevices'), 'account-details', {
      'require-phishing-resistant': 'true'
    })
    expect(run.code).toBe(0)
    const summary = seen(run.summary)
    expect(summary).toMatch(
      /Part of the account could not be read: the MFA devices of 1 passing user could not be listed \(AWS denied iam:ListMFADevices .*\), so their MFA strength is unknown\./
    )
    expect(facts(run, 'alice')).toContain('not re-verified: AWS denied iam:ListMFADevices')
    expect(api.requests).toEqual([])
  })
})
