// An account's alias (iam:ListAccountAliases), a label for people: reading it never fails a scan.
import { ListAccountAliasesCommand, type IAMClient } from '@aws-sdk/client-iam'
import { describeAwsError, errorCode } from '../aws/aws-error.js'

const ACTION = 'iam:ListAccountAliases'
const DENIED = new Set(['AccessDenied', 'AccessDeniedException'])

/**
 * The account's alias (an account has at most one), or undefined when it has none. When it cannot
 * be read, `problem` says why and the account is shown by its id.
 */
export async function accountAlias(
  iam: IAMClient
): Promise<{ readonly alias: string | undefined; readonly problem?: string }> {
  try {
    const out = await iam.send(new ListAccountAliasesCommand({}))
    const alias = out.AccountAliases?.find(a => a !== '')
    return { alias }
  } catch (error) {
    const code = errorCode(error)
    const message = error instanceof Error ? error.message.replace(/\.$/, '') : String(error)
    const problem = DENIED.has(code)
      ? `AWS denied ${ACTION} (${code}: ${message}), so the account is shown by its id; allow ` +
        `"${ACTION}" in the role's policy to show its alias.`
      : `${describeAwsError(ACTION, error).message} The account is shown by its id.`
    return { alias: undefined, problem }
  }
}
