// An organisation: the management account's keys, organizations:ListAccounts, and a role assumed in
// each account (`organization-role-name`). Two cases:
// - several accounts straight on the emulator, a first and a repeat run keeping tracking issues;
// - a large organisation behind AWS-like latency and credential reports that take seconds to build,
//   scanned by one process with `max-parallel-accounts` at each value, then as a matrix: `mode:
//   list-accounts`, then one process per chunk of `accounts-per-job`, a few chunks at a time as
//   GitHub's `max-parallel` runs them.
// A bundle without these inputs (no `accounts` output) is reported, and the cases are skipped.
import { startAwsProxy } from './aws-proxy.mjs'
import { environment } from './environment.mjs'
import { startGithubIssuesApi } from './github-issues-api.mjs'
import { startMoto } from './moto-server.mjs'
import { mapLimit } from './pool.mjs'
import { awsEnv, runRecord, TRACKING_INPUTS } from './cases-single.mjs'
import { expectSuccess, runAction, workflowEnv } from './run-action.mjs'
import { BASE_CREDENTIALS, seedOrganization } from './seed.mjs'

export const ROLE_NAME = 'posturio-iam-mfa-audit'
const QUIET = { 'create-issues': 'false', 'upload-sarif': 'false', 'upload-artifact': 'false' }

export const NOT_SUPPORTED =
  'The bundle in dist/ has no `accounts` output: it does not scan an organisation ' +
  '(`organization-role-name`), so the organisation cases were skipped.'

/** The `accounts` output, tallied: accounts by status and failing users. */
function tally(run) {
  const list = JSON.parse(run.outputs.accounts)
  const byStatus = {}
  for (const a of list) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1
  return {
    accounts: list.length,
    byStatus,
    failing: list.reduce((n, a) => n + (a.failing ?? 0), 0)
  }
}

async function several(moto, github, { accounts, usersPerAccount, log }) {
  await moto.reset()
  github.clear()
  const org = await seedOrganization(moto.endpoint, {
    accounts,
    usersPerAccount,
    roleName: ROLE_NAME,
    log
  })
  // No latency; each account's report is new on the first run (STARTED, then ready), as in AWS.
  const aws = await startAwsProxy(moto.endpoint, {
    reportMs: [0, 0],
    baseKey: BASE_CREDENTIALS.accessKeyId,
    baseAccount: org.management
  })
  try {
    const env = { ...awsEnv(aws.url), ...workflowEnv(github.url) }
    // A probe without issues: does this bundle scan an organisation at all?
    const probe = await runAction({ ...QUIET, 'organization-role-name': ROLE_NAME }, env)
    if (probe.code === 0 && probe.outputs.accounts === undefined) return { skipped: NOT_SUPPORTED }
    expectSuccess(probe, `${accounts} accounts, probe`)
    aws.coldReports()
    const inputs = { ...TRACKING_INPUTS, 'organization-role-name': ROLE_NAME }
    const runs = {}
    for (const which of ['first', 'repeat']) {
      aws.reset()
      github.resetCounts()
      const run = expectSuccess(await runAction(inputs, env), `${accounts} accounts, ${which} run`)
      runs[which] = { ...runRecord(run, aws, github), scanned: tally(run) }
      log(
        `${accounts} accounts, ${which} run: ${(run.wallMs / 1000).toFixed(1)} s, ` +
          `${aws.total()} AWS calls, GitHub ${github.counts.writes} writes`
      )
    }
    const failing = org.accounts.reduce((n, a) => n + a.failing, 0)
    const privileged = org.accounts.reduce((n, a) => n + a.privileged, 0)
    return { accounts, usersPerAccount, failing, privileged, ...runs }
  } finally {
    await aws.stop()
  }
}

async function oneProcess(aws, env, inputs, what) {
  aws.coldReports()
  aws.reset()
  const run = expectSuccess(await runAction(inputs, env), what)
  if (run.outputs.accounts === undefined) return undefined
  return { ...runRecord(run, aws), peakInFlight: aws.peakInFlight(), scanned: tally(run) }
}

