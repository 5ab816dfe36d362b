// Getting the report rows and root facts: from a saved file (offline) or from AWS (live).
import type { IAMClient } from '@aws-sdk/client-iam'
import { count } from '../text/words.js'
import { formatTime } from '../text/time.js'
import { resolve } from 'node:path'
import { accountAlias } from '../accounts/account-alias.js'
import type { CredentialSource } from '../accounts/account-credentials.js'
import { callerAccount, rootFacts } from '../aws/account-facts.js'
import { AwsCallError } from '../aws/aws-error.js'
import { fetchCredentialReport } from '../aws/credential-report.js'
import type { Inputs } from '../config/inputs.js'
import type { ReportRow, RootFacts } from '../core/types.js'
import { checkedReportRows, checkGeneratedAt } from '../report/check-report.js'
import { readReportFile } from '../report/read-report-file.js'
import { UNNAMED_SOURCE } from '../report/report-source.js'
import type { Deps } from '../runtime/deps.js'

export interface Gathered {
  readonly mode: 'live' | 'offline'
  readonly rows: readonly ReportRow[]
  readonly generatedAt: Date | undefined
  readonly origin: string
  readonly rootFacts: RootFacts | undefined
  readonly callerAccount: string | undefined
  /** The account alias, when it has one and it could be read; undefined offline. */
  readonly alias: string | undefined
  /** The IAM client with live credentials, for enrichment; undefined offline. */
  readonly iam: IAMClient | undefined
}

/** The report of a saved file, read offline (`path` relative to the workspace). */
export async function gatherOffline(path: string, deps: Deps): Promise<Gathered> {
  const full = resolve(deps.env['GITHUB_WORKSPACE'] ?? process.cwd(), path)
  return deps.io.group('Credential report (offline)', async () => {
    deps.io.info(`Reading the saved credential report ${full}; no AWS call is made.`)
    const saved = await readReportFile(full, path, deps.now())
    const rows = saved.rows
    deps.io.info(`Parsed ${count(rows.length, 'row')}.`)
    return {
      mode: 'offline',
      rows,
      generatedAt: saved.generatedAt,
      origin: path,
      rootFacts: undefined,
      callerAccount: undefined,
      alias: undefined,
      iam: undefined
    }
  })
}

/** Reads one account's report and root facts live, with `credentials` (default chain if undefined). */
export async function gatherLive(
  credentials: CredentialSource | undefined,
  expectedAccount: string | undefined,
  inputs: Inputs,
  deps: Deps
): Promise<Gathered> {
  const { io } = deps
  const iam = deps.iam(inputs.awsRegion, credentials)
  const account = await callerAccount(deps.sts(inputs.awsRegion, credentials))
  if (expectedAccount && account && account !== expectedAccount)
    throw new AwsCallError(
      `The credentials for account ${expectedAccount} belong to account ${account}; check the role ARN.`,
      'sts:GetCallerIdentity',
      'WrongAccount'
    )
  io.info(`Scanning AWS account ${account ?? 'unknown'} (region ${inputs.awsRegion}).`)
  const report = await io.group('Credential report', async () => {
    const fetched = await fetchCredentialReport(iam, {
      sleep: deps.sleep,
      log: m => io.info(m),
      nowMs: () => deps.now().getTime(),
      maxWaitMs: deps.reportWaitMs,
      random: deps.random
    })
    const rows = checkedReportRows(fetched.text, UNNAMED_SOURCE, account)
    checkGeneratedAt(fetched.generatedAt, deps.now(), UNNAMED_SOURCE)
    io.info(
      `Credential report generated ${fetched.generatedAt ? formatTime(fetched.generatedAt) : 'at an unknown time'}: ${count(rows.length, 'row')}.`
    )
    return { rows, generatedAt: fetched.generatedAt }
  })
  const facts = await rootFacts(iam)
  const alias = await accountAlias(iam)
  if (alias.problem) io.info(alias.problem)
  return {
    mode: 'live',
    ...report,
    origin: 'GetCredentialReport',
    rootFacts: facts,
    callerAccount: account,
    alias: alias.alias,
    iam
  }
}
