// The tracking issue for one finding: its stable key, hidden marker, title and body (pure).
import { createHash } from 'node:crypto'
import type { Finding } from '../core/types.js'
import { code, link, lines, md, type Md } from '../text/markdown.js'
import { generatedAtFor } from './close-evidence.js'
import { markerComment } from './issue-marker.js'
import { formatTime } from '../text/time.js'
import {
  removeConsoleCommand,
  ROOT_CHECK,
  ROOT_VIRTUAL_CHECK,
  simulateCheck,
  userCheck
} from '../render/checks-by-hand.js'
import { enforcementEvidence, fixTarget } from '../render/enforcement-lines.js'
import { mfaPolicyFix } from '../render/mfa-policy-fix.js'
import { simulationEvidence } from '../render/simulation-table.js'
import { POLICY_RULE } from '../core/policy-findings.js'
import { standardsLine } from '../compliance/standards-text.js'

export function issueKey(f: Pick<Finding, 'account' | 'user' | 'rule' | 'isRoot'>): string {
  const who = f.isRoot ? '<root>' : f.user.toLowerCase()
  return createHash('sha256').update(`${f.account}/${who}/${f.rule}`).digest('hex').slice(0, 24)
}

export interface IssueContext {
  /** How people know the account: its id (or alias). */
  readonly accountLabel: (account: string) => string
  readonly workflowUrl: string | undefined
  /** The owner could not be assigned on GitHub (not a collaborator). */
  readonly ownerNotAssignable: boolean
  /** When the issue was first opened (unknown for a new issue: then it is now). */
  readonly firstSeen?: string
  /** When AWS generated the credential report the evidence comes from. */
  readonly reportGeneratedAt?: string
  /** With several accounts, each account's own report time (then `reportGeneratedAt` is not used). */
  readonly reportGeneratedAtOf?: (account: string) => string | undefined
  /** The label a person closes an issue with to accept the risk (`accepted-risk-label`). */
  readonly acceptedRiskLabel: string
  /** Whether the scan re-checks failing users live (`verify-live` with live credentials). */
  readonly liveChecks: boolean
  /** The scan read a saved report file (offline): nothing regenerates it by itself. */
  readonly savedReport?: boolean
  /** How many IAM users the account's report lists (kept in the marker, to notice a cut report). */
  readonly reportUsers?: (account: string) => number | undefined
}

/** When the evidence that this finding still fails was taken: a live check, else the report. */
export function evidenceTime(
  f: Finding,
  ctx: Pick<IssueContext, 'reportGeneratedAt' | 'reportGeneratedAtOf'>,
  now: Date
): string {
  if (f.live?.status === 'confirmed') return new Date(f.live.checkedAt).toISOString()
  // A policy finding rests on the policies read live in this scan, not on the report.
  if (f.rule === POLICY_RULE) return now.toISOString()
  return new Date(generatedAtFor(ctx, f.account) ?? now).toISOString()
}

/** Bumped when the body's wording changes, so open issues are rewritten once with the new text. */
const BODY_VERSION = 4

/** The managed facts of a finding: when they change, the issue body is rewritten. */
type DigestContext = Pick<
  IssueContext,
  'ownerNotAssignable' | 'acceptedRiskLabel' | 'liveChecks' | 'savedReport'
>

function managed(f: Finding, ctx: DigestContext): string {
  return JSON.stringify([
    BODY_VERSION,
    f.rule,
    f.severity,
    f.remediation,
    f.password?.inactive ?? null,
    f.owner ?? null,
    ctx.ownerNotAssignable,
    f.privilegedVia?.plain ?? null,
    f.ownerProblem?.plain ?? null,
    ctx.acceptedRiskLabel,
    ctx.liveChecks,
    ctx.savedReport ?? false,
    // Only policy findings carry this, so other issues keep their digest.
    ...(f.rule === POLICY_RULE && f.enforcement
      ? [
          f.enforcement.status,
          f.enforcement.unenforced,
          f.enforcement.grantedBy,
          f.enforcement.groups,
          f.simulation?.outcome.kind ?? null
        ]
      : [])
  ])
}

export function digestOf(f: Finding, ctx: DigestContext): string {
  return createHash('sha256').update(managed(f, ctx)).digest('hex').slice(0, 16)
}

export function issueTitle(f: Finding, accountLabel: string): string {
  const where = `in account ${accountLabel}`
  if (f.rule === 'iam.root_without_hardware_mfa')
    return `Root user ${where} has virtual MFA, not hardware MFA`
  if (f.isRoot) return `Root user ${where} can sign in without MFA`
  if (f.rule === 'iam.privileged_users_without_mfa')
    return `Privileged IAM user ${f.user} ${where} can sign in without MFA`
  if (f.rule === 'iam.users_without_phishing_resistant_mfa')
    return `IAM user ${f.user} ${where} has no phishing-resistant MFA`
  if (f.rule === POLICY_RULE)
    return `Privileged actions of IAM user ${f.user} ${where} do not require MFA`
  return `IAM user ${f.user} ${where} can sign in without MFA`
}

