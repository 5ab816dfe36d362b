// Every finding of an evaluation: the identities' MFA findings and the policy findings, most severe first.
import { compareFindings } from './evaluate.js'
import type { Evaluation, Finding } from './types.js'

export function allFindings(evaluation: Evaluation): readonly Finding[] {
  const policy = evaluation.policyFindings ?? []
  if (policy.length === 0) return evaluation.findings
  return [...evaluation.findings, ...policy].sort(compareFindings)
}
