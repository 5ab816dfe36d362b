import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScanLimits } from '../../src/sarif/iac-locations.js'
import {
  cloudFormationUsers,
  DEFAULT_LIMITS,
  findCodeLocations,
  SKIP_DIRS,
  terraformUsers
} from '../../src/sarif/iac-locations.js'

const IAC = fileURLToPath(new URL('../fixtures/iac', import.meta.url))
const lines = (...l: string[]): string => l.join('\n')

/** What the fixture tree defines, as findCodeLocations reports it (workspace = the tree). */
const FIXTURE_USERS = {
  'audit_user=2': { uri: 'cloudformation/template.json', line: 6 },
  'billing.reader': { uri: 'cloudformation/template.yaml', line: 12 },
  'deploy-bot': { uri: 'terraform/main.tf', line: 7 },
  'alice+ops@example.com': { uri: 'terraform/main.tf', line: 13 }
}

// --- Terraform (pure). ---

describe('terraformUsers', () => {
  it.each([
    {
      label: 'one user',
      text: lines('resource "aws_iam_user" "a" {', '  name = "alice"', '}'),
      want: [{ name: 'alice', line: 2 }]
    },
    {
      label: 'a name with +=,.@_- and an aligned = and a trailing # comment',
      text: lines(
        '',
        'resource "aws_iam_user" "b" {',
        '  path          = "/"',
        '  name          = "Bob+ops=1,x.y@example_co-op" # console login',
        '}'
      ),
      want: [{ name: 'Bob+ops=1,x.y@example_co-op', line: 4 }]
    },
    {
      label: 'two users, tabs, and no space before {',
      text: lines(
        'resource "aws_iam_user" "a"{',
        '\tname = "a1"',
        '}',
        'resource  "aws_iam_user"  "b"  {',
        '\tname=\t"b2"',
        '}'
      ),
      want: [
        { name: 'a1', line: 2 },
        { name: 'b2', line: 5 }
      ]
    },
    {
      label: 'a commented-out name before the real one',
      text: lines('resource "aws_iam_user" "c" {', '  # name = "old"', '  name = "carol"', '}'),
      want: [{ name: 'carol', line: 3 }]
    },
    {
      label: 'CRLF line endings',
      text: 'resource "aws_iam_user" "a" {\r\n  name = "crlf-user"\r\n}\r\n',
      want: [{ name: 'crlf-user', line: 2 }]
    },
    {
      label: 'an interpolated name',
      text: lines('resource "aws_iam_user" "d" {', '  name = "${var.x}"', '}'),
      want: []
    },
    {
      label: 'a name built from a variable reference',
      text: lines('resource "aws_iam_user" "d" {', '  name = var.user_name', '}'),
      want: []
    },
    {
      label: 'an interpolated name followed by the next resource',
      text: lines(
        'resource "aws_iam_user" "d" {',
        '  name = "svc-${var.env}"',
        '}',
        'resource "aws_iam_role" "r" {',
        '  name = "a-role"',
        '}'
      ),
      want: []
    },
    {
      label: 'other resources that have a name or mention the user',
      text: lines(
        'resource "aws_iam_role" "r" {',
        '  name = "ci-role"',
        '}',
        'resource "aws_iam_user_login_profile" "p" {',
        '  user = "alice"',
        '}',
        'data "aws_iam_user" "existing" {',
        '  user_name = "someone"',
        '}'
      ),
      want: []
    },
    {
      label: 'a name longer than IAM allows (65 characters)',
      text: lines('resource "aws_iam_user" "l" {', `  name = "${'x'.repeat(65)}"`, '}'),
      want: []
    },
    {
      label: 'a name IAM would reject (space)',
      text: lines('resource "aws_iam_user" "s" {', '  name = "a b"', '}'),
      want: []
    },
    { label: 'no resources', text: lines('locals {', '  name = "x"', '}'), want: [] }
  ])('$label', async ({ text, want }) => {
    expect(await terraformUsers(text)).toEqual(want)
  })

  it('reads the fixture main.tf: the two literal names, not the interpolated one or the role', async () => {
    expect(await terraformUsers(readFileSync(join(IAC, 'terraform', 'main.tf'), 'utf8'))).toEqual([
      { name: 'deploy-bot', line: 7 },
      { name: 'Alice+ops@example.com', line: 13 }
    ])
  })

  it('does not take a name from a locals block after a user without a literal name', async () => {
    const text = lines(
      'resource "aws_iam_user" "dynamic" {',
      '  name = "${var.x}"',
      '}',
      '',
      'locals {',
      '  name = "not-a-user"',
      '}'
    )
    expect(await terraformUsers(text)).toEqual([])
  })
})

