// Where HCL blocks and their attributes start: the lexical scan sees through strings, template
// interpolations, heredocs and comments, as the Terraform parser's JSON output has no lines.
import { describe, expect, it } from '@jest/globals'
import { outlineHcl } from '../../src/iac/hcl-outline.js'

const lines = (...l: string[]): string => l.join('\n')
const brief = (text: string) =>
  outlineHcl(text).map(b => ({
    type: b.type,
    labels: b.labels,
    line: b.line,
    attributes: Object.fromEntries(b.attributes)
  }))

describe('outlineHcl', () => {
  it('finds each top-level block with its labels, line and own attributes', () => {
    const text = lines(
      '# users',
      'resource "aws_iam_user" "alice" {',
      '  name = "alice"',
      '  tags = {',
      '    name = "not an attribute of the block"',
      '  }',
      '}',
      '',
      'module "groups" {',
      '  source = "./groups"',
      '}',
      'locals {',
      '  a = 1',
      '}'
    )
    expect(brief(text)).toEqual([
      {
        type: 'resource',
        labels: ['aws_iam_user', 'alice'],
        line: 2,
        attributes: { name: 3, tags: 4 }
      },
      { type: 'module', labels: ['groups'], line: 9, attributes: { source: 10 } },
      { type: 'locals', labels: [], line: 12, attributes: { a: 13 } }
    ])
  })

  it('is not misled by braces and quotes inside strings, interpolations, heredocs and comments', () => {
    const text = lines(
      'resource "aws_iam_user_policy" "p" {',
      '  user   = "${lookup({ a = "}" }, "a")}"',
      '  policy = <<-EOT',
      '    { "Statement": [ { "Resource": "arn:aws:iam::*:user/$${aws:username}" } }',
      '    resource "aws_iam_user" "fake" {',
      '    EOT',
      '  # resource "aws_iam_user" "commented" {',
      '  /* name = "x" {',
      '  */',
      '  name = "escaped \\" } quote"',
      '}',
      'resource "aws_iam_user_login_profile" "p" {',
      '  user = aws_iam_user.p.name',
      '}'
    )
    expect(brief(text)).toEqual([
      {
        type: 'resource',
        labels: ['aws_iam_user_policy', 'p'],
        line: 1,
        attributes: { user: 2, policy: 3, name: 10 }
      },
      {
        type: 'resource',
        labels: ['aws_iam_user_login_profile', 'p'],
        line: 12,
        attributes: { user: 13 }
      }
    ])
  })

  it('reads one-line blocks, labels without quotes, CRLF line ends and no space before the brace', () => {
    const text =
      'resource aws_iam_group "g"{ name = "devs" }\r\nresource "aws_iam_user" "u" {\r\n  name = "u"\r\n}\r\n'
    expect(brief(text)).toEqual([
      { type: 'resource', labels: ['aws_iam_group', 'g'], line: 1, attributes: { name: 1 } },
      { type: 'resource', labels: ['aws_iam_user', 'u'], line: 2, attributes: { name: 3 } }
    ])
  })

  it('does not take comparison operators for an attribute', () => {
    const text = lines(
      'resource "x" "y" {',
      '  count = var.a == "b" ? 1 : 0',
      '  enabled = var.c >= 2',
      '}'
    )
    expect(brief(text)[0]?.attributes).toEqual({ count: 2, enabled: 3 })
  })
})
