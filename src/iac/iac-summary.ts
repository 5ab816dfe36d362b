// The job summary of a code review: the verdict, the console users without an MFA guardrail, those
// the code cannot decide and why, files that did not parse, what the run did, and the fix, folded.
import { cloudFormationSnippet, terraformSnippet } from '../policy/enforce-mfa-policy.js'
import { clipped } from '../render/clip.js'
import { sarifLine } from '../render/sarif-line.js'
import { section } from '../render/sections.js'
import type { SarifStep } from '../sarif/publish-sarif.js'
import {
  code,
  codeBlock,
  details,
  join,
  lines,
  md,
  prose,
  table,
  text,
  type Md
} from '../text/markdown.js'
import { count } from '../text/words.js'
import type { CodeSpot } from './iac-facts.js'
import type { ParseError } from './read-iac.js'
import type { ReviewedUser } from './review.js'

export interface IacRun {
  readonly reviewed: readonly ReviewedUser[]
  readonly errors: readonly ParseError[]
  /** Files that hold Terraform or a template, and all files read. */
  readonly codeFiles: number
  readonly filesRead: number
  readonly tooLarge: readonly string[]
  readonly truncated: boolean
  readonly roots: readonly string[]
  readonly sarif: SarifStep
}

/** Tables fold past this many rows; the report stays well under GitHub's summary limit. */
const MAX_ROWS = 200

const fileOf = (uri: string): string => uri.split('/').map(decodeURIComponent).join('/')
const where = (s: CodeSpot): Md => md`${code(fileOf(s.uri))} line ${s.line}`
const who = (r: ReviewedUser): Md => (r.user.name ? code(r.user.name) : text(r.user.label))

function headline(run: IacRun, failing: number, unknown: number): string {
  const users = run.reviewed.length
  if (failing > 0)
    return `❌ IAM MFA check: ${count(failing, 'console user')} in code without an MFA guardrail`
  if (run.errors.length > 0)
    return `⚠️ IAM MFA check: ${count(run.errors.length, 'file')} of infrastructure code could not be parsed`
  if (unknown > 0)
    return `⚠️ IAM MFA check: ${count(unknown, 'console user')} in code could not be decided`
  if (users === 0) return '✅ IAM MFA check: no console user in the infrastructure code'
  return `✅ IAM MFA check: every console user in code requires MFA`
}

const rows = <T>(items: readonly T[]): readonly T[] => items.slice(0, MAX_ROWS)
const more = (items: readonly unknown[]): Md | undefined =>
  items.length > MAX_ROWS
    ? md`…and ${count(items.length - MAX_ROWS, 'more')}: see the SARIF file.`
    : undefined

function failingTable(list: readonly ReviewedUser[]): Md {
  return lines(
    table(
      [md`User`, md`Console password given at`, md`Not denied without MFA`, md`Policies it gets`],
      rows(list).flatMap(r =>
        r.review.kind !== 'not-enforced'
          ? []
          : [
              [
                who(r),
                where(r.user.loginProfile),
                join(r.review.unguarded.map(code), ', '),
                r.review.policies.length > 0
                  ? clipped(text(r.review.policies.join('; ')), 600)
                  : md`none`
              ]
            ]
      )
    ),
    more(list)
  )
}

function unknownTable(list: readonly ReviewedUser[]): Md {
  return lines(
    table(
      [md`User`, md`Console password given at`, md`Why the code does not say`],
      rows(list).map(r => [
        who(r),
        where(r.user.loginProfile),
        r.review.kind === 'unknown' ? join(r.review.why.slice(0, 5).map(prose), '; ') : md``
      ])
    ),
    more(list)
  )
}

function enforcedTable(list: readonly ReviewedUser[]): Md {
  return table(
    [md`User`, md`Console password given at`, md`MFA required by`],
    rows(list).map(r => [
      who(r),
      where(r.user.loginProfile),
      r.review.kind === 'enforced' ? clipped(text(r.review.by.join('; ')), 600) : md``
    ])
  )
}

function runLines(run: IacRun): Md {
  const roots = join(run.roots.map(code), ', ')
  const skipped =
    run.tooLarge.length > 0
      ? md` ${count(run.tooLarge.length, 'file')} over 1 MB not read (${join(
          run.tooLarge.slice(0, 5).map(u => code(fileOf(u))),
          ', '
        )}).`
      : md``
  const bounded = run.truncated
    ? md` The scan stopped at its bound (5,000 files or 50 MB): not every file was read; narrow \`iac-paths\`.`
    : md``
  return join(
    [
      md`- **Code read:** ${count(run.filesRead, 'file')} under ${roots}, ${run.codeFiles} of them Terraform or CloudFormation.${skipped}${bounded} No AWS credentials were used.`,
      md`- ${sarifLine(run.sarif)}`,
      md`- **Files:** the SARIF, ${code(run.sarif.file)}, stays on the runner and is gone when the job ends; to keep it, upload the \`sarif-file\` output with \`actions/upload-artifact\`.`
    ],
    '\n'
  )
}

const HOW_TO_FIX = lines(
  md`Put each user in a group that has the \`RequireMFA\` policy: it denies everything except setting up MFA until the user signs in with MFA. The review judges a guardrail on \`iam:CreateAccessKey\`, \`iam:AttachUserPolicy\`, \`s3:DeleteBucket\` and \`ec2:RunInstances\`, each denied without MFA. As Terraform:`,
  md``,
  codeBlock(terraformSnippet('console-users'), 'hcl'),
  md``,
  md`As CloudFormation:`,
  md``,
  codeBlock(cloudFormationSnippet('console-users'), 'json'),
  md``,
  md`A user the code cannot decide passes once its groups and policies are in the code read (\`iac-paths\`), or once a group it is in is named in \`mfa-enforcing-groups\` (a group known to enforce MFA, defined elsewhere).`
)

export function renderIacSummary(run: IacRun): string {
  const by = (kind: ReviewedUser['review']['kind']) =>
    run.reviewed.filter(r => r.review.kind === kind)
  const failing = by('not-enforced')
  const unknown = by('unknown')
  const enforced = by('enforced')
  const parts: Array<Md | undefined> = [
    md`## ${headline(run, failing.length, unknown.length)}`,
    md`Reviewed ${count(run.reviewed.length, 'console user')} in the infrastructure code: **${failing.length}** without an MFA guardrail, **${enforced.length}** with MFA required, **${unknown.length}** not decided from the code.`
  ]
  if (failing.length > 0) parts.push(section('Without an MFA guardrail', failingTable(failing)))
  if (unknown.length > 0) parts.push(section('Not decided from the code', unknownTable(unknown)))
  if (run.errors.length > 0)
    parts.push(
      section(
        'Files that could not be parsed',
        lines(
          md`These files were not reviewed, so the console users they define are not in this review, and no SARIF was uploaded (it would close their alerts).`,
          md``,
          table(
            [md`File`, md`Parser error`],
            rows(run.errors).map(e => [code(fileOf(e.uri)), clipped(text(e.error), 500)])
          )
        )
      )
    )
  if (enforced.length > 0)
    parts.push(
      details(md`MFA required (${count(enforced.length, 'console user')})`, enforcedTable(enforced))
    )
  parts.push(section('This run', runLines(run)))
  if (failing.length > 0 || unknown.length > 0) parts.push(details(md`How to fix`, HOW_TO_FIX))
  return `${
    join(
      parts.filter((p): p is Md => p !== undefined),
      '\n\n'
    ).markdown
  }\n`
}
