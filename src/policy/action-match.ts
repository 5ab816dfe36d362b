// Whether an IAM action pattern (`iam:*`, `iam:Create*`, `*`) covers an action, as IAM matches them:
// case-insensitive, `*` any run of characters, `?` one character.

const cache = new Map<string, RegExp>()

function regexOf(pattern: string): RegExp {
  const known = cache.get(pattern)
  if (known) return known
  const body = pattern
    .split('')
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  const made = new RegExp(`^${body}$`, 'i')
  cache.set(pattern, made)
  return made
}

export function actionMatches(pattern: string, action: string): boolean {
  return regexOf(pattern).test(action)
}

/** A statement's `Action` covers `action`, or its `NotAction` leaves it in. */
export function statementCovers(
  actions: readonly string[] | undefined,
  notActions: readonly string[] | undefined,
  action: string
): boolean {
  if (actions) return actions.some(p => actionMatches(p, action))
  if (notActions) return !notActions.some(p => actionMatches(p, action))
  return false
}
