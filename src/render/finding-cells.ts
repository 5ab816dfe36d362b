// The cells of the finding tables: what to fix, how severe, the facts of a failing identity, its owner.
import type { Finding } from '../core/types.js'
import { bold, code, join, md, type Md, type Piece } from '../text/markdown.js'
import { formatTime } from '../text/time.js'
import { count } from '../text/words.js'

const FIX: Record<NonNullable<Finding['remediation']>, Md> = {
  'enroll-mfa': md`Enroll MFA`,
  'remove-console-password': md`Remove console password`,
  'secure-root': md`Secure root`,
  'add-security-key': md`Add a security key`,
  'enforce-mfa-policy': md`Require MFA by policy`,
  'replace-root-virtual-mfa': md`Hardware MFA for root`
}

export const SEVERITY: Record<NonNullable<Finding['severity']>, Md> = {
  critical: md`🟥 critical`,
  high: md`🟧 high`,
  medium: md`🟨 medium`,
  low: md`⬜ low`
}

/** What a reader needs to know about a failing identity, in one cell. */
function facts(f: Finding, privileged: boolean): Md {
  if (f.isRoot) return md`see ${bold('Root user')} below`
  const out: Md[] = []
  const p = f.password
  if (p) {
    const idle = p.idleDays === undefined ? md`` : md`, ${count(p.idleDays, 'day')} ago`
    const use = p.everUsed
      ? md`last signed in ${formatTime(p.lastUsed)}${idle}`
      : md`password never used${p.idleDays === undefined ? md`` : p.idleDays === 0 ? md` (created today)` : md` (created ${count(p.idleDays, 'day')} ago)`}`
    out.push(p.inactive ? md`inactive: ${use}` : use)
  }
  if (f.lapsedExemption)
    out.push(md`exemption lapsed after ${f.lapsedExemption.until} (${f.lapsedExemption.source})`)
  if (privileged && f.privilegedVia) out.push(md`privileged (see below)`)
  if (f.live?.status === 'confirmed') out.push(md`confirmed live`)
  if (f.live?.status === 'not-reverified') out.push(f.live.detail)
  return join(out, '; ')
}

function ownerCell(f: Finding): Md {
  if (f.ownerProblem) return md`none: ${f.ownerProblem}`
  return f.owner ? md`${f.owner}` : md`not set`
}

export interface Column {
  readonly title: string
  readonly cell: (f: Finding) => Piece
  /** Shown only when it tells rows apart or says something. */
  readonly show?: (findings: readonly Finding[], accounts: number) => boolean
}

export const FAILING: readonly Column[] = [
  { title: 'identity', cell: f => (f.isRoot ? md`root user` : code(f.user)) },
  { title: 'account', cell: f => md`${f.account}`, show: (_, accounts) => accounts > 1 },
  { title: 'severity', cell: f => (f.severity ? SEVERITY[f.severity] : md``) },
  { title: 'fix', cell: f => (f.remediation ? FIX[f.remediation] : md``) },
  { title: 'facts', cell: f => facts(f, true) },
  {
    title: 'owner',
    cell: ownerCell,
    show: fs => fs.some(f => f.owner !== undefined || f.ownerProblem !== undefined)
  }
]

export const PENDING: readonly Column[] = [
  { title: 'user', cell: f => code(f.user) },
  { title: 'created', cell: f => formatTime(f.createdAt) },
  { title: 'grace period ends', cell: f => formatTime(f.graceEndsAt) }
]

export const EXEMPT: readonly Column[] = [
  { title: 'user', cell: f => code(f.user) },
  {
    title: 'until (inclusive)',
    cell: f => (f.exemption?.until ? md`${f.exemption.until}` : bold('no expiry'))
  },
  { title: 'reason', cell: f => f.exemption?.reason ?? md`_no reason given_` },
  { title: 'declared in', cell: f => f.exemption?.source ?? '' }
]

export const FIXED: readonly Column[] = [
  { title: 'user', cell: f => code(f.user) },
  { title: 'account', cell: f => md`${f.account}`, show: (_, n) => n > 1 },
  { title: 'evidence', cell: f => f.live?.detail ?? md`` }
]
