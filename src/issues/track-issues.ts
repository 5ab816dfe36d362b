// The issue step of a complete scan: check the repository, list the action's issues, plan, and
// apply (or, in a dry run, only show) the operations.
import { allFindings } from '../core/all-findings.js'
import { md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import type { Inputs } from '../config/inputs.js'
import { accountLabel, reportOf, type ScanResult } from '../core/scan-result.js'
import type { LiveCheck } from '../core/types.js'
import type { Deps } from '../runtime/deps.js'
import { applyOps, type Applied } from './apply-issue-ops.js'
import type { CloseEvidence } from './close-evidence.js'
import { isAssignable, isPublic, listIssues, whoAmI, type Repo } from './github-issues.js'
import type { ExistingIssue, IssuePlan, PlanOptions } from './issue-plan.js'
import { planIssues } from './plan-issues.js'
import { reportDoubts, usersPerAccount } from './report-doubts.js'
import { triageIssues } from './triage-issues.js'

/** Checks users live (MFA devices, login profile; `NoSuchEntity` for a deleted user). */
export type Recheck = (
  users: ReadonlyArray<{ account: string; user: string }>
) => Promise<ReadonlyMap<string, LiveCheck>>

export interface IssueStep {
  readonly status: 'applied' | 'dry-run' | 'skipped' | 'refused' | 'error'
  readonly repo: string | undefined
  /** `https://github.com/owner/repo`, for links. */
  readonly repoUrl?: string
  readonly reason: Md | undefined
  readonly plan: IssuePlan | undefined
  readonly applied: Applied | undefined
  /** Why the report cannot show a fix (then no SARIF is uploaded either: it would close alerts). */
  readonly doubts?: readonly Md[]
  /** The same doubts, per account: only that account's alerts are held back. */
  readonly doubtsByAccount?: ReadonlyMap<string, readonly Md[]>
  /** Accounts whose issues this run left untouched (not scanned, or not read whole), and why. */
  readonly untouched?: ReadonlyArray<{ readonly account: string; readonly why: Md }>
}

function workflowUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com'
  const m = /^([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@/.exec(env['GITHUB_WORKFLOW_REF'] ?? '')
  return m ? `${server}/${m[1]}/actions/workflows/${m[2]?.split('/').pop() ?? ''}` : undefined
}

const step = (status: IssueStep['status'], repo: string | undefined, reason?: Md): IssueStep => ({
  status,
  repo,
  reason,
  plan: undefined,
  applied: undefined
})

type Options = Omit<PlanOptions, 'assignable'>

function planOptions(
  result: ScanResult,
  inputs: Inputs,
  existing: readonly ExistingIssue[],
  identity: string,
  env: NodeJS.ProcessEnv,
  now: Date,
  accounts: ReadonlySet<string>
): Options {
  const { tracked } = triageIssues(existing, { identity, label: inputs.issueLabel, accounts })
  const users = usersPerAccount(result)
  // Each account's issues rest on that account's own report.
  const several = result.accountScans.length > 1
  const generatedOf = (account: string): string | undefined => reportOf(result, account).generatedAt
  const evidence: CloseEvidence = {
    reportGeneratedAt: result.report.generatedAt,
    ...(several ? { reportGeneratedAtOf: generatedOf } : {}),
    doubts: reportDoubts(result, tracked),
    live: new Map(),
    rootLive: result.mode === 'live'
  }
  return {
    identity,
    issueLabel: inputs.issueLabel,
    acceptedRiskLabel: inputs.acceptedRiskLabel,
    evidence,
    strength: !result.settings.requirePhishingResistant
      ? 'off'
      : result.mode === 'offline'
        ? 'unknown'
        : 'checked',
    maxNewIssues: inputs.maxNewIssues,
    policyChecked: new Set((result.evaluation.policyFindings ?? []).map(f => f.account)),
    accounts,
    context: {
      accountLabel: account => accountLabel(result, account),
      liveChecks: result.liveChecks === 'on',
      savedReport: result.mode === 'offline',
      workflowUrl: workflowUrl(env),
      reportUsers: account => users.get(account),
      ...(result.report.generatedAt ? { reportGeneratedAt: result.report.generatedAt } : {}),
      ...(several ? { reportGeneratedAtOf: generatedOf } : {})
    },
    now
  }
}

/** Re-plans with live checks of the users whose close the report alone cannot back. */
async function withLiveEvidence(
  plan: IssuePlan,
  recheck: Recheck | undefined,
  options: Options,
  replan: (options: Options) => IssuePlan
): Promise<IssuePlan> {
  const wanted = plan.held.filter(h => h.liveWouldHelp && h.user !== '')
  if (!recheck || wanted.length === 0) return plan
  const live = await recheck(wanted.map(h => ({ account: h.account, user: h.user })))
  if (live.size === 0) return plan
  return replan({ ...options, evidence: { ...options.evidence, live } })
}

export async function trackIssues(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps,
  recheck?: Recheck,
  /** The accounts whose issues may change: those read whole (default: every scanned account). */
  settled: ReadonlySet<string> = new Set(result.accounts)
): Promise<IssueStep> {
  const { io, env } = deps
  const full = inputs.issueRepository ?? env['GITHUB_REPOSITORY']
  if (!inputs.createIssues) return step('skipped', full, md`\`create-issues\` is false.`)
  const [owner, name] = (full ?? '').split('/')
  if (!owner || !name)
    return step(
      'skipped',
      undefined,
      md`no repository: set \`issue-repository\` or run in a workflow.`
    )
  const token = inputs.issueToken ?? inputs.githubToken
  if (!token) return step('skipped', full, md`\`github-token\` (or \`issue-token\`) is empty.`)
  io.setSecret(token)
  const repo: Repo = { owner, repo: name }
  const repoUrl = `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${owner}/${name}`
  return io.group(`Tracking issues in ${full}`, async () => {
    try {
      const octokit = deps.github(token)
      if (!inputs.allowPublicRepository && (await isPublic(octokit, repo))) {
        return step(
          'refused',
          full,
          md`${full ?? ''} is public: IAM user names and account ids would be published in its issues. Track them in a private repository (\`issue-repository: owner/private-repo\`), or set \`allow-public-repository: true\` to accept that.`
        )
      }
      const identity = await whoAmI(octokit)
      const existing = await listIssues(octokit, repo, inputs.issueLabel, identity, m => io.info(m))
      const findings = allFindings(result.evaluation)
      const failing = findings.filter(f => f.verdict === 'fail')
      const logins = [
        ...new Set(
          failing.map(f => f.owner).filter((o): o is string => o !== undefined && !o.includes('/'))
        )
      ]
      const assignable = new Map<string, boolean>()
      for (const login of logins) assignable.set(login, await isAssignable(octokit, repo, login))
      const options = planOptions(result, inputs, existing, identity, env, deps.now(), settled)
      const first = planIssues(findings, existing, {
        ...options,
        assignable: login => assignable.get(login) ?? false
      })
      const plan = await withLiveEvidence(first, recheck, options, plan2 =>
        planIssues(findings, existing, {
          ...plan2,
          assignable: login => assignable.get(login) ?? false
        })
      )
      const doubtsByAccount = options.evidence.doubts
      const doubts = [...doubtsByAccount.values()].flat()
      for (const h of plan.held) io.info(`[#${h.number}] kept open: ${h.why.plain}.`)
      for (const i of plan.ignored) io.info(`[#${i.number}] left alone: ${i.why.plain}.`)
      io.info(
        `${count(existing.length, 'tracked issue')} found; plan: ${count(plan.ops.length, 'operation')}, ${count(plan.waiting, 'new issue')} waiting for a later run.`
      )
      if (inputs.dryRun) {
        for (const op of plan.ops)
          io.info(
            `[dry-run] ${op.kind} ${op.kind === 'create' ? `"${op.title}"` : `#${op.number}`}`
          )
        return {
          status: 'dry-run',
          repo: full,
          repoUrl,
          reason: undefined,
          plan,
          applied: undefined,
          doubts,
          doubtsByAccount
        }
      }
      const applied = await applyOps(
        octokit,
        repo,
        plan.ops,
        { label: inputs.issueLabel, identity },
        m => io.info(m)
      )
      return {
        status: 'applied',
        repo: full,
        repoUrl,
        reason: undefined,
        plan,
        applied,
        doubts,
        doubtsByAccount
      }
    } catch (error) {
      // A bug in the action is not GitHub refusing a read: it goes up, reported as a bug.
      if (
        error instanceof TypeError ||
        error instanceof ReferenceError ||
        error instanceof RangeError
      )
        throw error
      const message = error instanceof Error ? error.message : String(error)
      return step(
        'error',
        full,
        md`GitHub refused a read (${message}); no issue was changed. The token needs \`issues: write\` on ${full ?? 'the repository'}.`
      )
    }
  })
}
