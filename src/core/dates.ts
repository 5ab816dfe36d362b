// Date arithmetic shared by the pure core: whole days between instants, UTC day ends.

export const DAY_MS = 86_400_000

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / DAY_MS)
}

/** The first instant after the inclusive UTC day `yyyy-mm-dd`. */
export function endOfUtcDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS)
}
