// Counting the AWS calls one account's scan makes, per operation (`iam:GetCredentialReport`), through
// a middleware on each client the scan builds: every command sent counts once, each page included.
import type { MetadataBearer, MiddlewareStack } from '@smithy/types'

/** One AWS operation and how many times the scan called it. */
export interface AwsCallCount {
  /** The IAM action's spelling: `iam:GetCredentialReport`, `sts:GetCallerIdentity`. */
  readonly operation: string
  readonly calls: number
}

export interface CallCounter {
  /** Counts every command sent through `stack` as a call of `service`. */
  attach<I extends object, O extends MetadataBearer>(
    stack: MiddlewareStack<I, O>,
    service: string
  ): void
  /** The calls so far, most first (then by name). */
  counts(): AwsCallCount[]
}

/** Each counter's middleware has a name of its own: a client shared by two scans counts for both. */
let counters = 0

export function callCounter(): CallCounter {
  const calls = new Map<string, number>()
  const name = `posturioCallCounter${++counters}`
  return {
    attach(stack, service) {
      stack.add(
        (next, context) => async args => {
          const command = (context.commandName ?? 'Unknown').replace(/Command$/, '')
          const operation = `${service}:${command}`
          calls.set(operation, (calls.get(operation) ?? 0) + 1)
          return next(args)
        },
        { step: 'initialize', name, override: true }
      )
    },
    counts() {
      return [...calls]
        .map(([operation, n]) => ({ operation, calls: n }))
        .sort((a, b) => b.calls - a.calls || a.operation.localeCompare(b.operation))
    }
  }
}

/** A client factory whose clients count their calls with `counter`. */
export function counting<
  A extends unknown[],
  C extends { middlewareStack: MiddlewareStack<object, MetadataBearer> }
>(factory: (...args: A) => C, service: string, counter: CallCounter): (...args: A) => C {
  return (...args) => {
    const client = factory(...args)
    counter.attach(client.middlewareStack, service)
    return client
  }
}
