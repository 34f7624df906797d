/**
 * The browser bundle's `assert` (build.mjs aliases it): what the ELF parser (elfy) calls of Node's module.
 * Like Node's legacy assert.equal, it compares with ==.
 */
export function equal(actual: unknown, expected: unknown, message?: string): void {
  if (actual != expected) throw new Error(message ?? `${String(actual)} == ${String(expected)}`);
}
