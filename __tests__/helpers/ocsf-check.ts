// Test helper: checks a Detection Finding (OCSF 1.8.0, class 2004) has what the schema requires:
// the base event's required attributes, the finding's, the cloud profile's, and their enums.

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

/** Every way `finding` falls short of a Detection Finding; `[]` when it has all it must. */
export function detectionFindingProblems(finding: unknown): string[] {
  const problems: string[] = []
  for (const [path, ok] of REQUIRED)
    if (!ok(at(finding, path))) problems.push(`${path}: ${JSON.stringify(at(finding, path))}`)
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
  return problems
}
