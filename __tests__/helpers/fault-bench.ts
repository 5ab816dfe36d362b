// Test fixture: an emulated account behind the AWS fault proxy and a local GitHub (tracking issues
// and code scanning), for running the bundled action through AWS faults and reading what it wrote.
import { readFileSync } from 'node:fs'
import { expect } from '@jest/globals'
import { GenerateCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam'
import { issueKey } from '../../src/issues/issue-content.js'
import { startAwsFaultProxy, type AwsFaultProxy } from './aws-fault-proxy.js'
import { serveCodeScanning, type CodeScanning } from './code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from './github-api-server.js'
import { serveIssues, type IssueStore, type StoredIssue } from './issues-api.js'
import { startMoto, type Moto } from './moto.js'
import { runBundle, workflowEnv, type BundleRun } from './run-bundle.js'
import { adminIam, TEST_ACCOUNT } from './seed-iam.js'

export interface FaultBench {
  readonly moto: Moto
  readonly proxy: AwsFaultProxy
  readonly api: GithubApiServer
  readonly store: IssueStore
  readonly scanning: CodeScanning
  /** The emulator itself, not through the proxy: for staging the account. */
  readonly iam: IAMClient
  /** The AWS and workflow environment of a run through the proxy. */
  env(extra?: Record<string, string>): Record<string, string>
  /**
   * Runs the bundled action through the proxy. GitHub's requests are counted from zero; every one
   * must be a request GitHub's API allows.
   */
  run(inputs?: Record<string, string>, env?: Record<string, string>): Promise<BundleRun>
  stop(): Promise<void>
}

export async function startFaultBench(motoEnv: Record<string, string> = {}): Promise<FaultBench> {
  const moto = await startMoto(motoEnv)
  const proxy = await startAwsFaultProxy(moto.endpoint)
  const api = await startGithubApiServer()
  const store = serveIssues(api)
  const scanning = serveCodeScanning(api)
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    AWS_ENDPOINT_URL: proxy.url,
    AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
    AWS_SECRET_ACCESS_KEY: 'x',
    ...workflowEnv(api.url),
    ...extra
  })
  return {
    moto,
    proxy,
    api,
    store,
    scanning,
    iam: adminIam(moto.endpoint),
    env,
    run: async (inputs = {}, extra = {}) => {
      api.requests.length = 0
      const r = await runBundle(
        { 'grace-period-days': '0', 'github-token': 'ghs_faultmatrix0123456789', ...inputs },
        env(extra)
      )
      expect(api.violations).toEqual([])
      return r
    },
    stop: async () => {
      await api.stop()
      await proxy.stop()
      await moto.stop()
    }
  }
}

/** Has the emulator build its credential report now, as AWS keeps one for 4 hours: runs find it ready. */
export async function reportReady(bench: FaultBench): Promise<void> {
  await bench.iam.send(new GenerateCredentialReportCommand({}))
}

/** An open tracking issue for `user`, as an earlier run left it (its body is out of date). */
export function trackedIssue(number: number, user: string): StoredIssue {
  const key = issueKey({
    account: TEST_ACCOUNT,
    user,
    rule: 'iam.users_without_mfa',
    isRoot: false
  })
  return {
    number,
    title: `IAM user ${user} in account ${TEST_ACCOUNT} can sign in without MFA`,
    body: `<!-- posturio-iam-mfa:key=${key} account=${TEST_ACCOUNT} digest=0000000000000000 -->\nOpened by an earlier run.`,
    state: 'open',
    state_reason: null,
    labels: ['iam-mfa'],
    assignees: [],
    comments: [],
    commentBy: [],
    created_at: '2026-11-01T08:00:00Z',
    author: 'github-actions[bot]',
    locked: false
  }
}

/** Replaces the store's issues and forgets uploads, so each run starts from the same GitHub. */
export function resetGithub(bench: FaultBench, issues: readonly StoredIssue[]): void {
  bench.store.issues.splice(0, bench.store.issues.length, ...structuredClone([...issues]))
  bench.store.labels.clear()
  bench.store.labels.add('iam-mfa')
  bench.scanning.uploads.length = 0
  bench.scanning.polls.length = 0
}

export interface ReportedFinding {
  readonly user: string
  readonly verdict: string
  readonly severity?: string
  readonly live?: { readonly status: string; readonly detail: string }
}

/** Each identity's finding, from the run's report file. */
export function findings(r: BundleRun): Record<string, ReportedFinding> {
  const doc = JSON.parse(readFileSync(r.outputs['report-file'] ?? '', 'utf8')) as {
    evaluation: { findings: ReportedFinding[] }
  }
  return Object.fromEntries(doc.evaluation.findings.map(f => [f.user, f]))
}

/** Users in the `non-compliant-users` output, most severe first. */
export function nonCompliant(r: BundleRun): string[] {
  return (JSON.parse(r.outputs['non-compliant-users'] ?? '[]') as Array<{ user: string }>).map(
    u => u.user
  )
}

/** The `::error::` and `::warning::` lines of a run's log. */
export function annotations(r: BundleRun, kind: 'error' | 'warning'): string[] {
  return r.stdout
    .split('\n')
    .filter(l => l.startsWith(`::${kind}::`))
    .map(l => l.slice(kind.length + 4))
}