function whatToDo(f: Finding): Md {
  switch (f.remediation) {
    case 'remove-console-password':
      return md`The console password is unused (inactive), so remove console access rather than enroll MFA: ${removeConsoleCommand(f.user)} (access keys keep working).`
    case 'secure-root':
      return md`Sign in as root and assign a FIDO security key (*Security credentials* → *Assign MFA device*), or remove root credentials centrally through AWS Organizations (*IAM* → *Root access management*) so root has no password at all.`
    case 'add-security-key':
      return md`Register a FIDO security key or passkey for the user, then remove the weaker device.`
    case 'enforce-mfa-policy':
      return mfaPolicyFix(fixTarget(f))
    case 'replace-root-virtual-mfa':
      return md`Sign in as root and assign a FIDO security key or a hardware TOTP token (*Security credentials* → *Assign MFA device*), then remove the virtual MFA device, since root can sign in with any of its devices. Or remove root credentials centrally through AWS Organizations (*IAM* → *Root access management*) so root has no password at all.`
    default:
      return md`Enroll MFA for the user, preferably a FIDO security key or passkey: AWS console → the user → *Security credentials* → *Assign MFA device*.`
  }
}

function ownerLine(f: Finding, ownerNotAssignable: boolean): Md {
  if (f.isRoot)
    return md`**Owner:** root has no tags, so no owner comes from the owner tag. Root belongs to whoever holds the account's root credentials, normally its security contact: see it with \`aws account get-alternate-contact --alternate-contact-type SECURITY\` and set it with \`aws account put-alternate-contact\`, then assign this issue to them.`
  if (f.ownerProblem) return md`**Owner:** none: ${f.ownerProblem}`
  if (!f.owner)
    return md`**Owner:** not set. Tag the IAM user with the owner tag (a GitHub login or \`org/team\`) to assign one.`
  // A login that is no collaborator is written as a name, not a mention: no stranger is notified.
  if (ownerNotAssignable)
    return md`**Owner:** ${code(f.owner)} (GitHub login; not mentioned or assigned: not a collaborator of this repository)`
  return md`**Owner:** @${f.owner}`
}

function byHand(f: Finding): Md {
  if (f.rule === POLICY_RULE) return simulateCheck(f)
  if (f.rule === 'iam.root_without_hardware_mfa') return ROOT_VIRTUAL_CHECK
  return f.isRoot ? ROOT_CHECK : userCheck(f.user)
}

function verifyLine(f: Finding, ctx: IssueContext): Md {
  const rerun = ctx.workflowUrl
    ? link('re-run the workflow', ctx.workflowUrl)
    : md`re-run the workflow`
  const when =
    f.rule === POLICY_RULE
      ? md`The run reads the user's policies live and closes this issue with the evidence once its privileged actions require MFA.`
      : ctx.liveChecks
        ? md`The run checks ${f.isRoot ? md`root` : md`the user`} live and closes this issue with the evidence once it passes.`
        : ctx.savedReport
          ? md`This issue comes from a scan of a saved credential report: it closes once a report generated after the change is saved and scanned (or a scan with live AWS credentials finds it fixed).`
          : md`AWS regenerates the credential report at most every 4 hours; the first run on a report generated after the change closes this issue with the evidence.`
  return md`After the change, ${rerun}. ${when} By hand: ${byHand(f)}`
}

export function issueBody(f: Finding, ctx: IssueContext, now: Date): string {
  const users = ctx.reportUsers?.(f.account)
  const marker = markerComment({
    key: issueKey(f),
    account: f.account,
    digest: digestOf(f, ctx),
    seen: evidenceTime(f, ctx, now).replace(/\.000Z$/, 'Z'),
    users,
    user: f.isRoot ? '<root_account>' : f.user
  })
  const generated = generatedAtFor(ctx, f.account)
  const evidence = [
    md`- Finding: ${f.reason}`,
    generated ? md`- Credential report generated ${formatTime(generated)}` : undefined,
    f.password
      ? md`- Password last used: ${f.password.everUsed ? formatTime(f.password.lastUsed) : 'never'}${f.password.inactive ? md` (inactive)` : md``}`
      : undefined,
    f.live ? md`- Live check: ${f.live.detail}` : undefined,
    f.privilegedVia ? md`- Privileged through ${f.privilegedVia}` : undefined,
    ...(f.rule === POLICY_RULE && f.enforcement ? enforcementEvidence(f.enforcement) : [])
  ]
  const who = f.isRoot ? md`root user` : code(f.user)
  const severity = f.severity ?? 'high'
  return lines(
    marker,
    md`**Severity:** ${severity} (${code(f.rule)}) · **Account:** ${ctx.accountLabel(f.account)} · **Identity:** ${who} · **First seen:** ${formatTime(ctx.firstSeen ?? now)}`,
    md``,
    ownerLine(f, ctx.ownerNotAssignable),
    md``,
    md`### What to do`,
    md``,
    whatToDo(f),
    md``,
    md`### How to verify`,
    md``,
    verifyLine(f, ctx),
    md``,
    md`### Evidence (scan of ${formatTime(now)})`,
    md``,
    ...evidence,
    ...(f.simulation
      ? [
          md``,
          md`#### Proof by simulation`,
          md``,
          simulationEvidence(f.simulation.outcome, f.simulation.reconciled)
        ]
      : []),
    md``,
    md`---`,
    standardsLine(f.rule),
    md``,
    md`<sub>Managed by the Posturio IAM MFA check: every scan that still sees the problem keeps this issue open, and the first scan that finds it fixed closes it with the evidence. To accept the risk, close it with the ${code(ctx.acceptedRiskLabel)} label or as *not planned*; closing it as completed while the problem remains reopens it.</sub>`
  ).markdown
}
