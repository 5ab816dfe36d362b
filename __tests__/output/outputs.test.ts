import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { evaluate } from '../../src/core/evaluate.js'
import { posture } from '../../src/core/posture.js'
import type { ScanResult } from '../../src/core/scan-result.js'
import { buildOutputs } from '../../src/output/outputs.js'
import { parseCredentialReport } from '../../src/report/parse-report.js'
import { text } from '../../src/text/markdown.js'

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated'
const NOW = new Date('2026-11-30T12:00:00Z')
const REPORT_FILE = '/runner/_temp/posturio-iam-mfa-report.json'

interface Spec {
  readonly user: string
  readonly account?: string
  readonly mfa?: boolean
  /** No console password: an API-only identity. */
  readonly apiOnly?: boolean
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function line(spec: Spec): string {
  const account = spec.account ?? '111122223333'
  const root = spec.user === '<root_account>'
  const arn = root ? `arn:aws:iam::${account}:root` : `arn:aws:iam::${account}:user/${spec.user}`
  const password = root ? 'not_supported' : spec.apiOnly ? 'false' : 'true'
  const lastUsed = spec.apiOnly ? 'N/A' : '2026-11-29T09:00:00+00:00'
  const cells = [spec.user, arn, '2020-01-01T00:00:00+00:00', password, lastUsed, 'N/A', 'N/A']
  cells.push(String(spec.mfa ?? false), 'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false')
  cells.push('N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A')
  return cells.map(csvField).join(',')
}

/** A scan result the way the action builds one: parsed CSV, evaluate, posture. */
function scanResult(specs: readonly Spec[]): ScanResult {
  const rows = parseCredentialReport([HEADER, ...specs.map(line)].join('\n'))
  const evaluation = evaluate(
    rows,
    { gracePeriodDays: 1, inactiveDays: 45, exemptions: [], rootFacts: undefined },
    NOW
  )
  return {
    check: 'iam.users_without_mfa',
    accounts: [...new Set(rows.map(r => r.accountId))].sort(),
    accountScans: [],
    scannedAt: NOW.toISOString(),
    mode: 'offline',
    report: { origin: 'credential-report.csv', generatedAt: undefined, ageMs: undefined },
    evaluation,
    posture: posture(evaluation.findings),
    liveChecks: 'offline',
    settings: {
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      requirePhishingResistant: false
    }
  }
}

describe('buildOutputs', () => {
  const mixed = scanResult([
    { user: 'zed' },
    { user: 'bob', mfa: true },
    { user: 'amy', account: '222233334444' },
    { user: 'frank,finance' },
    { user: 'ci-deploy', apiOnly: true },
    { user: '<root_account>', account: '222233334444' },
    { user: '<root_account>', mfa: true }
  ])
  const outputs = buildOutputs(mixed, REPORT_FILE)

  it('sets exactly the outputs action.yml declares (after an accepted upload)', () => {
    const all = buildOutputs(mixed, REPORT_FILE, {
      file: '/ws/posturio-iam-mfa.sarif',
      results: 4,
      upload: { status: 'complete', id: 'abc-123' },
      skipped: undefined,
      alertsUrl: 'https://github.com/acme/audits/security/code-scanning'
    })
    const yml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
    const block = /^outputs:\n([\s\S]*?)(?:^\S|$(?![\s\S]))/m.exec(yml)?.[1] ?? ''
    const declared = [...block.matchAll(/^ {2}([\w-]+):/gm)].map(m => m[1])
    expect(declared.length).toBeGreaterThan(0)
    // publish() sets these itself, from the tracking issues and the artifact upload; `matrix` is
    // the one output of `mode: list-accounts`.
    const setByPublish = [
      'issues-opened',
      'issues-updated',
      'issues-closed',
      'issues-reopened',
      'artifact-url',
      'matrix'
    ]
    expect([...Object.keys(all), ...setByPublish].sort()).toEqual(declared.sort())
    expect(all['sarif-id']).toBe('abc-123')
    expect(all['code-scanning-url']).toBe('https://github.com/acme/audits/security/code-scanning')
  })

  it('counts the identities that can sign in without MFA, root included', () => {
    expect(outputs['non-compliant-count']).toBe('4')
  })

  it('lists exactly {account, user, arn, severity, rule} for each of them, most severe first', () => {
    const users: unknown = JSON.parse(outputs['non-compliant-users'] ?? 'null')
    expect(users).toEqual([
      {
        account: '222233334444',
        user: '<root_account>',
        arn: 'arn:aws:iam::222233334444:root',
        severity: 'critical',
        rule: 'iam.root_without_mfa'
      },
      {
        account: '111122223333',
        user: 'frank,finance',
        arn: 'arn:aws:iam::111122223333:user/frank,finance',
        severity: 'high',
        rule: 'iam.users_without_mfa'
      },
      {
        account: '111122223333',
        user: 'zed',
        arn: 'arn:aws:iam::111122223333:user/zed',
        severity: 'high',
        rule: 'iam.users_without_mfa'
      },
      {
        account: '222233334444',
        user: 'amy',
        arn: 'arn:aws:iam::222233334444:user/amy',
        severity: 'high',
        rule: 'iam.users_without_mfa'
      }
    ])
    for (const entry of users as Array<Record<string, unknown>>) {
      expect(Object.keys(entry).sort()).toEqual(['account', 'arn', 'rule', 'severity', 'user'])
    }
  })

  it('passes the report file path through', () => {
    expect(outputs['report-file']).toBe(REPORT_FILE)
  })

  it('gives the score with one decimal and the grade', () => {
    // 2 of 6 in-scope identities pass (bob and one root): 33.3 %.
    expect(outputs['score']).toBe('33.3')
    expect(outputs['grade']).toBe('F')
  })

  it.each([
    { label: 'all pass', specs: [{ user: 'a', mfa: true }], score: '100.0', grade: 'A' },
    { label: 'none in scope', specs: [{ user: 'api', apiOnly: true }], score: '100.0', grade: 'A' },
    {
      label: '7 of 8 pass',
      specs: [...'abcdefg'].map(user => ({ user, mfa: true })).concat([{ user: 'h', mfa: false }]),
      score: '87.5',
      grade: 'B'
    },
    {
      label: '2 of 3 pass (rounded down)',
      specs: [
        { user: 'a', mfa: true },
        { user: 'b', mfa: true },
        { user: 'c', mfa: false }
      ],
      score: '66.6',
      grade: 'D'
    },
    { label: 'all fail', specs: [{ user: 'a' }, { user: 'b' }], score: '0.0', grade: 'F' }
  ])('gives score $score and grade $grade when $label', ({ specs, score, grade }) => {
    const out = buildOutputs(scanResult(specs), REPORT_FILE)
    expect(out['score']).toBe(score)
    expect(out['grade']).toBe(grade)
  })

  it('gives a count of 0 and an empty array when nobody fails', () => {
    const out = buildOutputs(
      scanResult([
        { user: 'a', mfa: true },
        { user: '<root_account>', mfa: true }
      ]),
      REPORT_FILE
    )
    expect(out['non-compliant-count']).toBe('0')
    expect(out['non-compliant-users']).toBe('[]')
  })

  it('leaves passing and API-only identities out of the list', () => {
    const out = buildOutputs(
      scanResult([{ user: 'ok', mfa: true }, { user: 'api', apiOnly: true }, { user: 'bad' }]),
      REPORT_FILE
    )
    const users = JSON.parse(out['non-compliant-users'] ?? '[]') as Array<{ user: string }>
    expect(users.map(u => u.user)).toEqual(['bad'])
  })
})

describe('buildOutputs: code scanning', () => {
  it('gives no sarif-id or link when GitHub refused the upload', () => {
    const refused = buildOutputs(scanResult([{ user: 'zed' }]), REPORT_FILE, {
      file: '/ws/x.sarif',
      results: 1,
      upload: { status: 'rejected', warning: text('no') },
      skipped: undefined,
      alertsUrl: undefined
    })
    expect(refused['sarif-file']).toBe('/ws/x.sarif')
    expect(refused).not.toHaveProperty('sarif-id')
    expect(refused).not.toHaveProperty('code-scanning-url')
  })
})
