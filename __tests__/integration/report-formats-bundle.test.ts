// The report file of real runs of the bundled action in the other formats: OCSF Detection Findings
// and CSV, each named after its format.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'csv-parse/sync'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { CSV_COLUMNS } from '../../src/output/report-csv.js'
import { detectionFindingProblems } from '../helpers/ocsf-check.js'
import { reportFiles, rootRow, userRow } from '../helpers/report-csv.js'
import { runBundle } from '../helpers/run-bundle.js'

describe('report-format in real runs', () => {
  const report = reportFiles('posturio-formats-')
  const rows = [
    rootRow({ mfa_active: 'true' }),
    userRow('alice'),
    userRow('+ops,team'),
    userRow('bob', { mfa_active: 'true' })
  ]

  it('ocsf: a .ocsf.json file of Detection Findings with every required attribute', async () => {
    const r = await runBundle({ 'credential-report': report(rows), 'report-format': 'ocsf' })
    expect(r.code).toBe(0)
    const file = r.outputs['report-file'] ?? ''
    expect(basename(file)).toBe('posturio-iam-mfa-report.ocsf.json')
    const findings = JSON.parse(readFileSync(file, 'utf8')) as Array<{
      resources: Array<{ name: string }>
    }>
    expect(findings.map(f => f.resources[0]?.name).sort()).toEqual(['+ops,team', 'alice'])
    for (const f of findings) expect(detectionFindingProblems(f)).toEqual([])
  })

  it('csv: a .csv file, one record per identity, a formula-like name kept as text', async () => {
    const r = await runBundle({ 'credential-report': report(rows), 'report-format': 'csv' })
    expect(r.code).toBe(0)
    const file = r.outputs['report-file'] ?? ''
    expect(basename(file)).toBe('posturio-iam-mfa-report.csv')
    const records = parse(readFileSync(file, 'utf8')) as string[][]
    expect(records[0]).toEqual([...CSV_COLUMNS])
    expect(
      records
        .slice(1)
        .map(rec => rec[2])
        .sort()
    ).toEqual(["'+ops,team", 'alice', 'bob', 'root'])
  })
})
