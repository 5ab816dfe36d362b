// The controls of security standards each rule maps to (pure data): CIS AWS Foundations, AWS
// Security Hub CSPM, NIST SP 800-53, PCI DSS, ISO/IEC 27001 and SOC 2, with each control's own title.
import type { RuleId } from '../core/types.js'

export interface Framework {
  /** How people name it, version included. */
  readonly name: string
  /** The short form in SARIF tags: no spaces. */
  readonly tag: string
}

/** The current CIS AWS Foundations Benchmark (v7.0.0): its IAM section is 2. */
export const CIS_VERSION = '7.0.0'

export const FRAMEWORKS = {
  cis: { name: `CIS AWS Foundations Benchmark v${CIS_VERSION}`, tag: `CIS-AWS-${CIS_VERSION}` },
  securityHub: { name: 'AWS Security Hub CSPM', tag: 'AWS-Security-Hub' },
  nist: { name: 'NIST SP 800-53 Rev. 5', tag: 'NIST-800-53-r5' },
  pci: { name: 'PCI DSS v4.0', tag: 'PCI-DSS-4.0' },
  iso: { name: 'ISO/IEC 27001:2022', tag: 'ISO-27001-2022' },
  soc2: { name: 'SOC 2 (2017 Trust Services Criteria)', tag: 'SOC2' }
} as const satisfies Record<string, Framework>

export type FrameworkKey = keyof typeof FRAMEWORKS

/** One control of one standard. */
export interface Mapping {
  readonly framework: (typeof FRAMEWORKS)[FrameworkKey]['name']
  readonly id: string
  readonly title: string
}

const control = (key: FrameworkKey, id: string, title: string): Mapping => ({
  framework: FRAMEWORKS[key].name,
  id,
  title
})

const CIS_CONSOLE = control(
  'cis',
  '2.10',
  'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password'
)
const CIS_ROOT = control('cis', '2.5', "Ensure MFA is enabled for the 'root' user account")
const CIS_ROOT_HARDWARE = control(
  'cis',
  '2.6',
  "Ensure hardware MFA is enabled for the 'root' user account"
)
const HUB_CONSOLE = control(
  'securityHub',
  'IAM.5',
  'MFA should be enabled for all IAM users that have a console password'
)
const HUB_ALL_USERS = control('securityHub', 'IAM.19', 'MFA should be enabled for all IAM users')
const HUB_ROOT = control('securityHub', 'IAM.9', 'MFA should be enabled for the root user')
const HUB_ROOT_HARDWARE = control(
  'securityHub',
  'IAM.6',
  'Hardware MFA should be enabled for the root user'
)
const NIST_PRIVILEGED = control(
  'nist',
  'IA-2(1)',
  'Multi-factor Authentication to Privileged Accounts'
)
const NIST_NON_PRIVILEGED = control(
  'nist',
  'IA-2(2)',
  'Multi-factor Authentication to Non-privileged Accounts'
)
const PCI_ADMIN = control(
  'pci',
  '8.4.1',
  'MFA is implemented for all non-console access into the CDE for personnel with administrative access'
)
const PCI_ALL = control('pci', '8.4.2', 'MFA is implemented for all access into the CDE')
const ISO_AUTH = control('iso', 'A.8.5', 'Secure authentication')
const SOC2_ACCESS = control(
  'soc2',
  'CC6.1',
  "The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events to meet the entity's objectives"
)

/**
 * Each rule's controls. A control is listed only where it asks for what the rule checks: the
 * phishing-resistant and hardware rules are about the strength of MFA that exists, which the
 * MFA-presence controls (NIST IA-2, PCI DSS 8.4) are already met by.
 */
export const RULE_MAPPINGS: Readonly<Record<RuleId, readonly Mapping[]>> = {
  'iam.users_without_mfa': [
    CIS_CONSOLE,
    HUB_CONSOLE,
    HUB_ALL_USERS,
    NIST_PRIVILEGED,
    NIST_NON_PRIVILEGED,
    PCI_ALL,
    ISO_AUTH,
    SOC2_ACCESS
  ],
  'iam.privileged_users_without_mfa': [
    CIS_CONSOLE,
    HUB_CONSOLE,
    HUB_ALL_USERS,
    NIST_PRIVILEGED,
    PCI_ADMIN,
    PCI_ALL,
    ISO_AUTH,
    SOC2_ACCESS
  ],
  'iam.root_without_mfa': [
    CIS_ROOT,
    HUB_ROOT,
    NIST_PRIVILEGED,
    PCI_ADMIN,
    PCI_ALL,
    ISO_AUTH,
    SOC2_ACCESS
  ],
  'iam.root_without_hardware_mfa': [CIS_ROOT_HARDWARE, HUB_ROOT_HARDWARE, ISO_AUTH, SOC2_ACCESS],
  'iam.users_without_phishing_resistant_mfa': [ISO_AUTH, SOC2_ACCESS],
  'iam.privileged_actions_without_mfa_condition': [NIST_PRIVILEGED, PCI_ALL, ISO_AUTH, SOC2_ACCESS],
  'iam.console_user_without_mfa_guardrail': [NIST_PRIVILEGED, PCI_ALL, ISO_AUTH, SOC2_ACCESS]
}

export const RULE_IDS = Object.keys(RULE_MAPPINGS) as RuleId[]

export function mappingsOf(rule: RuleId): readonly Mapping[] {
  return RULE_MAPPINGS[rule]
}

const TAG_OF: ReadonlyMap<string, string> = new Map(
  Object.values(FRAMEWORKS).map(f => [f.name, f.tag])
)

/** SARIF tags, e.g. `CIS-AWS-7.0.0/2.10`, `AWS-Security-Hub/IAM.5`, `NIST-800-53-r5/IA-2(1)`. */
export function mappingTags(rule: RuleId): string[] {
  return mappingsOf(rule).map(m => `${TAG_OF.get(m.framework) ?? m.framework}/${m.id}`)
}

/** The controls of a rule grouped by standard, e.g. `AWS Security Hub CSPM IAM.5, IAM.19`. */
export function standardsOf(rule: RuleId): string[] {
  const byFramework = new Map<string, string[]>()
  for (const m of mappingsOf(rule)) {
    const ids = byFramework.get(m.framework)
    if (ids) ids.push(m.id)
    else byFramework.set(m.framework, [m.id])
  }
  return [...byFramework].map(([framework, ids]) => `${framework} ${ids.join(', ')}`)
}

/** Every rule with its controls, as the report file lists them. */
export function ruleMappings(): Array<{
  readonly rule: RuleId
  readonly standards: readonly Mapping[]
}> {
  return RULE_IDS.map(rule => ({ rule, standards: mappingsOf(rule) }))
}