// --- CloudFormation / SAM (pure). ---

describe('cloudFormationUsers', () => {
  it.each([
    {
      label: 'YAML, Type before Properties',
      text: lines(
        'Resources:',
        '  Alice:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      Path: /',
        '      UserName: alice'
      ),
      want: [{ name: 'alice', line: 6 }]
    },
    {
      label: 'YAML, quoted type and name',
      text: lines(
        'Resources:',
        '  A:',
        "    Type: 'AWS::IAM::User'",
        '    Properties:',
        "      UserName: 'a.b@example.com'",
        '  B:',
        '    Type: "AWS::IAM::User"',
        '    Properties:',
        '      UserName: "b+c=d,e"'
      ),
      want: [
        { name: 'a.b@example.com', line: 5 },
        { name: 'b+c=d,e', line: 9 }
      ]
    },
    {
      label: 'YAML, names from !Sub, !Ref and !Join are not literal',
      text: lines(
        'Resources:',
        '  A:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        "      UserName: !Sub 'ops-${Stage}'",
        '  B:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      UserName: !Ref UserNameParam',
        '  C:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        "      UserName: !Join ['-', [a, b]]"
      ),
      want: []
    },
    {
      label: 'YAML, a user without UserName followed by another resource',
      text: lines(
        'Resources:',
        '  Generated:',
        '    Type: AWS::IAM::User',
        '  Group:',
        '    Type: AWS::IAM::Group',
        '    Properties:',
        '      GroupName: readers'
      ),
      want: []
    },
    {
      label: 'YAML, UserToGroupAddition and AccessKey are not users',
      text: lines(
        'Resources:',
        '  Membership:',
        '    Type: AWS::IAM::UserToGroupAddition',
        '    Properties:',
        '      GroupName: readers',
        '      Users: [alice]',
        '  Key:',
        '    Type: AWS::IAM::AccessKey',
        '    Properties:',
        '      UserName: alice'
      ),
      want: []
    },
    {
      label: 'JSON, Type first',
      text: lines(
        '{',
        '  "Resources": {',
        '    "A": {',
        '      "Type": "AWS::IAM::User",',
        '      "Properties": {',
        '        "UserName": "json-user"',
        '      }',
        '    }',
        '  }',
        '}'
      ),
      want: [{ name: 'json-user', line: 6 }]
    },
    {
      label: 'JSON, Properties before Type',
      text: lines(
        '{',
        '  "Resources": {',
        '    "A": {',
        '      "Properties": {',
        '        "UserName": "Audit_User=2",',
        '        "Path": "/"',
        '      },',
        '      "Type": "AWS::IAM::User"',
        '    }',
        '  }',
        '}'
      ),
      want: [{ name: 'Audit_User=2', line: 5 }]
    },
    {
      label: 'JSON, Properties before Type of another resource type',
      text: lines(
        '{',
        '  "Resources": {',
        '    "K": {',
        '      "Properties": { ',
        '        "UserName": "key-owner"',
        '      },',
        '      "Type": "AWS::IAM::AccessKey"',
        '    }',
        '  }',
        '}'
      ),
      want: []
    },
    {
      label: 'CRLF line endings',
      text: 'Resources:\r\n  A:\r\n    Type: AWS::IAM::User\r\n    Properties:\r\n      UserName: crlf\r\n',
      want: [{ name: 'crlf', line: 5 }]
    },
    { label: 'no users', text: lines('Resources: {}'), want: [] }
  ])('$label', ({ text, want }) => {
    expect(cloudFormationUsers(text)).toEqual(want)
  })

  it.each([
    { file: 'template.yaml', want: [{ name: 'billing.reader', line: 12 }] },
    { file: 'template.json', want: [{ name: 'Audit_User=2', line: 6 }] }
  ])('reads the fixture $file', ({ file, want }) => {
    expect(cloudFormationUsers(readFileSync(join(IAC, 'cloudformation', file), 'utf8'))).toEqual(
      want
    )
  })

  it('does not take the UserName of an AccessKey that precedes a user (YAML)', () => {
    const text = lines(
      'Resources:',
      '  Key:',
      '    Type: AWS::IAM::AccessKey',
      '    Properties:',
      '      UserName: alice',
      '  Bob:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      UserName: bob'
    )
    expect(cloudFormationUsers(text)).toEqual([{ name: 'bob', line: 9 }])
  })

  it('does not take the UserName of the next resource when Properties come first (JSON)', () => {
    const text = JSON.stringify(
      {
        Resources: {
          Alice: { Properties: { UserName: 'alice' }, Type: 'AWS::IAM::User' },
          Key: { Properties: { UserName: 'bob' }, Type: 'AWS::IAM::AccessKey' }
        }
      },
      null,
      2
    )
    expect(cloudFormationUsers(text)).toEqual([{ name: 'alice', line: 5 }])
  })
})

