// The action's entry point: runs the check with the real runner, AWS and GitHub adapters.
import { run } from './main.js'

await run()
