// Times and durations for people, one style everywhere: "2026-11-30 10:02 UTC", "2 h 17 min".

export function formatTime(iso: string | Date | undefined): string {
  if (iso === undefined) return 'unknown'
  const d = typeof iso === 'string' ? new Date(iso) : iso
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} days`
}
