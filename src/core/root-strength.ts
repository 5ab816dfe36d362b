// Whether root's MFA is a virtual device (pure), decided as Security Hub IAM.6 decides it: root has MFA,
// and a virtual MFA device is assigned to root.
import { code, md, prose } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { compareFindings } from './evaluate.js'
import type { Evaluation, Finding, RootFacts } from './types.js'

/** One assigned virtual MFA device, as ListVirtualMFADevices lists it. */
export interface VirtualMfaDevice {
  readonly serial: string
  /** The ARN of the identity it is assigned to: `arn:<partition>:iam::<account>:root` for root. */
  readonly userArn: string | undefined
  readonly enabledAt: Date | undefined
}

/** The account's assigned virtual MFA devices, or why they could not be listed. */
export type RootListing =
  { readonly devices: readonly VirtualMfaDevice[] } | { readonly failed: string }

const ROOT_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):root$/

/**
 * The virtual devices assigned to the root user of `rootArn`: those whose user is root, or, when AWS
 * names no user, the serial the console gives root's device (`…:mfa/root-account-mfa-device`).
 */
export function rootVirtualDevices(
  devices: readonly VirtualMfaDevice[],
  rootArn: string
): VirtualMfaDevice[] {
  const m = ROOT_ARN.exec(rootArn)
  if (!m) return []
  const consoleSerial = `arn:${m[1] ?? 'aws'}:iam::${m[2] ?? ''}:mfa/root-account-mfa-device`
  return devices.filter(d =>
    d.userArn === undefined ? d.serial === consoleSerial : d.userArn === rootArn
  )
}

/** Root's passing finding when GetAccountSummary shows root MFA: only then is its kind worth listing. */
export function rootWithMfa(
  evaluation: Evaluation,
  facts: RootFacts | undefined
): Finding | undefined {
  if (!facts?.mfaEnabled) return undefined
  return evaluation.findings.find(f => f.isRoot && f.verdict === 'pass')
}

function judgeRoot(f: Finding, devices: readonly VirtualMfaDevice[]): Finding {
  const virtual = rootVirtualDevices(devices, f.arn)
  const first = virtual[0]
  if (!first)
    return {
      ...f,
      reason: md`${f.reason} No virtual MFA device is assigned to root (ListVirtualMFADevices, live), so its MFA is a hardware device or security key.`
    }
  const when = first.enabledAt ? md`, assigned ${formatTime(first.enabledAt)}` : md``
  return {
    ...f,
    verdict: 'fail',
    severity: 'high',
    rule: 'iam.root_without_hardware_mfa',
    remediation: 'replace-root-virtual-mfa',
    reason: md`The root user's MFA is a virtual authenticator app (${code(first.serial)}${when}; ListVirtualMFADevices, live), whose codes a phishing site can relay, and root signs in with any of its MFA devices: CIS AWS Foundations and Security Hub IAM.6 want hardware MFA for root.`
  }
}

/**
 * Root's finding once its virtual MFA devices are known: a virtual device assigned to a root with
 * MFA fails `iam.root_without_hardware_mfa` (high); none keeps the pass. A listing that failed
 * leaves the verdict as it was and marks the account read in part, so nothing is closed on it.
 */
export function judgeRootStrength(
  evaluation: Evaluation,
  facts: RootFacts | undefined,
  listing: RootListing
): Evaluation {
  const root = rootWithMfa(evaluation, facts)
  if (!root) return evaluation
  if ('failed' in listing)
    return {
      ...evaluation,
      partial: [
        ...(evaluation.partial ?? []),
        md`root's virtual MFA devices could not be listed (${prose(listing.failed.replace(/\.$/, ''))}), so whether root's MFA is a hardware device is unknown`
      ]
    }
  const findings = evaluation.findings.map(f => (f === root ? judgeRoot(f, listing.devices) : f))
  return { ...evaluation, findings: [...findings].sort(compareFindings) }
}

/** Offline: a saved report cannot show root's MFA kind, so a root with MFA gets a note, no finding. */
export function rootStrengthOffline(evaluation: Evaluation): Evaluation {
  if (!evaluation.findings.some(f => f.isRoot && f.verdict === 'pass')) return evaluation
  return {
    ...evaluation,
    notes: [
      ...(evaluation.notes ?? []),
      md`\`require-phishing-resistant\`: whether root's MFA is a virtual device or hardware (Security Hub IAM.6) cannot be known from a saved credential report; it takes \`ListVirtualMFADevices\` with live AWS credentials, so root was not checked for hardware MFA.`
    ]
  }
}
