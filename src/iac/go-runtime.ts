// Go's JavaScript runtime for WebAssembly, as @cdktf/hcl2json ships it: loaded on first use.

/** The Go runtime class, which loading defines on globalThis. */
export interface GoRuntime {
  readonly importObject: object
  run(instance: { readonly exports: unknown }): Promise<void>
}

export async function goRuntime(): Promise<new () => GoRuntime> {
  // Kept apart from the file that reads the compiled parser: in one module with it, the bundler
  // mistakes the parser for a source file and ships it corrupted. "eager": bundled into the one
  // file (a separate chunk would get a licence file of its own), and still run only when called.
  await import(/* webpackMode: "eager" */ '@cdktf/hcl2json/wasm/bridge_wasm_exec.js')
  return (globalThis as unknown as { Go: new () => GoRuntime }).Go
}
