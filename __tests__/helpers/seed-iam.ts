// Test fixture: creates IAM users in the emulator through the real SDK, the way an account has them.
import {
  CreateAccessKeyCommand,
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
}

export async function seedUsers(iam: IAMClient, users: readonly SeedUser[]): Promise<void> {
  for (const [i, u] of users.entries()) {
    await iam.send(new CreateUserCommand({ UserName: u.name }))
    if (u.console) {
      await iam.send(
        new CreateLoginProfileCommand({ UserName: u.name, Password: 'Corr3ct-Horse-Battery!' })
      )
    }
    if (u.mfa) {
      const device = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `mfa-${i}` })
      )
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: u.name,
          SerialNumber: device.VirtualMFADevice?.SerialNumber,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '654321'
        })
      )
    }
    if (u.accessKey) await iam.send(new CreateAccessKeyCommand({ UserName: u.name }))
  }
}
