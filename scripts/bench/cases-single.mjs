// One account at a time: 10% failing, 2% privileged, the rest with MFA, at each size; a first run
// (which opens an issue per failing user) and a repeat run with nothing changed.
import { startAwsProxy } from './aws-proxy.mjs'
import { startGithubIssuesApi } from './github-issues-api.mjs'
import { startMoto } from './moto-server.mjs'
import { BASE_CREDENTIALS, seedAccount } from './seed.mjs'
import { expectSuccess, runAction, workflowEnv } from './run-action.mjs'
import { environment } from './environment.mjs'
import { BENCH_MAX_NEW_ISSUES } from '../lib/bench-settings.mjs'

/** What the bench keeps of one run of the action. */
export function runRecord(run, aws, github) {
  return {
    wallMs: Math.round(run.wallMs),
    peakRssKiB: run.peakRssKiB,
    summaryBytes: run.summaryBytes,
    nonCompliant: Number(run.outputs['non-compliant-count'] ?? NaN),
    aws: aws.counts(),
    github: github
      ? {
          reads: github.counts.reads,
          writes: github.counts.writes,
          byRoute: { ...github.counts.byRoute }
        }
      : undefined
  }
}

export function awsEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: BASE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: BASE_CREDENTIALS.secretAccessKey
  }
}

/** Inputs of a run that keeps tracking issues for every failing user and uploads nothing. */
export const TRACKING_INPUTS = {
  'grace-period-days': '0',
  'upload-sarif': 'false',
  'upload-artifact': 'false',
  'max-new-issues': BENCH_MAX_NEW_ISSUES,
  'github-token': 'ghs_benchmark0123456789abcdefABCDEF'
}

export async function measureSingle({ sizes, log }) {
  // AWS's managed policies, so users can hold AdministratorAccess itself.
  const moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  const aws = await startAwsProxy(moto.endpoint)
  const github = await startGithubIssuesApi()
  const env = { ...awsEnv(aws.url), ...workflowEnv(github.url) }
  const cases = []
  try {
    for (const users of sizes) {
      await moto.reset()
      github.clear()
      const seedStarted = Date.now()
      const counts = await seedAccount(moto.endpoint, users, { concurrency: 16 })
      const seedMs = Date.now() - seedStarted
      log(`${users} users seeded in ${(seedMs / 1000).toFixed(1)} s`)
      const runs = {}
      for (const which of ['first', 'repeat']) {
        aws.reset()
        github.resetCounts()
        const run = expectSuccess(
          await runAction(TRACKING_INPUTS, env),
          `${users} users, ${which} run`
        )
        runs[which] = runRecord(run, aws, github)
        if (github.counts.unknown.length > 0)
          log(`GitHub requests the stand-in does not know: ${github.counts.unknown.join(', ')}`)
        log(
          `${users} users, ${which} run: ${(run.wallMs / 1000).toFixed(1)} s, ${aws.total()} AWS calls, ` +
            `GitHub ${github.counts.reads} reads / ${github.counts.writes} writes`
        )
      }
      if (runs.first.nonCompliant !== counts.failing)
        log(
          `note: the action found ${runs.first.nonCompliant} failing, the plan has ${counts.failing}`
        )
      cases.push({ ...counts, seedMs, ...runs })
    }
  } finally {
    await github.stop()
    await aws.stop()
    await moto.stop()
  }
  return { measuredAt: new Date().toISOString(), environment: environment(), cases }
}
