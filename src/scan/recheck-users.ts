// Live checks of users whose tracking issue would close, for the issue step: the same checks as
// re-verification (MFA devices, login profile; `NoSuchEntity` for a user deleted since).
import type { IAMClient } from '@aws-sdk/client-iam'
import { reverifyUsers } from '../aws/live-verify.js'
import type { LiveCheck } from '../core/types.js'
import { liveKey } from '../issues/close-evidence.js'

export function recheckUsers(
  iam: IAMClient,
  account: string | undefined,
  generatedAt: Date | undefined,
  now: () => Date
) {
  return async (
    users: ReadonlyArray<{ account: string; user: string }>
  ): Promise<ReadonlyMap<string, LiveCheck>> => {
    // Only the account these credentials belong to can be checked with them.
    const mine = users.filter(u => u.account === account).map(u => u.user)
    const checks = await reverifyUsers(iam, mine, generatedAt, now)
    return new Map([...checks].map(([user, check]) => [liveKey(account ?? '', user), check]))
  }
}
