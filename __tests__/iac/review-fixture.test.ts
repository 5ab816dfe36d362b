// The review of the fixture repository: Terraform and CloudFormation read with the real parsers,
// each console user enforced, without a guardrail (a finding), or not decided from the code, and why.
import { describe, expect, it } from '@jest/globals'
import { fileURLToPath } from 'node:url'
import { hclParser } from '../../src/iac/hcl-wasm.js'
import { readCodeFiles } from '../../src/iac/iac-files.js'
import { parseCode } from '../../src/iac/read-iac.js'
import { resolveConsoleUsers } from '../../src/iac/resolve-iac.js'
import { reviewUsers, type ReviewedUser } from '../../src/iac/review.js'

const REPO = fileURLToPath(new URL('../fixtures/iac-review', import.meta.url))

async function review(enforcingGroups: string[] = []): Promise<Map<string, ReviewedUser>> {
  const read = await readCodeFiles(REPO, [REPO])
  const parsed = await parseCode(read.files, hclParser)
  expect(parsed.errors).toEqual([])
  const reviewed = reviewUsers(resolveConsoleUsers(parsed.facts), { enforcingGroups })
  return new Map(reviewed.map(r => [r.user.name ?? r.user.label, r]))
}

const kinds = (m: Map<string, ReviewedUser>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, r]) => [k, r.review.kind]))

describe('reviewing the fixture repository', () => {
  it('tells enforced, failing and undecided console users apart, and leaves API-only users out', async () => {
    expect(kinds(await review())).toEqual({
      alice: 'enforced',
      bob: 'enforced',
      carol: 'not-enforced',
      dave: 'enforced',
      erin: 'enforced',
      frank: 'unknown',
      grace: 'unknown',
      heidi: 'unknown',
      ivan: 'not-enforced',
      judy: 'enforced',
      kim: 'not-enforced',
      leo: 'unknown',
      auditor: 'enforced',
      contractor: 'not-enforced',
      support: 'not-enforced'
    })
  })

  it('says for each finding what the password alone opens, and which policies the user gets', async () => {
    const reviewed = await review()
    expect(reviewed.get('ivan')?.review).toEqual({
      kind: 'not-enforced',
      unguarded: [
        'iam:CreateAccessKey',
        'iam:AttachUserPolicy',
        's3:DeleteBucket',
        'ec2:RunInstances'
      ],
      policies: ['AdministratorAccess (AWS managed) (via group admins)']
    })
    expect(reviewed.get('kim')?.review).toMatchObject({
      policies: ['PowerUserAccess (AWS managed)']
    })
    expect(reviewed.get('contractor')?.review).toMatchObject({ policies: ['deploy (Contractor)'] })
  })

  it('names what enforces MFA: the policy, and the group it comes through, across files and templates', async () => {
    const reviewed = await review()
    expect(reviewed.get('alice')?.review).toEqual({
      kind: 'enforced',
      by: ['aws_iam_policy.require_mfa (via group console-users)']
    })
    expect(reviewed.get('dave')?.review).toEqual({
      kind: 'enforced',
      by: ['aws_iam_user_policy.dave_require_mfa']
    })
    expect(reviewed.get('erin')?.review).toEqual({
      kind: 'enforced',
      by: ['aws_iam_user_policy.erin_require_mfa']
    })
    // auditor (audit.json) names platform-console, which users.yaml defines.
    expect(reviewed.get('auditor')?.review).toEqual({
      kind: 'enforced',
      by: ['RequireMFA-platform (RequireMfa) (via group platform-console)']
    })
  })

  it('says why the code cannot decide', async () => {
    const reviewed = await review()
    const why = (user: string) => {
      const r = reviewed.get(user)?.review
      return r?.kind === 'unknown' ? r.why : []
    }
    expect(why('frank')).toEqual([
      'group `module.iam_groups.console_group_name`: it is an output of module `iam_groups`, whose code is not read'
    ])
    expect(why('grace')).toEqual([
      'group `break-glass-reviewed` is not defined in the code read, so its policies are not seen'
    ])
    expect(why('heidi')).toEqual(['policy `var.extra_policy_arn`: it comes from a variable'])
    expect(why('leo')).toEqual([
      'group `!Ref OpsGroupName`: it is the template parameter `OpsGroupName`'
    ])
  })

  it('passes a user of a group named in mfa-enforcing-groups, and leaves the others as they were', async () => {
    const reviewed = await review(['break-glass-reviewed'])
    expect(reviewed.get('grace')?.review).toEqual({
      kind: 'enforced',
      by: ['group break-glass-reviewed (named in mfa-enforcing-groups)']
    })
    expect(reviewed.get('frank')?.review.kind).toBe('unknown')
    expect(reviewed.get('carol')?.review.kind).toBe('not-enforced')
  })

  it('points each console user at the line that gives the password', async () => {
    const reviewed = await review()
    expect(reviewed.get('carol')?.user.loginProfile).toEqual({
      uri: 'terraform/users.tf',
      line: 42
    })
    expect(reviewed.get('kim')?.user.loginProfile).toEqual({
      uri: 'cloudformation/users.yaml',
      line: 60
    })
    expect(reviewed.get('contractor')?.user.loginProfile).toEqual({
      uri: 'cloudformation/audit.json',
      line: 17
    })
    expect(reviewed.get('support')?.user.loginProfile).toEqual({
      uri: 'sam/template.yaml',
      line: 15
    })
  })
})
