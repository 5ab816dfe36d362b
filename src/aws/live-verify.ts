// Live re-verification of users the report marks failing: ListMFADevices, then GetLoginProfile.
import {
  GetLoginProfileCommand,
  paginateListMFADevices,
  type IAMClient,
  type MFADevice
} from '@aws-sdk/client-iam'
import { classifyDevice, MFA_KIND_NAMES } from '../core/mfa-devices.js'
import type { LiveCheck, MfaKind } from '../core/types.js'
import { md, prose } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { mapWithConcurrency } from '../util/pool.js'
import { describeAwsError, errorCode } from './aws-error.js'

export const CONCURRENCY = 8

export async function listMfaDevices(iam: IAMClient, user: string): Promise<MFADevice[]> {
  const devices: MFADevice[] = []
  for await (const page of paginateListMFADevices({ client: iam }, { UserName: user })) {
    devices.push(...(page.MFADevices ?? []))
  }
  return devices
}

const isNoSuchEntity = (error: unknown): boolean =>
  ['NoSuchEntityException', 'NoSuchEntity'].includes(errorCode(error))

async function checkUser(
  iam: IAMClient,
  user: string,
  generatedAt: Date | undefined,
  now: () => Date
): Promise<LiveCheck & { kinds?: MfaKind[] }> {
  let action = 'iam:ListMFADevices'
  try {
    const devices = await listMfaDevices(iam, user)
    const checkedAt = now().toISOString()
    if (devices.length > 0) {
      const kinds = devices.map(d => classifyDevice(d.SerialNumber ?? ''))
      const latest = [...devices].sort(
        (a, b) => (b.EnableDate?.getTime() ?? 0) - (a.EnableDate?.getTime() ?? 0)
      )[0]
      const newest = latest?.EnableDate
      const kind = classifyDevice(latest?.SerialNumber ?? '')
      const when = newest ? md` enrolled ${formatTime(newest)}` : md``
      const after =
        newest && generatedAt && newest > generatedAt
          ? md`, after the report was generated at ${formatTime(generatedAt)}`
          : md``
      return {
        status: 'fixed',
        detail: md`MFA device (${MFA_KIND_NAMES[kind]})${when}${after}; verified live at ${formatTime(checkedAt)}`,
        checkedAt,
        kinds
      }
    }
    action = 'iam:GetLoginProfile'
    try {
      await iam.send(new GetLoginProfileCommand({ UserName: user }))
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error
      return {
        status: 'fixed',
        detail: md`Console password removed (\`GetLoginProfile\`: \`NoSuchEntity\`); verified live at ${formatTime(checkedAt)}`,
        checkedAt
      }
    }
    return {
      status: 'confirmed',
      detail: md`Still a console password and no MFA device, verified live at ${formatTime(checkedAt)}`,
      checkedAt
    }
  } catch (error) {
    if (action === 'iam:ListMFADevices' && isNoSuchEntity(error)) {
      const checkedAt = now().toISOString()
      return {
        status: 'fixed',
        detail: md`The IAM user no longer exists (deleted after the report); verified live at ${formatTime(checkedAt)}`,
        checkedAt
      }
    }
    return {
      status: 'not-reverified',
      detail: md`not re-verified: ${prose(describeAwsError(action, error).message)}`,
      checkedAt: now().toISOString()
    }
  }
}

/** Checks each user live, at most CONCURRENCY at a time; a failed check marks only that user. */
export async function reverifyUsers(
  iam: IAMClient,
  users: readonly string[],
  generatedAt: Date | undefined,
  now: () => Date
): Promise<Map<string, LiveCheck & { kinds?: MfaKind[] }>> {
  const checks = await mapWithConcurrency(users, CONCURRENCY, user =>
    checkUser(iam, user, generatedAt, now)
  )
  return new Map(users.map((u, i) => [u, checks[i] as LiveCheck]))
}

/** Device kinds for each user (for MFA strength); a user whose devices cannot be listed is left out. */
export async function deviceKinds(
  iam: IAMClient,
  users: readonly string[]
): Promise<{ kinds: Map<string, MfaKind[]>; failed: number; reason: string | undefined }> {
  let failed = 0
  let reason: string | undefined
  const lists = await mapWithConcurrency(users, CONCURRENCY, async user => {
    try {
      return (await listMfaDevices(iam, user)).map(d => classifyDevice(d.SerialNumber ?? ''))
    } catch (error) {
      failed++
      reason ??= describeAwsError('iam:ListMFADevices', error).message
      return undefined
    }
  })
  const kinds = new Map<string, MfaKind[]>()
  users.forEach((u, i) => {
    const k = lists[i]
    if (k) kinds.set(u, k)
  })
  return { kinds, failed, reason }
}
