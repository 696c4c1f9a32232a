/**
 * Native predicates for the unary tests decision tables are mostly made of (S-FEEL):
 * `"a","b"`, `10`, `true`, `null`, `< 10`, `>= "m"`, `[1..5]`, `(0..100]`, `not("a")`, `-`.
 * They give the answers feelin's `unaryTest` gives (a value of another type, or null, never
 * matches a comparison; `not(…)` of a non-match matches) at a fraction of the cost;
 * anything else is left to feelin (`dmn/feel.ts`). `test/dmn/unaryTests.test.ts` checks
 * both agree.
 *
 * @module
 */
import { splitTests } from './split';

type Literal = string | number | boolean | null;

const STRING = /^"([^"\\]*)"$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const COMPARE = /^(<=|>=|<|>)\s*(.+)$/;
const INTERVAL = /^([[\]()])\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*([[\]()])$/;
const NOT = /^not\s*\((.*)\)$/s;

/** A FEEL literal without escapes (string, number, boolean, null), or undefined. */
export function literal(text: string): { value: Literal } | undefined {
  const s = STRING.exec(text);
  if (s) return { value: s[1]! };
  if (NUMBER.test(text)) return { value: Number(text) };
  if (text === 'true') return { value: true };
  if (text === 'false') return { value: false };
  if (text === 'null') return { value: null };
  return undefined;
}

function item(text: string): ((v: unknown) => boolean) | undefined {
  const lit = literal(text);
  if (lit) {
    const x = lit.value;
    return (v) => v === x;
  }
  const c = COMPARE.exec(text);
  if (c) {
    const bound = literal(c[2]!.trim());
    if (!bound || (typeof bound.value !== 'number' && typeof bound.value !== 'string')) return undefined;
    const b = bound.value;
    const kind = typeof b;
    switch (c[1]) {
      case '<':
        return (v) => typeof v === kind && (v as number) < (b as number);
      case '<=':
        return (v) => typeof v === kind && (v as number) <= (b as number);
      case '>':
        return (v) => typeof v === kind && (v as number) > (b as number);
      default:
        return (v) => typeof v === kind && (v as number) >= (b as number);
    }
  }
  const r = INTERVAL.exec(text);
  if (r) {
    const lo = Number(r[2]);
    const hi = Number(r[3]);
    const loIn = r[1] === '[';
    const hiIn = r[4] === ']';
    return (v) => typeof v === 'number' && (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi);
  }
  return undefined;
}

/** A native predicate for `text` (already trimmed, not `-`), or undefined when feelin must decide. */
export function simpleTest(text: string): ((value: unknown) => boolean) | undefined {
  const neg = NOT.exec(text);
  const list = neg ? neg[1]!.trim() : text;
  if (neg && NOT.test(list)) return undefined;
  const items = splitTests(list);
  if (!items.length) return undefined;
  const preds: ((v: unknown) => boolean)[] = [];
  for (const i of items) {
    const p = item(i);
    if (!p) return undefined;
    preds.push(p);
  }
  const any =
    preds.length === 1
      ? preds[0]!
      : (v: unknown) => {
          for (let i = 0; i < preds.length; i++) if (preds[i]!(v)) return true;
          return false;
        };
  return neg ? (v) => !any(v) : any;
}
