// The tracking issue for one finding: its stable key, hidden marker, title and body (pure).
import { createHash } from 'node:crypto'
import type { Finding } from '../core/types.js'
import { escapeMarkdown as esc } from '../render/escape.js'
import { formatTime } from '../render/format.js'

export const MARKER_PREFIX = '<!-- posturio-iam-mfa:'
const MARKER =
  /^<!-- posturio-iam-mfa:key=([a-f0-9]{24}) account=(\d{12}) digest=([a-f0-9]{16})(?: state=(\w+))? -->/

export function issueKey(f: Pick<Finding, 'account' | 'user' | 'rule' | 'isRoot'>): string {
  const who = f.isRoot ? '<root>' : f.user.toLowerCase()
  return createHash('sha256').update(`${f.account}/${who}/${f.rule}`).digest('hex').slice(0, 24)
}

export interface Marker {
  readonly key: string
  readonly account: string
  readonly digest: string
  /** Set when the action closed the issue because the user became exempt or pending. */
  readonly state: string | undefined
}

export function parseMarker(body: string | null | undefined): Marker | undefined {
  const m = MARKER.exec(body ?? '')
  return m?.[1] && m[2] && m[3]
    ? { key: m[1], account: m[2], digest: m[3], state: m[4] }
    : undefined
}

export function markerLine(f: Finding, digest: string, state?: string): string {
  return `${MARKER_PREFIX}key=${issueKey(f)} account=${f.account} digest=${digest}${state ? ` state=${state}` : ''} -->`
}

/** The body with its marker line rewritten to carry `state`. */
export function withMarkerState(body: string, state: string): string {
  return body.replace(/^(<!-- posturio-iam-mfa:[^>]*?)(?: state=\w+)? -->/, `$1 state=${state} -->`)
}

export interface IssueContext {
  readonly accountLabel: (account: string) => string
  readonly workflowUrl: string | undefined
  /** The owner could not be assigned on GitHub (not a collaborator). */
  readonly ownerNotAssignable: boolean
  /** When the issue was first opened (unknown for a new issue: then it is now). */
  readonly firstSeen?: string
  /** When AWS generated the credential report the evidence comes from. */
  readonly reportGeneratedAt?: string
}

/** The managed facts of a finding: when they change, the issue body is rewritten. */
function managed(f: Finding, ownerNotAssignable: boolean): string {
  return JSON.stringify([
    f.rule,
    f.severity,
    f.remediation,
    f.password?.inactive ?? null,
    f.owner ?? null,
    ownerNotAssignable,
    f.privilegedVia ?? null,
    f.ownerProblem ?? null
  ])
}

export function digestOf(f: Finding, ownerNotAssignable: boolean): string {
  return createHash('sha256').update(managed(f, ownerNotAssignable)).digest('hex').slice(0, 16)
}

export function issueTitle(f: Finding, accountLabel: string): string {
  const where = `in ${accountLabel}`
  if (f.isRoot) return `Root user ${where} can sign in without MFA`
  if (f.rule === 'iam.privileged_users_without_mfa')
    return `Privileged IAM user ${f.user} ${where} can sign in without MFA`
  if (f.rule === 'iam.users_without_phishing_resistant_mfa')
    return `IAM user ${f.user} ${where} has no phishing-resistant MFA`
  return `IAM user ${f.user} ${where} can sign in without MFA`
}

function whatToDo(f: Finding): string {
  switch (f.remediation) {
    case 'remove-console-password':
      return `The console password is unused (inactive). Remove console access: \`aws iam delete-login-profile --user-name ${/^[\w+=,.@-]{1,64}$/.test(f.user) ? f.user : '<user>'}\` (access keys keep working).`
    case 'secure-root':
      return 'Sign in as root and assign a FIDO security key, or remove root credentials centrally through AWS Organizations (IAM → Root access management).'
    case 'add-security-key':
      return 'Register a FIDO security key or passkey for the user, then remove the weaker device.'
    default:
      return 'Enroll MFA for the user, preferably a FIDO security key or passkey: AWS console → the user → Security credentials → Assign MFA device.'
  }
}

function ownerLine(f: Finding, ownerNotAssignable: boolean): string {
  if (f.ownerProblem) return `**Owner:** none: ${esc(f.ownerProblem)}`
  if (!f.owner) return '**Owner:** not set (tag the IAM user to assign one).'
  const note = ownerNotAssignable
    ? ' (could not be assigned here: not a collaborator of this repository)'
    : ''
  return `**Owner:** @${f.owner}${note}`
}

export function issueBody(f: Finding, ctx: IssueContext, now: Date): string {
  const marker = markerLine(f, digestOf(f, ctx.ownerNotAssignable))
  const verify = ctx.workflowUrl
    ? `[re-run the workflow](${ctx.workflowUrl})`
    : 're-run the workflow'
  const evidence = [
    `- Finding: ${esc(f.reason)}`,
    ctx.reportGeneratedAt
      ? `- Credential report generated: ${formatTime(ctx.reportGeneratedAt)}`
      : '',
    f.password
      ? `- Password last used: ${f.password.everUsed ? formatTime(f.password.lastUsed) : 'never'}${f.password.inactive ? ' (inactive)' : ''}`
      : '',
    f.live ? `- Live check: ${esc(f.live.detail)}` : '',
    f.privilegedVia ? `- Privileged through: ${esc(f.privilegedVia)}` : ''
  ].filter(Boolean)
  return [
    marker,
    `**Severity:** ${f.severity ?? 'high'} (\`${f.rule}\`) · **Account:** ${esc(ctx.accountLabel(f.account))} · **Identity:** ${esc(f.isRoot ? 'root user' : f.user)}`,
    '',
    ownerLine(f, ctx.ownerNotAssignable),
    '',
    `**First seen:** ${formatTime(ctx.firstSeen ?? now)} · **Last seen:** still failing at every scan while this issue is open (a scan that finds it fixed closes it).`,
    '',
    '### What to do',
    whatToDo(f),
    '',
    '### How to verify',
    `After the change, ${verify}. The check re-verifies the user live and closes this issue with the evidence once it passes.`,
    '',
    `### Evidence (as of ${formatTime(now)})`,
    ...evidence,
    '',
    '_This issue is managed by the Posturio IAM MFA check. Close it with the accepted-risk label to accept the risk; closing it otherwise while the user still fails reopens it._'
  ].join('\n')
}
