// Root's MFA kind with live credentials (`require-phishing-resistant`): one listing of the account's
// assigned virtual MFA devices, made only when root has MFA, then judged.
import type { IAMClient } from '@aws-sdk/client-iam'
import { assignedVirtualMfaDevices } from '../aws/virtual-mfa-devices.js'
import { judgeRootStrength, rootWithMfa, type RootListing } from '../core/root-strength.js'
import type { Evaluation, RootFacts } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { count } from '../text/words.js'

export async function judgeRootLive(
  evaluation: Evaluation,
  iam: IAMClient,
  facts: RootFacts | undefined,
  deps: Pick<Deps, 'io'>
): Promise<Evaluation> {
  if (!rootWithMfa(evaluation, facts)) return evaluation
  const { io } = deps
  const listing = await io.group("Root's MFA kind", async (): Promise<RootListing> => {
    try {
      const devices = await assignedVirtualMfaDevices(iam)
      io.info(
        `Listed ${count(devices.length, 'assigned virtual MFA device')} (ListVirtualMFADevices) to tell root's MFA kind.`
      )
      return { devices }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      io.info(`Root's MFA kind is unknown: ${message}`)
      return { failed: message }
    }
  })
  return judgeRootStrength(evaluation, facts, listing)
}
