// Test fixture: creates IAM users in the emulator through the real SDK, the way an account has them.
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  PutUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient
} from '@aws-sdk/client-iam'

export const TEST_ACCOUNT = '123456789012'
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAEMULATORTESTKEY1',
  secretAccessKey: 'emulator-secret'
}

export function adminIam(endpoint: string): IAMClient {
  return new IAMClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS })
}

export interface SeedUser {
  readonly name: string
  readonly console?: boolean
  readonly mfa?: boolean
  readonly accessKey?: boolean
  readonly tags?: Record<string, string>
  /** Groups to join; create them first with seedGroup. */
  readonly groups?: readonly string[]
  /** Inline policies: name -> policy document. */
  readonly inline?: Record<string, object>
}

export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
}

export async function seedGroup(
  iam: IAMClient,
  name: string,
  managedPolicyArns: readonly string[]
): Promise<void> {
  await iam.send(new CreateGroupCommand({ GroupName: name }))
  for (const arn of managedPolicyArns)
    await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: arn }))
}

let mfaCounter = 0
export async function enrollVirtualMfa(iam: IAMClient, user: string): Promise<void> {
  const device = await iam.send(
    new CreateVirtualMFADeviceCommand({
      VirtualMFADeviceName: `mfa-${user.replace(/[^\w]/g, '')}-${mfaCounter++}`
    })
  )
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: user,
      SerialNumber: device.VirtualMFADevice?.SerialNumber,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321'
    })
  )
}

export async function seedUsers(iam: IAMClient, users: readonly SeedUser[]): Promise<void> {
  for (const u of users) {
    const tags = Object.entries(u.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))
    await iam.send(
      new CreateUserCommand({ UserName: u.name, ...(tags.length > 0 ? { Tags: tags } : {}) })
    )
    if (u.console) {
      await iam.send(
        new CreateLoginProfileCommand({ UserName: u.name, Password: 'Corr3ct-Horse-Battery!' })
      )
    }
    if (u.mfa) await enrollVirtualMfa(iam, u.name)
    if (u.accessKey) await iam.send(new CreateAccessKeyCommand({ UserName: u.name }))
    for (const g of u.groups ?? [])
      await iam.send(new AddUserToGroupCommand({ GroupName: g, UserName: u.name }))
    for (const [name, doc] of Object.entries(u.inline ?? {})) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: u.name,
          PolicyName: name,
          PolicyDocument: JSON.stringify(doc)
        })
      )
    }
  }
}
