/**
 * The two JUEL operations FEEL cannot spell, as engine functions the translated FEEL calls
 * (bound at evaluation next to `__juelError`, in `expressions.ts`; decision 0033). Both are
 * pure and deterministic; no user code runs.
 *
 * - **`%` / `mod`** (EL 2.2, 1.7.3) is Java's remainder: `Long % Long`, or, when either
 *   operand is a Double (or a string with `.`, `e` or `E`), `double % double` — the truncating
 *   remainder `n − d·q` with `q` the integer quotient rounded toward zero, computed
 *   **exactly** (JLS 15.17.3). FEEL's `n − d·trunc(n / d)` rounds twice (`n / d` may round up
 *   to the next integer, `d·q` loses the low bits): `-3 % (1/5)` came out as `0` where Java
 *   gives `-0.19999999999999984`. JavaScript's `%` is the same operation as Java's on
 *   doubles, and on longs within ±2⁵³ (numbers are JSON numbers, docs/juel.md).
 * - **`Object.equals`** (`x.equals(y)`, `list.contains(x)`, and `==` of two lists or maps,
 *   EL 1.8.2's last rule) is Java's: a list equals a list of equal items in order, a map a map
 *   of the same keys with equal values, anything else only the same value of the same type.
 *   FEEL's `=` converts a singleton list to its item at every level (`[false] = false`,
 *   `[{}] = {}` and `{k: [1]} = {k: 1}` are true in feelin), which Java never does.
 *
 * @module
 */

/** The FEEL function a translated `%` calls, with both operands already coerced to non-null numbers and the divisor checked non-zero. */
export const JUEL_REMAINDER = '__juelRemainder';

/** The FEEL function a translated `equals`, `List.contains` or `==` of two lists or maps calls. */
export const JUEL_EQUALS = '__juelEquals';

/**
 * Java's remainder of two numbers (the sign of the dividend, exact), without `-0` (JSON has none).
 *
 * @throws Error when an operand is not a finite number or the divisor is 0 (the translation checks both first: reaching this is a translator defect)
 * @example
 * javaRemainder(-7, 3)     // -1 (FEEL's modulo would give 2)
 * javaRemainder(-3, 1 / 5) // -0.19999999999999984, as in Java
 */
export function javaRemainder(n: unknown, d: unknown): number {
  if (typeof n !== 'number' || typeof d !== 'number' || !Number.isFinite(n) || !Number.isFinite(d) || d === 0) {
    throw new Error(`JUEL: the remainder needs two finite numbers and a non-zero divisor, got ${String(n)} % ${String(d)} (a translator defect: report the JUEL text to the Handoff maintainers)`);
  }
  const r = n % d;
  return r === 0 ? 0 : r;
}

function isMap(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Java's `Objects.equals` over JSON values: `List.equals` item by item, `Map.equals` key by
 * key, otherwise the same string, number or boolean (numbers have no Long / Double type).
 *
 * @example
 * javaEquals([1, { a: 2 }], [1, { a: 2 }]) // true
 * javaEquals(false, [false])               // false (FEEL's `=` says true)
 */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && javaEquals(a[k], b[k]));
  }
  return a === b;
}
