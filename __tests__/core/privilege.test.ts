import { describe, expect, it } from '@jest/globals'
import {
  documentPrivilege,
  parsePolicyDocument,
  privilegedVia,
  type AttachedPolicy,
  type GroupAuthz,
  type InlinePolicy,
  type UserAuthz
} from '../../src/core/privilege.js'

// --- Builders: users, groups and policy documents shaped the way IAM returns them. ---

const CUSTOMER = '123456789012'
const NO_LOCAL: ReadonlyMap<string, unknown> = new Map()

function user(over: Partial<Omit<UserAuthz, 'user'>> = {}): UserAuthz {
  return { user: 'alice', tags: {}, attached: [], inline: [], groups: [], ...over }
}

function group(name: string, over: Partial<Omit<GroupAuthz, 'name'>> = {}): GroupAuthz {
  return { name, attached: [], inline: [], ...over }
}

const awsManaged = (name: string, partition = 'aws'): AttachedPolicy => ({
  name,
  arn: `arn:${partition}:iam::aws:policy/${name}`
})
const customerManaged = (name: string): AttachedPolicy => ({
  name,
  arn: `arn:aws:iam::${CUSTOMER}:policy/${name}`
})

interface Stmt {
  Effect: string
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
}
const doc = (...statements: Stmt[]): { Version: string; Statement: Stmt[] } => ({
  Version: '2012-10-17',
  Statement: statements
})
const allow = (action: string | string[], resource: string | string[] = '*'): Stmt => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource
})
/** How GetUserPolicy, GetGroupPolicy, GetPolicyVersion and GetAccountAuthorizationDetails return a document. */
const urlEncoded = (document: unknown): string => encodeURIComponent(JSON.stringify(document))

