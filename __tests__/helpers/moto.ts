// Test fixture: the AWS emulator moto as a real HTTP server on 127.0.0.1, one per test file.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export const REPO_ROOT = join(import.meta.dirname, '..', '..')
const MOTO_SERVER = join(REPO_ROOT, '.emulator', 'venv', 'bin', 'moto_server')
const PYTHON = join(REPO_ROOT, '.emulator', 'venv', 'bin', 'python')
const IAM_RESOURCES_LAUNCHER = join(import.meta.dirname, 'moto-iam-resources.py')

export interface Moto {
  readonly endpoint: string
  reset(): Promise<void>
  /**
   * Lets the next `free` requests through unauthenticated, then enforces IAM policies on every
   * request (moto's INITIAL_NO_AUTH_ACTION_COUNT, reset); `Infinity` turns enforcement off.
   */
  resetAuth(free: number): Promise<void>
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitUntilUp(
  endpoint: string,
  child: ChildProcess,
  log: () => string
): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited early (${child.exitCode}):\n${log()}`)
    try {
      const res = await fetch(`${endpoint}/moto-api/`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 150))
  }
  throw new Error(`moto did not start within 30 s:\n${log()}`)
}

export interface MotoOptions {
  /**
   * Authorize IAM requests against the user, group or policy they name, as AWS does, so that a
   * policy's Resource is enforced too, not only its Action (see moto-iam-resources.py).
   */
  readonly iamResourceArns?: boolean
}

/** Starts moto on a free loopback port. `env` adds server settings (e.g. INITIAL_NO_AUTH_ACTION_COUNT). */
export async function startMoto(
  env: Record<string, string> = {},
  options: MotoOptions = {}
): Promise<Moto> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(
      'The AWS emulator is not installed: run `npm run emulator:setup` (npm test does it).'
    )
  }
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const args = ['-H', '127.0.0.1', '-p', String(port)]
  const [command, argv]: [string, string[]] = options.iamResourceArns
    ? [PYTHON, [IAM_RESOURCES_LAUNCHER, ...args]]
    : [MOTO_SERVER, args]
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', d => (output = (output + String(d)).slice(-4000)))
  child.stderr?.on('data', d => (output = (output + String(d)).slice(-4000)))
  await waitUntilUp(endpoint, child, () => output)
  return {
    endpoint,
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`)
    },
    resetAuth: async (free: number) => {
      const res = await fetch(`${endpoint}/moto-api/reset-auth`, {
        method: 'POST',
        body: String(free)
      })
      if (!res.ok) throw new Error(`moto reset-auth failed: ${res.status}`)
    },
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