async function matrix(aws, env, base, { perJob, concurrentJobs, maxParallel, log }) {
  aws.coldReports()
  aws.reset()
  const started = Date.now()
  const list = expectSuccess(
    await runAction({ ...base, mode: 'list-accounts', 'accounts-per-job': String(perJob) }, env),
    'matrix: list-accounts'
  )
  if (list.outputs.matrix === undefined)
    return { skipped: 'No `matrix` output from `mode: list-accounts`.' }
  const listMs = Date.now() - started
  const include = JSON.parse(list.outputs.matrix).include
  log(`matrix: ${include.length} jobs, ${concurrentJobs} at a time`)
  const jobs = await mapLimit(include, concurrentJobs, async (job, k) => {
    const run = expectSuccess(
      await runAction(
        { ...base, accounts: job.accounts, 'max-parallel-accounts': String(maxParallel) },
        env
      ),
      `matrix job ${k + 1}`
    )
    return {
      wallMs: Math.round(run.wallMs),
      peakRssKiB: run.peakRssKiB,
      summaryBytes: run.summaryBytes,
      scanned: tally(run)
    }
  })
  const sum = key => jobs.reduce((n, j) => n + j.scanned[key], 0)
  return {
    perJob,
    concurrentJobs,
    maxParallel,
    jobs: jobs.length,
    listMs,
    wallMs: Date.now() - started,
    aws: aws.counts(),
    peakInFlight: aws.peakInFlight(),
    peakRssKiB: Math.max(list.peakRssKiB ?? 0, ...jobs.map(j => j.peakRssKiB ?? 0)),
    summaryBytes: Math.max(...jobs.map(j => j.summaryBytes)),
    jobWallMs: jobs.map(j => j.wallMs),
    scanned: { accounts: sum('accounts'), failing: sum('failing') }
  }
}

async function large(moto, options) {
  const { accounts, usersPerAccount, latencyMs, reportMs, parallels, log } = options
  await moto.reset()
  const org = await seedOrganization(moto.endpoint, {
    accounts,
    usersPerAccount,
    roleName: ROLE_NAME,
    log
  })
  const aws = await startAwsProxy(moto.endpoint, {
    latencyMs,
    reportMs,
    baseKey: BASE_CREDENTIALS.accessKeyId,
    baseAccount: org.management
  })
  try {
    const env = awsEnv(aws.url)
    const base = { ...QUIET, 'grace-period-days': '0', 'organization-role-name': ROLE_NAME }
    const runs = []
    for (const maxParallel of parallels) {
      const what = `${accounts} accounts, max-parallel-accounts ${maxParallel}`
      const run = await oneProcess(
        aws,
        env,
        { ...base, 'max-parallel-accounts': String(maxParallel) },
        what
      )
      if (!run) return { skipped: NOT_SUPPORTED }
      log(`${what}: ${(run.wallMs / 1000).toFixed(1)} s, ${aws.total()} AWS calls`)
      runs.push({ maxParallel, ...run })
    }
    const grid = await matrix(aws, env, base, { ...options.matrix, log })
    return {
      accounts,
      usersPerAccount,
      failing: org.accounts.reduce((n, a) => n + a.failing, 0),
      latencyMs,
      reportMs,
      runs,
      matrix: grid
    }
  } finally {
    await aws.stop()
  }
}

export async function measureOrg(options) {
  // No AWS managed policies: each account holds its own administrator policy (see seed.mjs).
  const moto = await startMoto()
  const github = await startGithubIssuesApi()
  try {
    const small = await several(moto, github, { ...options.several, log: options.log })
    if (small.skipped) return { measuredAt: new Date().toISOString(), skipped: small.skipped }
    const big = await large(moto, { ...options.large, log: options.log })
    if (big.skipped) return { measuredAt: new Date().toISOString(), skipped: big.skipped }
    return {
      measuredAt: new Date().toISOString(),
      environment: environment(),
      several: small,
      large: big
    }
  } finally {
    await github.stop()
    await moto.stop()
  }
}
