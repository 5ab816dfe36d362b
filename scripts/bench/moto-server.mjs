// The AWS emulator (moto, pinned by scripts/setup-moto.sh) as a server on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { ROOT } from './run-action.mjs'
import { sleep } from './pool.mjs'

// Emulators still running when the bench exits (also on Ctrl-C) are stopped with it.
const running = new Set()
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM')
})

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/**
 * Installs moto when missing, starts it on a free loopback port with `env` added (e.g. to load AWS's
 * managed policies) and waits until it answers.
 */
export async function startMoto(env = {}) {
  const setup = spawnSync('bash', [join(ROOT, 'scripts', 'setup-moto.sh')], { stdio: 'inherit' })
  if (setup.status !== 0) throw new Error('Could not install the AWS emulator (setup-moto.sh).')
  const port = await freePort()
  const endpoint = `http://127.0.0.1:${port}`
  const child = spawn(
    join(ROOT, '.emulator', 'venv', 'bin', 'moto_server'),
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } }
  )
  running.add(child)
  child.once('exit', () => running.delete(child))
  let log = ''
  child.stderr.on('data', d => (log = (log + d).slice(-4000)))
  const up = async () => {
    try {
      return (await fetch(`${endpoint}/moto-api/`)).ok
    } catch {
      return false
    }
  }
  for (const deadline = Date.now() + 30_000; !(await up()); await sleep(150)) {
    if (child.exitCode !== null) throw new Error(`moto exited early:\n${log}`)
    if (Date.now() > deadline) throw new Error(`moto did not start within 30 s:\n${log}`)
  }
  return {
    endpoint,
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`)
    },
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
