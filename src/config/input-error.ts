// The error for a configuration mistake: it names the input and shows a correct example.

export class InputError extends Error {
  override readonly name = 'InputError'
}
