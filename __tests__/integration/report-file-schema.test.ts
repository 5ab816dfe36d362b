// Real report files against their published schema (docs/report-file.schema.json): the bundle on
// the bundled sample (npm run demo, offline) and live against the AWS emulator, whose evidence
// must count the very calls the emulator answered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { IAMClient } from '@aws-sdk/client-iam'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startCountingProxy, type CountingProxy } from '../../scripts/lib/counting-proxy.mjs'
import { startMoto, REPO_ROOT, type Moto } from '../helpers/moto.js'
import { seen } from '../helpers/readable.js'
import { reportSchemaErrors } from '../helpers/report-schema.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, seedUsers } from '../helpers/seed-iam.js'

type Doc = Record<string, unknown> & {
  accountScans: Array<{
    evidence: {
      root: string
      credentialReport: { source: string }
      liveVerification: { status: string; users: number; confirmed: number }
      awsCalls: Array<{ operation: string; calls: number }>
    }
  }>
  evaluation: { findings: Array<Record<string, unknown>> }
}

const readDoc = (path: string): Doc => JSON.parse(readFileSync(path, 'utf8')) as Doc

let moto: Moto
let proxy: CountingProxy
let iam: IAMClient
let demoReport: Doc
let liveRun: BundleRun
let liveReport: Doc

beforeAll(async () => {
  const demo = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs')], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' }
  })
  expect(demo.status).toBe(0)
  demoReport = readDoc(/report-file: (.+)/.exec(demo.stdout)?.[1] ?? '')

  moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' })
  proxy = await startCountingProxy(moto.endpoint)
  iam = adminIam(moto.endpoint)
  await seedUsers(iam, [
    { name: 'alice', console: true },
    { name: 'bob', console: true, mfa: true },
    { name: 'ci-bot', accessKey: true }
  ])
  proxy.reset()
  liveRun = await runBundle(
    { 'grace-period-days': '0' },
    {
      AWS_ENDPOINT_URL: proxy.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATORTESTKEY1',
      AWS_SECRET_ACCESS_KEY: 'x'
    }
  )
  liveReport = readDoc(liveRun.outputs['report-file'] ?? '')
}, 180_000)

afterAll(async () => {
  await proxy.stop()
  await moto.stop()
})

describe('the JSON report file against its schema', () => {
  it('validates the report of the bundle on the bundled sample (npm run demo)', () => {
    expect(reportSchemaErrors(demoReport)).toEqual([])
    expect(demoReport.evaluation.findings).toHaveLength(13)
    expect(demoReport.accountScans[0]?.evidence.credentialReport.source).toBe('file')
  })

  it('validates the report of a live run against the AWS emulator', () => {
    expect(liveRun.code).toBe(0)
    expect(reportSchemaErrors(liveReport)).toEqual([])
  })

  it('fails a report whose values have the wrong type or shape, naming where', () => {
    const broken = (change: (d: Doc) => void): string => {
      const copy = structuredClone(liveReport)
      change(copy)
      return reportSchemaErrors(copy).join('\n')
    }
    const finding = (d: Doc): Record<string, unknown> => {
      const f = d.evaluation.findings[0]
      if (!f) throw new Error('no finding')
      return f
    }
    const evidence = (d: Doc): Record<string, unknown> => {
      const e = d.accountScans[0]?.evidence
      if (!e) throw new Error('no evidence')
      return e as unknown as Record<string, unknown>
    }
    expect(broken(d => (finding(d)['severity'] = 9))).toContain('/evaluation/findings/0/severity')
    expect(broken(d => (finding(d)['rule'] = 'iam.something_else'))).toContain(
      '/evaluation/findings/0/rule'
    )
    expect(broken(d => (d['scannedAt'] = 'yesterday'))).toContain('/scannedAt must match format')
    expect(
      broken(d => (evidence(d)['awsCalls'] = [{ operation: 'iam:GetUser', calls: '1' }]))
    ).toContain('/accountScans/0/evidence/awsCalls/0/calls must be integer')
    expect(broken(d => (evidence(d)['root'] = 'guessed'))).toContain(
      '/accountScans/0/evidence/root'
    )
    expect(broken(d => delete d['rules'])).toContain("must have required property 'rules'")
    expect(broken(d => (d['extra'] = true))).toContain('must NOT have additional properties')
  })
})

describe('the evidence of a live run', () => {
  it('counts exactly the AWS calls the account answered, per operation', () => {
    const evidence = liveReport.accountScans[0]?.evidence
    const byAction: Record<string, number> = {}
    for (const c of evidence?.awsCalls ?? []) {
      const action = c.operation.split(':')[1] ?? ''
      byAction[action] = (byAction[action] ?? 0) + c.calls
    }
    expect(byAction).toEqual(proxy.counts())
    expect(evidence?.awsCalls.map(c => c.operation)).toEqual(
      expect.arrayContaining([
        'sts:GetCallerIdentity',
        'iam:GenerateCredentialReport',
        'iam:GetCredentialReport',
        'iam:GetAccountSummary',
        'iam:ListMFADevices'
      ])
    )
  })

  it('states root from GetAccountSummary and the live re-check of the failing user', () => {
    const evidence = liveReport.accountScans[0]?.evidence
    expect(evidence?.root).toBe('GetAccountSummary')
    expect(evidence?.liveVerification).toEqual(
      expect.objectContaining({ status: 'on', users: 1, confirmed: 1 })
    )
  })

  it('says the same in the folded Evidence for reviewers of the summary', () => {
    const text = seen(liveRun.summary)
    const total = proxy.total()
    expect(text).toContain('Evidence for reviewers')
    expect(text).toMatch(
      /Credential report: AWS GetCredentialReport, generated .* UTC, 3 identities\./
    )
    expect(text).toContain(`AWS calls: ${total}: `)
    expect(text).toContain('iam.users_without_mfa: CIS AWS Foundations Benchmark v7.0.0 2.10')
  })
})
