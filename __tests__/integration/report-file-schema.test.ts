// Real report files against their published schema (docs/report-file.schema.json): the bundle on
// the bundled sample (npm run demo, offline) and live against the AWS emulator, whose evidence
// must count the very calls the emulator answered; then live runs whose policies make findings of
// rule iam.privileged_actions_without_mfa_condition, with their enforcement and IAM's simulation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startCountingProxy, type CountingProxy } from '../../scripts/lib/counting-proxy.mjs'
import { startMoto, REPO_ROOT, type Moto } from '../helpers/moto.js'
import { seen } from '../helpers/readable.js'
import { reportSchemaErrors } from '../helpers/report-schema.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { adminIam, seedGroup, seedUsers, TEST_ACCOUNT } from '../helpers/seed-iam.js'
import { startSimulateStandin, type SimulateStandin } from '../helpers/simulate-standin.js'
import { enforceMfaDocument } from '../../src/policy/enforce-mfa-policy.js'

type Doc = Record<string, unknown> & {
  accountScans: Array<{
    evidence: {
      root: string
      credentialReport: { source: string }
      liveVerification: { status: string; users: number; confirmed: number }
      awsCalls: Array<{ operation: string; calls: number }>
    }
  }>
  evaluation: {
    findings: Array<Record<string, unknown>>
    policyFindings?: Array<Record<string, unknown>>
    policyRead?: Record<string, unknown>
  }
}

const readDoc = (path: string): Doc => JSON.parse(readFileSync(path, 'utf8')) as Doc

let moto: Moto
let proxy: CountingProxy
let iam: IAMClient
let demoReport: Doc
let liveRun: BundleRun
let liveReport: Doc
let standin: SimulateStandin | undefined

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
  await standin?.stop()
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

