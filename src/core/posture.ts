// The posture score (share of in-scope identities that pass), its grade, and counts by verdict.
import type { Finding, Verdict } from './types.js'

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F'

export interface Posture {
  readonly counts: Readonly<Record<Verdict, number>>
  /** Identities judged pass or fail: console users and root. Pending, exempt and API-only are out of scope. */
  readonly inScope: number
  readonly passing: number
  /** Percent, rounded down to one decimal so it never overstates. */
  readonly score: number
  readonly grade: Grade
  /** True when a critical finding held the grade down to D. */
  readonly cappedByCritical: boolean
}

const GRADES: ReadonlyArray<readonly [number, Grade]> = [
  [95, 'A'],
  [85, 'B'],
  [70, 'C'],
  [50, 'D']
]

export function gradeFor(score: number): Grade {
  return GRADES.find(([min]) => score >= min)?.[1] ?? 'F'
}

export function posture(findings: readonly Finding[]): Posture {
  const counts: Record<Verdict, number> = {
    fail: 0,
    pending: 0,
    exempt: 0,
    pass: 0,
    'not-applicable': 0
  }
  for (const f of findings) counts[f.verdict]++
  const inScope = counts.pass + counts.fail
  const score = inScope === 0 ? 100 : Math.floor((counts.pass * 1000) / inScope) / 10
  const critical = findings.some(f => f.verdict === 'fail' && f.severity === 'critical')
  const byScore = gradeFor(score)
  const capped = critical && (byScore === 'A' || byScore === 'B' || byScore === 'C')
  return {
    counts,
    inScope,
    passing: counts.pass,
    score,
    grade: capped ? 'D' : byScore,
    cappedByCritical: capped
  }
}
