// The controls a rule maps to, as words for people: one short line in help, issues and the summary.
import type { RuleId } from '../core/types.js'
import { join, md, type Md } from '../text/markdown.js'
import { standardsOf } from './mappings.js'

/** `CIS AWS Foundations Benchmark v7.0.0 2.10 · AWS Security Hub CSPM IAM.5, IAM.19 · …` */
export function standardsText(rule: RuleId): Md {
  return join(standardsOf(rule), ' · ')
}

/** The help's and issue's line: `**Standards:** …`. */
export function standardsLine(rule: RuleId): Md {
  return md`**Standards:** ${standardsText(rule)}.`
}
