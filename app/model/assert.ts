/** Compile-time exhaustiveness check: every `switch` over a union ends here. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
