// `run` with in-memory runner IO and mocked AWS clients: root decisions and failures the emulator
// cannot stage, warnings as annotations, and the artifact that keeps the run's files.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand
} from '@aws-sdk/client-iam'
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { headline, links, tables } from '../scripts/lib/render-markdown.mjs'
import { run } from '../src/main.js'
import type { Deps } from '../src/runtime/deps.js'
import { fakeDeps, fakeIo, type FakeIo } from './helpers/fake-io.js'
import { fakeJwt } from './helpers/oidc-server.js'
import { expectReadable, seen } from './helpers/readable.js'
import { reportCsv, rootRow, userRow, type RowFields } from './helpers/report-csv.js'

const iamMock = mockClient(IAMClient)
const stsMock = mockClient(STSClient)
afterEach(() => {
  iamMock.reset()
  stsMock.reset()
})

const clients = () => ({
  iam: new IAMClient({ region: 'us-east-1' }),
  sts: new STSClient({ region: 'us-east-1' })
})
const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/posturio-iam-mfa`
const TOKEN = fakeJwt({ sub: 'repo:acme/infra:environment:audit', aud: 'sts.amazonaws.com' })
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?x=1',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
}

/** A live account: the report, root facts, and users' MFA devices, login profiles and policies. */
function liveReport(csv: string, summary: Record<string, number>): void {
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT })
  iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
  iamMock.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(csv),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date('2026-11-30T09:00:00Z')
  })
  iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: summary })
  iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false })
  iamMock.on(GetLoginProfileCommand).resolves({
    LoginProfile: { UserName: 'alice', CreateDate: new Date('2024-01-01T00:00:00Z') }
  })
  iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    IsTruncated: false
  })
}

async function runWith(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  token?: string,
  overrides: Partial<Deps> = {}
): Promise<FakeIo> {
  const io = fakeIo(inputs, token)
  const deps = fakeDeps(io, clients(), overrides)
  await run({ ...deps, env: { ...deps.env, ...env } })
  return io
}

const rootVerdict = (io: FakeIo) =>
  (JSON.parse(io.outputs['non-compliant-users'] ?? '[]') as Array<{ user: string }>).some(
    u => u.user === '<root_account>'
  )

/** The lines a reader sees under the `title` heading of the summary, up to the next heading. */
function sectionLines(markdown: string, title: string): string[] {
  const chunk = markdown
    .split(/\n(?=### |<details>)/)
    .find(c => seen(c.split('\n')[0] ?? '').trim() === title)
  return chunk === undefined
    ? []
    : seen(chunk)
        .split('\n')
        .slice(1)
        .map(l => l.trim())
        .filter(l => l !== '')
}

/** The line of "This run" that starts with `label`. */
const runLine = (markdown: string, label: string): string | undefined =>
  sectionLines(markdown, 'This run').find(l => l.startsWith(label))

/** Annotations the run emitted (FakeIo logs them as `warning: ...`). */
const annotations = (io: FakeIo): string[] =>
  io.logs.filter(l => l.startsWith('warning: ')).map(l => l.slice('warning: '.length))

describe('run: the root account with live credentials', () => {
  it('passes root without MFA when GetAccountSummary shows no root password and no keys (removed centrally)', async () => {
    liveReport(reportCsv([rootRow({ mfa_active: 'false' })]), {
      AccountPasswordPresent: 0,
      AccountAccessKeysPresent: 0,
      AccountMFAEnabled: 0
    })
    const io = await runWith({})
    expect(io.failures).toEqual([])
    expect(rootVerdict(io)).toBe(false)
    expect(headline(io.summary)).toBe(
      '✅ IAM MFA check: no identity can sign in without MFA · 100.0% (A)'
    )
    expect(runLine(io.summary, 'Root user')).toBe(
      'Root user: ✅ The root user has no password and no access keys (root credentials removed, e.g. centrally through AWS Organizations), so it cannot sign in.'
    )
    expectReadable(io.summary, [])
  })

  it('fails root as critical iam.root_without_mfa when it has a password and no MFA', async () => {
    liveReport(
      reportCsv([rootRow({ mfa_active: 'false' }), userRow('alice', { mfa_active: 'true' })]),
      {
        AccountPasswordPresent: 1,
        AccountAccessKeysPresent: 0,
        AccountMFAEnabled: 0
      }
    )
    const io = await runWith({ 'fail-on': 'critical' })
    expect(JSON.parse(io.outputs['non-compliant-users'] ?? '[]')).toEqual([
      {
        account: ACCOUNT,
        user: '<root_account>',
        arn: `arn:aws:iam::${ACCOUNT}:root`,
        severity: 'critical',
        rule: 'iam.root_without_mfa'
      }
    ])
    expect(io.failures).toEqual([
      '1 finding at or above fail-on: critical (<root_account> critical). The job summary says how to fix each.'
    ])
    expect(io.outputs['grade']).toBe('D')
    expect(headline(io.summary)).toBe(
      '❌ IAM MFA check: 1 identity can sign in without MFA · 50.0% (D)'
    )
    expect(runLine(io.summary, 'Root user')).toBe(
      'Root user: ❌ critical: The root user has a console password and no MFA.'
    )
    const failing = tables(io.summary).find(t => t[0]?.includes('fix'))
    expect(failing?.slice(1)).toEqual([
      ['root user', '🟥 critical', 'Secure root', 'see Root user below']
    ])
    expectReadable(io.summary, [])
  })

  it('reports the account from GetCallerIdentity, the report age and the live re-check', async () => {
    liveReport(reportCsv([userRow('alice')]), {
      AccountMFAEnabled: 1,
      AccountPasswordPresent: 1,
      AccountAccessKeysPresent: 0
    })
    const io = await runWith({})
    expect(io.failures).toEqual([])
    expect(io.logs.join('\n')).toContain(`Scanning AWS account ${ACCOUNT}`)
    const text = seen(io.summary)
    expect(text).toContain(
      `account ${ACCOUNT} · scanned 2026-11-30 12:00 UTC · live AWS credentials`
    )
    expect(runLine(io.summary, 'Credential report')).toBe(
      'Credential report: generated 2026-11-30 09:00 UTC, 3 h 0 min before this scan (AWS GetCredentialReport).'
    )
    expect(runLine(io.summary, 'Live re-verification')).toBe(
      'Live re-verification: of the 1 user the report marks failing, 0 fixed since the report, 1 still failing, 0 not re-verified.'
    )
    const failing = tables(io.summary).find(t => t[0]?.includes('fix'))
    expect(failing?.[1]?.[0]).toBe('alice')
    expect(failing?.[1]?.[3]).toContain('confirmed live')
    expect(sectionLines(io.summary, 'Warnings')).toEqual([])
    expect(annotations(io)).toEqual([])
    expectReadable(io.summary, [])
  })

  it('says in the summary and as an annotation that one user could not be re-verified', async () => {
    liveReport(reportCsv([userRow('alice')]), { AccountMFAEnabled: 1, AccountPasswordPresent: 1 })
    iamMock.on(ListMFADevicesCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const io = await runWith({})
    expect(runLine(io.summary, 'Live re-verification')).toBe(
      'Live re-verification: of the 1 user the report marks failing, 0 fixed since the report, 0 still failing, 1 not re-verified.'
    )
    const note =
      "Live re-verification failed for 1 failing user: the report's verdict stands (see each user's live check)."
    expect(sectionLines(io.summary, 'Warnings')).toContain(note)
    expect(annotations(io)).toContain(note)
  })
})

describe('run: credentials through OIDC', () => {
  it('explains an unknown role or a trust policy that does not match, with the token subject', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures).toHaveLength(1)
    expect(io.failures[0]).toContain(`AWS refused to let this workflow assume ${ROLE}`)
    expect(io.failures[0]).toContain('sub "repo:acme/infra:environment:audit"')
    expect(io.failures[0]).toContain('"OIDC trust policy"')
    expect(io.secrets).toContain(TOKEN)
    expect(iamMock.calls()).toHaveLength(0)
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan did not complete')
  })

  it('says to create the OIDC identity provider when AWS rejects the token', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(
      Object.assign(new Error('No OpenIDConnect provider found in your account'), {
        name: 'InvalidIdentityToken',
        $metadata: {}
      })
    )
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures[0]).toMatch(
      /Create the IAM OIDC identity provider for https:\/\/token\.actions\.githubusercontent\.com/
    )
  })

  it('masks the token and every part of the temporary credentials', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAFAKE',
        SecretAccessKey: 'secret-part',
        SessionToken: 'session-part',
        Expiration: new Date()
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/posturio-iam-mfa/s`,
        AssumedRoleId: 'x'
      }
    })
    liveReport(reportCsv([userRow('alice', { mfa_active: 'true' })]), { AccountMFAEnabled: 1 })
    const io = await runWith({ 'role-to-assume': ROLE }, OIDC_ENV, TOKEN)
    expect(io.failures).toEqual([])
    expect(io.secrets).toEqual(
      expect.arrayContaining([TOKEN, 'ASIAFAKE', 'secret-part', 'session-part'])
    )
    for (const secret of ['ASIAFAKE', 'secret-part', 'session-part'])
      expect(io.summary).not.toContain(secret)
  })
})

