// Counted nouns for people: "1 alert", "5 alerts", "0 identities", never "alert(s)".

const IRREGULAR: Readonly<Record<string, string>> = {
  identity: 'identities',
  policy: 'policies'
}

/** Plurals worked out so far: the product counts a few nouns, once per user. */
const plurals = new Map<string, string>()

/** The noun (or verb) for `n` of it: `noun` when n is 1, else its plural. */
export function pluralOf(n: number, noun: string): string {
  if (n === 1) return noun
  let plural = plurals.get(noun)
  if (plural === undefined) {
    const words = noun.split(' ')
    const last = words.pop() ?? noun
    plural = [...words, IRREGULAR[last] ?? `${last}s`].join(' ')
    if (plurals.size < 100) plurals.set(noun, plural)
  }
  return plural
}

/**
 * `n` with thousands separators, as `n.toLocaleString('en-US')` writes it: "5,000". Whole numbers
 * are grouped here, since the first toLocaleString of a run costs tens of milliseconds.
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US')
  const digits = String(Math.abs(n))
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let k = out.length; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`
  return n < 0 ? `-${out}` : out
}

/** `n` and the noun that agrees with it: count(1, 'alert') is "1 alert", count(2, 'identity') "2 identities". */
export function count(n: number, noun: string): string {
  return `${grouped(n)} ${pluralOf(n, noun)}`
}
