// Settings of the benchmark that its report states: shared by the cases and the README text.

/** New tracking issues one run may open in the single-account cases (`max-new-issues`). */
export const BENCH_MAX_NEW_ISSUES = '500'
