// The hidden markers: the one in each tracking issue's body (what it tracks, since when, as of
// which evidence) and the one in each comment the action posts (which state change it explains).
import { createHash } from 'node:crypto'
import { comment, type Md } from '../text/markdown.js'

const NAME = 'posturio-iam-mfa'
/** Anything that looks like the action's marker, wherever it is in the body. */
const ANY_MARKER = /<!-- posturio-iam-mfa:(?!comment )([^>]*?) -->/
const COMMENT_MARKER = /<!-- posturio-iam-mfa:comment ([^>]*?) -->/

export interface Marker {
  readonly key: string
  readonly account: string
  readonly digest: string
  /** Set when the action closed the issue: why (fixed, deleted, exempt, pending, moved, duplicate). */
  readonly state: string | undefined
  /** When the evidence that last confirmed the finding was taken (ISO time). */
  readonly seen: string | undefined
  /** How many IAM users the report that last confirmed the finding listed. */
  readonly users: number | undefined
  /** The IAM user name (`<root_account>` for root), when the marker records it. */
  readonly user: string | undefined
}

/** A short check over what the marker identifies, so an edited key or account is noticed. */
function sealOf(key: string, account: string, who: string): string {
  return createHash('sha256').update(`${NAME}|${key}|${account}|${who}`).digest('hex').slice(0, 8)
}

/** User names may hold characters a hidden comment cannot (`--`), so the marker keeps them as hex. */
const toHex = (user: string): string => Buffer.from(user, 'utf8').toString('hex')
const fromHex = (hex: string): string => Buffer.from(hex, 'hex').toString('utf8')

function fields(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of text.trim().split(/\s+/)) {
    const eq = part.indexOf('=')
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1))
  }
  return out
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/

/**
 * The marker wherever it stands in the body: `undefined` when the body has none, `'broken'` when
 * it has one that no longer parses (edited by hand), so the issue is named but never acted on.
 */
export function readMarker(body: string | null | undefined): Marker | 'broken' | undefined {
  const m = ANY_MARKER.exec(body ?? '')
  if (!m) return undefined
  const f = fields(m[1] ?? '')
  const key = f.get('key') ?? ''
  const account = f.get('account') ?? ''
  const digest = f.get('digest') ?? ''
  const seal = f.get('seal')
  const seen = f.get('seen')
  const users = f.get('users')
  const state = f.get('state')
  const who = f.get('who')
  const valid =
    /^[a-f0-9]{24}$/.test(key) &&
    /^\d{12}$/.test(account) &&
    /^[a-f0-9]{16}$/.test(digest) &&
    (who === undefined || /^([a-f0-9]{2}){1,128}$/.test(who)) &&
    (seal === undefined || seal === sealOf(key, account, who ?? '')) &&
    (seen === undefined || (ISO.test(seen) && !Number.isNaN(Date.parse(seen)))) &&
    (users === undefined || /^\d{1,6}$/.test(users)) &&
    (state === undefined || /^[a-z]+$/.test(state))
  if (!valid) return 'broken'
  return {
    key,
    account,
    digest,
    state,
    seen,
    users: users === undefined ? undefined : Number(users),
    user: who === undefined ? undefined : fromHex(who)
  }
}

/** The marker if the body has a valid one. */
export function parseMarker(body: string | null | undefined): Marker | undefined {
  const m = readMarker(body)
  return m === 'broken' ? undefined : m
}

export function markerComment(m: Omit<Marker, 'state' | 'user'> & { user: string }): Md {
  const who = toHex(m.user)
  const extra = [
    m.seen ? `seen=${m.seen}` : undefined,
    m.users !== undefined ? `users=${m.users}` : undefined
  ].filter(Boolean)
  return comment(
    [
      `${NAME}:key=${m.key}`,
      `account=${m.account}`,
      `digest=${m.digest}`,
      `who=${who}`,
      `seal=${sealOf(m.key, m.account, who)}`,
      ...extra
    ].join(' ')
  )
}

/** The body with its marker rewritten to carry `state` (or none), wherever the marker stands. */
export function withMarkerState(body: string, state: string | undefined): string {
  return body.replace(ANY_MARKER, (_all, inner: string) => {
    const kept = inner
      .trim()
      .split(/\s+/)
      .filter(p => !p.startsWith('state='))
    return `<!-- ${NAME}:${[...kept, ...(state ? [`state=${state}`] : [])].join(' ')} -->`
  })
}

/** The hidden line that ends each comment the action posts: the change it explains and when. */
export function commentMarker(change: string, key: string, stamp: string): Md {
  return comment(`${NAME}:comment change=${change} key=${key} stamp=${stamp}`)
}

export interface CommentMark {
  readonly change: string
  readonly key: string
  readonly stamp: string
}

export function readCommentMarker(body: string | null | undefined): CommentMark | undefined {
  const m = COMMENT_MARKER.exec(body ?? '')
  if (!m) return undefined
  const f = fields(m[1] ?? '')
  const change = f.get('change')
  const key = f.get('key')
  const stamp = f.get('stamp')
  return change && key && stamp ? { change, key, stamp } : undefined
}
