// The whole test suite: prepares the AWS emulator (moto, pinned) if needed, then runs jest in ESM mode
// and ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const setup = spawnSync('bash', [join(root, 'scripts', 'setup-moto.sh')], {
  stdio: 'inherit',
  cwd: root
})
if (setup.status !== 0) {
  console.error('Could not install the AWS emulator (scripts/setup-moto.sh); see the output above.')
  process.exit(setup.status ?? 1)
}
const results = join(mkdtempSync(join(tmpdir(), 'posturio-jest-')), 'results.json')
const jest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--json',
    `--outputFile=${results}`,
    ...process.argv.slice(2)
  ],
  {
    stdio: 'inherit',
    cwd: root,
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim()
    }
  }
)
try {
  const r = JSON.parse(readFileSync(results, 'utf8'))
  console.log(
    `${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`
  )
  if (r.numTotalTests === 0) {
    console.error('No test ran.')
    process.exit(1)
  }
} catch {
  console.error('jest wrote no results.')
}
process.exit(jest.status ?? 1)
