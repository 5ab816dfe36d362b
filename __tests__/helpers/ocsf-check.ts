// Test helper: checks a Detection Finding (OCSF 1.8.0, class 2004) has what the schema requires:
// the base event's required attributes, the finding's, the cloud profile's, their enums and the
// types of the optional attributes the action writes; and that a finding of the policy rule says it
// rests on the policies read live, not on the credential report.

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const get = (o: unknown, key: string): unknown => (isObject(o) ? o[key] : undefined)

/** Required by OCSF 1.8.0: base_event, finding (finding_info), cloud profile (cloud). */
const REQUIRED: ReadonlyArray<readonly [string, (v: unknown) => boolean]> = [
  ['activity_id', v => v === 1 || v === 2 || v === 3 || v === 0 || v === 99],
  ['category_uid', v => v === 2],
  ['class_uid', v => v === 2004],
  ['type_uid', v => typeof v === 'number'],
  ['severity_id', v => [0, 1, 2, 3, 4, 5, 6, 99].includes(v as number)],
  ['time', v => Number.isInteger(v) && (v as number) > 1e12],
  ['metadata', isObject],
  ['metadata.version', v => typeof v === 'string' && /^1\.\d+\.\d+$/.test(v)],
  ['metadata.product', isObject],
  ['finding_info', isObject],
  ['finding_info.uid', v => typeof v === 'string' && v !== ''],
  ['cloud', isObject],
  ['cloud.provider', v => typeof v === 'string' && v !== '']
]

const at = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => get(value, key), o)

const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every(x => typeof x === 'string')

/** Optional attributes: when present, of the type OCSF 1.8.0 gives them. */
const TYPED: ReadonlyArray<readonly [string, (v: unknown) => boolean]> = [
  ['status_detail', v => typeof v === 'string' && v !== ''],
  ['status_code', v => typeof v === 'string'],
  ['message', v => typeof v === 'string'],
  ['time_dt', v => typeof v === 'string' && !Number.isNaN(Date.parse(v))],
  ['finding_info.title', v => typeof v === 'string'],
  ['finding_info.desc', v => typeof v === 'string'],
  ['finding_info.types', isStrings],
  ['finding_info.data_sources', isStrings],
  ['unmapped', isObject]
]

const POLICY_RULE = 'iam.privileged_actions_without_mfa_condition'

/** A policy finding's status, time and evidence rest on the policies read live. */
function policyFindingProblems(finding: unknown): string[] {
  const problems: string[] = []
  const detail = String(at(finding, 'status_detail'))
  if (at(finding, 'status_id') !== 3 && !/policies read live at (\S+)\.$/.test(detail))
    problems.push(`status_detail does not say the policies were read live: ${detail}`)
  const readAt = /policies read live at (\S+)\.$/.exec(detail)?.[1]
  if (readAt !== undefined && Date.parse(readAt) !== at(finding, 'time'))
    problems.push(`status_detail time ${readAt} is not the finding's time`)
  if (/credential report/i.test(detail)) problems.push(`status_detail: ${detail}`)
  const sources = at(finding, 'finding_info.data_sources')
  if (!isStrings(sources) || (sources as string[]).some(s => /credential report/i.test(s)))
    problems.push(`finding_info.data_sources: ${JSON.stringify(sources)}`)
  const evidence = at(finding, 'unmapped.evidence')
  if (evidence !== undefined) {
    if (get(evidence, 'credential_report') !== undefined)
      problems.push('unmapped.evidence cites the credential report')
    if (get(evidence, 'policies_read_at') !== at(finding, 'time_dt'))
      problems.push('unmapped.evidence.policies_read_at is not the finding time')
  }
  const fact = at(finding, 'unmapped.mfa_by_policy')
  if (fact !== undefined) {
    if (
      !['enforced', 'not-enforced', 'undecided', 'not-granted'].includes(
        String(get(fact, 'status'))
      )
    )
      problems.push(`unmapped.mfa_by_policy.status: ${JSON.stringify(get(fact, 'status'))}`)
    for (const key of ['by', 'granted_by', 'unenforced', 'actions'])
      if (!isStrings(get(fact, key))) problems.push(`unmapped.mfa_by_policy.${key} is not strings`)
  }
  const simulation = at(finding, 'unmapped.simulation')
  if (
    simulation !== undefined &&
    !['proved-not-enforced', 'proved-enforced', 'not-granted', 'not-proved'].includes(
      String(get(simulation, 'outcome'))
    )
  )
    problems.push(`unmapped.simulation.outcome: ${JSON.stringify(get(simulation, 'outcome'))}`)
  return problems
}

/** Every way `finding` falls short of a Detection Finding; `[]` when it has all it must. */
export function detectionFindingProblems(finding: unknown): string[] {
  const problems: string[] = []
  for (const [path, ok] of REQUIRED)
    if (!ok(at(finding, path))) problems.push(`${path}: ${JSON.stringify(at(finding, path))}`)
  for (const [path, ok] of TYPED) {
    const value = at(finding, path)
    if (value !== undefined && !ok(value)) problems.push(`${path}: ${JSON.stringify(value)}`)
  }
  const typeUid = at(finding, 'type_uid')
  const expected = Number(at(finding, 'class_uid')) * 100 + Number(at(finding, 'activity_id'))
  if (typeUid !== expected) problems.push(`type_uid ${String(typeUid)} is not ${expected}`)
  // _entity objects need a name or a uid.
  const product = at(finding, 'metadata.product')
  if (get(product, 'name') === undefined && get(product, 'uid') === undefined)
    problems.push('metadata.product has neither name nor uid')
  const statusId = at(finding, 'status_id')
  if (statusId !== undefined && ![0, 1, 2, 3, 4, 5, 6, 99].includes(statusId as number))
    problems.push(`status_id ${String(statusId)}`)
  const remediation = at(finding, 'remediation')
  if (remediation !== undefined && typeof get(remediation, 'desc') !== 'string')
    problems.push('remediation without desc')
  const resources = at(finding, 'resources')
  if (resources !== undefined) {
    if (!Array.isArray(resources)) problems.push('resources is not an array')
    else
      for (const r of resources)
        if (get(r, 'uid') === undefined && get(r, 'name') === undefined)
          problems.push('a resource has neither uid nor name')
  }
  if (at(finding, 'finding_info.analytic.uid') === POLICY_RULE)
    problems.push(...policyFindingProblems(finding))
  return problems
}
