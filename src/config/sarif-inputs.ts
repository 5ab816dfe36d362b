// Reading and validating the code scanning and run-file inputs (part of the one inputs object).

export interface SarifInputs {
  readonly uploadSarif: boolean
  readonly sarifFile: string
  readonly sarifCategory: string
  readonly githubToken: string | undefined
  /** Paths to scan for infrastructure code; empty = the whole workspace. */
  readonly iacPaths: readonly string[]
  /** Keep the report file and the SARIF as a workflow artifact. */
  readonly uploadArtifact: boolean
}

export const SARIF_DEFAULTS = {
  'upload-sarif': 'true',
  'sarif-file': 'posturio-iam-mfa.sarif',
  'sarif-category': 'posturio/iam-mfa',
  'upload-artifact': 'true'
} as const

const CATEGORY = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/

export function readSarifInputs(get: (name: string) => string, problems: string[]): SarifInputs {
  const value = (name: keyof typeof SARIF_DEFAULTS): string => get(name) || SARIF_DEFAULTS[name]
  const flag = (name: 'upload-sarif' | 'upload-artifact'): boolean => {
    const v = value(name).toLowerCase()
    if (v !== 'true' && v !== 'false')
      problems.push(
        `Input \`${name}\` must be true or false, e.g. \`${name}: true\`; got "${v.slice(0, 40)}".`
      )
    return v === 'true'
  }
  const uploadSarif = flag('upload-sarif')
  const uploadArtifact = flag('upload-artifact')
  const sarifCategory = value('sarif-category')
  if (!CATEGORY.test(sarifCategory) || sarifCategory.length > 100) {
    problems.push(
      'Input `sarif-category` must be letters, digits and ._- in parts joined by /, e.g. ' +
        `\`sarif-category: posturio/iam-mfa\`; got "${sarifCategory.slice(0, 60)}".`
    )
  }
  const iacPaths = get('iac-paths')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  return {
    uploadSarif,
    uploadArtifact,
    sarifFile: value('sarif-file'),
    sarifCategory,
    githubToken: get('github-token') || undefined,
    iacPaths: Object.freeze(iacPaths)
  }
}
