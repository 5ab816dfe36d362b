// Checking a credential report as a whole: what AWS never writes (two rows for one user, a name IAM
// cannot have or that its ARN contradicts, several accounts, a time in the future) is refused.
import { ROOT_USER, type ReportRow } from '../core/types.js'
import { formatAge, formatTime } from '../text/time.js'
import { count } from '../text/words.js'
import { ARN, parseNumberedRows, type NumberedRow } from './parse-report.js'
import { malformed, type ReportSource } from './report-source.js'

/** IAM user names: 1 to 64 of letters, digits and +=,.@_- (CreateUser's pattern). */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/

/** How far ahead of the runner's clock a report's generation time may be (clocks drift a little). */
export const CLOCK_SKEW_MS = 5 * 60_000

const NEVER = 'A credential report from AWS never has this.'
const SHOWN = 64

function quoted(value: string): string {
  return `"${value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value}"`
}

/** "line 3", "lines 3 and 7", "lines 3, 7, 9, 11, 12 and 4 more". */
export function linesText(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0] ?? ''}`
  const shown = lines.slice(0, lines.length > 6 ? 5 : lines.length - 1)
  const rest = lines.length > 6 ? `${lines.length - 5} more` : String(lines[lines.length - 1])
  return `lines ${shown.join(', ')} and ${rest}`
}

/** What is wrong with one row on its own terms, or undefined. */
function rowProblem({ row, line }: NumberedRow): string | undefined {
  const resource = ARN.exec(row.arn)?.[2] ?? ''
  const rootArn = resource === 'root'
  if (row.isRoot !== rootArn)
    return row.isRoot
      ? `line ${line} lists the user ${ROOT_USER} with the ARN ${quoted(row.arn)}, but the root user's ARN is arn:aws:iam::${row.accountId}:root.`
      : `line ${line} has the root user's ARN ${quoted(row.arn)} but the user name ${quoted(row.user)}, where the root user is ${ROOT_USER}.`
  if (row.isRoot) return undefined
  if (row.user.length > 64)
    return `line ${line} has a user name of ${row.user.length} characters (${quoted(row.user)}), longer than the 64 IAM allows.`
  if (!IAM_USER_NAME.test(row.user))
    return `line ${line} has the user name ${quoted(row.user)}, which IAM does not allow: a user name is letters, digits and +=,.@_- only.`
  const named = resource.slice(resource.lastIndexOf('/') + 1)
  if (named !== row.user)
    return `line ${line} lists the user ${quoted(row.user)} with the ARN ${quoted(row.arn)}, which names the user ${quoted(named)}.`
  return undefined
}

function accountsProblem(rows: readonly NumberedRow[]): string | undefined {
  const first = rows[0]?.row.accountId
  if (rows.every(r => r.row.accountId === first)) return undefined
  const byAccount = new Map<string, number[]>()
  for (const { row, line } of rows) {
    const lines = byAccount.get(row.accountId)
    if (lines) lines.push(line)
    else byAccount.set(row.accountId, [line])
  }
  const parts = [...byAccount].map(([account, lines]) => `${account} (${linesText(lines)})`)
  return (
    `it lists ${byAccount.size} accounts, ${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}, ` +
    'but a credential report covers one account: it looks joined from several reports. Scan each ' +
    'account with its own report, e.g. one job per account in a matrix.'
  )
}

/** Rows that name one user twice; `rows` are of one account (`accountsProblem` checks that first). */
function duplicatesProblem(rows: readonly NumberedRow[]): string | undefined {
  const names = new Set(rows.map(r => r.row.user.toLowerCase()))
  if (names.size === rows.length) return undefined
  const byName = new Map<string, NumberedRow[]>()
  for (const r of rows) {
    const key = r.row.user.toLowerCase()
    const group = byName.get(key)
    if (group) group.push(r)
    else byName.set(key, [r])
  }
  const repeated = [...byName.values()].filter(group => group.length > 1)
  if (repeated.length === 0) return undefined
  const said = repeated.slice(0, 3).map(group => {
    const names = [...new Set(group.map(r => r.row.user))]
    const where = linesText(group.map(r => r.line))
    if (names.length > 1)
      return `${where} list the same user as ${names.slice(0, -1).map(quoted).join(', ')} and ${quoted(names[names.length - 1] ?? '')}`
    return `${where} ${group.length === 2 ? 'both' : 'all'} list the user ${quoted(names[0] ?? '')}`
  })
  const rest = repeated.length - 3
  const more =
    rest > 0 ? `, and ${count(rest, 'more user')} ${rest === 1 ? 'is' : 'are'} listed again` : ''
  return `${said.join('; ')}${more}: IAM user names are unique whatever their case, so one user has one row. ${NEVER}`
}

/**
 * Parses the report and checks it as a whole; `account` is the account the credentials belong to,
 * when known. Throws ReportFormatError naming the lines at fault.
 */
export function checkedReportRows(
  text: string,
  source: ReportSource,
  account?: string
): ReportRow[] {
  const rows = parseNumberedRows(text, source)
  for (const r of rows) {
    const problem = rowProblem(r)
    if (problem) throw malformed(source, `${problem} ${NEVER}`)
  }
  const problem = accountsProblem(rows) ?? duplicatesProblem(rows)
  if (problem) throw malformed(source, problem)
  const reported = rows[0]?.row.accountId
  if (account !== undefined && reported !== undefined && reported !== account)
    throw malformed(
      source,
      `it is the report of account ${reported}, but the credentials are of account ${account} ` +
        '(sts:GetCallerIdentity), whose report was asked for.'
    )
  return rows.map(r => r.row)
}

/** Refuses a generation time more than a few minutes after `now`: no report comes from the future. */
export function checkGeneratedAt(
  generatedAt: Date | undefined,
  now: Date,
  source: ReportSource
): void {
  if (!generatedAt) return
  const ahead = generatedAt.getTime() - now.getTime()
  if (ahead > CLOCK_SKEW_MS)
    throw malformed(
      source,
      `it says AWS generated it at ${formatTime(generatedAt)}, ${formatAge(ahead)} after this run's clock ` +
        `(${formatTime(now)}): no report comes from the future, so its generation time was edited or the ` +
        "runner's clock is wrong."
    )
}
