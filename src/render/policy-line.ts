// "This run": whether MFA by policy was judged, over how many users, and what it found.
import type { ScanResult } from '../core/scan-result.js'
import { bold, code, join, md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'

export function policyLine(r: ScanResult): Md {
  const head = bold('MFA by policy:')
  const judged = r.evaluation.policyFindings
  if (r.mode === 'offline')
    return md`${head} not judged: a saved report holds no policies; a scan with live AWS credentials judges ${code('iam.privileged_actions_without_mfa_condition')}.`
  if (!judged)
    return md`${head} not judged: the users' policies could not be read (see the warnings).`
  const callers = judged.filter(f => f.enforcement).length
  const privileged = judged.filter(f => f.privilegedVia && f.verdict !== 'exempt').length
  const exempt = judged.filter(f => f.privilegedVia && f.verdict === 'exempt').length
  const failing = judged.filter(f => f.verdict === 'fail').length
  const actions = judged.find(f => f.enforcement)?.enforcement?.actions ?? []
  const what =
    actions.length > 0
      ? md` (actions judged: ${join(
          actions.map(a => code(a)),
          ', '
        )})`
      : md``
  const sim = r.accountScans.flatMap(a => (a.evidence?.simulation ? [a.evidence.simulation] : []))
  const simulated =
    sim.length > 0
      ? md` IAM's simulation of ${count(
          sim.reduce((n, s) => n + s.users, 0),
          'privileged user'
        )} without and with MFA: ${count(
          sim.reduce((n, s) => n + s.calls, 0),
          'call'
        )} to \`iam:SimulatePrincipalPolicy\`.`
      : md``
  return md`${head} the policies of ${count(callers, 'user')} who can call AWS read live; ${count(privileged, 'privileged user')} judged, ${failing} of them able to call privileged actions without MFA or undecided${what}${exempt > 0 ? md`; ${exempt} exempt` : md``}.${simulated}`
}
