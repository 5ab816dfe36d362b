// The SARIF of a code review (pure): one run in its own category (`<sarif-category>/iac/`), one
// result per console user without an MFA guardrail, at the line that gives the console password.
import { hash } from 'node:crypto'
import { INFORMATION_URI, rules, TOOL_NAME } from '../sarif/build-sarif.js'
import { IAC_RULE_ID, RULES } from '../sarif/rules.js'
import type { ReviewedUser } from './review.js'

export interface IacSarifOptions {
  readonly category: string
  readonly toolVersion: string
}

/** The category of the review's run: never the account scan's, so neither closes the other's alerts. */
export const iacCategory = (category: string): string => `${category}/iac/`

/** Stable per file, user and rule, so an alert stays one alert while lines move. */
function fingerprint(r: ReviewedUser): string {
  const who = r.user.name?.toLowerCase() ?? r.user.label
  return `${hash('sha256', `iac/${r.user.loginProfile.uri}/${who}/${IAC_RULE_ID}`).slice(0, 32)}:1`
}

/** The alert's message: plain text, as code scanning shows it. */
export function iacMessage(r: ReviewedUser): string {
  if (r.review.kind !== 'not-enforced') return ''
  const who = r.user.name ? `IAM user ${r.user.name}` : `The IAM user of ${r.user.label}`
  const policies = r.review.policies.length > 0 ? r.review.policies.join('; ') : 'none'
  return (
    `${who} gets a console password here, and no policy in this code requires MFA for it: ` +
    `${r.review.unguarded.join(', ')} are not denied without MFA. Policies it gets: ${policies}.`
  )
}

export function buildIacSarif(reviewed: readonly ReviewedUser[], options: IacSarifOptions): object {
  const ruleIndex = RULES.findIndex(r => r.id === IAC_RULE_ID)
  const results = reviewed
    .filter(r => r.review.kind === 'not-enforced')
    .map(r => ({
      ruleId: IAC_RULE_ID,
      ruleIndex,
      level: 'warning',
      message: { text: iacMessage(r) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: r.user.loginProfile.uri },
            region: { startLine: r.user.loginProfile.line }
          }
        }
      ],
      partialFingerprints: { primaryLocationLineHash: fingerprint(r) },
      properties: {
        user: r.user.name ?? null,
        definedBy: r.user.source,
        ...(r.review.kind === 'not-enforced' ? { unguardedActions: r.review.unguarded } : {})
      }
    }))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules()
          }
        },
        automationDetails: { id: iacCategory(options.category) },
        results,
        properties: { mode: 'iac' }
      }
    ]
  }
}
