// Types for bench-plot.mjs.
import type { BenchData } from './bench-results.mjs'

/** bench/results.svg: AWS calls and time against the number of users. */
export function renderPlot(data: BenchData): string
