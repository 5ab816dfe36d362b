// The README's first command: the demo runs the bundled action on the sample report and prints it.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../helpers/moto.js'
import { tables } from '../../scripts/lib/render-markdown.mjs'
import { expectReadable, seen } from '../helpers/readable.js'

describe('npm run demo', () => {
  it('prints the summary as text with one verdict of every kind, and writes the report file', () => {
    const demo = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs')], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' }
    })
    expect(demo.status).toBe(0)
    const out = demo.stdout
    expect(out).toContain('## ❌ IAM MFA check: 5 identities can sign in without MFA · 44.4% (F)')
    expect(out).toMatch(/^\| .*carol_dev.* \| 🟧 high \| Remove console password \| inactive: /m)
    expect(out).not.toMatch(/&#\d+;|`[^`]*`[^`]*\(s\)/)
    expect(out).toContain('Live re-verification: not possible: a saved report cannot be checked')
    const files = /Files are in (.+)/.exec(out)?.[1] ?? ''
    const rawSummary = readFileSync(join(files, 'summary.md'), 'utf8')
    expectReadable(rawSummary, ['old-contractor'])
    const text = seen(rawSummary)
    const [, failing, pending, exempt] = tables(rawSummary)
    expect(failing?.map(row => row.slice(0, 3))).toEqual([
      ['identity', 'severity', 'fix'],
      ['root user', '🟥 critical', 'Secure root'],
      ['alice.admin', '🟧 high', 'Enroll MFA'],
      ['carol_dev', '🟧 high', 'Remove console password'],
      ['dave=contractor', '🟧 high', 'Remove console password'],
      ['heidi', '🟧 high', 'Enroll MFA']
    ])
    const facts = Object.fromEntries((failing ?? []).map(row => [row[0], row[3]]))
    expect(facts['root user']).toBe('see Root user below')
    expect(facts['alice.admin']).toMatch(
      /^last signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC, 2 days ago$/
    )
    expect(facts['carol_dev']).toMatch(
      /^inactive: last signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC, 120 days ago$/
    )
    expect(facts['heidi']).toMatch(
      /; exemption lapsed after \d{4}-\d\d-\d\d \(exempt-users line 2\)$/
    )
    expect(pending?.map(row => row[0])).toEqual(['user', 'erin-new'])
    expect(exempt?.map(row => row[0])).toEqual(['user', 'breakglass-admin'])
    expect(text).toContain(
      'exempt-users line 3 (old-contractor) matches no IAM user in this report: remove it or fix the name.'
    )
    const reportFile = /report-file: (.+)/.exec(out)?.[1] ?? ''
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      evaluation: { findings: Array<{ user: string; verdict: string }> }
    }
    const verdicts = new Set(report.evaluation.findings.map(f => f.verdict))
    expect(verdicts).toEqual(new Set(['fail', 'pending', 'exempt', 'pass', 'not-applicable']))
    expect(report.evaluation.findings).toHaveLength(13)
    // Users and root both fail: the check by hand for root must start its own sentence.
    expect(text).toMatch(/To check by hand: .+ once console access is removed\. For root, /)
  })
})
