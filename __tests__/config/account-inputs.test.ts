// The inputs that choose the accounts: role lists, the organisation, narrowing, the matrix mode.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/config/input-error.js'
import { readInputs, type Inputs } from '../../src/config/inputs.js'

const read = (values: Record<string, string>): Inputs => readInputs(name => values[name] ?? '')

function problem(values: Record<string, string>): string {
  try {
    read(values)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error(`expected readInputs to reject ${JSON.stringify(values)}`)
}

const ROLE_A = 'arn:aws:iam::111111111111:role/posturio-iam-mfa'
const ROLE_B = 'arn:aws:iam::222222222222:role/posturio-iam-mfa'

describe('readInputs: several accounts', () => {
  it('reads one role ARN a line, skipping blank lines and comments', () => {
    const inputs = read({ 'role-to-assume': `${ROLE_A}\n\n# staging\n  ${ROLE_B}  \n` })
    expect(inputs.rolesToAssume).toEqual([ROLE_A, ROLE_B])
  })

  it('names the line of a role ARN that is not one', () => {
    expect(problem({ 'role-to-assume': `${ROLE_A}\narn:aws:iam::2222:role/x` })).toBe(
      'Input `role-to-assume` line 2 must be an IAM role ARN, e.g. `role-to-assume: arn:aws:iam::123456789012:role/posturio-iam-mfa`, one a line; got "arn:aws:iam::2222:role/x". Leave it empty to use the default AWS credential chain.'
    )
  })

  it('refuses two roles in one account, which would scan it twice', () => {
    expect(
      problem({ 'role-to-assume': `${ROLE_A}\n${ROLE_B}\n${ROLE_A.replace('posturio', 'other')}` })
    ).toBe(
      'Input `role-to-assume` lines 1 and 3 are both in account 111111111111: give one role per account.'
    )
  })

  it('refuses roles of different partitions in one run', () => {
    expect(
      problem({
        'role-to-assume': `${ROLE_A}\narn:aws-us-gov:iam::222222222222:role/x`
      })
    ).toContain('mixes partitions (aws, aws-us-gov)')
  })

  it('reads the organisation inputs', () => {
    const inputs = read({
      'organization-role-name': 'audit/posturio-iam-mfa',
      'organizational-units': 'ou-ab12-cdef3456\nr-ab12',
      accounts: '111111111111, 222222222222\n111111111111',
      'exclude-accounts': '333333333333',
      'max-parallel-accounts': '16'
    })
    expect(inputs).toMatchObject({
      organizationRoleName: 'audit/posturio-iam-mfa',
      organizationalUnits: ['ou-ab12-cdef3456', 'r-ab12'],
      includeAccounts: ['111111111111', '222222222222'],
      excludeAccounts: ['333333333333'],
      maxParallelAccounts: 16
    })
  })

  it.each([
    [
      { 'organization-role-name': 'arn:aws:iam::1:role/x' },
      'Input `organization-role-name` must be the name of the IAM role'
    ],
    [
      { 'organization-role-name': 'audit', 'role-to-assume': `${ROLE_A}\n${ROLE_B}` },
      'Inputs `organization-role-name` and a list of `role-to-assume` ARNs are both set'
    ],
    [
      { 'organizational-units': 'ou-ab12-cdef3456' },
      'Input `organizational-units` needs `organization-role-name`'
    ],
    [
      { 'organization-role-name': 'audit', 'organizational-units': 'engineering' },
      'got "engineering"'
    ],
    [
      { accounts: '111111111111' },
      'Inputs `accounts` and `exclude-accounts` narrow a list of accounts'
    ],
    [
      { 'role-to-assume': ROLE_A, accounts: '1111' },
      'Input `accounts` must list 12-digit AWS account ids'
    ],
    [
      { 'max-parallel-accounts': '0' },
      'Input `max-parallel-accounts` must be a whole number from 1 to 64'
    ],
    [
      { 'accounts-per-job': '257' },
      'Input `accounts-per-job` must be a whole number from 1 to 256'
    ],
    [{ mode: 'fan-out' }, 'Input `mode` must be one of scan, list-accounts'],
    [{ mode: 'list-accounts' }, '`mode: list-accounts` lists the accounts to scan'],
    [{ 'fail-on-incomplete': 'yes' }, 'Input `fail-on-incomplete` must be true or false'],
    [
      { 'credential-report': 'r.json', 'organization-role-name': 'audit' },
      'Inputs `credential-report` and `organization-role-name` are both set'
    ]
  ])('refuses %j, naming the input and the fix', (values, message) => {
    expect(problem(values)).toContain(message)
  })

  it('defaults: one account, 4 at a time, a failing account fails the step, 10 accounts a job', () => {
    expect(read({})).toMatchObject({
      rolesToAssume: [],
      maxParallelAccounts: 4,
      failOnIncomplete: true,
      mode: 'scan',
      accountsPerJob: 10
    })
  })
})
