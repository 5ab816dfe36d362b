// Live account facts: the caller's account id (STS) and root's credentials (GetAccountSummary).
import { GetAccountSummaryCommand, type IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import type { RootFacts } from '../core/types.js'
import { awsCall } from './aws-error.js'

export async function callerAccount(sts: STSClient): Promise<string | undefined> {
  const out = await awsCall('sts:GetCallerIdentity', () =>
    sts.send(new GetCallerIdentityCommand({}))
  )
  return out.Account
}

export async function rootFacts(iam: IAMClient): Promise<RootFacts> {
  const out = await awsCall('iam:GetAccountSummary', () =>
    iam.send(new GetAccountSummaryCommand({}))
  )
  const map = out.SummaryMap ?? {}
  const flag = (key: string): boolean | undefined => {
    const value = (map as Record<string, number | undefined>)[key]
    return value === undefined ? undefined : value > 0
  }
  return {
    passwordPresent: flag('AccountPasswordPresent'),
    mfaEnabled: flag('AccountMFAEnabled') ?? false,
    accessKeysPresent: flag('AccountAccessKeysPresent') ?? true
  }
}
