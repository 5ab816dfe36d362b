// Building the SARIF 2.1.0 log (pure): one run per scanned account, one result per failing finding,
// with stable locations and fingerprints so an alert stays one alert across runs.
import { allFindings } from '../core/all-findings.js'
import { hash } from 'node:crypto'
import { accountLabel, reportOf, type ScanResult } from '../core/scan-result.js'
import type { Finding, Severity } from '../core/types.js'
import { helpMarkdown, helpText, RULES, SECURITY_SEVERITY } from './rules.js'
import { mappingTags } from '../compliance/mappings.js'

export const TOOL_NAME = 'Posturio'
export const INFORMATION_URI = 'https://github.com/posturio/iam-mfa-check'

/** Where a user is defined in infrastructure code, relative to the repository root. */
export interface CodeLocation {
  readonly uri: string
  readonly line: number
}

export interface SarifOptions {
  readonly category: string
  readonly toolVersion: string
  /** Lower-cased IAM user name -> where infrastructure code defines it. */
  readonly codeLocations: ReadonlyMap<string, CodeLocation>
  /** Failing findings a person accepted as a risk (tracking issue closed so): not open alerts. */
  readonly accepted?: ReadonlySet<Finding>
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note'
}

export function virtualUri(f: Finding): string {
  return f.isRoot
    ? `aws/${f.account}/iam/root`
    : `aws/${f.account}/iam/users/${encodeURIComponent(f.user)}`
}

export function fingerprint(f: Finding): string {
  const key = `${f.account}/${f.isRoot ? '<root>' : f.user.toLowerCase()}/${f.rule}`
  return `${hash('sha256', key).slice(0, 32)}:1`
}

/** The alert's message: plain text (code scanning shows it as written). */
function message(f: Finding, account: string): string {
  const who = f.isRoot
    ? `The root user of AWS account ${account}`
    : `IAM user ${f.user} in AWS account ${account}`
  const live =
    f.live?.status === 'confirmed'
      ? ` ${f.live.detail.plain}.`
      : f.live?.status === 'not-reverified'
        ? ` (${f.live.detail.plain})`
        : ''
  const owner = f.owner ? ` Owner: ${f.owner}.` : ''
  return `${who}: ${f.reason.plain}${live}${owner}`
}

function result(f: Finding, ruleIndex: number, options: SarifOptions, account: string): object {
  const code = f.isRoot ? undefined : options.codeLocations.get(f.user.toLowerCase())
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity ?? 'high'],
    message: { text: message(f, account) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: code?.uri ?? virtualUri(f) },
          region: { startLine: code?.line ?? 1 }
        }
      }
    ],
    partialFingerprints: { primaryLocationLineHash: fingerprint(f) },
    properties: {
      account: f.account,
      user: f.user,
      arn: f.arn,
      severity: f.severity,
      ...(f.owner ? { owner: f.owner } : {}),
      ...(f.privilegedVia ? { privilegedVia: f.privilegedVia.plain } : {}),
      ...(f.password
        ? { passwordLastUsed: f.password.lastUsed ?? 'never', inactive: f.password.inactive }
        : {})
    }
  }
}

/** Every rule in SARIF form: each run lists them all, also those without results. */
export function rules(): object[] {
  return RULES.map(r => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.short },
    fullDescription: { text: r.full.plain },
    help: { text: helpText(r), markdown: helpMarkdown(r) },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      // GitHub shows at most 10 tags a rule: the security tag, then the standards' controls.
      tags: ['security', 'mfa', ...mappingTags(r.id)],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[r.severity]
    }
  }))
}

/** The SARIF log for a complete scan. Only failing findings are results (open alerts). */
export function buildSarif(scan: ScanResult, options: SarifOptions): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]))
  const failing = new Map<string, Finding[]>()
  for (const f of allFindings(scan.evaluation)) {
    if (f.verdict !== 'fail' || options.accepted?.has(f)) continue
    const list = failing.get(f.account)
    if (list) list.push(f)
    else failing.set(f.account, [f])
  }
  const runs = scan.accounts.map(account => ({
    tool: {
      driver: {
        name: TOOL_NAME,
        version: options.toolVersion,
        informationUri: INFORMATION_URI,
        rules: rules()
      }
    },
    automationDetails: { id: `${options.category}/${account}/` },
    results: (failing.get(account) ?? []).map(f =>
      result(f, ruleIndex.get(f.rule) ?? 0, options, accountLabel(scan, account))
    ),
    properties: {
      scannedAt: scan.scannedAt,
      reportGeneratedAt: reportOf(scan, account).generatedAt ?? null,
      mode: scan.mode
    }
  }))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs
  }
}
