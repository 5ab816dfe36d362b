// Test fixture: the formats on the artifact upload path. The twirp JSON messages of GitHub's results
// service (checked against the protobuf-ts code @actions/artifact generates) and its error answers
// (and Azure Blob's), the runtime token (a JWT whose `scp` names the backend ids), and a small
// reader for the zip the library uploads.
import { createHmac } from 'node:crypto'
import { crc32, inflateRawSync } from 'node:zlib'

type Kind = 'string' | 'int32' | 'int64' | 'bool' | 'StringValue' | 'Timestamp'
type Schema = Record<string, { kind: Kind; required?: true }>

const ids: Schema = {
  workflow_run_backend_id: { kind: 'string', required: true },
  workflow_job_run_backend_id: { kind: 'string', required: true }
}
/** Proto field names as sent (`useProtoFieldName: true`); `required` is what the service needs. */
export const MESSAGES = {
  CreateArtifactRequest: {
    ...ids,
    name: { kind: 'string', required: true },
    expires_at: { kind: 'Timestamp' },
    version: { kind: 'int32', required: true },
    mime_type: { kind: 'StringValue' }
  },
  CreateArtifactResponse: { ok: { kind: 'bool' }, signed_upload_url: { kind: 'string' } },
  FinalizeArtifactRequest: {
    ...ids,
    name: { kind: 'string', required: true },
    size: { kind: 'int64', required: true },
    hash: { kind: 'StringValue' }
  },
  FinalizeArtifactResponse: { ok: { kind: 'bool' }, artifact_id: { kind: 'int64' } }
} satisfies Record<string, Schema>
export type MessageName = keyof typeof MESSAGES

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/
const fits: Record<Kind, (v: unknown) => boolean> = {
  string: v => typeof v === 'string',
  StringValue: v => typeof v === 'string',
  bool: v => typeof v === 'boolean',
  int32: v => Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v)),
  int64: v => (typeof v === 'string' && /^-?\d+$/.test(v)) || Number.isInteger(v),
  Timestamp: v => typeof v === 'string' && RFC3339.test(v) && !Number.isNaN(Date.parse(v))
}

/** What protojson (twirp's decoder) or the service would refuse in `body`, as sentences. */
export function messageProblems(message: MessageName, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [`${message}: the body is not a JSON object`]
  const schema: Schema = MESSAGES[message]
  const fields = body as Record<string, unknown>
  const problems = Object.keys(fields)
    .filter(k => !(k in schema))
    .map(k => `${message}: unknown field ${k}`)
  for (const [name, { kind, required }] of Object.entries(schema)) {
    const value = fields[name]
    if (value === undefined || value === null || value === '') {
      if (required) problems.push(`${message}: missing ${name}`)
    } else if (!fits[kind](value))
      problems.push(`${message}: ${name} is not a ${kind} (${JSON.stringify(value)})`)
  }
  return problems
}

interface GeneratedField {
  name: string
  kind: string
  T: number | (() => { typeName: string })
}
const KIND_OF: Record<string, Kind> = {
  9: 'string',
  5: 'int32',
  3: 'int64',
  8: 'bool',
  'google.protobuf.StringValue': 'StringValue',
  'google.protobuf.Timestamp': 'Timestamp'
}

const sorted = (o: object): string =>
  JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)))

/** Differences between MESSAGES and the messages generated in the installed @actions/artifact. */
export async function driftFromLibrary(): Promise<string[]> {
  // The generated code is not in the package's exports: load the file itself.
  const file = '../../node_modules/@actions/artifact/lib/generated/results/api/v1/artifact.js'
  const generated = (await import(new URL(file, import.meta.url).href)) as Record<
    string,
    { fields: GeneratedField[] }
  >
  const drift: string[] = []
  for (const [message, schema] of Object.entries(MESSAGES)) {
    const fields = generated[message]?.fields ?? []
    const theirs = Object.fromEntries(
      fields.map(f => [f.name, KIND_OF[typeof f.T === 'number' ? f.T : f.T().typeName]])
    )
    const ours = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, v.kind]))
    if (sorted(theirs) !== sorted(ours))
      drift.push(`${message}: library ${JSON.stringify(theirs)}, stand-in ${JSON.stringify(ours)}`)
  }
  return drift
}

export type FaultTarget = 'CreateArtifact' | 'FinalizeArtifact' | 'blob'
/**
 * `conflict`: the name is taken; `denied`: 403; `unavailable`: 503 (the library retries it);
 * `quota`: storage used up (the library keys on "insufficient usage" in `msg`, whatever the status).
 */
export type Fault = 'conflict' | 'denied' | 'unavailable' | 'quota'

export const TWIRP_FAULTS: Record<Fault, [number, string, string]> = {
  conflict: [
    409,
    'already_exists',
    'an artifact with this name already exists on the workflow run'
  ],
  denied: [403, 'permission_denied', 'the workflow run may not create artifacts'],
  unavailable: [503, 'unavailable', 'the service is unavailable'],
  quota: [403, 'permission_denied', 'insufficient usage to create artifact']
}
export const BLOB_FAULTS: Record<Fault, [number, string, string]> = {
  conflict: [409, 'BlobAlreadyExists', 'The specified blob already exists.'],
  denied: [403, 'AuthenticationFailed', 'Signature not valid in the specified time frame.'],
  unavailable: [503, 'ServerBusy', 'The server is currently unable to receive requests.'],
  quota: [403, 'AccountQuotaExceeded', 'The storage account has exceeded its quota.']
}

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A runtime token shaped like the runner's: the library reads the backend ids from `scp`. */
export function mintRuntimeToken(runId: string, jobId: string, key: string): string {
  const now = Math.floor(Date.now() / 1000)
  const head = `${b64url({ typ: 'JWT', alg: 'HS256' })}.${b64url({
    scp: `Actions.GenericRead:${runId} Actions.UploadArtifacts:${runId}:${jobId} Actions.Results:${runId}:${jobId}`,
    iss: 'https://token.actions.githubusercontent.com',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600
  })}`
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`
}

/** The backend ids a token grants, or why it is not a valid token signed with `key`. */
export function tokenScope(token: string, key: string): { run: string; job: string } | string {
  const [head, body, sig] = token.split('.')
  if (!head || !body || !sig) return 'not a JWT'
  if (createHmac('sha256', key).update(`${head}.${body}`).digest('base64url') !== sig)
    return 'bad signature'
  const { scp, exp } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    scp?: string
    exp?: number
  }
  if (!exp || exp * 1000 < Date.now()) return 'expired'
  const scope = (scp ?? '').split(' ').find(s => s.startsWith('Actions.Results:'))
  const [, run, job] = scope?.split(':') ?? []
  return run && job ? { run, job } : 'no Actions.Results scope'
}

/** The entries of a zip archive, read from its central directory, checked against their CRC-32. */
export function readZip(zip: Buffer): { name: string; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('not a zip: no end of central directory record')
  const entries: { name: string; data: Buffer }[] = []
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory entry at ${at}`)
    const [method, crc, packed, size] = [10, 16, 20, 24].map(o =>
      o === 10 ? zip.readUInt16LE(at + o) : zip.readUInt32LE(at + o)
    ) as [number, number, number, number]
    const nameLength = zip.readUInt16LE(at + 28)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    const local = zip.readUInt32LE(at + 42)
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: no local header`)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(start, start + packed)
    const data = method === 8 ? inflateRawSync(raw) : method === 0 ? raw : undefined
    if (!data) throw new Error(`${name}: compression method ${method} not supported`)
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: corrupt entry`)
    entries.push({ name, data })
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  return entries
}
