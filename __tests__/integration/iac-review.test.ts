// `mode: iac` as the runner runs it (`node dist/index.js`), on a fixture repository of Terraform,
// CloudFormation and SAM, against a local GitHub API that checks each request against GitHub's
// OpenAPI description: results at the login profile's line, uploaded for the pull request, in a
// category of their own; the summary; fail-on; files that do not parse; no AWS credentials.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { codeTexts, tables } from '../../scripts/lib/render-markdown.mjs'
import { serveCodeScanning, type CodeScanning } from '../helpers/code-scanning-api.js'
import { startGithubApiServer, type GithubApiServer } from '../helpers/github-api-server.js'
import { expectReadable, sarifTexts, seen } from '../helpers/readable.js'
import { runBundle, type BundleRun } from '../helpers/run-bundle.js'
import { multitoolErrors, schemaErrors } from '../helpers/sarif-validate.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/iac-review', import.meta.url))
const MERGE_SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6'
const HEAD_SHA = '9f3c2a1b0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a'
const RULE = 'iam.console_user_without_mfa_guardrail'

/** The failing console users of the fixture: the file, and the text of the line that gives the password. */
const FINDINGS = {
  carol: ['terraform/users.tf', 42, 'resource "aws_iam_user_login_profile" "carol" {'],
  ivan: ['terraform/users.tf', 138, 'resource "aws_iam_user_login_profile" "ivan" {'],
  kim: ['cloudformation/users.yaml', 60, '      LoginProfile:'],
  contractor: ['cloudformation/audit.json', 17, '        "LoginProfile": {'],
  support: ['sam/template.yaml', 15, '      LoginProfile:']
} as const

let api: GithubApiServer
let scanning: CodeScanning
beforeAll(async () => {
  api = await startGithubApiServer()
  scanning = serveCodeScanning(api)
})
afterAll(() => api.stop())
beforeEach(() => {
  api.requests.length = 0
  api.violations.length = 0
  scanning.uploads.length = 0
  scanning.polls.length = 0
})

/** A checkout of the fixture repository, with `extra` files. */
async function checkout(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'posturio-iac-ws-'))
  await cp(FIXTURE, dir, { recursive: true })
  for (const [path, text] of Object.entries(extra)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

/** A pull_request run: GITHUB_REF is the merge ref, GITHUB_SHA the merge commit. */
async function review(inputs: Record<string, string> = {}, workspace?: string): Promise<BundleRun> {
  const dir = workspace ?? (await checkout())
  const run = await runBundle(
    { mode: 'iac', 'github-token': 'ghs_iactoken0123456789', ...inputs },
    {
      GITHUB_WORKSPACE: dir,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: MERGE_SHA,
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_EVENT_NAME: 'pull_request'
    }
  )
  expect(api.violations).toEqual([])
  return run
}

interface Result {
  ruleId: string
  level: string
  message: { text: string }
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }
  }>
  properties: { user: string }
}

