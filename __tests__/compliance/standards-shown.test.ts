// The standards where people look: each SARIF rule's tags and help, and one line in the issue body.
import { describe, expect, it } from '@jest/globals'
import { visibleText } from '../../scripts/lib/render-markdown.mjs'
import { mappingTags } from '../../src/compliance/mappings.js'
import type { RuleId } from '../../src/core/types.js'
import { issueBody } from '../../src/issues/issue-content.js'
import { buildSarif } from '../../src/sarif/build-sarif.js'
import { RULES } from '../../src/sarif/rules.js'
import { evidenceScan } from '../helpers/evidence-scan.js'
import { expectReadable } from '../helpers/readable.js'
import { rootRow, userRow } from '../helpers/report-csv.js'

const A = '111122223333'
const SCAN = evidenceScan([{ account: A, rows: [rootRow({}, A), userRow('alice', {}, A)] }])

interface SarifRule {
  readonly id: RuleId
  readonly help: { readonly text: string; readonly markdown: string }
  readonly properties: { readonly tags: readonly string[] }
}

const rules = (): SarifRule[] => {
  const log = buildSarif(SCAN, {
    category: 'posturio/iam-mfa',
    toolVersion: '0.1.0',
    codeLocations: new Map()
  }) as { runs: Array<{ tool: { driver: { rules: SarifRule[] } } }> }
  return log.runs[0]?.tool.driver.rules ?? []
}

describe('standards in the SARIF rules', () => {
  it('tag each rule with its controls, within the 10 tags GitHub shows, the security tag first', () => {
    expect(rules().length).toBe(RULES.length)
    for (const rule of rules()) {
      expect(rule.properties.tags[0]).toBe('security')
      expect(rule.properties.tags).toEqual(expect.arrayContaining(mappingTags(rule.id)))
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10)
    }
    const console = rules().find(r => r.id === 'iam.users_without_mfa')
    expect(console?.properties.tags).toContain('CIS-AWS-7.0.0/2.10')
    expect(console?.properties.tags).toContain('AWS-Security-Hub/IAM.5')
  })

  it('end each rule help with a Standards line, in Markdown and in text', () => {
    const root = rules().find(r => r.id === 'iam.root_without_mfa')
    const line =
      'Standards: CIS AWS Foundations Benchmark v7.0.0 2.5 · AWS Security Hub CSPM IAM.9 · NIST SP 800-53 Rev. 5 IA-2(1) · PCI DSS v4.0 8.4.1, 8.4.2 · ISO/IEC 27001:2022 A.8.5 · SOC 2 (2017 Trust Services Criteria) CC6.1.'
    expect(
      visibleText(root?.help.markdown ?? '')
        .trimEnd()
        .endsWith(line)
    ).toBe(true)
    expect(root?.help.text.endsWith(line)).toBe(true)
    for (const rule of rules()) expectReadable(rule.help.markdown, [])
  })
})

describe('standards in the issue body', () => {
  it('shows one Standards line for the finding’s rule', () => {
    const alice = SCAN.evaluation.findings.find(f => f.user === 'alice')
    if (!alice) throw new Error('no finding for alice')
    const body = issueBody(
      alice,
      {
        accountLabel: a => a,
        workflowUrl: undefined,
        ownerNotAssignable: false,
        acceptedRiskLabel: 'accepted-risk',
        liveChecks: false
      },
      new Date('2026-11-30T12:00:00Z')
    )
    const standards = visibleText(body)
      .split('\n')
      .filter(l => l.startsWith('Standards:'))
    expect(standards).toEqual([
      'Standards: CIS AWS Foundations Benchmark v7.0.0 2.10 · AWS Security Hub CSPM IAM.5, IAM.19 · NIST SP 800-53 Rev. 5 IA-2(1), IA-2(2) · PCI DSS v4.0 8.4.2 · ISO/IEC 27001:2022 A.8.5 · SOC 2 (2017 Trust Services Criteria) CC6.1.'
    ])
    expectReadable(body, [])
  })
})
