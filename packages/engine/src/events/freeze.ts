/**
 * Events are immutable facts: frozen before they reach listeners and the store, so a
 * listener cannot change the audit trail, and stores may keep them without copying.
 *
 * @module
 */

/** Freeze `value` and every plain object / array inside it. Returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k in value) {
      const v = value[k];
      if (v !== null && typeof v === 'object') deepFreeze(v);
    }
  }
  return value;
}
