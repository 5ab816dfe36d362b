// Getting the report rows and root facts: from a saved file (offline) or from AWS (live).
import type { IAMClient } from '@aws-sdk/client-iam'
import { count } from '../text/words.js'
import { formatTime } from '../text/time.js'
import { resolve } from 'node:path'
import { callerAccount, rootFacts } from '../aws/account-facts.js'
import { fetchCredentialReport } from '../aws/credential-report.js'
import { assumeRoleWithOidc } from '../aws/oidc-credentials.js'
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
  /** The IAM client with live credentials, for enrichment; undefined offline. */
  readonly iam: IAMClient | undefined
}

async function offline(path: string, deps: Deps): Promise<Gathered> {
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
      iam: undefined
    }
  })
}

async function live(inputs: Inputs, deps: Deps): Promise<Gathered> {
  const { io } = deps
  const credentials = await io.group('AWS credentials', async () => {
    if (!inputs.roleToAssume) {
      io.info('`role-to-assume` is empty: using the default AWS credential chain.')
      return undefined
    }
    const assumed = await assumeRoleWithOidc(
      deps.sts(inputs.awsRegion),
      {
        roleArn: inputs.roleToAssume,
        sessionName: inputs.roleSessionName,
        audience: inputs.audience
      },
      { getIdToken: a => io.getIdToken(a), setSecret: s => io.setSecret(s), env: deps.env }
    )
    io.info(
      `Assumed ${assumed.assumedRoleArn} with the workflow's OIDC token (audience ${inputs.audience}).`
    )
    return assumed.credentials
  })
  const iam = deps.iam(inputs.awsRegion, credentials)
  const account = await callerAccount(deps.sts(inputs.awsRegion, credentials))
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
  return {
    mode: 'live',
    ...report,
    origin: 'GetCredentialReport',
    rootFacts: facts,
    callerAccount: account,
    iam
  }
}

export function gather(inputs: Inputs, deps: Deps): Promise<Gathered> {
  return inputs.credentialReport ? offline(inputs.credentialReport, deps) : live(inputs, deps)
}
