// The code scanning alert of a root whose MFA is a virtual device: its rule, with help for the
// person who fixes it, and a result that points at root.
import { describe, expect, it } from '@jest/globals'
import { buildSarif } from '../../src/sarif/build-sarif.js'
import { VERSION } from '../../src/version.js'
import { expectReadable, seen } from '../helpers/readable.js'
import { ACCOUNT, ROOT_APP, rootMfaScan } from '../helpers/root-mfa-scan.js'
import { schemaErrors } from '../helpers/sarif-validate.js'

interface Rule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  help: { text: string; markdown: string }
  defaultConfiguration: { level: string }
  properties: { tags: string[]; 'security-severity': string }
}
interface Log {
  runs: Array<{
    tool: { driver: { rules: Rule[] } }
    results: Array<{
      ruleId: string
      ruleIndex: number
      level: string
      message: { text: string }
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>
      properties: { severity: string; user: string }
    }>
  }>
}

const sarif = (devices: Parameters<typeof rootMfaScan>[0]): Log =>
  buildSarif(rootMfaScan(devices), {
    category: 'posturio-iam-mfa',
    toolVersion: VERSION,
    codeLocations: new Map()
  }) as Log

const LOG = sarif([ROOT_APP])
const run = LOG.runs[0]
const rules = run?.tool.driver.rules ?? []
const rule = rules.find(r => r.id === 'iam.root_without_hardware_mfa')

describe('the rule iam.root_without_hardware_mfa', () => {
  it('is in every run, high (security-severity 8.0, level error)', () => {
    expect(rule).toMatchObject({
      name: 'RootUserWithVirtualMfa',
      shortDescription: { text: 'Root user has virtual MFA, not hardware MFA' },
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0' }
    })
    expect(sarif([]).runs[0]?.tool.driver.rules.map(r => r.id)).toContain(
      'iam.root_without_hardware_mfa'
    )
  })

  it('explains what it means, how to fix and verify it, and that root cannot be exempted', () => {
    const help = seen(rule?.help.markdown ?? '')
    expect(help).toContain('Security Hub IAM.6 require hardware MFA for root')
    expect(help).toContain(
      'How to fix. Sign in as root and assign a FIDO security key or a hardware TOTP token (Security credentials → Assign MFA device), then remove the virtual MFA device.'
    )
    expect(help).toContain(
      "How to verify. Re-run the workflow after the change. With live AWS credentials the run lists the account's virtual MFA devices, so the alert closes on that run. By hand: aws iam list-virtual-mfa-devices --assignment-status Assigned lists no device assigned to root"
    )
    expect(help).toContain('Root cannot be exempted.')
    expect(rule?.help.text).toContain('How to fix: Sign in as root')
    expect(rule?.help.text).not.toContain('`')
    expectReadable(rule?.help.markdown ?? '', [])
  })
})

describe("root's result", () => {
  it('is one alert on root under the new rule, with the device as evidence', () => {
    expect(run?.results).toHaveLength(1)
    const result = run?.results[0]
    expect(result?.ruleId).toBe('iam.root_without_hardware_mfa')
    expect(rules[result?.ruleIndex ?? -1]?.id).toBe('iam.root_without_hardware_mfa')
    expect(result?.level).toBe('error')
    expect(result?.properties.severity).toBe('high')
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      `aws/${ACCOUNT}/iam/root`
    )
    expect(result?.message.text).toMatch(
      /^The root user of AWS account 123456789012: The root user's MFA is a virtual authenticator app \(arn:aws:iam::123456789012:mfa\/root-account-mfa-device, assigned 2024-05-06 07:08 UTC; ListVirtualMFADevices, live\)/
    )
  })

  it('is no alert once root has hardware MFA', () => {
    expect(sarif([]).runs[0]?.results).toEqual([])
  })

  it('is valid SARIF 2.1.0', () => {
    expect(schemaErrors(LOG)).toEqual([])
  })
})
