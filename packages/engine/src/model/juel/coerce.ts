/**
 * FEEL text for EL 2.2's coercion rules (JSR 245, section 1.18), which JUEL applies where
 * FEEL would give `null`: `null + 1` is 1, `"2" * 3` is 6, `"true" && x` reads the string
 * as a boolean, `empty` is true of null, `""`, `[]` and `{}`. Each builder takes a
 * translated operand (its FEEL text and what is known of its type) and returns FEEL that
 * yields what JUEL would, or calls the error function where JUEL throws (`"abc" + 1`).
 *
 * @module
 */

/** What the translator knows of an operand's type at deploy: a non-null type, null, or nothing. */
export type Kind = 'number' | 'string' | 'boolean' | 'null' | 'any';

/** A translated operand: FEEL text (parenthesised when compound) and its kind. */
export interface Feel {
  readonly f: string;
  readonly k: Kind;
  /** Set when the operand is a literal: its value, for deploy-time coercion. */
  readonly lit?: string | number | boolean | null;
}

/**
 * The FEEL function the translation calls where JUEL throws: the engine binds it to a
 * function that fails the evaluation with the message (`expressions.ts`), so an error is
 * never confused with a null value.
 */
export const JUEL_ERROR = '__juelError';

/** A FEEL string literal. */
export function str(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** FEEL that fails the evaluation with `message` (and the offending value when given). */
export function fail(message: string, value?: string): string {
  return `${JUEL_ERROR}(${str(message)}${value ? `, ${value}` : ''})`;
}

/** The numbers JUEL reads from a string (Long.valueOf or Double.valueOf, without Java's extras). */
export const NUMERIC = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const NUMERIC_FEEL = str(NUMERIC.source.replace('(?:', '(').replace('(?:', '(').replace('(?:', '(').replace(/\\\./g, '[.]'));

/**
 * A FEEL number literal for a JS number, or undefined for Infinity and NaN. FEEL has no
 * exponent notation, so `1e-7` is written out as `0.0000001` (the same decimal digits, so
 * feelin reads back the same double).
 */
export function numberLiteral(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = plainDecimal(String(Math.abs(n)));
  return n < 0 || Object.is(n, -0) ? `-${s}` : s;
}

/** `2.5e-7` → `0.00000025`, `1e+21` → `1000000000000000000000`: shift the digits, no arithmetic. */
function plainDecimal(s: string): string {
  const m = /^([0-9]+)(?:\.([0-9]+))?e([-+][0-9]+)$/.exec(s);
  if (!m) return s;
  const digits = m[1]! + (m[2] ?? '');
  const point = m[1]!.length + Number(m[3]); // position of the decimal point in `digits`
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The number JUEL coerces a string literal to, or undefined when it would throw. */
export function stringToNumber(s: string): number | undefined {
  if (s === '') return 0;
  return NUMERIC.test(s) ? Number(s) : undefined;
}

/** Is the operand possibly null? */
export function nullable(x: Feel): boolean {
  return x.k === 'any' || x.k === 'null';
}

/** Coerce a string to a number (FEEL text of a string-valued operand). */
function strToNum(x: string): string {
  return `(if ${x} = "" then 0 else if matches(${x}, ${NUMERIC_FEEL}) then number(${x}) else ${fail('cannot coerce the string to a number', x)})`;
}

/** Coerce a non-null operand to a number (EL 1.18.3); null is left to the caller. */
export function toNumberNN(x: Feel): string {
  switch (x.k) {
    case 'number':
      return x.f;
    case 'string': {
      if (typeof x.lit === 'string') {
        const n = stringToNumber(x.lit);
        const l = n === undefined ? undefined : numberLiteral(n);
        return l ?? fail(`cannot coerce ${str(x.lit)} to a number`);
      }
      return strToNum(x.f);
    }
    case 'boolean':
      return fail('cannot coerce a boolean to a number', x.f);
    case 'null':
      return '0';
    case 'any':
      return `(if ${x.f} instance of number then ${x.f} else if ${x.f} instance of string then ${strToNum(x.f)} else ${fail('cannot coerce the value to a number', x.f)})`;
  }
}

/** Coerce to a number, null being 0 (EL 1.18.3). */
export function toNumber(x: Feel): string {
  if (x.k === 'null') return '0';
  if (x.k === 'any') return `(if ${x.f} = null then 0 else ${toNumberNN(x)})`;
  return toNumberNN(x);
}

/** Coerce to a boolean (EL 1.18.5): null and "" are false, a string is true when it says "true" in any case. */
export function toBoolean(x: Feel): string {
  switch (x.k) {
    case 'boolean':
      return x.f;
    case 'null':
      return 'false';
    case 'string':
      if (typeof x.lit === 'string') return x.lit.toLowerCase() === 'true' ? 'true' : 'false';
      return `(lower case(${x.f}) = "true")`;
    case 'number':
      return fail('cannot coerce a number to a boolean', x.f);
    case 'any':
      return `(if ${x.f} = null then false else if ${x.f} instance of boolean then ${x.f} else if ${x.f} instance of string then lower case(${x.f}) = "true" else ${fail('cannot coerce the value to a boolean', x.f)})`;
  }
}

/** Coerce a non-null operand to a string (EL 1.18.2) for comparisons: lists and maps are refused. */
export function toStringNN(x: Feel): string {
  switch (x.k) {
    case 'string':
      return x.f;
    case 'number':
    case 'boolean':
      return `string(${x.f})`;
    case 'null':
      return '""';
    case 'any':
      return `(if ${x.f} instance of string then ${x.f} else if ${x.f} instance of number or ${x.f} instance of boolean then string(${x.f}) else ${fail('cannot coerce a list or map to a string', x.f)})`;
  }
}

/** Coerce to a string for text (`hello-${name}`): null is the empty string (EL 1.18.2). */
export function toText(x: Feel): string {
  if (x.k === 'null') return '""';
  if (x.k === 'any') return `(if ${x.f} = null then "" else ${toStringNN(x)})`;
  return toStringNN(x);
}
