// The guidance for owners: how to fix the kinds of finding this run has, and how to verify the fix.
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { join, link, lines, md, type Md } from '../text/markdown.js'
import {
  removeConsoleCommand,
  ROOT_CHECK,
  ROOT_VIRTUAL_CHECK,
  userCheck
} from './checks-by-hand.js'

const FIXES: ReadonlyArray<readonly [(f: Finding) => boolean, Md]> = [
  [
    f => f.rule === 'iam.privileged_users_without_mfa',
    md`- **Privileged users first** (\`iam.privileged_users_without_mfa\`, critical): these users hold administrator or IAM-wide rights (see *Why privileged*); fix them before anyone else.`
  ],
  [
    f => f.remediation === 'enroll-mfa' || f.verdict === 'pending',
    md`- **Enroll MFA** (the user signs in to the console): the user opens the AWS console, chooses their name → *Security credentials* → *Assign MFA device*, and registers a FIDO security key or passkey (preferred: phishing-resistant) or an authenticator app. An administrator can require it with a policy that denies everything without \`aws:MultiFactorAuthPresent\`.`
  ],
  [
    f => f.remediation === 'remove-console-password',
    md`- **Remove console access** (the password is unused: marked *inactive*): an administrator deletes the login profile with ${removeConsoleCommand()}, or in the console under *Security credentials* → *Console sign-in* → *Disable*. Access keys, if any, keep working.`
  ],
  [
    f => f.remediation === 'secure-root',
    md`- **Secure the root user**: sign in as root and assign a FIDO security key (or an authenticator app) under *Security credentials*; better still, if the account is in AWS Organizations, remove root credentials centrally (*IAM → Root access management*) so root has no password at all.`
  ],
  [
    f => f.remediation === 'add-security-key',
    md`- **Add a security key** (\`iam.users_without_phishing_resistant_mfa\`): the user has only an authenticator app or TOTP token, whose codes a phishing page can relay. Register a FIDO security key or passkey as well, then remove the weaker device.`
  ],
  [
    f => f.remediation === 'replace-root-virtual-mfa',
    md`- **Hardware MFA for root** (\`iam.root_without_hardware_mfa\`): root's MFA is an authenticator app. Sign in as root, assign a FIDO security key or a hardware TOTP token under *Security credentials* → *Assign MFA device*, then remove the virtual device; or remove root credentials centrally through AWS Organizations (*IAM → Root access management*).`
  ]
]

function verification(
  findings: readonly Finding[],
  runUrl: string | undefined,
  live: ScanResult['liveChecks']
): Md {
  const rerun = runUrl ? link('re-run this workflow', runUrl) : md`re-run this workflow`
  const timing =
    live === 'on'
      ? md`The run re-checks every failing user live (MFA devices, console password), so a fix counts in the very next run, even while AWS still serves a credential report from before it.`
      : live === 'off'
        ? md`AWS regenerates the credential report at most once every 4 hours, so a fix shows up in the first run on a report generated after it (or turn \`verify-live\` on to check failing users live).`
        : md`This run read a saved report, which shows a fix only once a report generated after the change is saved and scanned (or run with live AWS credentials, which re-check failing users live).`
  const byHand: Md[] = []
  if (findings.some(f => !f.isRoot)) byHand.push(userCheck())
  if (findings.some(f => f.isRoot && f.rule !== 'iam.root_without_hardware_mfa'))
    byHand.push(md`For root, ${ROOT_CHECK}`)
  if (findings.some(f => f.rule === 'iam.root_without_hardware_mfa'))
    byHand.push(md`For root's hardware MFA, ${ROOT_VIRTUAL_CHECK}`)
  return lines(
    md`**How to verify**`,
    md``,
    md`1. After the change, ${rerun} (or wait for its next scheduled run).`,
    md`2. ${timing}`,
    md`3. The identity then moves from *fail* to *pass* in this summary, with the evidence, and leaves the \`non-compliant-users\` output.`,
    md`4. To check by hand: ${join(byHand, ' ')}`
  )
}

/** Only the fixes that apply to these findings, then how to verify them. */
export function fixesMarkdown(
  findings: readonly Finding[],
  runUrl: string | undefined,
  live: ScanResult['liveChecks']
): Md {
  const relevant = FIXES.filter(([applies]) => findings.some(applies)).map(([, text]) => text)
  return lines(
    md`**How to fix**: each failing identity's owner makes one of these changes.`,
    md``,
    ...relevant,
    // Exemptions apply to IAM users without MFA; never to root or to MFA strength.
    findings.some(f => !f.isRoot && f.remediation !== 'add-security-key') &&
      md`- **Cannot fix yet?** Add the user to the \`exempt-users\` input with an expiry and a reason, e.g. \`breakglass-admin until=2027-01-31 # sealed credentials\`. The exemption is shown in every run and stops applying the day after its expiry.`,
    md``,
    verification(findings, runUrl, live)
  )
}
