// Paths of report generation the emulator cannot produce, against a mocked IAM client.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  LimitExceededException
} from '@aws-sdk/client-iam'
import { mockClient } from 'aws-sdk-client-mock'
import { AwsCallError } from '../../src/aws/aws-error.js'
import { fetchCredentialReport, ReportTimeoutError } from '../../src/aws/credential-report.js'

const iamMock = mockClient(IAMClient)
afterEach(() => {
  iamMock.reset()
})

const CSV = 'user,arn\n<root_account>,arn:aws:iam::123456789012:root\n'
const GENERATED = new Date('2026-11-30T08:00:00Z')
const meta = { $metadata: {} }

function harness(maxWaitMs = 60_000) {
  let clock = 0
  const sleeps: number[] = []
  const logs: string[] = []
  return {
    sleeps,
    logs,
    options: {
      sleep: async (ms: number) => {
        sleeps.push(ms)
        clock += ms
      },
      log: (m: string) => logs.push(m),
      nowMs: () => clock,
      maxWaitMs,
      random: () => 0.5
    }
  }
}

const report = {
  Content: new TextEncoder().encode(CSV),
  ReportFormat: 'text/csv' as const,
  GeneratedTime: GENERATED
}

describe('fetchCredentialReport', () => {
  it('waits through STARTED and INPROGRESS with growing delays, then downloads and decodes the report', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves(report)
    const h = harness()
    const got = await fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), h.options)
    expect(got.text).toBe(CSV)
    expect(got.generatedAt).toEqual(GENERATED)
    expect(h.sleeps).toHaveLength(2)
    expect(h.sleeps[1]).toBeGreaterThan(h.sleeps[0] ?? Infinity)
    expect(h.logs[0]).toMatch(/Credential report STARTED; waited 0 s, checking again in/)
    expect(h.logs[1]).toMatch(/INPROGRESS/)
  })

  it('keeps polling when GetCredentialReport says the report is not ready yet', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'in progress', ...meta }))
      .resolves(report)
    const h = harness()
    await expect(
      fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), h.options)
    ).resolves.toMatchObject({ text: CSV })
    expect(h.logs[0]).toMatch(/not ready/)
  })

  it.each([
    ['expired', new CredentialReportExpiredException({ message: 'expired', ...meta })],
    ['not present', new CredentialReportNotPresentException({ message: 'none', ...meta })]
  ])('generates a new report when the old one is %s', async (_label, error) => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).rejectsOnce(error).resolves(report)
    const h = harness()
    await fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), h.options)
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2)
  })

  it('backs off when IAM answers LimitExceeded or Throttling, then succeeds', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: {}
    })
    iamMock
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(new LimitExceededException({ message: 'limit', ...meta }))
      .rejectsOnce(throttled)
      .resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves(report)
    const h = harness()
    await fetchCredentialReport(new IAMClient({ region: 'us-east-1', maxAttempts: 1 }), h.options)
    expect(h.logs.join('\n')).toMatch(/busy \(LimitExceededException\)[\s\S]*busy \(Throttling\)/)
  })

  it('gives up with a clear message when the report never completes, within the bound', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' })
    const h = harness(60_000)
    const attempt = fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), h.options)
    await expect(attempt).rejects.toThrow(ReportTimeoutError)
    await expect(attempt).rejects.toThrow(
      /did not become available within 60 s \(last state: INPROGRESS\)\. Nothing was concluded from this run/
    )
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(0)
  })

  it('names the denied IAM action and points at the README policy', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: iam:GetCredentialReport'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const attempt = fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), harness().options)
    await expect(attempt).rejects.toThrow(AwsCallError)
    await expect(attempt).rejects.toThrow(/AWS denied iam:GetCredentialReport .*"IAM policy"/)
  })

  it('refuses an empty download instead of reporting an account with no users', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).resolves({ ...report, Content: new Uint8Array() })
    await expect(
      fetchCredentialReport(new IAMClient({ region: 'us-east-1' }), harness().options)
    ).rejects.toThrow(/returned an empty report/)
  })
})
