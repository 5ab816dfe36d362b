// Uploading the run's files (SARIF, JSON report) as one workflow artifact, without ever throwing.
import {
  DefaultArtifactClient,
  type UploadArtifactOptions,
  type UploadArtifactResponse
} from '@actions/artifact'

/** The part of `@actions/artifact`'s client this adapter uses; tests inject faulty ones. */
export interface ArtifactClientLike {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: UploadArtifactOptions
  ): Promise<UploadArtifactResponse>
}

export type ArtifactOutcome =
  | { status: 'uploaded'; id: number; name: string; url: string | undefined; size: number }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string }

export interface UploadRunArtifactOptions {
  /** Names are unique per workflow run; a taken name is retried as `name-2`, `name-3`. */
  name: string
  /** The zip holds each file at its path relative to this folder. */
  rootDirectory: string
  /** Read for the skip decision and the link; the library itself reads `process.env`. */
  env: NodeJS.ProcessEnv
  retentionDays?: number
  log: (message: string) => void
  client?: ArtifactClientLike
}

/** How many names are tried: `name`, `name-2`, `name-3`. */
export const NAME_ATTEMPTS = 3

const KEEP_FILES =
  'To keep the files, upload the `sarif-file` and `report-file` outputs with `actions/upload-artifact`.'

const GHES_SKIP: ArtifactOutcome = {
  status: 'skipped',
  reason: `GitHub Enterprise Server does not support the artifact service this action uses. ${KEEP_FILES}`
}

/** The link actions/upload-artifact v4 sets as `artifact-url` (github.context defaults the server). */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number): string | undefined {
  const server = env['GITHUB_SERVER_URL'] || 'https://github.com'
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env
  return repo && run ? `${server}/${repo}/actions/runs/${run}/artifacts/${id}` : undefined
}

/**
 * The library's own GHES rule (`isGhes` in @actions/artifact, not exported), checked first so a
 * GHES user sees one plain skip instead of the library's "errors can be temporary" warning.
 */
function onEnterpriseServer(env: NodeJS.ProcessEnv): boolean {
  const host = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').hostname.toUpperCase()
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
}

/**
 * The results service answers a taken name with twirp `already_exists` (HTTP 409); the library
 * does not retry it and throws a plain Error: "Failed to CreateArtifact: Received non-retryable
 * error: Failed request: (409) Conflict: an artifact with this name already exists on the
 * workflow run".
 */
function nameTaken(error: unknown): boolean {
  return error instanceof Error && /^Failed to CreateArtifact:.*\(409\)/.test(error.message)
}

function redact(text: string, env: NodeJS.ProcessEnv): string {
  const token = env['ACTIONS_RUNTIME_TOKEN']
  const plain = token ? text.split(token).join('***') : text
  return plain.replace(/([?&]sig=)[^&\s"']+/gi, '$1***')
}

/** Why the upload failed, in plain words, from the library's error classes and messages. */
function explain(error: unknown, env: NodeJS.ProcessEnv): ArtifactOutcome {
  const name = error instanceof Error ? error.name : ''
  const message = redact(error instanceof Error ? error.message : String(error), env)
  const firstLine = message.split('\n')[0] ?? message
  if (name === 'GHESNotSupportedError') return GHES_SKIP
  // UsageError and NetworkError come as they are from the blob upload, but the twirp client folds
  // them into a plain Error ("Failed to CreateArtifact: <their message>"): match the message.
  if (name === 'UsageError' || /storage quota has been hit/.test(message))
    return {
      status: 'failed',
      reason:
        "the account's artifact storage quota is used up (GitHub recalculates usage every 6-12 hours; deleting old artifacts frees space)"
    }
  const network = /Unable to make request: (\w+)/.exec(message)?.[1]
  if (name === 'NetworkError' || network)
    return {
      status: 'failed',
      reason: `the runner could not reach GitHub's artifact service (${network ?? firstLine})`
    }
  if (name === 'FilesNotFoundError') return { status: 'failed', reason: firstLine }
  // RestError from @azure/storage-blob, which the library lets through from the signed-URL upload.
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown }
  if (name === 'RestError' && typeof statusCode === 'number')
    return {
      status: 'failed',
      reason: `the artifact storage refused the upload (HTTP ${statusCode}${typeof code === 'string' ? ` ${code}` : ''}): ${firstLine}`
    }
  return { status: 'failed', reason: `the artifact upload failed: ${firstLine}` }
}

export async function uploadRunArtifact(
  files: readonly string[],
  options: UploadRunArtifactOptions
): Promise<ArtifactOutcome> {
  const { env, log } = options
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL'])
    return {
      status: 'skipped',
      reason: `not running in GitHub Actions (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set), so the files stay where they were written. ${KEEP_FILES}`
    }
  try {
    if (onEnterpriseServer(env)) return GHES_SKIP
    const client = options.client ?? new DefaultArtifactClient()
    const upload: UploadArtifactOptions =
      options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }
    const tried: string[] = []
    for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
      const name = attempt === 1 ? options.name : `${options.name}-${attempt}`
      tried.push(name)
      try {
        const response = await client.uploadArtifact(
          name,
          [...files],
          options.rootDirectory,
          upload
        )
        if (response.id === undefined)
          return { status: 'failed', reason: 'the artifact service returned no artifact id' }
        const url = artifactUrl(env, response.id)
        const size = response.size ?? 0
        log(`Uploaded artifact ${name} (id ${response.id}, ${size} bytes)${url ? `: ${url}` : '.'}`)
        return { status: 'uploaded', id: response.id, name, url, size }
      } catch (error) {
        if (!nameTaken(error)) return explain(error, env)
        if (attempt < NAME_ATTEMPTS)
          log(
            `An artifact named ${name} already exists in this workflow run; trying ${options.name}-${attempt + 1}.`
          )
      }
    }
    return {
      status: 'failed',
      reason: `the artifact names ${tried.join(', ')} are all taken in this workflow run (each use of the action in a run needs its own name)`
    }
  } catch (error) {
    return explain(error, env)
  }
}
