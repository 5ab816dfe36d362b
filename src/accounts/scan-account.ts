// The per-account pipeline: credentials, the credential report, evaluation and live checks, for one
// account; the same for a run of one account and for each account of many.
import type { STSClient } from '@aws-sdk/client-sts'
import { callCounter, counting } from '../aws/call-counter.js'
import type { Inputs } from '../config/inputs.js'
import { evaluate } from '../core/evaluate.js'
import { rootStrengthOffline } from '../core/root-strength.js'
import type { Evaluation } from '../core/types.js'
import type { EvidenceFacts } from '../evidence/account-evidence.js'
import type { Recheck } from '../issues/track-issues.js'
import type { Deps } from '../runtime/deps.js'
import { enrichLive } from '../scan/enrich-live.js'
import { gatherLive, type Gathered } from '../scan/gather.js'
import { recheckUsers } from '../scan/recheck-users.js'
import { judgeRootLive } from '../scan/root-strength-live.js'
import { assumeRole, renewing, type CredentialSource } from './account-credentials.js'
import { oidcSource } from './oidc-source.js'
import type { Target } from './resolve-targets.js'

/** One account scanned: what was read and judged. */
export interface ScannedAccount {
  readonly gathered: Gathered
  readonly evaluation: Evaluation
  readonly recheck: Recheck | undefined
  /** How the verdicts were reached, beyond the report and the findings (the AWS calls made, …). */
  readonly evidence?: EvidenceFacts
}

async function credentialsFor(
  target: Target,
  base: CredentialSource | undefined,
  inputs: Inputs,
  deps: Deps
): Promise<CredentialSource | undefined> {
  const { io } = deps
  if (target.via === 'chain' || !target.roleArn) {
    io.info('`role-to-assume` is empty: using the default AWS credential chain.')
    return undefined
  }
  if (target.via === 'oidc') return oidcSource(target.roleArn, inputs, deps)
  const roleArn = target.roleArn
  // The base credentials are renewed too, so the STS client asks for them on every assume.
  const sts: STSClient = deps.sts(inputs.awsRegion, base)
  const source = renewing(
    () => assumeRole(sts, { roleArn, sessionName: inputs.roleSessionName }, s => io.setSecret(s)),
    () => deps.now().getTime()
  )
  await source()
  io.info(`Assumed ${roleArn}.`)
  return source
}

/** Evaluates a gathered report and adds what live checks can tell. */
export async function judge(
  gathered: Gathered,
  inputs: Inputs,
  deps: Deps
): Promise<ScannedAccount> {
  const reportOnly = evaluate(
    gathered.rows,
    {
      gracePeriodDays: inputs.gracePeriodDays,
      inactiveDays: inputs.inactiveDays,
      exemptions: inputs.exemptions,
      rootFacts: gathered.rootFacts
    },
    deps.now()
  )
  const enriched = gathered.iam
    ? await enrichLive(
        reportOnly,
        gathered.iam,
        { inputs, generatedAt: gathered.generatedAt, rows: gathered.rows },
        deps
      )
    : reportOnly
  // Root's MFA kind (Security Hub IAM.6) is judged under `require-phishing-resistant`, as users' are.
  const evaluation = !inputs.requirePhishingResistant
    ? enriched
    : gathered.iam
      ? await judgeRootLive(enriched, gathered.iam, gathered.rootFacts, deps)
      : rootStrengthOffline(enriched)
  const recheck = gathered.iam
    ? recheckUsers(gathered.iam, gathered.callerAccount, gathered.generatedAt, deps.now)
    : undefined
  const read = evaluation.policyRead
  const evidence = read && {
    awsCalls: [],
    policyAnalysis: { users: read.users, strategy: read.strategy },
    ...(read.simulation ? { simulation: read.simulation } : {})
  }
  return { gathered, evaluation, recheck, ...(evidence ? { evidence } : {}) }
}

/** Scans the account of `target`; throws what stopped it (the caller decides whether that ends the run). */
export async function scanAccount(
  target: Target,
  base: CredentialSource | undefined,
  inputs: Inputs,
  deps: Deps
): Promise<ScannedAccount> {
  // Every AWS call made for this account is counted, as evidence of how its verdicts were reached.
  const calls = callCounter()
  const counted: Deps = {
    ...deps,
    iam: counting(deps.iam, 'iam', calls),
    sts: counting(deps.sts, 'sts', calls)
  }
  const credentials = await deps.io.group('AWS credentials', () =>
    credentialsFor(target, base, inputs, counted)
  )
  const gathered = await gatherLive(credentials, target.account, inputs, counted)
  const scanned = await judge(gathered, inputs, counted)
  return { ...scanned, evidence: { ...scanned.evidence, awsCalls: calls.counts() } }
}
