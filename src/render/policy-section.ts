// The summary's part on MFA by policy: privileged users whose privileged actions do not require MFA
// (with the policy that fixes it), and each console user's enforcement, folded.
import { enforcementLine } from '../core/policy-findings.js'
import type { ScanResult } from '../core/scan-result.js'
import type { Finding } from '../core/types.js'
import { code, details, join, lines, md, table, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { fixTarget } from './enforcement-lines.js'
import { SEVERITY } from './finding-cells.js'
import { mfaPolicyFix, NEW_GROUP } from './mfa-policy-fix.js'
import { section } from './sections.js'
import { simulationEvidence } from './simulation-table.js'

/** Rows shown at most in each list; the report file has every user. */
export const POLICY_ROWS_MAX = 100

const more = (n: number): Md | undefined =>
  n > POLICY_ROWS_MAX
    ? md`… and ${count(n - POLICY_ROWS_MAX, 'more user')}: the report file lists every one.`
    : undefined

/** Whose privilege the failing identities' table already explains (its "Why privileged" list). */
const explainedAbove = (r: ScanResult): Set<string> =>
  new Set(
    r.evaluation.findings
      .filter(f => f.verdict === 'fail' && f.privilegedVia)
      .map(f => `${f.account}/${f.user}`)
  )

function failingTable(failing: readonly Finding[], several: boolean, above: Set<string>): Md {
  const head = [
    ...(several ? ['Account'] : []),
    'Severity',
    'User',
    'Privileged through',
    'MFA by policy',
    'Attach the fix to'
  ]
  const rows = failing.slice(0, POLICY_ROWS_MAX).map(f => {
    const target = fixTarget(f)
    return [
      ...(several ? [code(f.account)] : []),
      f.severity ? SEVERITY[f.severity] : md``,
      code(f.user),
      above.has(`${f.account}/${f.user}`)
        ? md`see *Why privileged* above`
        : (f.privilegedVia ?? md``),
      f.enforcement ? enforcementLine(f.enforcement) : f.reason,
      target.group ? md`group ${code(target.group)}` : md`new group ${code(NEW_GROUP)}`
    ]
  })
  return lines(table(head, rows), more(failing.length))
}

/** Console users' enforcement, one line each, folded. */
function consoleList(r: ScanResult, several: boolean): Md | undefined {
  const users = r.evaluation.findings.filter(f => f.enforcement && f.password && !f.isRoot)
  if (users.length === 0) return undefined
  const enforced = users.filter(f => f.enforcement?.status === 'enforced').length
  const items = users.slice(0, POLICY_ROWS_MAX).map(f => {
    const who = several ? md`${code(f.account)} ${code(f.user)}` : code(f.user)
    return md`- ${who}: ${f.enforcement ? enforcementLine(f.enforcement) : md``}`
  })
  return details(
    md`MFA by policy for ${count(users.length, 'console user')}: enforced for ${enforced}`,
    lines(join(items, '\n'), more(users.length))
  )
}

/** Users whose simulation is shown at most; the report file has every one. */
export const SIMULATED_SHOWN = 20

/** Each simulated privileged user's proof (verdict, table, disagreement), folded. */
function simulationBlock(judged: readonly Finding[], several: boolean): Md | undefined {
  const simulated = judged.filter(f => f.simulation)
  if (simulated.length === 0) return undefined
  const proofs = simulated.slice(0, SIMULATED_SHOWN).map(f => {
    const who = several ? md`${code(f.account)} ${code(f.user)}` : code(f.user)
    const sim = f.simulation
    return lines(md`**${who}**`, md``, sim ? simulationEvidence(sim.outcome, sim.reconciled) : md``)
  })
  const rest =
    simulated.length > SIMULATED_SHOWN
      ? md`… and ${count(simulated.length - SIMULATED_SHOWN, 'more user')}: the report file has every simulation.`
      : undefined
  return details(
    md`Proof by simulation for ${count(simulated.length, 'privileged user')}`,
    lines(join(proofs, '\n\n'), rest && md``, rest)
  )
}

/** Undecided by the policies, and not proved by a simulation either. */
const undecided = (f: Finding): boolean =>
  f.enforcement?.status === 'undecided' && f.simulation?.reconciled.decidedBy !== 'simulation'

function intro(failing: readonly Finding[], privileged: number, actions: readonly string[]): Md {
  const unknown = failing.filter(undecided).length
  const open = failing.length - unknown
  const what = join(
    actions.map(a => code(a)),
    ', '
  )
  const opened =
    open > 0
      ? md`${open} of ${count(privileged, 'privileged user')} can call privileged actions (${what}) without MFA: no identity policy makes MFA a condition of them.`
      : md``
  const notKnown =
    unknown > 0
      ? md`${open > 0 ? md` ` : md``}For ${count(unknown, 'privileged user')}${open > 0 ? md`` : md` of ${privileged}`}, the policies do not decide whether ${actions.length === 1 ? 'the action requires' : md`the actions (${what}) require`} MFA (undecided): ${unknown === 1 ? 'it counts' : 'they count'} as failing until shown otherwise.`
      : md``
  return md`${opened}${notKnown}`
}

export function policySection(r: ScanResult): Md | undefined {
  const judged = r.evaluation.policyFindings
  if (!judged) return undefined
  const several = r.accounts.length > 1
  const failing = judged.filter(f => f.verdict === 'fail')
  // Exempt users are judged by no one here: they are neither counted as passing nor as failing.
  const privileged = judged.filter(f => f.privilegedVia && f.verdict !== 'exempt').length
  const exempt = judged.filter(f => f.privilegedVia && f.verdict === 'exempt').length
  const exemptNote =
    exempt > 0
      ? md` ${count(exempt, 'privileged user')} exempt by \`exempt-users\` ${exempt === 1 ? 'is' : 'are'} not judged.`
      : md``
  const folded = consoleList(r, several)
  const proofs = simulationBlock(judged, several)
  const first = failing[0]
  if (!first) {
    const line =
      privileged === 0
        ? md`No privileged IAM user is judged here, so none can call privileged actions without MFA.${exemptNote}`
        : md`The privileged actions of ${count(privileged, 'privileged user')} require MFA (or are not granted) by policy.${exemptNote}`
    return lines(line, ...(proofs ? [md``, proofs] : []), ...(folded ? [md``, folded] : []))
  }
  return section(
    'Privileged actions without MFA',
    lines(
      md`${intro(failing, privileged, first.enforcement?.actions ?? [])}${exemptNote}`,
      md``,
      failingTable(failing, several, explainedAbove(r)),
      md``,
      mfaPolicyFix(fixTarget(first)),
      ...(proofs ? [md``, proofs] : []),
      ...(folded ? [md``, folded] : [])
    )
  )
}