describe('run: a scan that does not complete presents no result', () => {
  it('sets no outputs and says what failed when the report never completes', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT })
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' })
    const io = await runWith({})
    expect(io.failures).toHaveLength(1)
    expect(io.failures[0]).toMatch(/did not become available within 60 s/)
    expect(io.outputs).toEqual({})
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan did not complete')
    const text = seen(io.summary)
    expect(text).toMatch(/What failed: .*did not become available within 60 s/)
    expect(text).toContain('No verdict was reached in this run')
    expect(text).not.toMatch(/Score|grade/)
    expect(tables(io.summary)).toEqual([])
    expectReadable(io.summary, [])
  })

  it('names the missing permission when GetAccountSummary is denied, and presents no verdicts', async () => {
    liveReport(reportCsv([userRow('alice')]), {})
    iamMock.on(GetAccountSummaryCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const io = await runWith({})
    expect(io.failures[0]).toMatch(/AWS denied iam:GetAccountSummary/)
    expect(io.outputs).toEqual({})
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan did not complete')
    expect(seen(io.summary)).toContain('AWS denied iam:GetAccountSummary')
    expect(seen(io.summary)).not.toContain('alice')
  })

  it("refuses a report of another account than the caller's, where it used to warn", async () => {
    liveReport(reportCsv([rootRow({}, '999988887777'), userRow('alice', {}, '999988887777')]), {
      AccountMFAEnabled: 1
    })
    const io = await runWith({})
    expect(io.failures).toEqual([
      `The credential report is malformed: it is the report of account 999988887777, but the credentials are of account ${ACCOUNT} (sts:GetCallerIdentity), whose report was asked for. Fetch a fresh report: re-run the action, or save one with \`aws iam get-credential-report --output json > report.json\`.`
    ])
    expect(io.outputs).toEqual({})
    expect(headline(io.summary)).toBe('⚠️ IAM MFA check: the scan did not complete')
    expect(annotations(io)).toEqual([])
  })

  it('refuses a fetched report generated after the runner’s clock, saying the clock may be wrong', async () => {
    liveReport(reportCsv([userRow('alice')]), { AccountMFAEnabled: 1 })
    iamMock.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(reportCsv([userRow('alice')])),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date('2026-11-30T13:00:00Z')
    })
    const io = await runWith({})
    expect(io.failures[0]).toMatch(
      /^The credential report is malformed: it says AWS generated it at 2026-11-30 13:00 UTC, 1 h 0 min after this run's clock \(2026-11-30 12:00 UTC\): .* or the runner's clock is wrong\./
    )
    expect(io.outputs).toEqual({})
  })

  it('reports an unexpected failure of an AWS call once, naming the call', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT })
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' })
    iamMock.on(GetCredentialReportCommand).callsFake(() => {
      throw new TypeError('boom')
    })
    const io = await runWith({})
    expect(io.failures).toEqual(['iam:GetCredentialReport failed (TypeError: boom).'])
    expect(io.outputs).toEqual({})
    expect(seen(io.summary)).toContain(
      'What failed: iam:GetCredentialReport failed (TypeError: boom).'
    )
  })
})

