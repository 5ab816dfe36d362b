// The folded "Evidence for reviewers": in a few lines per account, how its verdicts were reached
// (the report, root, live re-verification, policy analysis, simulation, the AWS calls), then the
// standards the rules judged in this run map to.
import { RULE_IDS } from '../compliance/mappings.js'
import { standardsText } from '../compliance/standards-text.js'
import { accountLabel, type AccountScan, type ScanResult } from '../core/scan-result.js'
import { totalCalls, type AccountEvidence } from '../evidence/account-evidence.js'
import { bold, code, details, join, lines, md, text, type Md } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { count, grouped } from '../text/words.js'

/** Accounts shown one by one; the report file has every account's evidence. */
export const MAX_EVIDENCE_ACCOUNTS = 50

function reportLine(e: AccountEvidence): Md {
  const r = e.credentialReport
  const source = r.source === 'aws' ? md`AWS \`GetCredentialReport\`` : md`file ${code(r.origin)}`
  const when = r.generatedAt
    ? md`generated ${formatTime(r.generatedAt)}`
    : md`generation time unknown`
  return md`${bold('Credential report:')} ${source}, ${when}, ${count(r.identities, 'identity')}.`
}

function rootLine(e: AccountEvidence): Md {
  return e.root === 'GetAccountSummary'
    ? md`${bold('Root:')} judged with \`GetAccountSummary\` (password, access keys, MFA).`
    : md`${bold('Root:')} judged from the report's MFA column (no live credentials to ask \`GetAccountSummary\`).`
}

function liveLine(e: AccountEvidence): Md {
  const v = e.liveVerification
  const head = bold('Live re-verification:')
  if (v.status === 'offline') return md`${head} not possible with a saved report.`
  if (v.status === 'off') return md`${head} off (\`verify-live: false\`).`
  return md`${head} on: ${count(v.users, 'user')} checked (\`ListMFADevices\`, \`GetLoginProfile\`), ${grouped(v.fixed)} fixed, ${grouped(v.confirmed)} still failing, ${grouped(v.notReverified)} not re-verified.`
}

function callsLine(e: AccountEvidence): Md {
  const head = bold('AWS calls:')
  if (e.awsCalls.length === 0)
    return md`${head} none${e.credentialReport.source === 'file' ? md` (a saved report)` : md``}.`
  const each = e.awsCalls.map(c => md`${code(c.operation)} ${grouped(c.calls)}`)
  return md`${head} ${grouped(totalCalls(e))}: ${join(each, ', ')}.`
}

function accountLines(e: AccountEvidence): Md[] {
  const analysis = e.policyAnalysis
  const simulation = e.simulation
  return [
    reportLine(e),
    rootLine(e),
    liveLine(e),
    ...(analysis
      ? [
          md`${bold('Policy analysis:')} ${count(analysis.users, 'user')} (${text(analysis.strategy)}).`
        ]
      : []),
    ...(simulation
      ? [
          md`${bold('Simulation:')} ${count(simulation.users, 'user')}, ${count(simulation.calls, 'call')}: ${join(
            simulation.actions.map(a => code(a)),
            ', '
          )}.`
        ]
      : []),
    callsLine(e)
  ]
}

const bullets = (items: readonly Md[]): Md =>
  join(
    items.map(i => md`- ${i}`),
    '\n'
  )

/** The rules this run judged (every finding has one), each with its standards. */
function standardsLines(r: ScanResult): Md | undefined {
  const judged = new Set(r.evaluation.findings.map(f => f.rule))
  const rules = RULE_IDS.filter(id => judged.has(id))
  if (rules.length === 0) return undefined
  return lines(
    md`${bold('Standards')} of the rules judged:`,
    md``,
    bullets(rules.map(id => md`${code(id)}: ${standardsText(id)}`))
  )
}

export function evidenceSection(r: ScanResult): Md | undefined {
  const scans = r.accountScans.filter(
    (a): a is AccountScan & { evidence: AccountEvidence } => a.evidence !== undefined
  )
  if (scans.length === 0) return undefined
  const several = r.accountScans.length > 1
  const shown = scans.slice(0, MAX_EVIDENCE_ACCOUNTS)
  const accounts = several
    ? shown.map(a =>
        lines(
          md`${bold(`Account ${accountLabel(r, a.id)}`)}`,
          md``,
          bullets(accountLines(a.evidence))
        )
      )
    : shown.map(a => bullets(accountLines(a.evidence)))
  const more = scans.length - shown.length
  const body = [
    ...accounts,
    ...(more > 0
      ? [md`…and ${count(more, 'more account')}: the report file has the evidence of each.`]
      : []),
    standardsLines(r)
  ].filter((p): p is Md => p !== undefined)
  return details(md`Evidence for reviewers`, join(body, '\n\n'))
}
