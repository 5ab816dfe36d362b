import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/config/input-error.js'
import { readInputs } from '../../src/config/inputs.js'

const read = (values: Record<string, string> = {}) => readInputs(name => values[name] ?? '')
const problem = (values: Record<string, string>): string => {
  try {
    read(values)
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('no input error')
}

describe('simulate-privileged-actions', () => {
  it('reads actions one a line or comma-separated, with comments, each spelling once', () => {
    const inputs = read({
      'simulate-privileged-actions':
        'iam:CreateUser\n# the keys\niam:CreateAccessKey, sts:AssumeRole\nIAM:createuser\n'
    })
    expect(inputs.simulatePrivilegedActions).toEqual([
      'iam:CreateUser',
      'iam:CreateAccessKey',
      'sts:AssumeRole'
    ])
  })

  it('refuses wildcards and bare names, naming the input and the fix', () => {
    const message = problem({ 'simulate-privileged-actions': 'iam:*\nCreateUser' })
    expect(message).toContain(
      '`simulate-privileged-actions` must list IAM actions as service:Action'
    )
    expect(message).toContain('"iam:*"')
    expect(message).toContain('"CreateUser"')
  })

  it('refuses more than 50 actions', () => {
    const many = Array.from({ length: 51 }, (_, i) => `s3:Action${i}`).join('\n')
    expect(problem({ 'simulate-privileged-actions': many })).toContain(
      'lists 51 actions; at most 50'
    )
  })
})

describe('mfa-enforcing-groups and report-format', () => {
  it('reads group names and the format', () => {
    const inputs = read({
      'mfa-enforcing-groups': 'console-users\nadmins',
      'report-format': 'OCSF'
    })
    expect(inputs.mfaEnforcingGroups).toEqual(['console-users', 'admins'])
    expect(inputs.reportFormat).toBe('ocsf')
  })

  it('refuses a bad group name and an unknown format, listing both', () => {
    const message = problem({ 'mfa-enforcing-groups': 'bad group!', 'report-format': 'xml' })
    expect(message).toContain('`mfa-enforcing-groups` must list IAM group names')
    expect(message).toContain('`report-format` must be one of json, ocsf, csv')
  })
})

describe('mode: iac', () => {
  it('reads code with no AWS credentials: the mode, iac-paths and mfa-enforcing-groups alone are accepted', () => {
    const inputs = read({
      mode: 'iac',
      'iac-paths': 'infra\nstacks',
      'mfa-enforcing-groups': 'console-users'
    })
    expect(inputs.mode).toBe('iac')
    expect(inputs.iacPaths).toEqual(['infra', 'stacks'])
    expect(inputs.mfaEnforcingGroups).toEqual(['console-users'])
  })

  it.each([
    ['role-to-assume', 'arn:aws:iam::123456789012:role/audit'],
    ['organization-role-name', 'audit'],
    ['credential-report', 'report.json']
  ])('refuses %s, naming it, since the review uses no AWS credentials', (name, value) => {
    const message = problem({ mode: 'iac', [name]: value })
    expect(message).toContain('`mode: iac` reviews the repository')
    expect(message).toContain(`\`${name}\` is set`)
  })

  it('names every such input at once', () => {
    const message = problem({
      mode: 'IAC',
      'role-to-assume': 'arn:aws:iam::123456789012:role/audit',
      'credential-report': 'report.json'
    })
    expect(message).toContain('`role-to-assume`, `credential-report` are set')
  })
})
