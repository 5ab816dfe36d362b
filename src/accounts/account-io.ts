// The log of one account among several scanned at once: each line names its account, and groups
// (which cannot interleave) become plain lines.
import type { ActionIo } from '../runtime/deps.js'

export function accountIo(io: ActionIo, label: string): ActionIo {
  const tag = (m: string): string => `[${label}] ${m}`
  return {
    ...io,
    info: m => io.info(tag(m)),
    warning: m => io.warning(tag(m)),
    debug: m => io.debug(tag(m)),
    group: async (name, fn) => {
      io.info(tag(`${name}:`))
      return fn()
    }
  }
}
