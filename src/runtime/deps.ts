// The ports `run` talks through, and their real implementations (built only when `run` starts).
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import type { STSClient } from '@aws-sdk/client-sts'
import {
  createIamClient,
  createOrganizationsClient,
  createStsClient,
  type ClientCredentials
} from '../aws/clients.js'
import type { Octokit } from '../sarif/upload-sarif.js'
import { uploadRunArtifact, type ArtifactOutcome } from '../output/upload-artifact.js'
import { hclParser, type HclParser } from '../iac/hcl-wasm.js'

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export interface ActionIo extends Logger {
  getInput(name: string): string
  setOutput(name: string, value: string): void
  setFailed(message: string): void
  setSecret(secret: string): void
  getIdToken(audience: string): Promise<string>
  /** Appends Markdown to the job summary; a no-op when the runner gives no summary file. */
  writeSummary(markdown: string): Promise<void>
}

export interface Deps {
  readonly io: ActionIo
  readonly env: NodeJS.ProcessEnv
  readonly now: () => Date
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly iam: (region: string, credentials?: ClientCredentials) => IAMClient
  readonly sts: (region: string, credentials?: ClientCredentials) => STSClient
  /** AWS Organizations, for listing the accounts to scan; any region of the partition will do. */
  readonly organizations: (region: string, credentials?: ClientCredentials) => OrganizationsClient
  /** How long to wait for AWS to finish the credential report. */
  readonly reportWaitMs: number
  /** A GitHub REST client for `token`, at GITHUB_API_URL. */
  readonly github: (token: string) => Octokit
  /** How long to wait for code scanning to process an upload before warning. */
  readonly sarifWaitMs: number
  /** Uploads files as a workflow artifact of this run; never throws. */
  readonly uploadArtifact: (
    files: readonly string[],
    options: { readonly name: string; readonly rootDirectory: string }
  ) => Promise<ArtifactOutcome>
  /** The HCL parser for Terraform, started on first use. */
  readonly hcl: () => Promise<HclParser>
}

export function actionsIo(): ActionIo {
  return {
    getInput: name => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setFailed: message => core.setFailed(message),
    setSecret: secret => core.setSecret(secret),
    getIdToken: audience => core.getIDToken(audience),
    info: message => core.info(message),
    warning: message => core.warning(message),
    debug: message => core.debug(message),
    group: (name, fn) => core.group(name, fn),
    writeSummary: async markdown => {
      if (!process.env['GITHUB_STEP_SUMMARY']) {
        core.info('No GITHUB_STEP_SUMMARY file: the job summary is skipped.')
        return
      }
      await core.summary.addRaw(markdown, true).write()
    }
  }
}

/** Writes go one at a time with GitHub's secondary limits honoured (retry-after), and retried. */
function githubClient(token: string): Octokit {
  return getOctokit(
    token,
    {
      throttle: {
        onRateLimit: (
          after: number,
          options: { method: string; url: string },
          _o: unknown,
          retries: number
        ) => {
          core.warning(
            `GitHub rate limit on ${options.method} ${options.url}; retrying after ${after} s.`
          )
          return retries < 2
        },
        onSecondaryRateLimit: (
          after: number,
          options: { method: string; url: string },
          _o: unknown,
          retries: number
        ) => {
          core.warning(
            `GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${after} s.`
          )
          return retries < 2
        }
      }
    },
    throttling,
    retry
  )
}

export function defaultDeps(): Deps {
  return {
    io: actionsIo(),
    env: process.env,
    now: () => new Date(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
    iam: createIamClient,
    sts: createStsClient,
    organizations: createOrganizationsClient,
    reportWaitMs: 300_000,
    github: githubClient,
    sarifWaitMs: 120_000,
    uploadArtifact: (files, options) =>
      uploadRunArtifact(files, { ...options, env: process.env, log: m => core.info(m) }),
    hcl: hclParser
  }
}