// --- A saved report: no AWS call, so the run's own publishing can be watched. ---

const reports = mkdtempSync(join(tmpdir(), 'posturio-main-'))
let saved = 0
function savedReport(rows: readonly RowFields[]): string {
  const path = join(reports, `report-${saved++}.csv`)
  writeFileSync(path, reportCsv(rows))
  return path
}

type UploadCall = Parameters<Deps['uploadArtifact']>
const ARTIFACT_URL = 'https://github.com/acme/x/actions/runs/1/artifacts/7'

/** An artifact port that records its calls and answers as GitHub's artifact service would. */
function recordingUpload(): { calls: UploadCall[]; port: Deps['uploadArtifact'] } {
  const calls: UploadCall[] = []
  return {
    calls,
    port: async (files, options) => {
      calls.push([files, options])
      return { status: 'uploaded', id: 7, name: options.name, url: ARTIFACT_URL, size: 10 }
    }
  }
}

describe('run: warnings reach the run page as annotations', () => {
  const ROWS = [
    rootRow({ mfa_active: 'true' }),
    userRow('alice'),
    userRow('bob', { mfa_active: 'true' }),
    userRow('legacy-app')
  ]
  const EXEMPT = 'alice until=2026-11-01 # on leave\nghost-user\nlegacy-app'

  it('emits each summary warning through io.warning, in plain words', async () => {
    const io = await runWith({ 'credential-report': savedReport(ROWS), 'exempt-users': EXEMPT })
    expect(io.failures).toEqual([])
    const expected = [
      'The exemption for alice (exempt-users line 1) lapsed after 2026-11-01; the user is judged normally again.',
      'legacy-app is exempt with no expiry (exempt-users line 3): add until=YYYY-MM-DD so the exemption is reviewed.',
      'exempt-users line 2 (ghost-user) matches no IAM user in this report: remove it or fix the name.'
    ]
    expect(sectionLines(io.summary, 'Warnings')).toEqual(expected)
    expect(annotations(io)).toEqual(expect.arrayContaining(expected))
    for (const a of annotations(io)) expect(a).not.toMatch(/`|&#\d+;|\*\*/)
    const failing = tables(io.summary).find(t => t[0]?.includes('fix'))
    expect(failing?.slice(1).map(r => r[0])).toEqual(['alice'])
    expectReadable(io.summary, ['on leave', 'ghost-user'])
  })

  it('emits at most 8 warnings as annotations (GitHub shows 10 a step), then says how many more are in the summary', async () => {
    const users = Array.from({ length: 12 }, (_, i) =>
      userRow(`user-${String(i + 1).padStart(2, '0')}`)
    )
    const io = await runWith({
      'credential-report': savedReport(users),
      'exempt-users': 'user-* # no expiry'
    })
    expect(sectionLines(io.summary, 'Warnings')).toHaveLength(12)
    const emitted = annotations(io)
    expect(emitted.filter(a => a.includes('is exempt with no expiry'))).toHaveLength(8)
    expect(emitted).toContain('4 more warnings: see the job summary.')
  })
})

describe('run: the artifact that keeps the report file and the SARIF', () => {
  const ROWS = [rootRow({ mfa_active: 'true' }), userRow('alice')]

  it('uploads both files, links the artifact in the summary and sets artifact-url', async () => {
    const upload = recordingUpload()
    const io = await runWith(
      { 'credential-report': savedReport(ROWS), 'upload-artifact': 'true' },
      {},
      undefined,
      { uploadArtifact: upload.port }
    )
    expect(io.failures).toEqual([])
    const reportFile = io.outputs['report-file'] ?? ''
    const sarifFile = io.outputs['sarif-file'] ?? ''
    expect(upload.calls).toHaveLength(1)
    const [files, options] = upload.calls[0] ?? [[], { name: '', rootDirectory: '' }]
    expect(options).toEqual({
      name: `posturio-iam-mfa-${ACCOUNT}`,
      rootDirectory: dirname(reportFile)
    })
    expect(files).toEqual([reportFile, join(dirname(reportFile), basename(sarifFile))])
    for (const f of files) expect(existsSync(f)).toBe(true)

    expect(io.outputs['artifact-url']).toBe(ARTIFACT_URL)
    expect(links(io.summary)).toContainEqual({
      href: ARTIFACT_URL,
      text: `posturio-iam-mfa-${ACCOUNT}`
    })
    expect(runLine(io.summary, 'Files')).toBe(
      `Files: the report file (every finding with its evidence) and the SARIF are in the artifact posturio-iam-mfa-${ACCOUNT}.`
    )
    expect(seen(io.summary)).not.toContain(reportFile)
    expectReadable(io.summary, [])
  })

  it('with upload-artifact false, does not call the port and says how to keep the files', async () => {
    const upload = recordingUpload()
    const io = await runWith(
      { 'credential-report': savedReport(ROWS), 'upload-artifact': 'false' },
      {},
      undefined,
      { uploadArtifact: upload.port }
    )
    expect(io.failures).toEqual([])
    expect(upload.calls).toEqual([])
    expect(io.outputs['artifact-url']).toBeUndefined()
    expect(io.outputs['report-file']).toBeDefined()
    expect(runLine(io.summary, 'Files')).toBe(
      'Files: the report file and the SARIF stay on the runner and are gone when the job ends (upload-artifact: false). To keep them, upload the report-file and sarif-file outputs with actions/upload-artifact.'
    )
    expect(links(io.summary)).toEqual([])
    expectReadable(io.summary, [])
  })

  it('says why there is no artifact when the upload fails, and warns', async () => {
    const io = await runWith({ 'credential-report': savedReport(ROWS) }, {}, undefined, {
      uploadArtifact: async () => ({
        status: 'failed',
        reason: "the runner could not reach GitHub's artifact service (ECONNREFUSED)"
      })
    })
    expect(io.failures).toEqual([])
    expect(io.outputs['artifact-url']).toBeUndefined()
    expect(annotations(io)).toContain(
      "The artifact was not uploaded: the runner could not reach GitHub's artifact service (ECONNREFUSED)"
    )
    expect(runLine(io.summary, 'Files')).toBe(
      "Files: ⚠️ the artifact could not be uploaded (the runner could not reach GitHub's artifact service (ECONNREFUSED)), so the report file and the SARIF are gone when the job ends. To keep them, upload the report-file and sarif-file outputs with actions/upload-artifact."
    )
  })
})
