// Offline: the whole process on a saved credential report (the JSON `aws iam get-credential-report`
// prints), no AWS or GitHub call; sizes interleaved run by run so drift in machine load hits every size
// alike, after one warm-up run each. Reports the median of several runs.
import { userPlan } from './seed.mjs'
import { environment } from './environment.mjs'
import { expectSuccess, runAction } from './run-action.mjs'

const ACCOUNT = '111122223333'
const DAY = 86_400_000
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,' +
  'cert_1_last_rotated,cert_2_active,cert_2_last_rotated'

const iso = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** A credential report of `users` users of the seeding plan (10% failing) and a root with MFA. */
export function savedReport(users, now = Date.now()) {
  const root =
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,${iso(now - 2400 * DAY)},not_supported,` +
    `${iso(now - 30 * DAY)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
  const rows = Array.from({ length: users }, (_, i) => {
    const { name, failing } = userPlan(i)
    const created = now - (30 + (i % 700)) * DAY
    const key =
      i % 3 === 0
        ? ['true', iso(created + DAY), iso(now - (i % 20) * DAY), 'us-east-1', 's3']
        : ['false', 'N/A', 'N/A', 'N/A', 'N/A']
    return [
      name,
      `arn:aws:iam::${ACCOUNT}:user/${name}`,
      iso(created),
      'true',
      iso(now - (1 + (i % 40)) * DAY),
      iso(created + DAY),
      'N/A',
      String(!failing),
      ...key,
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A'
    ].join(',')
  })
  const csv = `${[HEADER, root, ...rows].join('\n')}\n`
  return JSON.stringify({
    Content: Buffer.from(csv).toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: iso(now - 3_600_000)
  })
}

const INPUTS = {
  'credential-report': 'credential-report.json',
  'create-issues': 'false',
  'upload-sarif': 'false',
  'upload-artifact': 'false'
}

export async function measureOffline({ sizes, runs, log }) {
  const now = Date.now()
  const cases = sizes.map(users => ({
    users,
    failing: Math.ceil(users / 10),
    report: savedReport(users, now),
    timesMs: [],
    peakRssKiB: [],
    summaryBytes: 0
  }))
  const once = async c => {
    const run = expectSuccess(
      await runAction(INPUTS, {}, { files: { 'credential-report.json': c.report } }),
      `offline, ${c.users} users`
    )
    c.summaryBytes = run.summaryBytes
    return run
  }
  for (const c of cases) await once(c)
  for (let r = 0; r < runs; r++) {
    for (const c of cases) {
      const run = await once(c)
      c.timesMs.push(Math.round(run.wallMs))
      c.peakRssKiB.push(run.peakRssKiB)
    }
    log(
      `offline run ${r + 1} of ${runs}: ${cases.map(c => `${c.users} users ${c.timesMs.at(-1)} ms`).join(', ')}`
    )
  }
  return {
    measuredAt: new Date().toISOString(),
    environment: environment(),
    runs,
    cases: cases.map(c => ({
      users: c.users,
      failing: c.failing,
      timesMs: c.timesMs,
      peakRssKiB: c.peakRssKiB,
      summaryBytes: c.summaryBytes
    }))
  }
}
