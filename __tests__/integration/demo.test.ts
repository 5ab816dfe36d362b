// The README's first command: the demo runs the bundled action on the sample report and prints it.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../helpers/moto.js'
import { expectReadable } from '../helpers/readable.js'

describe('npm run demo', () => {
  it('prints the summary as text with one verdict of every kind, and writes the report file', () => {
    const demo = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs')], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' }
    })
    expect(demo.status).toBe(0)
    const out = demo.stdout
    expect(out).toContain('## ❌ IAM MFA check: 5 identities can sign in without MFA · 44.4% (F)')
    expect(out).toMatch(/\| root user \| 🟥 critical \| Secure root \| see Root user below \|/)
    expect(out).toMatch(
      /\| carol_dev \| 🟧 high \| Remove console password \| inactive: last signed in .*120 days ago \|/
    )
    expect(out).toMatch(
      /\| alice\.admin \| 🟧 high \| Enroll MFA \| last signed in .*, 2 days ago \|/
    )
    expect(out).toContain('| erin-new |')
    expect(out).toContain('| breakglass-admin |')
    expect(out).toContain('exemption lapsed after')
    expect(out).not.toMatch(/&#\d+;|`[^`]*`[^`]*\(s\)/)
    const files = /Files are in (.+)/.exec(out)?.[1] ?? ''
    const rawSummary = readFileSync(join(files, 'summary.md'), 'utf8')
    expectReadable(rawSummary, ['old-contractor'])
    expect(out).toContain('Live re-verification: not possible: a saved report cannot be checked')
    const reportFile = /report-file: (.+)/.exec(out)?.[1] ?? ''
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      evaluation: { findings: Array<{ user: string; verdict: string }> }
    }
    const verdicts = new Set(report.evaluation.findings.map(f => f.verdict))
    expect(verdicts).toEqual(new Set(['fail', 'pending', 'exempt', 'pass', 'not-applicable']))
    expect(report.evaluation.findings).toHaveLength(13)
  })
})
