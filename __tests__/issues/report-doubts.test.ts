import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import { issueBody, issueKey } from '../../src/issues/issue-content.js'
import { readMarker, type Marker } from '../../src/issues/issue-marker.js'
import { reportDoubts } from '../../src/issues/report-doubts.js'
import type { Tracked } from '../../src/issues/triage-issues.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { visibleText } from '../../scripts/lib/render-markdown.mjs'
import { reportCsv, rootRow, userRow, type RowFields } from '../helpers/report-csv.js'

const NOW = new Date('2026-11-30T12:00:00Z')
const ACCOUNT = '123456789012'

function scan(rows: readonly RowFields[], generatedAt = '2026-11-30T11:00:00.000Z'): ScanResult {
  const evaluation = evaluate(
    parseCredentialReport(reportCsv(rows)),
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    NOW
  )
  return {
    check: 'iam.users_without_mfa',
    accounts: [ACCOUNT],
    accountScans: [],
    scannedAt: NOW.toISOString(),
    mode: 'offline',
    report: { origin: 'report.csv', generatedAt, ageMs: 3.6e6 },
    evaluation,
    liveChecks: 'offline',
    posture: posture(evaluation.findings),
    settings: {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: false
    }
  }
}

/** An open issue the action wrote when the account's report listed `users` users. */
function openIssue(users: number): Tracked {
  const f = scan([rootRow(), userRow('alice')]).evaluation.findings.find(x => x.user === 'alice')
  if (!f) throw new Error('no finding')
  const body = issueBody(
    f,
    {
      accountLabel: a => a,
      workflowUrl: undefined,
      ownerNotAssignable: false,
      acceptedRiskLabel: 'accepted-risk',
      liveChecks: false,
      reportUsers: () => users
    },
    NOW
  )
  const marker = readMarker(body) as Marker
  expect(marker.key).toBe(issueKey(f))
  return {
    number: 1,
    state: 'open',
    stateReason: null,
    labels: [],
    title: '',
    body,
    url: '',
    marker
  }
}

const words = (doubts: Map<string, unknown[]>): string[] =>
  (doubts.get(ACCOUNT) ?? []).map(d => visibleText((d as { markdown: string }).markdown))

const users = (n: number): RowFields[] => Array.from({ length: n }, (_, i) => userRow(`user${i}`))

describe('reportDoubts', () => {
  it('trusts a report with a root row, a past generation time and as many users as before', () => {
    expect(words(reportDoubts(scan([rootRow(), ...users(10)]), [openIssue(10)]))).toEqual([])
  })

  it('trusts a report fetched from AWS without a root row (only a saved file can be cut by hand)', () => {
    expect(words(reportDoubts({ ...scan(users(3)), mode: 'live' }, []))).toEqual([])
  })

  it('doubts a saved report without the root row every credential report has', () => {
    expect(words(reportDoubts(scan(users(3)), []))).toEqual([
      'it has no row for the root user (<root_account>), which every credential report has'
    ])
  })

  it('doubts a report with far fewer users than the one that last confirmed an open issue', () => {
    expect(words(reportDoubts(scan([rootRow(), ...users(4)]), [openIssue(40)]))).toEqual([
      'it lists 4 IAM users, where the report that last confirmed the open issue of a user it no longer lists had 40; if those users were deleted, a run with live AWS credentials confirms it, or close their issues by hand'
    ])
  })

  it('accepts a smaller account once the issues of the users it lost are settled', () => {
    expect(
      words(reportDoubts(scan([rootRow(), userRow('alice'), ...users(3)]), [openIssue(40)]))
    ).toEqual([])
  })

  it('trusts a report fetched from AWS, however much smaller', () => {
    expect(
      words(reportDoubts({ ...scan([rootRow(), ...users(4)]), mode: 'live' }, [openIssue(40)]))
    ).toEqual([])
  })

  it('accepts a report that lost a few users (people do leave)', () => {
    expect(words(reportDoubts(scan([rootRow(), ...users(30)]), [openIssue(40)]))).toEqual([])
  })

  it('doubts a report generated in the future', () => {
    expect(words(reportDoubts(scan([rootRow()], '2026-12-24T00:00:00.000Z'), []))).toEqual([
      'it says it was generated 2026-12-24 00:00 UTC, which is in the future'
    ])
  })

  it('tolerates a few minutes of clock skew', () => {
    expect(words(reportDoubts(scan([rootRow()], '2026-11-30T12:03:00.000Z'), []))).toEqual([])
  })
})
