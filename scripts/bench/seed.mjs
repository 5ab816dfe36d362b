// Seeding the emulator through the real AWS SDK: an account's IAM users (10% failing: a console
// password and no MFA; 2% privileged: AdministratorAccess attached directly or through a group; the
// rest with a virtual MFA device enabled), and an organisation whose member accounts are reached by
// assuming a role, as in AWS. Calls run in parallel, bounded.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand
} from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mapLimit } from './pool.mjs'
import { ROOT } from './run-action.mjs'

/** The management account's keys: the default credential chain of the runs. */
export const BASE_CREDENTIALS = {
  accessKeyId: 'AKIAPOSTURIOBENCH001',
  secretAccessKey: 'bench-secret-access-key'
}
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess'
/** The role AWS Organizations creates in every account it creates. */
const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole'
const ADMIN_GROUP = 'administrators'

const FIRST = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']
const LAST = ['smith', 'jones', 'garcia', 'chen', 'novak', 'okafor', 'silva', 'kowalski']

const clientConfig = (endpoint, credentials) => ({
  endpoint,
  region: 'us-east-1',
  credentials,
  maxAttempts: 6
})

/**
 * User `i` of the plan: every 10th fails (console password, no MFA); users 0 and 55 of every hundred
 * are privileged (one failing, one passing), alternately directly and through a group.
 */
export function userPlan(i) {
  const name = `${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length) % LAST.length]}-${String(i).padStart(5, '0')}`
  const hundred = Math.floor(i / 100) % 2
  const privileged =
    i % 100 === 0
      ? hundred
        ? 'group'
        : 'direct'
      : i % 100 === 55
        ? hundred
          ? 'direct'
          : 'group'
        : undefined
  return { name, failing: i % 10 === 0, privileged }
}

/** How many of users `offset`..`offset + count - 1` fail and how many are privileged. */
export function planCounts(count, offset = 0) {
  let failing = 0
  let privileged = 0
  for (let i = offset; i < offset + count; i++) {
    const plan = userPlan(i)
    if (plan.failing) failing++
    if (plan.privileged) privileged++
  }
  return { users: count, failing, privileged }
}

async function seedUser(iam, plan, adminPolicyArn) {
  await iam.send(new CreateUserCommand({ UserName: plan.name }))
  await iam.send(
    new CreateLoginProfileCommand({ UserName: plan.name, Password: 'Corr3ct-Horse-Battery!' })
  )
  if (plan.privileged === 'direct')
    await iam.send(new AttachUserPolicyCommand({ UserName: plan.name, PolicyArn: adminPolicyArn }))
  if (plan.privileged === 'group')
    await iam.send(new AddUserToGroupCommand({ GroupName: ADMIN_GROUP, UserName: plan.name }))
  if (plan.failing) return
  const device = await iam.send(
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: plan.name })
  )
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: plan.name,
      SerialNumber: device.VirtualMFADevice.SerialNumber,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321'
    })
  )
}

/**
 * Creates users `offset`..`offset + count - 1` of the plan in the account `iam` signs in to. Privileged
 * users get `adminPolicyArn` (AWS's AdministratorAccess, which the emulator knows only when started
 * with MOTO_IAM_LOAD_MANAGED_POLICIES, or the account's own administrator policy).
 */
export async function seedUsers(
  iam,
  count,
  { offset = 0, concurrency = 16, adminPolicyArn = ADMINISTRATOR_ACCESS } = {}
) {
  const plans = Array.from({ length: count }, (_, k) => userPlan(offset + k))
  if (plans.some(p => p.privileged === 'group')) {
    await iam.send(new CreateGroupCommand({ GroupName: ADMIN_GROUP }))
    await iam.send(
      new AttachGroupPolicyCommand({ GroupName: ADMIN_GROUP, PolicyArn: adminPolicyArn })
    )
  }
  await mapLimit(plans, concurrency, plan => seedUser(iam, plan, adminPolicyArn))
  return planCounts(count, offset)
}

/** One account of `count` users, signed in with the management account's keys. */
export function seedAccount(endpoint, count, options) {
  return seedUsers(new IAMClient(clientConfig(endpoint, BASE_CREDENTIALS)), count, options)
}

async function assume(sts, accountId, roleName) {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
      RoleSessionName: 'posturio-bench-seed'
    })
  )
  const c = out.Credentials
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken
  }
}

/**
 * An organisation of `accounts` accounts (the management account and `accounts - 1` members made with
 * CreateAccount), each with an alias, the audit role `roleName` trusting the management account and
 * allowed the action's IAM policy, and `usersPerAccount` users of the plan (numbered across the
 * organisation, so failing and privileged users spread over the accounts).
 */
export async function seedOrganization(
  endpoint,
  { accounts, usersPerAccount, roleName, concurrency = 16, log = () => undefined }
) {
  const config = clientConfig(endpoint, BASE_CREDENTIALS)
  const sts = new STSClient(config)
  const org = new OrganizationsClient(config)
  const management = (await sts.send(new GetCallerIdentityCommand({}))).Account
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))
  const members = await mapLimit(
    Array.from({ length: accounts - 1 }, (_, k) => k + 1),
    concurrency,
    async k => {
      const out = await org.send(
        new CreateAccountCommand({
          AccountName: `workload-${k}`,
          Email: `aws+workload-${k}@acme.example`
        })
      )
      return out.CreateAccountStatus.AccountId
    }
  )
  log(`created an organisation of ${accounts} accounts; seeding their users`)
  const policy = readFileSync(join(ROOT, 'docs', 'iam', 'policy.json'), 'utf8')
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${management}:root` },
        Action: 'sts:AssumeRole'
      }
    ]
  })
  const ids = [management, ...members]
  // Accounts side by side, users within each a few at a time: about `concurrency` calls in flight.
  const perAccount = Math.max(1, Math.min(4, Math.floor(concurrency / 4)))
  const seeded = await mapLimit(ids, Math.ceil(concurrency / perAccount), async (id, k) => {
    const credentials =
      id === management ? BASE_CREDENTIALS : await assume(sts, id, ORGANIZATION_ACCESS_ROLE)
    const iam = new IAMClient(clientConfig(endpoint, credentials))
    const alias = k === 0 ? 'acme-management' : `acme-workload-${String(k).padStart(3, '0')}`
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: alias }))
    await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }))
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: 'posturio-iam-mfa',
        PolicyDocument: policy
      })
    )
    // The account's own administrator policy (allows * on *): the emulator then need not load
    // AWS's 1,300 managed policies into each of the accounts.
    const admin = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'acme-administrator',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
        })
      })
    )
    const counts = await seedUsers(iam, usersPerAccount, {
      offset: k * usersPerAccount,
      concurrency: perAccount,
      adminPolicyArn: admin.Policy.Arn
    })
    return { id, alias, ...counts }
  })
  return { management, accounts: seeded }
}
