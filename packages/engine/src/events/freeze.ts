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

// Every command freezes its events, and nothing descends into what is frozen already (a
// task record shared by an event and the store). Objects are walked with `for…in` on V8's
// enum cache — no key array per object, which `Object.keys` would allocate; events are
// plain objects, so nothing up the prototype chain is enumerable — with an own-property
// check, for an object with an enumerable inherited key.
function freezeTree(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) freezeTree(v);
    }
    return;
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v) && Object.hasOwn(value, k)) freezeTree(v);
  }
}
