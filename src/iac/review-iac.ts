// `mode: iac`: review the repository's Terraform and CloudFormation for console users without an
// MFA guardrail, with no AWS credentials; write and upload the SARIF, the summary and the outputs.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import type { Inputs } from '../config/inputs.js'
import { workspaceOf } from '../config/path-inputs.js'
import type { Deps } from '../runtime/deps.js'
import { uploadSarifFile } from '../sarif/publish-sarif.js'
import { IAC_RULE_ID } from '../sarif/rules.js'
import { md } from '../text/markdown.js'
import { count } from '../text/words.js'
import { VERSION } from '../version.js'
import { readCodeFiles } from './iac-files.js'
import { buildIacSarif } from './iac-sarif.js'
import { renderIacSummary } from './iac-summary.js'
import { parseCode } from './read-iac.js'
import { resolveConsoleUsers } from './resolve-iac.js'
import { reviewUsers, type ReviewedUser } from './review.js'

/** The rule's severity: only `fail-on: medium` fails the step for it (critical and high are above). */
const SEVERITY = 'medium'

const fileOf = (uri: string): string => uri.split('/').map(decodeURIComponent).join('/')

function nonCompliant(failing: readonly ReviewedUser[]): object[] {
  return failing.slice(0, 1000).map(r => ({
    user: r.user.name ?? null,
    definedBy: r.user.source,
    file: fileOf(r.user.loginProfile.uri),
    line: r.user.loginProfile.line,
    severity: SEVERITY,
    rule: IAC_RULE_ID
  }))
}

export async function reviewIac(inputs: Inputs, deps: Deps): Promise<void> {
  const { io, env } = deps
  const workspace = workspaceOf(env)
  const given = inputs.iacPaths.length > 0 ? inputs.iacPaths : ['.']
  const roots = given.map(p => resolve(workspace, p))
  const inside = roots.filter(
    r => !relative(workspace, r).startsWith('..') && !isAbsolute(relative(workspace, r))
  )
  if (inside.length < roots.length)
    io.warning('Some `iac-paths` lie outside the workspace and were not read.')
  const read = await readCodeFiles(workspace, inside)
  const parsed = await parseCode(read.files, deps.hcl)
  const reviewed = reviewUsers(resolveConsoleUsers(parsed.facts), {
    enforcingGroups: inputs.mfaEnforcingGroups
  })
  const failing = reviewed.filter(r => r.review.kind === 'not-enforced')
  const unknown = reviewed.filter(r => r.review.kind === 'unknown')
  io.info(
    `Infrastructure code: ${count(read.files.length, 'file')} read, ${count(reviewed.length, 'console user')}: ${failing.length} without an MFA guardrail, ${unknown.length} not decided, ${parsed.errors.length} ${parsed.errors.length === 1 ? 'file' : 'files'} not parsed.`
  )
  for (const e of parsed.errors)
    io.warning(`${fileOf(e.uri)} could not be parsed, so it was not reviewed: ${e.error}`)

  // The SARIF file first: it is written on the runner before anything changes on GitHub.
  const text = JSON.stringify(
    buildIacSarif(reviewed, { category: inputs.sarifCategory, toolVersion: VERSION }),
    null,
    2
  )
  const file = resolve(workspace, inputs.sarifFile)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, [text, '\n'], 'utf8')
  io.info(
    `Wrote ${file} (${count(failing.length, 'result')}, category ${inputs.sarifCategory}/iac).`
  )
  // A file that did not parse holds users this review did not see: uploading would close their alerts.
  const blocked =
    parsed.errors.length > 0
      ? md`${count(parsed.errors.length, 'file')} could not be parsed, and an upload without the users ${parsed.errors.length === 1 ? 'it defines' : 'they define'} would close their alerts`
      : undefined
  const sarif = await uploadSarifFile(
    { file, text, results: failing.length },
    inputs,
    deps,
    blocked
  )

  await io.writeSummary(
    renderIacSummary({
      reviewed,
      errors: parsed.errors,
      codeFiles: parsed.codeFiles,
      filesRead: read.files.length,
      tooLarge: read.tooLarge,
      truncated: read.truncated,
      roots: given,
      sarif
    })
  )
  const uploaded = sarif.upload && sarif.upload.status !== 'rejected' ? sarif.upload.id : undefined
  const outputs: Record<string, string> = {
    'non-compliant-count': String(failing.length),
    'non-compliant-users': JSON.stringify(nonCompliant(failing)),
    'sarif-file': file,
    ...(uploaded ? { 'sarif-id': uploaded } : {}),
    ...(uploaded && sarif.alertsUrl ? { 'code-scanning-url': sarif.alertsUrl } : {})
  }
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value)
  if (parsed.errors.length > 0 && inputs.failOnIncomplete)
    io.setFailed(
      `${count(parsed.errors.length, 'file')} of infrastructure code could not be parsed (${parsed.errors
        .slice(0, 5)
        .map(e => fileOf(e.uri))
        .join(
          ', '
        )}): the review is incomplete and was not uploaded. Fix the syntax, or set \`fail-on-incomplete: false\` to pass the step anyway.`
    )
  if (inputs.failOn === SEVERITY && failing.length > 0)
    io.setFailed(
      `${count(failing.length, 'console user')} in code without an MFA guardrail, at or above fail-on: ${inputs.failOn} (${failing
        .slice(0, 5)
        .map(
          r =>
            `${r.user.name ?? r.user.label} at ${fileOf(r.user.loginProfile.uri)}:${r.user.loginProfile.line}`
        )
        .join(', ')}${failing.length > 5 ? ', ...' : ''}). The job summary says how to fix each.`
    )
}