const ADMIN_DOC = doc(allow('*'))
const READ_DOC = doc(allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::logs/*'))

// --- AWS managed policies, judged by ARN. ---

describe('AWS managed policies', () => {
  it.each([
    ['aws', 'AdministratorAccess'],
    ['aws', 'IAMFullAccess'],
    ['aws', 'PowerUserAccess'],
    ['aws-us-gov', 'AdministratorAccess'],
    ['aws-us-gov', 'IAMFullAccess'],
    ['aws-us-gov', 'PowerUserAccess'],
    ['aws-cn', 'AdministratorAccess'],
    ['aws-cn', 'IAMFullAccess'],
    ['aws-cn', 'PowerUserAccess']
  ])('in partition %s, %s attached directly makes the user privileged', (partition, name) => {
    const via = privilegedVia(user({ attached: [awsManaged(name, partition)] }), NO_LOCAL)
    expect(via?.plain).toBe(`attached policy ${name}`)
  })

  it.each(['aws', 'aws-us-gov', 'aws-cn'])(
    'in partition %s, ReadOnlyAccess does not make the user privileged',
    partition => {
      const authz = user({ attached: [awsManaged('ReadOnlyAccess', partition)] })
      expect(privilegedVia(authz, NO_LOCAL)).toBeUndefined()
    }
  )

  it('does not trust the name of a customer policy called AdministratorAccess that grants little', () => {
    const fake = customerManaged('AdministratorAccess')
    const local = new Map<string, unknown>([[fake.arn, READ_DOC]])
    expect(privilegedVia(user({ attached: [fake] }), local)).toBeUndefined()
  })

  it('judges a customer policy called AdministratorAccess by its document when it grants * on *', () => {
    const real = customerManaged('AdministratorAccess')
    const local = new Map<string, unknown>([[real.arn, urlEncoded(ADMIN_DOC)]])
    expect(privilegedVia(user({ attached: [real] }), local)?.plain).toBe(
      'attached policy AdministratorAccess (allows * on *)'
    )
  })

  it('does not call a customer policy privileged when its document is unknown', () => {
    const authz = user({ attached: [customerManaged('AdministratorAccess')] })
    expect(privilegedVia(authz, NO_LOCAL)).toBeUndefined()
  })

  it('does not match an AWS managed policy under a path that merely ends in the name', () => {
    const authz = user({
      attached: [
        {
          name: 'AdministratorAccess',
          arn: 'arn:aws:iam::aws:policy/job-function/AdministratorAccess-Amplify'
        }
      ]
    })
    expect(privilegedVia(authz, NO_LOCAL)).toBeUndefined()
  })
})

// --- Policy documents: the forms they come in. ---

describe('policy document forms', () => {
  it.each([
    ['an object', ADMIN_DOC],
    ['a JSON string', JSON.stringify(ADMIN_DOC)],
    ['a pretty-printed JSON string', JSON.stringify(ADMIN_DOC, null, 2)],
    ['a URL-encoded JSON string, as IAM returns it', urlEncoded(ADMIN_DOC)],
    [
      'a URL-encoded pretty-printed JSON string',
      encodeURIComponent(JSON.stringify(ADMIN_DOC, null, 4))
    ]
  ])('reads the document given as %s', (_label, document) => {
    expect(documentPrivilege(document)?.plain).toBe('allows * on *')
  })

  it.each([
    ['an object', { Version: '2012-10-17', Statement: allow('*') }],
    ['an array', doc(allow('*'))]
  ])('reads a Statement given as %s', (_label, document) => {
    expect(documentPrivilege(document)?.plain).toBe('allows * on *')
  })

  it('parses the three forms to the same object', () => {
    const forms = [ADMIN_DOC, JSON.stringify(ADMIN_DOC), urlEncoded(ADMIN_DOC)]
    for (const form of forms) expect(parsePolicyDocument(form)).toEqual(ADMIN_DOC)
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty string', ''],
    ['truncated JSON', '{"Statement":[{"Effect":"Allow","Action":"*"'],
    ['a bad percent escape', '%7B%22Statement%22%3A%E0%A4%A'],
    ['the JSON string "null"', 'null'],
    ['a JSON number string', '7'],
    ['no Statement', { Version: '2012-10-17' }],
    ['a string Statement', { Statement: 'Allow everything' }],
    ['a null Statement entry', { Statement: [null, 3, 'x'] }],
    ['an Action that is an object', { Statement: [{ Effect: 'Allow', Action: { a: 1 } }] }],
    ['a Resource that is a number', { Statement: [{ Effect: 'Allow', Action: '*', Resource: 1 }] }]
  ])('treats a malformed document (%s) as not privileged, without throwing', (_label, document) => {
    expect(() => documentPrivilege(document)).not.toThrow()
    expect(documentPrivilege(document)).toBeUndefined()
  })
})

// --- What in a statement makes it privileged. ---

describe('statements that make a policy privileged', () => {
  it.each<[string, Stmt[], string | undefined]>([
    ['Action * on Resource *', [allow('*')], 'allows * on *'],
    ['Action *:* on Resource *', [allow('*:*')], 'allows * on *'],
    ['Action * on Resource [*]', [allow('*', ['*'])], 'allows * on *'],
    ['Action [*] among other resources', [allow(['*'], ['arn:aws:s3:::b', '*'])], 'allows * on *'],
    ['Action iam:* on *', [allow('iam:*')], 'allows iam:*'],
    ['Action IAM:* (any case) on *', [allow('IAM:*')], 'allows iam:*'],
    ['Action Iam:* (any case) on *', [allow('Iam:*')], 'allows iam:*'],
    ['iam:* in an array of actions', [allow(['s3:GetObject', 'iam:*'])], 'allows iam:*'],
    [
      'iam:* on a specific resource',
      [allow('iam:*', `arn:aws:iam::${CUSTOMER}:user/alice`)],
      'allows iam:*'
    ],
    [
      'NotAction on Resource *',
      [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }],
      'allows everything but a NotAction list on *'
    ],
    [
      'NotAction as a string on Resource *',
      [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' }],
      'allows everything but a NotAction list on *'
    ],
    ['a later statement that allows * on *', [allow('s3:GetObject'), allow('*')], 'allows * on *'],
    [
      'a Deny first, then an Allow *',
      [{ ...allow('*'), Effect: 'Deny' }, allow('*')],
      'allows * on *'
    ]
  ])('%s is privileged', (_label, statements, expected) => {
    expect(documentPrivilege(doc(...statements))?.plain).toBe(expected)
    expect(documentPrivilege(urlEncoded(doc(...statements)))?.plain).toBe(expected)
  })

  it.each<[string, Stmt[]]>([
    ['Action * on a specific resource', [allow('*', 'arn:aws:s3:::logs')]],
    ['Action *:* on a specific resource', [allow('*:*', ['arn:aws:s3:::logs/*'])]],
    ['Action * with no Resource', [{ Effect: 'Allow', Action: '*' }]],
    ['a Deny of *', [{ Effect: 'Deny', Action: '*', Resource: '*' }]],
    ['a Deny of iam:*', [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]],
    ['a Deny with NotAction', [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }]],
    [
      'NotAction on a specific resource',
      [{ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::logs' }]
    ],
    ['narrow IAM read actions', [allow(['iam:Get*', 'iam:List*'])]],
    ['S3 read on a bucket', READ_DOC.Statement],
    ['an empty Statement array', []]
  ])('%s is not privileged', (_label, statements) => {
    expect(documentPrivilege(doc(...statements))).toBeUndefined()
  })
})

// --- privilegedVia: which policy, described for people. ---

describe('privilegedVia', () => {
  const adminInline: InlinePolicy = { name: 'break-glass', document: urlEncoded(ADMIN_DOC) }
  const iamInline: InlinePolicy = {
    name: 'iam-admin',
    document: JSON.stringify(doc(allow('iam:*')))
  }

  it.each<[string, UserAuthz, ReadonlyMap<string, unknown>, string | undefined]>([
    [
      'a directly attached AWS managed policy',
      user({ attached: [awsManaged('AdministratorAccess')] }),
      NO_LOCAL,
      'attached policy AdministratorAccess'
    ],
    [
      'an inline policy',
      user({ inline: [adminInline] }),
      NO_LOCAL,
      'inline policy break-glass (allows * on *)'
    ],
    [
      'an inline policy granting iam:*',
      user({ inline: [iamInline] }),
      NO_LOCAL,
      'inline policy iam-admin (allows iam:*)'
    ],
    [
      'a group with an attached AWS managed policy',
      user({ groups: [group('admins', { attached: [awsManaged('AdministratorAccess')] })] }),
      NO_LOCAL,
      'group admins: attached policy AdministratorAccess'
    ],
    [
      'a group with an inline policy',
      user({ groups: [group('ops', { inline: [adminInline] })] }),
      NO_LOCAL,
      'group ops: inline policy break-glass (allows * on *)'
    ],
    [
      'a customer managed policy through the local map',
      user({ attached: [customerManaged('local')] }),
      new Map([[customerManaged('local').arn, urlEncoded(doc(allow('iam:*')))]]),
      'attached policy local (allows iam:*)'
    ],
    [
      'a group with a customer managed policy through the local map',
      user({ groups: [group('devs', { attached: [customerManaged('local')] })] }),
      new Map([[customerManaged('local').arn, doc(allow('*:*'))]]),
      'group devs: attached policy local (allows * on *)'
    ],
    [
      'only harmless policies',
      user({
        attached: [awsManaged('ReadOnlyAccess')],
        inline: [{ name: 'logs', document: READ_DOC }],
        groups: [group('readers', { attached: [awsManaged('ReadOnlyAccess')] })]
      }),
      NO_LOCAL,
      undefined
    ],
    ['no policies at all', user(), NO_LOCAL, undefined]
  ])('describes %s', (_label, authz, local, expected) => {
    expect(privilegedVia(authz, local)?.plain).toBe(expected)
  })

  it('reports a direct policy before a group one', () => {
    const authz = user({
      groups: [group('admins', { attached: [awsManaged('AdministratorAccess')] })],
      inline: [iamInline]
    })
    expect(privilegedVia(authz, NO_LOCAL)?.plain).toBe('inline policy iam-admin (allows iam:*)')
  })

  it('reports an attached policy before an inline one', () => {
    const authz = user({ inline: [adminInline], attached: [awsManaged('IAMFullAccess')] })
    expect(privilegedVia(authz, NO_LOCAL)?.plain).toBe('attached policy IAMFullAccess')
  })

  it('reports the first privileged group in membership order, skipping harmless ones', () => {
    const authz = user({
      groups: [
        group('readers', { attached: [awsManaged('ReadOnlyAccess')] }),
        group('power', { attached: [awsManaged('PowerUserAccess')] }),
        group('admins', { attached: [awsManaged('AdministratorAccess')] })
      ]
    })
    expect(privilegedVia(authz, NO_LOCAL)?.plain).toBe(
      'group power: attached policy PowerUserAccess'
    )
  })

  it('writes the evidence as Markdown with policy, group and wildcard names in code spans', () => {
    const viaGroup = privilegedVia(
      user({ groups: [group('admins', { inline: [adminInline] })] }),
      NO_LOCAL
    )
    expect(viaGroup?.markdown).toBe(
      'group `admins`: inline policy `break-glass` (allows `*` on `*`)'
    )
    const direct = privilegedVia(user({ attached: [awsManaged('AdministratorAccess')] }), NO_LOCAL)
    expect(direct?.markdown).toBe('attached policy `AdministratorAccess`')
    expect(documentPrivilege(doc(allow('iam:*')))?.markdown).toBe('allows `iam:*`')
    expect(
      documentPrivilege(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))?.markdown
    ).toBe('allows everything but a `NotAction` list on `*`')
  })

  it('skips a harmless first policy to find a privileged later one', () => {
    const authz = user({
      attached: [awsManaged('ReadOnlyAccess'), customerManaged('local')]
    })
    const local = new Map<string, unknown>([
      [customerManaged('local').arn, { Statement: { Effect: 'Allow', Action: 'iam:*' } }]
    ])
    expect(privilegedVia(authz, local)?.plain).toBe('attached policy local (allows iam:*)')
  })
})
