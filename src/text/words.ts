// Counted nouns for people: "1 alert", "5 alerts", "0 identities", never "alert(s)".

const IRREGULAR: Readonly<Record<string, string>> = {
  identity: 'identities'
}

/** The noun (or verb) for `n` of it: `noun` when n is 1, else its plural. */
export function pluralOf(n: number, noun: string): string {
  if (n === 1) return noun
  const words = noun.split(' ')
  const last = words.pop() ?? noun
  return [...words, IRREGULAR[last] ?? `${last}s`].join(' ')
}

/** `n` and the noun that agrees with it: count(1, 'alert') is "1 alert", count(2, 'identity') "2 identities". */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${pluralOf(n, noun)}`
}