describe('mode: iac on a pull request', () => {
  let run: BundleRun
  let workspace: string
  let upload: CodeScanning['uploads'][number] | undefined
  beforeAll(async () => {
    workspace = await checkout()
    run = await review({}, workspace)
    upload = scanning.uploads[0]
    expect(scanning.uploads).toHaveLength(1)
  }, 120_000)

  it('uploads one run in its own category, for the pull request merge ref and commit', () => {
    expect(run.code).toBe(0)
    expect(upload?.body).toMatchObject({
      ref: 'refs/pull/7/merge',
      commit_sha: MERGE_SHA,
      tool_name: 'Posturio'
    })
    expect(upload?.log.runs).toHaveLength(1)
    expect(upload?.log.runs[0]?.automationDetails?.id).toBe('posturio/iam-mfa/iac/')
    expect(run.outputs['sarif-id']).toBe(upload?.id)
    expect(run.outputs['code-scanning-url']).toBe(
      'https://github.com/acme/infra/security/code-scanning?query=is%3Aopen%20tool%3APosturio'
    )
  })

  it('has one result per console user without a guardrail, at the line that gives the console password', () => {
    const results = (upload?.log.runs[0]?.results ?? []) as Result[]
    const got = Object.fromEntries(
      results.map(r => {
        const { artifactLocation, region } = r.locations[0]?.physicalLocation ?? {
          artifactLocation: { uri: '' },
          region: { startLine: 0 }
        }
        return [r.properties.user, [r.ruleId, r.level, artifactLocation.uri, region.startLine]]
      })
    )
    expect(got).toEqual(
      Object.fromEntries(
        Object.entries(FINDINGS).map(([user, [uri, line]]) => [user, [RULE, 'warning', uri, line]])
      )
    )
    for (const [uri, line, text] of Object.values(FINDINGS))
      expect(readFileSync(join(FIXTURE, uri), 'utf8').split('\n')[line - 1]).toBe(text)
    expect(results.find(r => r.properties.user === 'ivan')?.message.text).toBe(
      'IAM user ivan gets a console password here, and no policy in this code requires MFA for it: iam:CreateAccessKey, iam:AttachUserPolicy, s3:DeleteBucket, ec2:RunInstances are not denied without MFA. Policies it gets: AdministratorAccess (AWS managed) (via group admins).'
    )
  })

  it("writes a SARIF that the schema and GitHub's ingestion rules accept", async () => {
    const log = JSON.parse(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')) as unknown
    expect(run.outputs['sarif-file']).toBe(join(workspace, 'posturio-iam-mfa.sarif'))
    expect(schemaErrors(log)).toEqual([])
    expect(await multitoolErrors(log)).toEqual([])
  }, 60_000)

  it('sets the outputs: the count and each finding with its file and line', () => {
    expect(run.outputs['non-compliant-count']).toBe('5')
    expect(JSON.parse(run.outputs['non-compliant-users'] ?? '[]')).toContainEqual({
      user: 'carol',
      definedBy: 'aws_iam_user.carol',
      file: 'terraform/users.tf',
      line: 42,
      severity: 'medium',
      rule: RULE
    })
  })

  it('writes a summary that reads cleanly: findings, undecided users and why, what the run did', () => {
    expectReadable(run.summary, [])
    const text = seen(run.summary)
    expect(text).toContain('❌ IAM MFA check: 5 console users in code without an MFA guardrail')
    expect(text).toContain(
      'Reviewed 15 console users in the infrastructure code: 5 without an MFA guardrail, 6 with MFA required, 4 not decided from the code.'
    )
    const [failing, undecided] = tables(run.summary)
    expect(failing?.[0]).toEqual([
      'User',
      'Console password given at',
      'Not denied without MFA',
      'Policies it gets'
    ])
    expect(failing).toContainEqual([
      'ivan',
      'terraform/users.tf line 138',
      'iam:CreateAccessKey, iam:AttachUserPolicy, s3:DeleteBucket, ec2:RunInstances',
      'AdministratorAccess (AWS managed) (via group admins)'
    ])
    expect(undecided).toContainEqual([
      'frank',
      'terraform/users.tf line 91',
      'group module.iam_groups.console_group_name: it is an output of module iam_groups, whose code is not read'
    ])
    expect(undecided).toContainEqual([
      'grace',
      'terraform/users.tf line 105',
      'group break-glass-reviewed is not defined in the code read, so its policies are not seen'
    ])
    expect(codeTexts(run.summary)).toContain('module.iam_groups.console_group_name')
    expect(text).toContain(
      'Code read: 5 files under ., 5 of them Terraform or CloudFormation. No AWS credentials were used.'
    )
    expect(text).toContain('Code scanning: uploaded and processed, 5 results (one open alert each)')
  })

  it("gives the rule's help with the fix as Terraform and CloudFormation", () => {
    const help = sarifTexts(run.outputs['sarif-file'] ?? '').helpByRule[RULE] ?? ''
    expectReadable(help, [])
    expect(seen(help)).toContain('Console user in code has no policy that requires MFA')
    expect(codeTexts(help).join('\n')).toContain(
      'resource "aws_iam_group_policy_attachment" "require_mfa"'
    )
    expect(codeTexts(help).join('\n')).toContain('"Type": "AWS::IAM::ManagedPolicy"')
  })
})

describe('mode: iac inputs and outcomes', () => {
  it('passes the members of a group named in mfa-enforcing-groups', async () => {
    const run = await review({ 'mfa-enforcing-groups': 'break-glass-reviewed' })
    expect(run.code).toBe(0)
    expect(seen(run.summary)).toContain(
      '5 without an MFA guardrail, 7 with MFA required, 3 not decided from the code.'
    )
    expect(tables(run.summary)[1]?.map(row => row[0])).not.toContain('grace')
  })

  it('fails the step with fail-on: medium, after reporting, naming each user and line', async () => {
    const run = await review({ 'fail-on': 'medium' })
    expect(run.code).toBe(1)
    expect(scanning.uploads).toHaveLength(1)
    expect(run.stdout).toContain(
      '::error::5 console users in code without an MFA guardrail, at or above fail-on: medium (contractor at cloudformation/audit.json:17, kim at cloudformation/users.yaml:60, support at sam/template.yaml:15, carol at terraform/users.tf:42, ivan at terraform/users.tf:138).'
    )
    expect((await review({ 'fail-on': 'high' })).code).toBe(0)
  })

  it('names a file that does not parse, uploads nothing (its alerts stay), and fails the step', async () => {
    const broken = 'resource "aws_iam_user_login_profile" "mallory" {\n  user = \n}\n'
    const run = await review(
      {},
      await checkout({
        'terraform/broken.tf': broken,
        'stacks/bad.yaml': 'Resources:\n  U:\n    Type: AWS::IAM::User\n   Properties: [x\n'
      })
    )
    expect(run.code).toBe(1)
    expect(scanning.uploads).toEqual([])
    expect(run.stdout).toContain(
      '::error::2 files of infrastructure code could not be parsed (stacks/bad.yaml, terraform/broken.tf)'
    )
    const [, , errors] = tables(run.summary)
    expect(errors?.map(row => row[0])).toEqual(['File', 'stacks/bad.yaml', 'terraform/broken.tf'])
    expect(errors?.[2]?.[1]).toMatch(/terraform\/broken\.tf:2,\d+-\d+(,\d+)?: /)
    expect(seen(run.summary)).toContain('Code scanning: not uploaded: 2 files could not be parsed')
    expect(
      JSON.parse(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')).runs[0].results
    ).toHaveLength(5)
    expectReadable(run.summary, [])
  })

  it('uploads to the head ref and commit when the job checked out the pull request head', async () => {
    const dir = await checkout({ '.git/HEAD': `${HEAD_SHA}\n` })
    const run = await review({}, dir)
    expect(run.code).toBe(0)
    expect(scanning.uploads[0]?.body).toMatchObject({
      ref: 'refs/pull/7/head',
      commit_sha: HEAD_SHA
    })
  })

  it('refuses AWS credential inputs before reading anything, naming them', async () => {
    const run = await review({ 'role-to-assume': 'arn:aws:iam::123456789012:role/audit' })
    expect(run.code).toBe(1)
    expect(api.requests).toEqual([])
    expect(run.stdout).toContain('::error::`mode: iac` reviews the repository')
    expect(run.stdout).toContain('`role-to-assume` is set')
  })
})
