// Parsing the infrastructure code read from the workspace into IAM facts: Terraform per module
// (folder), CloudFormation and SAM per template; a file that does not parse is named with the reason.
import { cloudFormationFacts, isTemplate } from './cfn-facts.js'
import { parseCfn } from './cfn-yaml.js'
import type { HclParser } from './hcl-wasm.js'
import type { IacFacts } from './iac-facts.js'
import type { CodeFile } from './iac-files.js'
import { parseTerraform, type TfBlock } from './terraform-file.js'
import { terraformFacts } from './terraform-facts.js'

export interface ParseError {
  readonly uri: string
  readonly error: string
}

export interface ParsedCode {
  readonly facts: readonly IacFacts[]
  readonly errors: readonly ParseError[]
  /** Files that hold Terraform or a CloudFormation template. */
  readonly codeFiles: number
}

/**
 * A YAML or JSON file is read as a template only when it mentions a CloudFormation resource type:
 * workflows, manifests and package files are not templates, and their syntax is not ours to judge.
 */
const mayBeTemplate = (text: string): boolean => text.includes('AWS::')

export async function parseCode(
  files: readonly CodeFile[],
  parser: () => Promise<HclParser>
): Promise<ParsedCode> {
  const errors: ParseError[] = []
  const facts: IacFacts[] = []
  const modules = new Map<string, Array<TfBlock & { uri: string }>>()
  let codeFiles = 0
  for (const file of files) {
    if (file.kind === 'terraform') {
      const parsed = await parseTerraform(file.text, decodeURIComponent(file.uri), await parser())
      if (!parsed.ok) {
        errors.push({ uri: file.uri, error: parsed.error })
        continue
      }
      codeFiles++
      const blocks = modules.get(file.dir) ?? []
      blocks.push(...parsed.blocks.map(b => ({ ...b, uri: file.uri })))
      modules.set(file.dir, blocks)
      continue
    }
    if (!mayBeTemplate(file.text)) continue
    const parsed = parseCfn(file.text)
    if (!parsed.ok) {
      errors.push({ uri: file.uri, error: parsed.error })
      continue
    }
    if (!isTemplate(parsed.root)) continue
    codeFiles++
    facts.push(cloudFormationFacts(parsed.root, file.uri))
  }
  for (const [dir, blocks] of modules) facts.push(terraformFacts({ dir, blocks }))
  return { facts, errors, codeFiles }
}
