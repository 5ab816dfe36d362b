// Where infrastructure code defines IAM users with a literal name (Terraform aws_iam_user `name`,
// CloudFormation/SAM AWS::IAM::User `UserName`), read with the parsers of src/iac, bounded in files and bytes.
import { cloudFormationFacts, isTemplate } from '../iac/cfn-facts.js'
import { parseCfn } from '../iac/cfn-yaml.js'
import { hclParser, type HclParser } from '../iac/hcl-wasm.js'
import type { UserFact } from '../iac/iac-facts.js'
import { DEFAULT_LIMITS, readCodeFiles, type ScanLimits } from '../iac/iac-files.js'
import { parseCode } from '../iac/read-iac.js'
import { parseTerraform } from '../iac/terraform-file.js'
import { terraformFacts } from '../iac/terraform-facts.js'
import type { CodeLocation } from './build-sarif.js'

export { DEFAULT_LIMITS, SKIP_DIRS, type ScanLimits } from '../iac/iac-files.js'

/** A name IAM accepts for a user. */
const USER_NAME = /^[\w+=,.@-]{1,64}$/

const named = (users: readonly UserFact[]): Array<{ name: string; line: number }> =>
  users.flatMap(u =>
    u.name !== undefined && USER_NAME.test(u.name)
      ? [{ name: u.name, line: u.nameAt?.line ?? u.at.line }]
      : []
  )

/** The literal `name` of each `resource "aws_iam_user"` in a Terraform file; none when it does not parse. */
export async function terraformUsers(
  text: string,
  parser?: HclParser
): Promise<Array<{ name: string; line: number }>> {
  const parsed = await parseTerraform(text, 'main.tf', parser ?? (await hclParser()))
  if (!parsed.ok) return []
  return named(
    terraformFacts({ dir: '', blocks: parsed.blocks.map(b => ({ ...b, uri: 'main.tf' })) }).users
  )
}

/** The literal `UserName` of each `AWS::IAM::User` resource in a YAML or JSON template (pure). */
export function cloudFormationUsers(text: string): Array<{ name: string; line: number }> {
  const parsed = parseCfn(text)
  if (!parsed.ok || !isTemplate(parsed.root)) return []
  return named(cloudFormationFacts(parsed.root, 'template').users)
}

/** Scans `roots` (inside `workspace`) for user definitions; the first definition of a name wins. */
export async function findCodeLocations(
  workspace: string,
  roots: readonly string[],
  limits: ScanLimits = DEFAULT_LIMITS,
  parser: () => Promise<HclParser> = hclParser
): Promise<{ locations: Map<string, CodeLocation>; filesScanned: number; truncated: boolean }> {
  const read = await readCodeFiles(workspace, roots, limits)
  const order = new Map(read.files.map((f, i) => [f.uri, i]))
  // Files that name no IAM user are not parsed: this only looks for definitions.
  const relevant = read.files.filter(f => /aws_iam_user|AWS::IAM::User/.test(f.text))
  const { facts } = await parseCode(relevant, parser)
  const users = facts
    .flatMap(f => f.users)
    .map(u => ({ u, spot: u.nameAt ?? u.at }))
    .sort(
      (a, b) =>
        (order.get(a.spot.uri) ?? 0) - (order.get(b.spot.uri) ?? 0) || a.spot.line - b.spot.line
    )
  const locations = new Map<string, CodeLocation>()
  for (const { u, spot } of users) {
    if (u.name === undefined || !USER_NAME.test(u.name)) continue
    const key = u.name.toLowerCase()
    if (!locations.has(key)) locations.set(key, { uri: spot.uri, line: spot.line })
  }
  return { locations, filesScanned: read.files.length, truncated: read.truncated }
}
