/**
 * JUEL's `%` / `mod` (EL 2.2, 1.7.3) is Java's remainder: `Long % Long`, or, when either
 * operand is a Double (or a string with `.`, `e` or `E`), `double % double` — the truncating
 * remainder `n − d·q` with `q` the integer quotient rounded toward zero, computed **exactly**
 * (JLS 15.17.3). FEEL cannot spell that: `n − d·trunc(n / d)` rounds twice (`n / d` may round
 * up to the next integer, `d·q` loses the low bits), so `-3 % (1/5)` came out as `0` where
 * Java gives `-0.19999999999999984`, and `1 % (1/3)` as `0` for `5.551115123125783E-17`.
 * The translation therefore calls {@link JUEL_REMAINDER}, which the engine binds at
 * evaluation to {@link javaRemainder} (decision 0033). JavaScript's `%` is the same
 * operation as Java's on doubles, and on longs within ±2⁵³ (numbers are JSON numbers,
 * docs/juel.md).
 *
 * @module
 */

/** The FEEL function a translated `%` calls, with both operands already coerced to non-null numbers and the divisor checked non-zero. */
export const JUEL_REMAINDER = '__juelRemainder';

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
