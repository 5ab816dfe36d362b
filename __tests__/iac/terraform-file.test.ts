// Reading Terraform with HashiCorp's HCL parser: literals with their escapes, references,
// jsonencode of literal objects, what is known only at apply, block lines, and syntax errors.
import { describe, expect, it } from '@jest/globals'
import { hclParser } from '../../src/iac/hcl-wasm.js'
import { staticJson } from '../../src/iac/hcl-value.js'
import { parseTerraform, type TfBlock } from '../../src/iac/terraform-file.js'

const lines = (...l: string[]): string => l.join('\n')

async function blocks(text: string): Promise<readonly TfBlock[]> {
  const parsed = await parseTerraform(text, 'main.tf', await hclParser())
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.blocks
}

describe('parseTerraform', () => {
  it('gives each block its kind, type, name and line, and each attribute its value', async () => {
    const [user, login] = await blocks(
      lines(
        'resource "aws_iam_user" "alice" {',
        '  name = "alice"',
        '  path = "/ops/$${not-interpolated}/"',
        '}',
        '',
        'resource "aws_iam_user_login_profile" "alice" {',
        '  user = aws_iam_user.alice.name',
        '}'
      )
    )
    expect(user).toMatchObject({ kind: 'resource', type: 'aws_iam_user', name: 'alice', line: 1 })
    expect(user?.attributes.get('name')).toEqual({ kind: 'literal', value: 'alice' })
    expect(user?.attributes.get('path')).toEqual({
      kind: 'literal',
      value: '/ops/${not-interpolated}/'
    })
    expect(user?.attributeLines.get('name')).toBe(2)
    expect(login).toMatchObject({ type: 'aws_iam_user_login_profile', line: 6 })
    expect(login?.attributes.get('user')).toMatchObject({
      kind: 'reference',
      path: ['aws_iam_user', 'alice', 'name'],
      text: 'aws_iam_user.alice.name'
    })
  })

  it('reads jsonencode of literal objects as the JSON they stand for, keys quoted or not', async () => {
    const [policy] = await blocks(
      lines(
        'resource "aws_iam_policy" "p" {',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{ Effect = "Deny", NotAction = ["iam:ChangePassword"], Resource = "*",',
        '      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } }]',
        '  })',
        '}'
      )
    )
    const value = policy?.attributes.get('policy')
    expect(value).toMatchObject({ kind: 'call', name: 'jsonencode' })
    if (value?.kind !== 'call') throw new Error('not a call')
    expect(staticJson(value.args[0] ?? { kind: 'dynamic', text: '' })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: ['iam:ChangePassword'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
        }
      ]
    })
  })

  it('keeps templates, conditionals and for expressions as known only at apply', async () => {
    const [b] = await blocks(
      lines(
        'resource "aws_iam_user" "u" {',
        '  name   = "svc-${var.env}"',
        '  path   = var.admin ? "/admin/" : "/"',
        '  groups = [for g in var.groups : g]',
        '  tags   = { team = local.team }',
        '}'
      )
    )
    expect(b?.attributes.get('name')).toEqual({ kind: 'dynamic', text: 'svc-${var.env}' })
    expect(b?.attributes.get('path')?.kind).toBe('dynamic')
    expect(b?.attributes.get('groups')?.kind).toBe('dynamic')
    expect(b?.attributes.get('tags')).toEqual({
      kind: 'object',
      entries: [['team', { kind: 'reference', path: ['local', 'team'], text: 'local.team' }]]
    })
  })

  it('reads data sources, modules and locals, with nested blocks as lists of objects', async () => {
    const found = await blocks(
      lines(
        'locals {',
        '  group = "devs"',
        '}',
        'module "iam" {',
        '  source = "./iam"',
        '}',
        'data "aws_iam_policy_document" "d" {',
        '  statement {',
        '    actions = ["s3:*"]',
        '  }',
        '}'
      )
    )
    expect(found.map(b => [b.kind, b.type, b.name, b.line])).toEqual([
      ['locals', '', '', 1],
      ['module', '', 'iam', 4],
      ['data', 'aws_iam_policy_document', 'd', 7]
    ])
    expect(
      staticJson(found[2]?.attributes.get('statement') ?? { kind: 'dynamic', text: '' })
    ).toEqual([{ actions: ['s3:*'] }])
  })

  it("says where the syntax is wrong, in the parser's words", async () => {
    const parsed = await parseTerraform(
      lines('resource "aws_iam_user" "a" {', '  name = ', '}'),
      'broken.tf',
      await hclParser()
    )
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? '' : parsed.error).toMatch(/broken\.tf:2,\d+-\d+(,\d+)?: .*expression/i)
  })
})