// --- Walking the tree. ---

describe('findCodeLocations over the fixture tree', () => {
  it('finds the literal users as lower-cased names -> relative POSIX uri and line', async () => {
    const found = await findCodeLocations(IAC, [IAC])
    expect(Object.fromEntries(found.locations)).toEqual(FIXTURE_USERS)
    expect(found.filesScanned).toBe(3)
    expect(found.truncated).toBe(false)
  })

  it('has the skipped folders in the fixture, so skipping them is really tested', () => {
    expect(existsSync(join(IAC, 'node_modules', 'ignored', 'main.tf'))).toBe(true)
    expect(existsSync(join(IAC, '.terraform', 'ignored.tf'))).toBe(true)
    expect([...SKIP_DIRS].sort()).toEqual(['.git', '.terraform', 'node_modules'])
  })

  it('never reports users defined under node_modules, .terraform, or in other file types', async () => {
    const { locations } = await findCodeLocations(IAC, [IAC])
    expect(locations.has('vendored-user')).toBe(false)
    expect(locations.has('cached-module-user')).toBe(false)
    expect(locations.has('not-scanned-txt')).toBe(false)
    expect(locations.has('ci-role')).toBe(false)
  })

  it('gives uris relative to the workspace, not to the scanned root', async () => {
    const found = await findCodeLocations(dirname(IAC), [join(IAC, 'terraform')])
    expect(Object.fromEntries(found.locations)).toEqual({
      'deploy-bot': { uri: 'iac/terraform/main.tf', line: 7 },
      'alice+ops@example.com': { uri: 'iac/terraform/main.tf', line: 13 }
    })
    expect(found.filesScanned).toBe(1)
  })

  it('scans several roots', async () => {
    const found = await findCodeLocations(IAC, [
      join(IAC, 'terraform'),
      join(IAC, 'cloudformation')
    ])
    expect(Object.fromEntries(found.locations)).toEqual(FIXTURE_USERS)
  })

  it('finds nothing, without throwing, in a root that does not exist', async () => {
    const found = await findCodeLocations(IAC, [join(IAC, 'no-such-dir')])
    expect(found).toEqual({ locations: new Map(), filesScanned: 0, truncated: false })
  })
})

describe('findCodeLocations limits', () => {
  const limits = (l: Partial<ScanLimits>): ScanLimits => ({ ...DEFAULT_LIMITS, ...l })

  it('stops after maxFiles files and says the scan was truncated', async () => {
    const found = await findCodeLocations(IAC, [IAC], limits({ maxFiles: 1 }))
    expect(found.truncated).toBe(true)
    expect(found.filesScanned).toBe(1)
    // Directory entries are read in name order: cloudformation/template.json comes first.
    expect(Object.fromEntries(found.locations)).toEqual({
      'audit_user=2': FIXTURE_USERS['audit_user=2']
    })
  })

  it('skips files larger than maxFileBytes', async () => {
    const found = await findCodeLocations(IAC, [IAC], limits({ maxFileBytes: 10 }))
    expect(found.locations.size).toBe(0)
    expect(found.filesScanned).toBe(0)
  })

  it('stops when maxTotalBytes would be exceeded and says so', async () => {
    const found = await findCodeLocations(IAC, [IAC], limits({ maxTotalBytes: 10 }))
    expect(found.locations.size).toBe(0)
    expect(found.truncated).toBe(true)
  })

  it('is not truncated when the tree holds exactly maxFiles files', async () => {
    const found = await findCodeLocations(IAC, [IAC], limits({ maxFiles: 3 }))
    expect(found.filesScanned).toBe(3)
    expect(found.truncated).toBe(false)
  })
})

