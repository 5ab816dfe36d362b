// Reading the default version of managed policies by ARN (AWS managed ones included), each once,
// with bounded concurrency; a policy that cannot be read is left out and named.
import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient } from '@aws-sdk/client-iam'
import { mapWithConcurrency } from '../util/pool.js'
import { awsCall } from './aws-error.js'
import { CONCURRENCY } from './live-verify.js'

export interface ManagedDocuments {
  readonly documents: Map<string, unknown>
  /** Policies that could not be read, with AWS's reason. */
  readonly unread: ReadonlyArray<{ readonly arn: string; readonly why: string }>
}

export async function readManagedDocuments(
  iam: IAMClient,
  arns: Iterable<string>
): Promise<ManagedDocuments> {
  const documents = new Map<string, unknown>()
  const unread: Array<{ arn: string; why: string }> = []
  await mapWithConcurrency([...new Set(arns)], CONCURRENCY, async arn => {
    try {
      const policy = await awsCall('iam:GetPolicy', () =>
        iam.send(new GetPolicyCommand({ PolicyArn: arn }))
      )
      const version = await awsCall('iam:GetPolicyVersion', () =>
        iam.send(
          new GetPolicyVersionCommand({
            PolicyArn: arn,
            VersionId: policy.Policy?.DefaultVersionId
          })
        )
      )
      documents.set(arn, version.PolicyVersion?.Document)
    } catch (error) {
      unread.push({ arn, why: error instanceof Error ? error.message : String(error) })
    }
  })
  return { documents, unread }
}
