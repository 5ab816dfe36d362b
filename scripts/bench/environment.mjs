// The machine and versions a measurement was made with.
import { arch, cpus, loadavg, platform } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './run-action.mjs'

const motoVersion = () =>
  /MOTO_VERSION=([\d.]+)/.exec(readFileSync(join(ROOT, 'scripts', 'setup-moto.sh'), 'utf8'))?.[1]

export function environment() {
  const all = cpus()
  return {
    platform: `${platform()} ${arch()}`,
    cpus: all.length,
    cpuModel: (all[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    node: process.version,
    moto: motoVersion() ?? 'unknown',
    // The machine's load averages (1, 5, 15 minutes) when the measurement ended: other work on it
    // slows the runs down.
    loadAverage: loadavg().map(n => Number(n.toFixed(2)))
  }
}