describe('findCodeLocations outside the workspace', () => {
  it('reports nothing for a root outside the workspace (no ../ uris)', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'posturio-ws-'))
    try {
      const found = await findCodeLocations(workspace, [IAC])
      expect(found.locations.size).toBe(0)
    } finally {
      await rm(workspace, { recursive: true, force: true })
    }
  })

  it('keeps the files inside the workspace and drops those outside it', async () => {
    const found = await findCodeLocations(join(IAC, 'terraform'), [IAC])
    expect(Object.fromEntries(found.locations)).toEqual({
      'deploy-bot': { uri: 'main.tf', line: 7 },
      'alice+ops@example.com': { uri: 'main.tf', line: 13 }
    })
    for (const { uri } of found.locations.values()) expect(uri.startsWith('..')).toBe(false)
  })
})

describe('findCodeLocations in a copy of the tree with more files', () => {
  let root: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'posturio-iac-'))
    await cp(IAC, root, { recursive: true })
    const put = async (path: string, text: string): Promise<void> => {
      await mkdir(dirname(join(root, path)), { recursive: true })
      await writeFile(join(root, path), text, 'utf8')
    }
    const tf = (name: string): string =>
      lines('resource "aws_iam_user" "u" {', `  name = "${name}"`, '}')
    // A .git folder cannot be committed inside the repository, so it is made here.
    await put('.git/hooks/users.tf', tf('git-internal-user'))
    await put('deep/a/b/node_modules/x/users.tf', tf('nested-vendored-user'))
    await put('deep/a/b/.terraform/modules/users.tf', tf('nested-cached-user'))
    await put('deep/a/b/users.hcl', tf('hcl-user'))
    await put('deep/a/b/users.tf.bak', tf('backup-user'))
    await put('deep/a/b/users.tf', tf('deep-user'))
    await put(
      'sam/template.yml',
      lines(
        'Resources:',
        '  U:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      UserName: yml-user'
      )
    )
    await put(
      'upper/STACK.JSON',
      lines(
        '{"Resources": {',
        '  "U": {"Type": "AWS::IAM::User",',
        '    "Properties": {"UserName": "upper-json"}}',
        '}}'
      )
    )
    // A second definition of a name found earlier (the fixture's terraform/main.tf) is ignored.
    await put('zzz/dup.tf', tf('DEPLOY-BOT'))
  })

  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('skips .git, node_modules and .terraform at any depth and reads .tf, .yml, .yaml and .json', async () => {
    const found = await findCodeLocations(root, [root])
    expect(Object.fromEntries(found.locations)).toEqual({
      ...FIXTURE_USERS,
      'deep-user': { uri: 'deep/a/b/users.tf', line: 2 },
      'yml-user': { uri: 'sam/template.yml', line: 5 },
      'upper-json': { uri: 'upper/STACK.JSON', line: 3 }
    })
    expect(found.filesScanned).toBe(7)
  })

  it('keeps the first definition of a name, compared case-insensitively', async () => {
    const found = await findCodeLocations(root, [root])
    expect(found.locations.get('deploy-bot')).toEqual({ uri: 'terraform/main.tf', line: 7 })
  })
})

describe('findCodeLocations file names', () => {
  it('reads an upper-case .TF file as Terraform', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posturio-tf-'))
    try {
      await writeFile(
        join(dir, 'USERS.TF'),
        lines('resource "aws_iam_user" "u" {', '  name = "upper-tf"', '}'),
        'utf8'
      )
      const found = await findCodeLocations(dir, [dir])
      expect(found.filesScanned).toBe(1)
      expect(Object.fromEntries(found.locations)).toEqual({
        'upper-tf': { uri: 'USERS.TF', line: 2 }
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('findCodeLocations: paths that need encoding', () => {
  it('percent-encodes each path segment so the SARIF uri stays valid', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'posturio-iac-enc-'))
    await mkdir(join(ws, 'infra prod', 'a#b'), { recursive: true })
    await writeFile(
      join(ws, 'infra prod', 'a#b', 'users 100%.tf'),
      'resource "aws_iam_user" "x" {\n  name = "spaced"\n}\n'
    )
    const found = await findCodeLocations(ws, [ws])
    expect(found.locations.get('spaced')).toEqual({
      uri: 'infra%20prod/a%23b/users%20100%25.tf',
      line: 2
    })
    await rm(ws, { recursive: true, force: true })
  })
})
