// bench/results.svg: AWS calls and time against the number of users, drawn from bench/results.md's
// data as plain SVG (two log-log panels; no plotting library).
import { int, median, splitCalls } from './bench-format.mjs'

const W = 880
const H = 400
const PANEL = { top: 56, bottom: 300, width: 340 }
const LEFTS = [80, 510]
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd']

const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fixed = n => Number(n.toFixed(1))

/** Powers of ten spanning [lo, hi], at least two. */
function decades(lo, hi) {
  const from = Math.floor(Math.log10(lo))
  const to = Math.max(from + 1, Math.ceil(Math.log10(hi)))
  return Array.from({ length: to - from + 1 }, (_, i) => 10 ** (from + i))
}

const label = v => (v >= 1 ? int(v) : String(Number(v.toPrecision(1))))

function panel(left, title, unit, xs, series) {
  const values = series.flatMap(s => s.points.map(p => p[1])).filter(v => v > 0)
  const yTicks = decades(Math.min(...values), Math.max(...values))
  const [xLo, xHi] = [Math.min(...xs), Math.max(...xs)]
  const logX = v =>
    left +
    ((Math.log10(v) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo) || 1)) * PANEL.width
  const [yLo, yHi] = [Math.log10(yTicks[0]), Math.log10(yTicks.at(-1))]
  const logY = v =>
    PANEL.bottom -
    ((Math.log10(Math.max(v, yTicks[0])) - yLo) / (yHi - yLo)) * (PANEL.bottom - PANEL.top)
  const out = [
    `<text x="${left}" y="${PANEL.top - 16}" class="title">${esc(title)}</text>`,
    `<text x="${left - 56}" y="${(PANEL.top + PANEL.bottom) / 2}" class="axis" transform="rotate(-90 ${left - 56} ${(PANEL.top + PANEL.bottom) / 2})" text-anchor="middle">${esc(unit)} (log scale)</text>`
  ]
  for (const t of yTicks) {
    const y = fixed(logY(t))
    out.push(`<line x1="${left}" x2="${left + PANEL.width}" y1="${y}" y2="${y}" class="grid"/>`)
    out.push(`<text x="${left - 8}" y="${y + 4}" class="tick" text-anchor="end">${label(t)}</text>`)
  }
  for (const x of xs) {
    const px = fixed(logX(x))
    out.push(`<line x1="${px}" x2="${px}" y1="${PANEL.top}" y2="${PANEL.bottom}" class="grid"/>`)
    out.push(
      `<text x="${px}" y="${PANEL.bottom + 18}" class="tick" text-anchor="middle">${int(x)}</text>`
    )
  }
  out.push(
    `<text x="${left + PANEL.width / 2}" y="${PANEL.bottom + 40}" class="axis" text-anchor="middle">IAM users in the account (log scale)</text>`
  )
  series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => `${fixed(logX(x))},${fixed(logY(y))}`)
    const color = COLORS[i % COLORS.length]
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : ''
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`
    )
    for (const p of pts) {
      const [cx, cy] = p.split(',')
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`)
    }
    const ly = PANEL.bottom + 62 + Math.floor(i / 2) * 18
    const lx = left + (i % 2) * 180
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`
    )
    out.push(`<text x="${lx + 28}" y="${ly}" class="tick">${esc(s.name)}</text>`)
  })
  return out
}

export function renderPlot(data) {
  const body = []
  const cases = data.single?.cases ?? []
  if (cases.length < 2) {
    body.push(
      `<text x="${W / 2}" y="${H / 2}" class="title" text-anchor="middle">Not measured yet: npm run bench</text>`
    )
  } else {
    const xs = [
      ...new Set([...cases.map(c => c.users), ...(data.offline?.cases ?? []).map(c => c.users)])
    ].sort((a, b) => a - b)
    const split = cases.map(c => [c.users, splitCalls(c.first.aws)])
    body.push(
      ...panel(LEFTS[0], 'AWS calls, first run', 'calls', xs, [
        { name: 'detection', points: split.map(([u, s]) => [u, s.detection]) },
        { name: 'enrichment', points: split.map(([u, s]) => [u, s.enrichment]) },
        { name: 'failing users', points: cases.map(c => [c.users, c.failing]), dashed: true }
      ]),
      ...panel(LEFTS[1], 'Time of the whole process', 'seconds', xs, [
        {
          name: 'first run (opens issues)',
          points: cases.map(c => [c.users, c.first.wallMs / 1000])
        },
        { name: 'repeat run', points: cases.map(c => [c.users, c.repeat.wallMs / 1000]) },
        ...(data.offline
          ? [
              {
                name: 'saved report (median)',
                points: data.offline.cases.map(c => [c.users, median(c.timesMs) / 1000])
              }
            ]
          : [])
      ])
    )
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:15px;font-weight:600;fill:#24292f}.axis{font-size:12px;fill:#57606a}.tick{font-size:12px;fill:#24292f}.grid{stroke:#d0d7de;stroke-width:1}</style>',
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    ''
  ].join('\n')
}
