// The issue step of a complete scan: check the repository, list the action's issues, plan, and
// apply (or, in a dry run, only show) the operations.
import { md, type Md } from '../text/markdown.js'
import { count } from '../text/words.js'
import type { Inputs } from '../config/inputs.js'
import type { ScanResult } from '../core/scan-result.js'
import type { Deps } from '../runtime/deps.js'
import {
  applyOps,
  isAssignable,
  isPublic,
  listIssues,
  type Applied,
  type Repo
} from './github-issues.js'
import type { IssuePlan } from './issue-plan.js'
import { planIssues } from './plan-issues.js'

export interface IssueStep {
  readonly status: 'applied' | 'dry-run' | 'skipped' | 'refused' | 'error'
  readonly repo: string | undefined
  /** `https://github.com/owner/repo`, for links. */
  readonly repoUrl?: string
  readonly reason: Md | undefined
  readonly plan: IssuePlan | undefined
  readonly applied: Applied | undefined
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

export async function trackIssues(
  result: ScanResult,
  inputs: Inputs,
  deps: Deps
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
    const octokit = deps.github(token)
    try {
      if (!inputs.allowPublicRepository && (await isPublic(octokit, repo))) {
        return step(
          'refused',
          full,
          md`${full ?? ''} is public: IAM user names and account ids would be published in its issues. Track them in a private repository (\`issue-repository: owner/private-repo\`), or set \`allow-public-repository: true\` to accept that.`
        )
      }
      const existing = await listIssues(octokit, repo, inputs.issueLabel)
      const failing = result.evaluation.findings.filter(f => f.verdict === 'fail')
      const logins = [
        ...new Set(
          failing.map(f => f.owner).filter((o): o is string => o !== undefined && !o.includes('/'))
        )
      ]
      const assignable = new Map<string, boolean>()
      for (const login of logins) assignable.set(login, await isAssignable(octokit, repo, login))
      const plan = planIssues(result.evaluation.findings, existing, {
        acceptedRiskLabel: inputs.acceptedRiskLabel,
        maxNewIssues: inputs.maxNewIssues,
        accounts: new Set(result.accounts),
        assignable: login => assignable.get(login) ?? false,
        context: {
          accountLabel: account => account,
          liveChecks: result.liveChecks === 'on',
          savedReport: result.mode === 'offline',
          workflowUrl: workflowUrl(env),
          ...(result.report.generatedAt ? { reportGeneratedAt: result.report.generatedAt } : {})
        },
        now: deps.now()
      })
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
          applied: undefined
        }
      }
      const applied = await applyOps(octokit, repo, plan.ops, inputs.issueLabel, m => io.info(m))
      return { status: 'applied', repo: full, repoUrl, reason: undefined, plan, applied }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return step(
        'error',
        full,
        md`GitHub refused a read (${message}); no issue was changed. The token needs \`issues: write\` on ${full ?? 'the repository'}.`
      )
    }
  })
}
