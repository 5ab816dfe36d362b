// The benchmark's targets, judged from its data: each a claim, what was measured, and whether it holds.
import { bytes, int, median, seconds, splitCalls, times } from './bench-format.mjs'

export const MIB = 1_048_576
const OFFLINE_LIMIT = 1.5

/** enrichment ≈ slope × failing + offset, through the smallest and largest case. */
export function enrichmentLine(cases) {
  const points = cases.map(c => ({ failing: c.failing, calls: splitCalls(c.first.aws).enrichment }))
  const lo = points.reduce((a, b) => (b.failing < a.failing ? b : a))
  const hi = points.reduce((a, b) => (b.failing > a.failing ? b : a))
  const slope =
    hi.failing === lo.failing
      ? hi.calls / hi.failing
      : (hi.calls - lo.calls) / (hi.failing - lo.failing)
  const offset = lo.calls - slope * lo.failing
  const fits = points.every(
    p => Math.abs(p.calls - (slope * p.failing + offset)) <= 1 + 0.02 * p.calls
  )
  return { slope, offset, fits }
}

/** 5,000 users' offline median over 10 users' (the smallest and largest sizes measured). */
export function offlineRatio(offline) {
  const sorted = [...offline.cases].sort((a, b) => a.users - b.users)
  const small = sorted[0]
  const big = sorted.at(-1)
  const a = median(small.timesMs)
  const b = median(big.timesMs)
  return { small, big, smallMs: a, bigMs: b, ratio: b / a }
}

const mark = ok => (ok ? 'yes' : 'no')

export function targets(data) {
  const rows = []
  const single = data.single?.cases ?? []
  if (single.length > 0) {
    const detection = single.map(c => splitCalls(c.first.aws).detection)
    const same = detection.every(d => d === detection[0])
    rows.push([
      'AWS calls for detection do not grow with users',
      same ? `${detection[0]} at every size` : detection.join(', '),
      mark(same)
    ])
    const line = enrichmentLine(single)
    rows.push([
      'Enrichment calls proportional to failing users',
      `${line.slope.toFixed(2)} per failing user + ${Math.round(line.offset)}`,
      mark(line.fits)
    ])
  }
  const repeats = [
    ...single.map(c => c.repeat.github.writes),
    ...(data.org?.several ? [data.org.several.repeat.github.writes] : [])
  ]
  if (repeats.length > 0)
    rows.push([
      'Zero GitHub writes on a repeat run with nothing changed',
      repeats.every(w => w === repeats[0]) ? `${repeats[0]} in every case` : repeats.join(', '),
      mark(repeats.every(w => w === 0))
    ])
  if (data.offline) {
    const r = offlineRatio(data.offline)
    rows.push([
      `Offline: ${int(r.big.users)} users within ${OFFLINE_LIMIT}× the time of ${int(r.small.users)}`,
      `${times(r.ratio)} (${seconds(r.bigMs)} / ${seconds(r.smallMs)})`,
      mark(r.ratio <= OFFLINE_LIMIT)
    ])
  }
  const biggest = single.reduce((a, b) => (a && a.users > b.users ? a : b), undefined)
  if (biggest) {
    const size = Math.max(biggest.first.summaryBytes, biggest.repeat.summaryBytes)
    rows.push([
      `Job summary under 1 MiB, ${int(biggest.users)} users`,
      bytes(size),
      mark(size < MIB)
    ])
  }
  const large = data.org?.large
  if (large?.runs?.length) {
    const size = Math.max(...large.runs.map(r => r.summaryBytes))
    rows.push([
      `Job summary under 1 MiB, ${int(large.accounts)} accounts`,
      bytes(size),
      mark(size < MIB)
    ])
  } else rows.push(['Job summary under 1 MiB, an organisation', 'not measured', '–'])
  return rows
}
