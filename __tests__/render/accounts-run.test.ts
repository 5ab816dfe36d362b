// What a run over several accounts says it did, as GitHub renders it: the warnings naming accounts
// not scanned or read in part, and "This run" (reports, root users, code scanning, issues).
import { describe, expect, it } from '@jest/globals'
import type { ScanResult } from '../../src/core/scan-result.js'
import type { IssueStep } from '../../src/issues/track-issues.js'
import type { SummaryContext } from '../../src/render/summary.js'
import type { SarifStep } from '../../src/sarif/publish-sarif.js'
import { md } from '../../src/text/markdown.js'
import { orgScan } from './accounts-fixture.js'
import {
  DENIED,
  DEV,
  NO_CONTEXT,
  PARTLY,
  SANDBOX,
  sectionText,
  summary,
  THREE,
  unjoined
} from './accounts-example.js'

describe('renderSummary, several accounts: warnings', () => {
  const warnings = sectionText(summary(THREE), 'Warnings')

  it('names the account not scanned, with its reason, and says its alerts and issues were left alone', () => {
    expect(unjoined(warnings)).toContain(
      `1 account could not be scanned: sandbox (333333333333): AccessDenied: ${DENIED}. No verdict was reached for it, and its code scanning alerts and tracking issues were left untouched;`
    )
  })

  it('names the account read in part, whose verdicts are shown but alerts and issues left alone', () => {
    expect(warnings).toContain(
      `1 account could be read only in part: prod (222222222222): ${PARTLY}. Its verdicts are shown, but so that nothing is closed wrongly, its code scanning alerts and tracking issues were left untouched.`
    )
  })

  it('does not claim the whole run held back when one account was read in part', () => {
    const r = { ...THREE, evaluation: { ...THREE.evaluation, partial: [md`${PARTLY}`] } }
    const text = sectionText(summary(r), 'Warnings')
    expect(text).not.toContain('no SARIF was uploaded')
    expect(text).toContain('1 account could be read only in part')
  })

  it('names 10 accounts not scanned, then counts the rest', () => {
    const specs = Array.from({ length: 12 }, (_, i) => ({
      ...SANDBOX,
      id: String(300_000_000_000 + i),
      alias: `box-${i}`,
      reason: md`AccessDenied`
    }))
    const text = sectionText(summary(orgScan([DEV, ...specs])), 'Warnings')
    expect(text).toContain('12 accounts could not be scanned: box-0 (300000000000): AccessDenied;')
    expect(text).toContain(
      'box-9 (300000000009): AccessDenied; 2 more accounts. No verdict was reached for them, and their'
    )
    expect(text).not.toContain('box-10')
  })
})

describe('renderSummary, several accounts: this run', () => {
  const run = (r: ScanResult, ctx: SummaryContext = NO_CONTEXT): string[] =>
    sectionText(summary(r, ctx), 'This run').split('\n').slice(1).filter(Boolean)
  const heldBack = [
    { account: '222222222222', why: md`read in part.` },
    { account: '333333333333', why: md`not scanned` }
  ]
  const sarif: SarifStep = {
    file: 'x.sarif',
    results: 4,
    upload: { status: 'complete', id: 'abc' },
    skipped: undefined,
    alertsUrl: undefined
  }
  const issues: IssueStep = {
    status: 'applied',
    repo: 'acme/infra',
    reason: undefined,
    plan: { ops: [], waiting: 0, accepted: [], held: [], ignored: [] },
    applied: {
      opened: [],
      updated: [1],
      closed: [],
      reopened: [],
      labelled: [],
      failures: [],
      uncommented: []
    }
  }

  it('gives the span of the credential reports and the oldest one’s age', () => {
    expect(run(THREE)[0]).toBe(
      'Credential reports: 2 accounts, generated between 2026-11-30 07:00 UTC and 2026-11-30 10:00 UTC; the oldest 5 h 0 min before this scan (AWS GetCredentialReport). ⚠️ 1 report older than 4 hours cannot show changes made since then.'
    )
  })

  it('counts the root users and gives each critical one its account and reason', () => {
    const lines = run(THREE)
    expect(lines[1]).toBe('Root users: ✅ 1 of 2 root users pass; ❌ 1 critical (below).')
    expect(lines[2]).toMatch(
      /^Root user of prod \(222222222222\): ❌ critical: The root user has no MFA\./
    )
  })

  it('names the accounts left out of the upload and whose issues were left alone', () => {
    const lines = run(THREE, {
      runUrl: undefined,
      sarif: { ...sarif, heldBack },
      issues: { ...issues, untouched: heldBack }
    })
    expect(lines).toContain(
      'Code scanning: uploaded and processed, 4 results (one open alert each); alerts of fixed users close on their own. ⚠️ 2 accounts left out of the upload, their alerts as they were: prod (222222222222): read in part; sandbox (333333333333): not scanned.'
    )
    expect(lines).toContain(
      'Tracking issues: in acme/infra, 0 opened, 1 updated, 0 closed, 0 reopened. ⚠️ The issues of 2 accounts were left untouched: prod (222222222222): read in part; sandbox (333333333333): not scanned.'
    )
  })

  // A run of one account labels it by id alone (issue titles must not change with its alias).
  it('names a held-back account for one account too, and keeps today’s lines when none was', () => {
    const one = orgScan([DEV])
    const held = run(one, {
      runUrl: undefined,
      sarif: {
        ...sarif,
        heldBack: [{ account: DEV.id, why: md`parts of the account could not be read` }]
      }
    })
    expect(held).toContain(
      'Code scanning: uploaded and processed, 4 results (one open alert each); alerts of fixed users close on their own. ⚠️ 1 account left out of the upload, its alerts as they were: 111111111111: parts of the account could not be read.'
    )
    for (const ctx of [
      { sarif, issues },
      { sarif: { ...sarif, heldBack: [] }, issues: { ...issues, untouched: [] } }
    ])
      expect(run(one, { runUrl: undefined, ...ctx })).toEqual(
        expect.arrayContaining([
          'Code scanning: uploaded and processed, 4 results (one open alert each); alerts of fixed users close on their own.',
          'Tracking issues: in acme/infra, 0 opened, 1 updated, 0 closed, 0 reopened.'
        ])
      )
  })
})
