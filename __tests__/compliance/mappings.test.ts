// The standards each rule maps to: every rule has its controls, each as its source numbers and
// names it, and they show where people look (SARIF tags and help, the issue body).
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CIS_VERSION,
  FRAMEWORKS,
  mappingsOf,
  mappingTags,
  RULE_IDS,
  ruleMappings,
  standardsOf
} from '../../src/compliance/mappings.js'
import type { RuleId } from '../../src/core/types.js'
import { REPO_ROOT } from '../helpers/moto.js'

const ALL_RULES: RuleId[] = [
  'iam.users_without_mfa',
  'iam.privileged_users_without_mfa',
  'iam.root_without_mfa',
  'iam.users_without_phishing_resistant_mfa',
  'iam.root_without_hardware_mfa',
  'iam.privileged_actions_without_mfa_condition',
  'iam.console_user_without_mfa_guardrail'
]

const ids = (rule: RuleId, framework: string): string[] =>
  mappingsOf(rule)
    .filter(m => m.framework === framework)
    .map(m => m.id)

describe('rule mappings', () => {
  it('cover every rule, each with at least ISO/IEC 27001 A.8.5 and SOC 2 CC6.1', () => {
    expect([...RULE_IDS].sort()).toEqual([...ALL_RULES].sort())
    for (const rule of ALL_RULES) {
      expect(ids(rule, FRAMEWORKS.iso.name)).toEqual(['A.8.5'])
      expect(ids(rule, FRAMEWORKS.soc2.name)).toEqual(['CC6.1'])
    }
  })

  it('name the current CIS AWS Foundations Benchmark and its console, root and root-hardware controls', () => {
    expect(CIS_VERSION).toBe('7.0.0')
    expect(FRAMEWORKS.cis.name).toBe('CIS AWS Foundations Benchmark v7.0.0')
    expect(ids('iam.users_without_mfa', FRAMEWORKS.cis.name)).toEqual(['2.10'])
    expect(ids('iam.privileged_users_without_mfa', FRAMEWORKS.cis.name)).toEqual(['2.10'])
    expect(ids('iam.root_without_mfa', FRAMEWORKS.cis.name)).toEqual(['2.5'])
    expect(ids('iam.root_without_hardware_mfa', FRAMEWORKS.cis.name)).toEqual(['2.6'])
    const titles = Object.fromEntries(
      ALL_RULES.flatMap(r => mappingsOf(r)).map(m => [`${m.framework} ${m.id}`, m.title])
    )
    expect(titles['CIS AWS Foundations Benchmark v7.0.0 2.10']).toBe(
      'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password'
    )
    expect(titles['CIS AWS Foundations Benchmark v7.0.0 2.6']).toBe(
      "Ensure hardware MFA is enabled for the 'root' user account"
    )
  })

  it('map Security Hub controls only where they check the same thing', () => {
    const hub = FRAMEWORKS.securityHub.name
    expect(ids('iam.users_without_mfa', hub)).toEqual(['IAM.5', 'IAM.19'])
    expect(ids('iam.root_without_mfa', hub)).toEqual(['IAM.9'])
    expect(ids('iam.root_without_hardware_mfa', hub)).toEqual(['IAM.6'])
    expect(ids('iam.users_without_phishing_resistant_mfa', hub)).toEqual([])
    expect(ids('iam.privileged_actions_without_mfa_condition', hub)).toEqual([])
    expect(ids('iam.console_user_without_mfa_guardrail', hub)).toEqual([])
  })

  it('map NIST IA-2(1) and PCI DSS 8.4.2 to every rule about MFA being absent or unenforced', () => {
    for (const rule of ALL_RULES.filter(
      r => r !== 'iam.root_without_hardware_mfa' && r !== 'iam.users_without_phishing_resistant_mfa'
    )) {
      expect(ids(rule, FRAMEWORKS.nist.name)).toContain('IA-2(1)')
      expect(ids(rule, FRAMEWORKS.pci.name)).toContain('8.4.2')
    }
    // Strength of MFA that exists: the MFA-presence controls are already met.
    expect(ids('iam.root_without_hardware_mfa', FRAMEWORKS.nist.name)).toEqual([])
    expect(ids('iam.users_without_phishing_resistant_mfa', FRAMEWORKS.pci.name)).toEqual([])
  })

  it('give SARIF tags without spaces, few enough that GitHub shows them all beside two tags of its own', () => {
    expect(mappingTags('iam.users_without_mfa')).toEqual([
      'CIS-AWS-7.0.0/2.10',
      'AWS-Security-Hub/IAM.5',
      'AWS-Security-Hub/IAM.19',
      'NIST-800-53-r5/IA-2(1)',
      'NIST-800-53-r5/IA-2(2)',
      'PCI-DSS-4.0/8.4.2',
      'ISO-27001-2022/A.8.5',
      'SOC2/CC6.1'
    ])
    for (const rule of ALL_RULES) {
      expect(mappingTags(rule).length).toBeLessThanOrEqual(8)
      for (const tag of mappingTags(rule)) expect(tag).toMatch(/^\S+\/\S+$/)
    }
  })

  it('group the controls by standard for people', () => {
    expect(standardsOf('iam.root_without_mfa')).toEqual([
      'CIS AWS Foundations Benchmark v7.0.0 2.5',
      'AWS Security Hub CSPM IAM.9',
      'NIST SP 800-53 Rev. 5 IA-2(1)',
      'PCI DSS v4.0 8.4.1, 8.4.2',
      'ISO/IEC 27001:2022 A.8.5',
      'SOC 2 (2017 Trust Services Criteria) CC6.1'
    ])
  })

  it('list every rule once for the report file, each control with its title', () => {
    const listed = ruleMappings()
    expect(listed.map(r => r.rule)).toEqual(RULE_IDS)
    for (const r of listed)
      for (const m of r.standards) {
        expect(m.id).not.toBe('')
        expect(m.title.length).toBeGreaterThan(10)
      }
  })
})

describe("the README's table of standards", () => {
  it('lists exactly the controls each rule maps to', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const order = [
      FRAMEWORKS.cis,
      FRAMEWORKS.securityHub,
      FRAMEWORKS.nist,
      FRAMEWORKS.pci,
      FRAMEWORKS.iso,
      FRAMEWORKS.soc2
    ]
    const rows = readme
      .split('\n')
      .filter(l => /^\| `iam\.[a-z_]+` +\|/.test(l))
      .map(l =>
        l
          .split('|')
          .slice(1, -1)
          .map(c => c.trim())
      )
      .filter(cells => cells.length === 7)
    expect(rows.map(r => r[0]).sort()).toEqual(ALL_RULES.map(r => `\`${r}\``).sort())
    for (const [cell, ...controls] of rows) {
      const rule = (cell ?? '').replace(/`/g, '') as RuleId
      expect(controls).toEqual(order.map(f => ids(rule, f.name).join(', ') || '—'))
    }
  })
})
