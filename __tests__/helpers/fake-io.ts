// Test fixture: an in-memory ActionIo and Deps for calling `run` directly (mock-only tests).
import type { IAMClient } from '@aws-sdk/client-iam'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { STSClient } from '@aws-sdk/client-sts'
import type { ActionIo, Deps } from '../../src/runtime/deps.js'
import { hclParser } from '../../src/iac/hcl-wasm.js'

export interface FakeIo extends ActionIo {
  readonly inputs: Record<string, string>
  readonly outputs: Record<string, string>
  readonly failures: string[]
  readonly logs: string[]
  readonly secrets: string[]
  summary: string
}

export function fakeIo(inputs: Record<string, string>, idToken?: string): FakeIo {
  const io: FakeIo = {
    inputs,
    outputs: {},
    failures: [],
    logs: [],
    secrets: [],
    summary: '',
    getInput: name => inputs[name] ?? '',
    setOutput: (name, value) => {
      io.outputs[name] = value
    },
    setFailed: message => {
      io.failures.push(message)
    },
    setSecret: secret => {
      io.secrets.push(secret)
    },
    getIdToken: async () => {
      if (idToken === undefined) throw new Error('no token in this test')
      return idToken
    },
    info: m => io.logs.push(m),
    warning: m => io.logs.push(`warning: ${m}`),
    debug: () => undefined,
    group: (_name, fn) => fn(),
    writeSummary: async markdown => {
      io.summary += markdown
    }
  }
  return io
}

export function fakeDeps(
  io: FakeIo,
  clients: { iam: IAMClient; sts: STSClient },
  overrides: Partial<Deps> = {}
): Deps {
  let clock = Date.parse('2026-11-30T12:00:00Z')
  const workspace = mkdtempSync(join(tmpdir(), 'posturio-ws-'))
  return {
    io,
    env: { RUNNER_TEMP: workspace, GITHUB_WORKSPACE: workspace },
    now: () => new Date(clock),
    sleep: async ms => {
      clock += ms
    },
    random: () => 0.5,
    iam: () => clients.iam,
    sts: () => clients.sts,
    organizations: () => {
      throw new Error('no Organizations API in this test')
    },
    reportWaitMs: 60_000,
    github: () => {
      throw new Error('no GitHub API in this test')
    },
    sarifWaitMs: 10_000,
    uploadArtifact: async () => ({ status: 'skipped', reason: 'not in GitHub Actions (test).' }),
    hcl: hclParser,
    ...overrides
  }
}
