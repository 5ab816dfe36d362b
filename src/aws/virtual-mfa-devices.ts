// The account's assigned virtual MFA devices (ListVirtualMFADevices), to tell whether root's MFA is virtual.
import { paginateListVirtualMFADevices, type IAMClient } from '@aws-sdk/client-iam'
import type { VirtualMfaDevice } from '../core/root-strength.js'
import { awsCall } from './aws-error.js'

/** Every virtual MFA device assigned to an identity, up to 1,000 a call (AWS's maximum). */
export async function assignedVirtualMfaDevices(iam: IAMClient): Promise<VirtualMfaDevice[]> {
  return awsCall('iam:ListVirtualMFADevices', async () => {
    const devices: VirtualMfaDevice[] = []
    const pages = paginateListVirtualMFADevices(
      { client: iam, pageSize: 1000 },
      { AssignmentStatus: 'Assigned' }
    )
    for await (const page of pages)
      for (const d of page.VirtualMFADevices ?? [])
        devices.push({
          serial: d.SerialNumber ?? '',
          userArn: d.User?.Arn,
          enabledAt: d.EnableDate
        })
    return devices
  })
}
