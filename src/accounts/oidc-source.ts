// Credentials from the workflow's OIDC token for one role, assumed now (so a refusal is reported at
// once) and again whenever they near expiry.
import { assumeRoleWithOidc } from '../aws/oidc-credentials.js'
import type { Inputs } from '../config/inputs.js'
import type { Deps } from '../runtime/deps.js'
import { renewing, type CredentialSource } from './account-credentials.js'

export async function oidcSource(
  roleArn: string,
  inputs: Inputs,
  deps: Pick<Deps, 'io' | 'env' | 'sts' | 'now'>
): Promise<CredentialSource> {
  const { io } = deps
  let first = true
  const source = renewing(
    async () => {
      const assumed = await assumeRoleWithOidc(
        deps.sts(inputs.awsRegion),
        { roleArn, sessionName: inputs.roleSessionName, audience: inputs.audience },
        { getIdToken: a => io.getIdToken(a), setSecret: s => io.setSecret(s), env: deps.env }
      )
      io.info(
        `${first ? 'Assumed' : 'Renewed'} ${assumed.assumedRoleArn} with the workflow's OIDC token (audience ${inputs.audience}).`
      )
      first = false
      return assumed.credentials
    },
    () => deps.now().getTime()
  )
  await source()
  return source
}
