import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { InputError } from '../../src/config/input-error.js'
import { DEFAULTS, FAIL_ON, readInputs, type Inputs } from '../../src/config/inputs.js'

/** A reader like `core.getInput`: the value given, or '' for an input that is not set. */
function reader(values: Record<string, string>): (name: string) => string {
  return name => values[name] ?? ''
}

function read(values: Record<string, string> = {}): Inputs {
  return readInputs(reader(values))
}

/** The InputError that reading `values` throws. */
function inputError(values: Record<string, string>): InputError {
  try {
    read(values)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error(`expected readInputs to reject ${JSON.stringify(values)}`)
}

describe('readInputs: defaults', () => {
  it('applies the defaults when no input is set', () => {
    expect(read()).toEqual({
      rolesToAssume: [],
      organizationRoleName: undefined,
      organizationalUnits: [],
      includeAccounts: [],
      excludeAccounts: [],
      maxParallelAccounts: 4,
      failOnIncomplete: true,
      mode: 'scan',
      accountsPerJob: 10,
      awsRegion: 'us-east-1',
      roleSessionName: 'posturio-iam-mfa',
      audience: 'sts.amazonaws.com',
      credentialReport: undefined,
      exemptions: [],
      gracePeriodDays: 1,
      inactiveDays: 45,
      failOn: 'none',
      verifyLive: true,
      requirePhishingResistant: false,
      ownerTag: 'github',
      exemptTag: 'mfa-exempt',
      uploadSarif: true,
      sarifFile: 'posturio-iam-mfa.sarif',
      sarifCategory: 'posturio/iam-mfa',
      githubToken: undefined,
      iacPaths: [],
      uploadArtifact: true,
      createIssues: true,
      issueRepository: undefined,
      issueLabel: 'iam-mfa',
      acceptedRiskLabel: 'accepted-risk',
      maxNewIssues: 20,
      allowPublicRepository: false,
      dryRun: false,
      simulatePrivilegedActions: [],
      mfaEnforcingGroups: [],
      reportFormat: 'json'
    })
  })

  it('treats inputs holding only whitespace as not set', () => {
    const blank = Object.fromEntries(
      [
        'role-to-assume',
        'aws-region',
        'role-session-name',
        'audience',
        'credential-report',
        'exempt-users',
        'grace-period-days',
        'inactive-days',
        'fail-on',
        'upload-artifact'
      ].map(name => [name, '  \n '])
    )
    expect(read(blank)).toEqual(read())
  })

  it('returns a frozen object', () => {
    const inputs = read({ 'exempt-users': 'alice' })
    expect(Object.isFrozen(inputs)).toBe(true)
    expect(Object.isFrozen(inputs.exemptions)).toBe(true)
  })

  it('trims values and keeps what was given', () => {
    expect(
      read({
        'role-to-assume': '  arn:aws:iam::123456789012:role/posturio-iam-mfa ',
        'aws-region': ' eu-west-1 ',
        'role-session-name': 'audit-run',
        audience: 'https://example.com/aud',
        'grace-period-days': ' 7 ',
        'inactive-days': '90',
        'fail-on': 'critical'
      })
    ).toMatchObject({
      rolesToAssume: ['arn:aws:iam::123456789012:role/posturio-iam-mfa'],
      awsRegion: 'eu-west-1',
      roleSessionName: 'audit-run',
      audience: 'https://example.com/aud',
      gracePeriodDays: 7,
      inactiveDays: 90,
      failOn: 'critical'
    })
  })
})

describe('readInputs: accepted values', () => {
  it.each([
    'arn:aws:iam::123456789012:role/posturio-iam-mfa',
    'arn:aws-us-gov:iam::123456789012:role/audit',
    'arn:aws-cn:iam::123456789012:role/audit',
    'arn:aws:iam::123456789012:role/security/audit/posturio',
    'arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h'
  ])('accepts the role ARN %s', arn => {
    const region = arn.startsWith('arn:aws-us-gov:')
      ? 'us-gov-west-1'
      : arn.startsWith('arn:aws-cn:')
        ? 'cn-north-1'
        : 'us-east-1'
    expect(read({ 'role-to-assume': arn, 'aws-region': region }).rolesToAssume).toEqual([arn])
  })

  it('keeps a saved report path, trimmed', () => {
    expect(read({ 'credential-report': ' reports/credential-report.json ' }).credentialReport).toBe(
      'reports/credential-report.json'
    )
  })

  it.each(['us-east-1', 'us-gov-west-1', 'cn-north-1', 'eu-central-2', 'ap-southeast-5'])(
    'accepts the region %s',
    region => {
      expect(read({ 'aws-region': region }).awsRegion).toBe(region)
    }
  )

  it.each(['ab', 'a'.repeat(64), 'a+b=c,d.e@f_g-h', 'run-123_ABC'])(
    'accepts the session name %s',
    name => {
      expect(read({ 'role-session-name': name }).roleSessionName).toBe(name)
    }
  )

  it.each([
    { input: 'grace-period-days', value: '0', key: 'gracePeriodDays', expected: 0 },
    { input: 'grace-period-days', value: '365', key: 'gracePeriodDays', expected: 365 },
    { input: 'inactive-days', value: '1', key: 'inactiveDays', expected: 1 },
    { input: 'inactive-days', value: '3650', key: 'inactiveDays', expected: 3650 }
  ] as const)('accepts $input = $value (a range edge)', ({ input, value, key, expected }) => {
    expect(read({ [input]: value })[key]).toBe(expected)
  })

  it.each<[string, string]>([
    ...FAIL_ON.map((v): [string, string] => [v, v]),
    ['HIGH', 'high'],
    ['Critical', 'critical']
  ])('accepts fail-on %s', (value, expected) => {
    expect(read({ 'fail-on': value }).failOn).toBe(expected)
  })

  it.each<[string, boolean]>([
    ['true', true],
    ['false', false],
    ['FALSE', false],
    [' True ', true]
  ])('reads upload-artifact %j as %s', (value, expected) => {
    expect(read({ 'upload-artifact': value }).uploadArtifact).toBe(expected)
  })
})

describe('readInputs: invalid values name the input and show an example', () => {
  it.each([
    { input: 'role-to-assume', value: 'posturio-iam-mfa' },
    { input: 'role-to-assume', value: 'arn:aws:iam::123456789012:user/alice' },
    { input: 'role-to-assume', value: 'arn:aws:iam::12345:role/audit' },
    { input: 'role-to-assume', value: 'arn:aws:sts::123456789012:assumed-role/audit/session' },
    { input: 'role-to-assume', value: 'arn:aws:iam::123456789012:role/' },
    { input: 'aws-region', value: 'US-EAST-1' },
    { input: 'aws-region', value: 'useast1' },
    { input: 'aws-region', value: 'us-east' },
    { input: 'aws-region', value: 'us east 1' },
    { input: 'role-session-name', value: 'a' },
    { input: 'role-session-name', value: 'a'.repeat(65) },
    { input: 'role-session-name', value: 'my session' },
    { input: 'role-session-name', value: 'name/with/slash' },
    { input: 'audience', value: 'sts amazonaws com' },
    { input: 'grace-period-days', value: 'one' },
    { input: 'grace-period-days', value: '-1' },
    { input: 'grace-period-days', value: '1.5' },
    { input: 'grace-period-days', value: '366' },
    { input: 'grace-period-days', value: '1e2' },
    { input: 'inactive-days', value: 'forty-five' },
    { input: 'inactive-days', value: '-45' },
    { input: 'inactive-days', value: '0' },
    { input: 'inactive-days', value: '2.5' },
    { input: 'inactive-days', value: '3651' },
    { input: 'fail-on', value: 'low' },
    { input: 'fail-on', value: 'always' },
    { input: 'fail-on', value: 'true' },
    { input: 'upload-artifact', value: 'yes' },
    { input: 'upload-artifact', value: '1' }
  ])('rejects $input = "$value"', ({ input, value }) => {
    const error = inputError({ [input]: value })
    expect(error.name).toBe('InputError')
    expect(error.message).toContain(`Input \`${input}\``)
    expect(error.message).toMatch(new RegExp(`e\\.g\\. \`${input}: \\S+`))
    expect(error.message).toContain(`got "${value.slice(0, 40)}`)
  })

  it.each([
    { input: 'grace-period-days', example: '`grace-period-days: 1`', range: 'from 0 to 365' },
    { input: 'inactive-days', example: '`inactive-days: 45`', range: 'from 1 to 3650' }
  ])(
    'shows the default as the example for $input and states its range',
    ({ input, example, range }) => {
      const { message } = inputError({ [input]: 'x' })
      expect(message).toContain(example)
      expect(message).toContain(range)
    }
  )

  it('says upload-artifact takes true or false', () => {
    expect(inputError({ 'upload-artifact': 'no' }).message).toMatch(
      /^Input `upload-artifact` must be true or false/
    )
  })

  it('lists the allowed fail-on values', () => {
    expect(inputError({ 'fail-on': 'low' }).message).toContain('none, critical, high, medium')
  })

  it('says an empty role-to-assume means the default credential chain', () => {
    expect(inputError({ 'role-to-assume': 'audit' }).message).toMatch(/Leave it empty/)
  })

  it('lists every invalid input in one error', () => {
    const { message } = inputError({
      'aws-region': 'US-EAST-1',
      'role-session-name': 'x',
      'grace-period-days': '-1',
      'inactive-days': 'soon',
      'fail-on': 'low',
      'exempt-users': 'ops/alice'
    })
    expect(message).toMatch(/^The inputs have 6 problems:\n- /)
    for (const input of [
      'aws-region',
      'role-session-name',
      'grace-period-days',
      'inactive-days',
      'fail-on',
      'exempt-users'
    ]) {
      expect(message).toContain(`Input \`${input}\``)
    }
    expect(message.split('\n- ')).toHaveLength(7)
  })

  it('gives a single problem as a plain sentence, not a list', () => {
    const { message } = inputError({ 'fail-on': 'low' })
    expect(message).toMatch(/^Input `fail-on`/)
    expect(message).not.toContain('\n- ')
  })
})

describe('readInputs: exempt-users', () => {
  const exemptions = (text: string): Inputs['exemptions'] =>
    read({ 'exempt-users': text }).exemptions

  it('parses names, globs, expiries and reasons, ignoring comments and blank lines', () => {
    const text = [
      '# Sealed emergency accounts',
      '',
      'breakglass-* until=2027-01-31 # sealed credentials, reviewed quarterly',
      '   ',
      '  alice  ',
      'bob+ops@example.com # on leave, see HR-1234',
      'carol until=2027-12-31',
      'dave=contractor until=2026-12-01 #   ',
      'ops-? #no space before the reason'
    ].join('\n')
    expect(exemptions(text)).toEqual([
      {
        pattern: 'breakglass-*',
        until: '2027-01-31',
        reason: 'sealed credentials, reviewed quarterly',
        source: 'exempt-users line 3'
      },
      { pattern: 'alice', until: undefined, reason: undefined, source: 'exempt-users line 5' },
      {
        pattern: 'bob+ops@example.com',
        until: undefined,
        reason: 'on leave, see HR-1234',
        source: 'exempt-users line 6'
      },
      { pattern: 'carol', until: '2027-12-31', reason: undefined, source: 'exempt-users line 7' },
      {
        pattern: 'dave=contractor',
        until: '2026-12-01',
        reason: undefined,
        source: 'exempt-users line 8'
      },
      {
        pattern: 'ops-?',
        until: undefined,
        reason: 'no space before the reason',
        source: 'exempt-users line 9'
      }
    ])
  })

  it('numbers lines the same with Windows line endings', () => {
    expect(exemptions('# header\r\n\r\nalice until=2027-01-01\r\n')).toEqual([
      { pattern: 'alice', until: '2027-01-01', reason: undefined, source: 'exempt-users line 3' }
    ])
  })

  it('keeps a # inside the reason', () => {
    expect(exemptions('alice # ticket #42')[0]?.reason).toBe('ticket #42')
  })

  it.each(['2027-02-30', '2027-13-01', '2027-1-5', '27-01-31', 'tomorrow', '2027-01-31T00:00', ''])(
    'rejects until=%s with the line number and an example',
    until => {
      const { message } = inputError({ 'exempt-users': `# comment\nalice until=${until} # why` })
      expect(message).toContain('Input `exempt-users` line 2')
      expect(message).toContain(`until=${until} `)
      expect(message).toContain('YYYY-MM-DD')
      expect(message).toContain('e.g. `breakglass-* until=2027-01-31')
    }
  )

  it.each([
    { line: 'alice smith', why: 'a name with a space' },
    { line: 'ops/alice', why: 'a path' },
    { line: 'arn:aws:iam::123456789012:user/alice', why: 'an ARN' },
    { line: 'a'.repeat(65), why: 'a name over 64 characters' },
    { line: '<root_account>', why: 'angle brackets' },
    { line: 'alice until=2027-01-31 extra words', why: 'words after the expiry' },
    { line: 'alice#no-space', why: 'a # glued to the name' }
  ])('rejects $why with the line number', ({ line }) => {
    const { message } = inputError({ 'exempt-users': `alice\n\n${line}` })
    expect(message).toContain('Input `exempt-users` line 3')
    expect(message).toContain('e.g. `breakglass-* until=2027-01-31')
  })

  it('reports every bad line, each with its own number', () => {
    const { message } = inputError({
      'exempt-users': 'ok-user\nops/alice\nbob until=2027-02-30\ncarol'
    })
    expect(message).toContain('line 2')
    expect(message).toContain('line 3')
    expect(message).not.toContain('line 1')
    expect(message).not.toContain('line 4')
  })
})

describe('DEFAULTS', () => {
  /** Each input of action.yml with its `default:` value (quotes removed). */
  function actionYmlDefaults(): Map<string, string> {
    const yml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
    const inputsBlock = /^inputs:\n([\s\S]*?)^\S/m.exec(yml)?.[1]
    if (inputsBlock === undefined) throw new Error('action.yml has no inputs: block')
    const defaults = new Map<string, string>()
    let current: string | undefined
    for (const line of inputsBlock.split('\n')) {
      const name = /^ {2}([\w-]+):\s*$/.exec(line)?.[1]
      if (name !== undefined) {
        current = name
        defaults.set(name, '')
        continue
      }
      const value = /^ {4}default:\s*(.*?)\s*$/.exec(line)?.[1]
      if (value !== undefined && current !== undefined) {
        defaults.set(current, value.replace(/^(['"])(.*)\1$/, '$2'))
      }
    }
    return defaults
  }

  it('equals the defaults declared in action.yml', () => {
    const declared = actionYmlDefaults()
    // github-token's default is an expression the runner fills in; the code cannot default it.
    const nonEmpty = Object.fromEntries(
      [...declared].filter(([name, value]) => value !== '' && name !== 'github-token')
    )
    expect(declared.get('github-token')).toBe('${{ github.token }}')
    expect(nonEmpty).toEqual({ ...DEFAULTS })
  })

  it('reads exactly the inputs action.yml declares', () => {
    const asked = new Set<string>()
    readInputs(name => {
      asked.add(name)
      return ''
    })
    expect([...asked].sort()).toEqual([...actionYmlDefaults().keys()].sort())
  })
})

describe('readInputs: inputs that contradict each other', () => {
  it('refuses credential-report together with role-to-assume', () => {
    expect(() =>
      read({ 'credential-report': 'r.csv', 'role-to-assume': 'arn:aws:iam::123456789012:role/x' })
    ).toThrow(/Inputs `credential-report` and `role-to-assume` are both set/)
  })

  it.each([
    ['arn:aws-us-gov:iam::123456789012:role/x', 'us-east-1', 'us-gov-west-1'],
    ['arn:aws-cn:iam::123456789012:role/x', 'us-gov-west-1', 'cn-north-1'],
    ['arn:aws:iam::123456789012:role/x', 'cn-north-1', 'us-east-1']
  ])('refuses role %s with region %s and suggests %s', (arn, region, suggestion) => {
    expect(() => read({ 'role-to-assume': arn, 'aws-region': region })).toThrow(
      new RegExp(
        `is in partition .*use a region of the role's partition, e\\.g\\. \`aws-region: ${suggestion}\``
      )
    )
  })

  it('refuses an exempt-users entry that would exempt everyone', () => {
    expect(() => read({ 'exempt-users': '* until=2027-01-01' })).toThrow(
      /Input `exempt-users` line 1: "\*" would exempt every user/
    )
  })
})

describe('readInputs: issue tracking', () => {
  it.each(['acme/security-findings', 'acme/.github', 'a-b/x.y_z-1', 'acme/..x', 'acme/.x.'])(
    'accepts issue-repository %s',
    repo => {
      expect(read({ 'issue-repository': repo }).issueRepository).toBe(repo)
    }
  )

  it.each(['acme/..', 'acme/.', '../x', './x', 'acme', 'acme/x/y', '/x', 'acme/', 'acme/a b'])(
    'refuses issue-repository %s, which is no GitHub repository, with an example',
    repo => {
      const { message } = inputError({ 'issue-repository': repo })
      expect(message).toBe(
        `Input \`issue-repository\` must be owner/repo, e.g. \`issue-repository: acme/security-findings\`; got "${repo}".`
      )
    }
  )

  it.each([
    ['iam-mfa', 'iam-mfa'],
    ['iam-mfa', 'IAM-MFA'],
    ['Accepted-Risk', 'accepted-risk']
  ])(
    'refuses issue-label %s with accepted-risk-label %s: one label to GitHub, whatever the case',
    (issueLabel, acceptedRiskLabel) => {
      const { message } = inputError({
        'issue-label': issueLabel,
        'accepted-risk-label': acceptedRiskLabel
      })
      expect(message).toContain(
        `Inputs \`issue-label\` and \`accepted-risk-label\` name the same label ("${issueLabel}"; GitHub compares label names ignoring case)`
      )
      expect(message).toContain(
        'Give them different names, e.g. `issue-label: iam-mfa` and `accepted-risk-label: accepted-risk`.'
      )
    }
  )

  it('refuses an issue-label that equals the default accepted-risk-label', () => {
    expect(inputError({ 'issue-label': 'ACCEPTED-RISK' }).message).toMatch(
      /^Inputs `issue-label` and `accepted-risk-label` name the same label/
    )
  })

  it('accepts two different labels', () => {
    expect(
      read({ 'issue-label': 'security/mfa', 'accepted-risk-label': 'security/mfa-accepted' })
    ).toMatchObject({ issueLabel: 'security/mfa', acceptedRiskLabel: 'security/mfa-accepted' })
  })
})
