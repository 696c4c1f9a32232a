/**
 * Events are immutable facts: frozen before they reach listeners and the store, so a
 * listener cannot change the audit trail, and stores may keep them without copying.
 *
 * @module
 */

/** Freeze `value` and every plain object / array inside it. Returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) freezeTree(value as object);
  return value;
}

// Every command freezes its events: an indexed walk over own keys (no `for…in` up the
// prototype chain), and nothing descends into what is frozen already (a task record shared
// by an event and the store).
function freezeTree(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) freezeTree(v);
    }
    return;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const v = (value as Record<string, unknown>)[keys[i]!];
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) freezeTree(v);
  }
}
