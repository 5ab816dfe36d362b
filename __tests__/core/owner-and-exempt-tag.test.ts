import { describe, expect, it } from '@jest/globals'
import { parseExemptTag } from '../../src/core/exempt-tag.js'
import { parseOwnerTag } from '../../src/core/owner.js'

const LOGIN_39 = `a${'b'.repeat(37)}c`
const LOGIN_40 = `a${'b'.repeat(38)}c`

describe('parseOwnerTag', () => {
  it.each([
    ['octocat', 'octocat'],
    ['octo-cat', 'octo-cat'],
    ['a', 'a'],
    ['Octo-Cat-2', 'Octo-Cat-2'],
    [LOGIN_39, LOGIN_39],
    ['@octocat', 'octocat'],
    ['  octocat  ', 'octocat'],
    [' @octocat', 'octocat'],
    ['acme/platform-team', 'acme/platform-team'],
    ['acme/team_1.x', 'acme/team_1.x'],
    ['@acme/platform-team', 'acme/platform-team']
  ])('accepts %j as owner %j', (value, owner) => {
    expect(LOGIN_39).toHaveLength(39)
    expect(parseOwnerTag('owner', value)).toEqual({ owner })
  })

  it.each([
    ['a 40-character login', LOGIN_40],
    ['a leading hyphen', '-octocat'],
    ['a trailing hyphen', 'octocat-'],
    ['a double hyphen', 'octo--cat'],
    ['a space inside', 'octo cat'],
    ['two slashes', 'a/b/c'],
    ['HTML', '<b>'],
    ['an empty value', ''],
    ['only spaces', '   '],
    ['a lone @', '@'],
    ['two @', '@@octocat'],
    ['an empty team', 'acme/'],
    ['an empty org', '/platform-team'],
    ['a team with a space', 'acme/platform team'],
    ['a team starting with a dot', 'acme/.hidden'],
    ['an email address', 'octocat@example.com'],
    ['a mention list', '@octocat @hubot']
  ])('rejects %s', (_label, value) => {
    expect(LOGIN_40).toHaveLength(40)
    const parsed = parseOwnerTag('owner', value)
    expect(parsed).not.toHaveProperty('owner')
    expect(parsed).toHaveProperty('problem')
  })

  it('names the tag key and the value in the problem, and says no owner is assigned', () => {
    const parsed = parseOwnerTag('team-owner', 'octo--cat')
    if (!('problem' in parsed)) throw new Error('expected a problem')
    expect(parsed.problem.plain).toContain('tag team-owner')
    expect(parsed.problem.plain).toContain('"octo--cat"')
    expect(parsed.problem.plain).toMatch(/not a GitHub login or org\/team/)
    expect(parsed.problem.plain).toMatch(/no owner is assigned/)
  })

  it('quotes at most 60 characters of a long bad value', () => {
    const parsed = parseOwnerTag('owner', `x y${'z'.repeat(200)}`)
    if (!('problem' in parsed)) throw new Error('expected a problem')
    expect(parsed.problem.plain).toContain(`"x y${'z'.repeat(57)}"`)
    expect(parsed.problem.plain).not.toContain('z'.repeat(58))
  })

  it('shows the bad value inert in the Markdown of the problem', () => {
    const parsed = parseOwnerTag('owner', '<b>@octocat</b>')
    if (!('problem' in parsed)) throw new Error('expected a problem')
    expect(parsed.problem.plain).toContain('"<b>@octocat</b>"')
    expect(parsed.problem.markdown).not.toMatch(/<b>|@octocat/)
  })
})

describe('parseExemptTag', () => {
  it.each([
    {
      label: 'reason then until',
      value: 'sealed break-glass;until=2027-01-31',
      until: '2027-01-31',
      reason: 'sealed break-glass'
    },
    {
      label: 'until then reason',
      value: 'until=2027-01-31;sealed break-glass',
      until: '2027-01-31',
      reason: 'sealed break-glass'
    },
    {
      label: 'spaces around the parts',
      value: ' sealed ; until=2027-01-31 ',
      until: '2027-01-31',
      reason: 'sealed'
    },
    {
      label: 'upper-case UNTIL',
      value: 'sealed;UNTIL=2027-01-31',
      until: '2027-01-31',
      reason: 'sealed'
    },
    {
      label: 'no until',
      value: 'vendor account, reviewed',
      until: undefined,
      reason: 'vendor account, reviewed'
    },
    { label: 'only until', value: 'until=2027-01-31', until: '2027-01-31', reason: undefined },
    {
      label: 'an empty reason before until',
      value: ';until=2027-01-31',
      until: '2027-01-31',
      reason: undefined
    },
    {
      label: 'several reason parts',
      value: 'vendor;until=2027-01-31;ticket OPS-1',
      until: '2027-01-31',
      reason: 'vendor; ticket OPS-1'
    }
  ])('reads $label', ({ value, until, reason }) => {
    expect(parseExemptTag('mfa-exempt', 'alice', value)).toEqual({
      exemption: { pattern: 'alice', until, reason, source: 'tag mfa-exempt' }
    })
  })

  it.each([
    ['not a date', 'sealed;until=soon'],
    ['a day that does not exist', 'sealed;until=2027-02-30'],
    ['a US-style date', 'sealed;until=01/31/2027'],
    ['a date and time', 'sealed;until=2027-01-31T00:00:00Z'],
    ['an empty until', 'sealed;until=']
  ])('reports a problem for an until that is %s', (_label, value) => {
    const parsed = parseExemptTag('mfa-exempt', 'alice', value)
    expect(parsed).not.toHaveProperty('exemption')
    if (!('problem' in parsed)) throw new Error('expected a problem')
    expect(parsed.problem.plain).toContain('tag mfa-exempt on alice')
    expect(parsed.problem.plain).toMatch(/not a YYYY-MM-DD date; the exemption is ignored/)
  })

  it('quotes at most 20 characters of a bad until', () => {
    const parsed = parseExemptTag('mfa-exempt', 'alice', `until=${'9'.repeat(50)}`)
    if (!('problem' in parsed)) throw new Error('expected a problem')
    expect(parsed.problem.plain).toContain(`until=${'9'.repeat(20)},`)
  })

  it('names the source after the tag key it was read from', () => {
    const parsed = parseExemptTag('posturio:exempt', 'bob', 'legacy')
    expect(parsed).toEqual({
      exemption: {
        pattern: 'bob',
        until: undefined,
        reason: 'legacy',
        source: 'tag posturio:exempt'
      }
    })
  })
})
