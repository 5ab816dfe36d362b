// Getting the IAM credential report: generate, poll with backoff until complete, then download.
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient
} from '@aws-sdk/client-iam'
import { ReportFormatError } from '../report/report-error.js'
import { describeAwsError, errorCode } from './aws-error.js'

export interface ReportFetchOptions {
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (message: string) => void
  readonly nowMs: () => number
  /** Give up after waiting this long for the report to complete. */
  readonly maxWaitMs: number
  /** Random in [0, 1), for jitter. */
  readonly random: () => number
}

export interface FetchedReport {
  readonly text: string
  readonly generatedAt: Date | undefined
}

const NOT_READY = new Set(['CredentialReportNotReadyException', 'ReportInProgress'])
const GONE = new Set([
  'CredentialReportNotPresentException',
  'ReportNotPresent',
  'CredentialReportExpiredException',
  'ReportExpired'
])
const BUSY = new Set([
  'LimitExceededException',
  'LimitExceeded',
  'Throttling',
  'ThrottlingException'
])

export class ReportTimeoutError extends Error {
  override readonly name = 'ReportTimeoutError'
}

async function generate(iam: IAMClient): Promise<string> {
  try {
    const out = await iam.send(new GenerateCredentialReportCommand({}))
    return out.State ?? 'UNKNOWN'
  } catch (error) {
    const code = errorCode(error)
    if (BUSY.has(code)) return `busy (${code})`
    throw describeAwsError('iam:GenerateCredentialReport', error)
  }
}

/** Returns the report, or the reason it is not available yet. */
async function download(iam: IAMClient): Promise<FetchedReport | string> {
  try {
    const out = await iam.send(new GetCredentialReportCommand({}))
    if (out.ReportFormat && out.ReportFormat !== 'text/csv') {
      throw new ReportFormatError(
        `GetCredentialReport returned format ${out.ReportFormat}, not text/csv.`
      )
    }
    if (!out.Content || out.Content.length === 0) {
      throw new ReportFormatError('GetCredentialReport returned an empty report.')
    }
    return { text: Buffer.from(out.Content).toString('utf8'), generatedAt: out.GeneratedTime }
  } catch (error) {
    if (error instanceof ReportFormatError) throw error
    const code = errorCode(error)
    if (NOT_READY.has(code)) return 'not ready'
    if (GONE.has(code)) return code.includes('Expired') ? 'expired' : 'not present'
    throw describeAwsError('iam:GetCredentialReport', error)
  }
}

export async function fetchCredentialReport(
  iam: IAMClient,
  options: ReportFetchOptions
): Promise<FetchedReport> {
  const started = options.nowMs()
  for (let attempt = 0; ; attempt++) {
    let state = await generate(iam)
    if (state === 'COMPLETE') {
      const result = await download(iam)
      if (typeof result !== 'string') return result
      state = `COMPLETE, but the download said ${result}`
    }
    const waited = options.nowMs() - started
    if (waited >= options.maxWaitMs) {
      throw new ReportTimeoutError(
        `The IAM credential report did not become available within ${Math.round(options.maxWaitMs / 1000)} s ` +
          `(last state: ${state}). Nothing was concluded from this run. Re-run the workflow in a few ` +
          'minutes; AWS can take longer to build the report for large accounts.'
      )
    }
    const base = Math.min(1000 * 2 ** attempt, 15_000)
    const delay = Math.min(
      Math.round(base * (0.5 + options.random() / 2)),
      options.maxWaitMs - waited
    )
    options.log(
      `Credential report ${state}; waited ${Math.round(waited / 1000)} s, checking again in ${(delay / 1000).toFixed(1)} s.`
    )
    await options.sleep(Math.max(delay, 1))
  }
}
