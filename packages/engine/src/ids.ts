/**
 * Id sources for instances and buffered messages. The engine never invents ids itself:
 * it asks the injected source.
 *
 * @module
 */

/** A function returning a new unique id on every call. */
export type IdSource = () => string;

/** Random UUIDs (v4) from the platform's `crypto.randomUUID()`: the default for production. */
export function uuidIds(): IdSource {
  return () => globalThis.crypto.randomUUID();
}

/** `prefix-1`, `prefix-2`, …: deterministic ids for tests and simulations. */
export function sequentialIds(prefix = 'i'): IdSource {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
