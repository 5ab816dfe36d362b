// Benchmark: runs the bundled action against the AWS emulator for growing numbers of IAM users and
// prints the AWS calls it made (by action) and the wall time. Detection costs the same calls at every
// size; only failing users cost more. Usage: npm run bench [-- USERS:FAILING ...], e.g. 1000:100
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient
} from '@aws-sdk/client-iam'
import { startCountingProxy } from './lib/counting-proxy.mjs'
import { startGithubStub } from './lib/github-stub.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const parsed = process.argv.slice(2).map(a => a.split(':').map(Number))
const CASES =
  parsed.length > 0
    ? parsed
    : [
        [10, 1],
        [100, 10],
        [1000, 10],
        [400, 1]
      ]

const freePort = () =>
  new Promise(resolve => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

async function startMoto() {
  if (
    spawnSync('bash', [join(root, 'scripts', 'setup-moto.sh')], { stdio: 'inherit' }).status !== 0
  )
    process.exit(1)
  const port = await freePort()
  const child = spawn(
    join(root, '.emulator', 'venv', 'bin', 'moto_server'),
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' }
  )
  const endpoint = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, child }
    } catch {
      await new Promise(r => setTimeout(r, 150))
    }
  }
  throw new Error('moto did not start')
}

async function seed(endpoint, count, failing) {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })
  const iam = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'x' }
  })
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async (_, k) => {
        const name = `bench-user-${i + k}`
        await iam.send(new CreateUserCommand({ UserName: name }))
        await iam.send(
          new CreateLoginProfileCommand({ UserName: name, Password: 'Bench-Passw0rd!' })
        )
        if (i + k < failing) return
        const device = await iam.send(
          new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name })
        )
        await iam.send(
          new EnableMFADeviceCommand({
            UserName: name,
            SerialNumber: device.VirtualMFADevice.SerialNumber,
            AuthenticationCode1: '123456',
            AuthenticationCode2: '654321'
          })
        )
      })
    )
  }
}

// Asynchronous on purpose: the counting proxy runs in this process and must keep answering.
async function runAction(endpoint, github) {
  const work = mkdtempSync(join(tmpdir(), 'posturio-bench-'))
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIABENCH',
    AWS_SECRET_ACCESS_KEY: 'x',
    'INPUT_GRACE-PERIOD-DAYS': '0',
    'INPUT_UPLOAD-SARIF': 'false',
    'INPUT_MAX-NEW-ISSUES': '500',
    'INPUT_GITHUB-TOKEN': 'bench-token',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/findings',
    GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
    GITHUB_OUTPUT: join(work, 'output.txt'),
    RUNNER_TEMP: work
  }
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  writeFileSync(env.GITHUB_OUTPUT, '')
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [join(root, 'dist', 'index.js')], { env })
  let output = ''
  child.stdout.on('data', d => (output += d))
  child.stderr.on('data', d => (output += d))
  const status = await new Promise(resolve => child.on('close', resolve))
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (status !== 0) throw new Error(`the action failed:\n${output}`)
  return { ms, summaryBytes: readFileSync(env.GITHUB_STEP_SUMMARY).length }
}

const moto = await startMoto()
const proxy = await startCountingProxy(moto.endpoint)
const github = await startGithubStub()
const rows = []
try {
  for (const [n, failing] of CASES) {
    await seed(moto.endpoint, n, failing)
    proxy.reset()
    github.clear()
    github.reset()
    const first = await runAction(proxy.url, github)
    const calls = proxy.total()
    const firstWrites = github.counts.writes
    github.reset()
    const repeat = await runAction(proxy.url, github)
    rows.push({
      users: n,
      failing,
      calls,
      ms: Math.round(first.ms),
      repeatMs: Math.round(repeat.ms),
      firstWrites,
      repeatWrites: github.counts.writes,
      summaryKiB: (first.summaryBytes / 1024).toFixed(1)
    })
  }
} finally {
  await proxy.stop()
  await github.stop()
  moto.child.kill()
}
console.log(
  '\nusers | failing | AWS calls (run 1) | GitHub writes, run 1 | GitHub writes, repeat run | time run 1 / repeat (ms, incl. node start; GitHub writes are spaced by the throttling plugin) | summary KiB'
)
console.log('---: | ---: | ---: | ---: | ---: | --- | ---:')
for (const r of rows) {
  console.log(
    `${r.users} | ${r.failing} | ${r.calls} | ${r.firstWrites} | ${r.repeatWrites} | ${r.ms} / ${r.repeatMs} | ${r.summaryKiB}`
  )
}