describe('the report of live runs whose policies were read, against the schema', () => {
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'
  const ACTIONS = ['iam:CreateUser', 's3:DeleteBucket']
  const KEY = 'AKIAEMULATORTESTKEY1'
  let analysed: Doc
  let simulated: Doc
  let denied: Doc

  const policyOf = (d: Doc, user: string): Record<string, unknown> => {
    const f = d.evaluation.policyFindings?.find(p => p['user'] === user)
    if (!f) throw new Error(`no policy finding for ${user}`)
    return f
  }
  const runLive = async (endpoint: string, inputs: Record<string, string> = {}): Promise<Doc> => {
    const r = await runBundle(
      {
        'grace-period-days': '0',
        'create-issues': 'false',
        'upload-sarif': 'false',
        'upload-artifact': 'false',
        ...inputs
      },
      { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: 'x' }
    )
    expect(r.code).toBe(0)
    return readDoc(r.outputs['report-file'] ?? '')
  }

  beforeAll(async () => {
    // After the runs above: these users join the same emulator, straight rather than through the proxy.
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'RequireMFA',
        PolicyDocument: JSON.stringify(enforceMfaDocument())
      })
    )
    await seedGroup(iam, 'admins', [ADMIN])
    await seedGroup(iam, 'guarded', [ADMIN, created.Policy?.Arn ?? ''])
    await seedUsers(iam, [
      { name: 'open-admin', console: true, mfa: true, groups: ['admins'] },
      { name: 'guarded-admin', console: true, mfa: true, groups: ['guarded'] }
    ])
    analysed = await runLive(moto.endpoint)
    standin = await startSimulateStandin(moto.endpoint)
    const arn = (user: string): string => `arn:aws:iam::${TEST_ACCOUNT}:user/${user}`
    standin.decide(
      ACTIONS.flatMap(action => [
        {
          arn: arn('open-admin'),
          action,
          withoutMfa: 'allowed' as const,
          withMfa: 'allowed' as const
        },
        {
          arn: arn('guarded-admin'),
          action,
          withoutMfa: 'explicitDeny' as const,
          withMfa: 'allowed' as const
        }
      ])
    )
    const simulate = { 'simulate-privileged-actions': ACTIONS.join('\n') }
    simulated = await runLive(standin.url, simulate)
    standin.denyCallers([KEY])
    denied = await runLive(standin.url, simulate)
  }, 240_000)

  it('validates policy findings with the enforcement read from a group with AdministratorAccess', () => {
    expect(reportSchemaErrors(analysed)).toEqual([])
    expect(policyOf(analysed, 'open-admin')).toMatchObject({
      rule: 'iam.privileged_actions_without_mfa_condition',
      verdict: 'fail',
      remediation: 'enforce-mfa-policy',
      enforcement: { status: 'not-enforced', grantedBy: ['AdministratorAccess (via group admins)'] }
    })
    expect(policyOf(analysed, 'guarded-admin')).toMatchObject({
      verdict: 'pass',
      enforcement: { status: 'enforced', how: 'deny-without-mfa', groups: ['guarded'] }
    })
    // The console users' own findings carry the fact too.
    const signIn = analysed.evaluation.findings.find(f => f['user'] === 'guarded-admin')
    expect(signIn?.['enforcement']).toMatchObject({ status: 'enforced' })
    expect(analysed.evaluation.policyRead).toMatchObject({ users: 5 })
  })

  it("validates policy findings with IAM's simulation, proved and not proved", () => {
    expect(standin?.violations()).toEqual([])
    expect(reportSchemaErrors(simulated)).toEqual([])
    expect(policyOf(simulated, 'open-admin')['simulation']).toMatchObject({
      outcome: { kind: 'proved-not-enforced', allowedWithoutMfa: ACTIONS },
      reconciled: { enforced: false, decidedBy: 'simulation' }
    })
    expect(policyOf(simulated, 'guarded-admin')['simulation']).toMatchObject({
      outcome: { kind: 'proved-enforced' },
      reconciled: { enforced: true, decidedBy: 'simulation' }
    })
    expect(simulated.evaluation.policyRead?.['simulation']).toEqual({
      users: 2,
      calls: 4,
      actions: ACTIONS
    })
    expect(reportSchemaErrors(denied)).toEqual([])
    expect(policyOf(denied, 'open-admin')['simulation']).toMatchObject({
      outcome: { kind: 'not-proved', missingPermission: 'iam:SimulatePrincipalPolicy' },
      reconciled: { decidedBy: 'analysis' }
    })
  })

  it('fails a finding, a policy finding or an evaluation with a property the schema does not describe', () => {
    const broken = (change: (d: Doc) => void): string => {
      const copy = structuredClone(simulated)
      change(copy)
      return reportSchemaErrors(copy).join('\n')
    }
    const first = (d: Doc): Record<string, unknown> => d.evaluation.findings[0] ?? {}
    const open = (d: Doc): Record<string, unknown> => policyOf(d, 'open-admin')
    const EXTRA = 'must NOT have additional properties'
    // Every remediation the action writes is allowed.
    expect(broken(d => (first(d)['remediation'] = 'replace-root-virtual-mfa'))).toBe('')
    expect(broken(d => (first(d)['remediation'] = 'enforce-mfa-policy'))).toBe('')
    expect(broken(d => (first(d)['junk'] = 1))).toMatch(
      new RegExp(`^/evaluation/findings/0 ${EXTRA}.*"additionalProperty":"junk"`, 'm')
    )
    expect(broken(d => (open(d)['junk'] = 1))).toMatch(
      new RegExp(`^/evaluation/policyFindings/\\d+ ${EXTRA}.*"junk"`, 'm')
    )
    expect(broken(d => ((open(d)['enforcement'] as Record<string, unknown>)['junk'] = 1))).toMatch(
      new RegExp(`/evaluation/policyFindings/\\d+/enforcement ${EXTRA}`)
    )
    expect(
      broken(d => ((open(d)['enforcement'] as Record<string, unknown>)['status'] = 'maybe'))
    ).toMatch(/\/enforcement\/status must be equal to one of the allowed values/)
    expect(
      broken(
        d =>
          (((open(d)['simulation'] as Record<string, Record<string, unknown>>)['outcome'] ?? {})[
            'kind'
          ] = 'guessed')
      )
    ).toContain('/simulation/outcome')
    expect(broken(d => (open(d)['remediation'] = 'pray'))).toMatch(
      /\/remediation must be equal to one of/
    )
    expect(broken(d => ((d.evaluation as Record<string, unknown>)['junk'] = []))).toMatch(
      new RegExp(`^/evaluation ${EXTRA}`, 'm')
    )
    expect(broken(d => ((d.evaluation.policyRead ?? {})['junk'] = 1))).toContain(
      `/evaluation/policyRead ${EXTRA}`
    )
  })
})
