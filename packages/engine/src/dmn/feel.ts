/**
 * FEEL for DMN, compiled once at deploy: unary tests (input entries, input / output values)
 * with feelin's `unaryTest` grammar, and input expressions that keep FEEL values (a date
 * input must compare with `date("…")` entries). Evaluation never re-parses.
 *
 * @module
 */
import { coerceFeelContext, compileExpression, compileUnaryTest } from 'feelin';
import type { RawExpression, UnaryTest } from './types';

/** A compile failure: what is wrong, for a deploy problem. */
export interface FeelFailure {
  error: string;
}


/** `now()` / `today()` read the wall clock; decisions depend on their inputs only. */
function readsClock(text: string): boolean {
  return /\b(now|today)\s*\(\s*\)/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
}

const CLOCK = 'now() and today() read the wall clock; pass the time in as a variable';

/** Compile a unary test; an empty text or `-` matches anything. */
export function unaryTestOf(text: string | undefined): UnaryTest | FeelFailure {
  const source = (text ?? '').trim();
  if (source === '' || source === '-') return { source: '-' };
  if (readsClock(source)) return { error: CLOCK };
  let test: ReturnType<typeof compileUnaryTest>;
  try {
    test = compileUnaryTest(source);
    // Some malformed text parses and fails whenever it runs: find it now.
    test(coerceFeelContext({ '?': null }));
  } catch (err) {
    return { error: (err as Error).message };
  }
  return { source, test };
}

/** Compile an input expression, keeping FEEL values. */
export function rawExpressionOf(text: string | undefined): RawExpression | FeelFailure {
  const source = (text ?? '').trim();
  if (!source) return { error: 'the expression is empty' };
  if (readsClock(source)) return { error: CLOCK };
  let run: ReturnType<typeof compileExpression>;
  try {
    run = compileExpression(source);
    run({});
  } catch (err) {
    return { error: (err as Error).message };
  }
  return {
    source,
    evaluate(variables) {
      try {
        const { value, warnings } = run(variables);
        // A missing variable is null with a warning: an input may be null (no match), so only a
        // failure that is not about a missing name is an error.
        const bad = warnings.filter((w) => w.type !== 'NO_VARIABLE_FOUND' && w.type !== 'NO_CONTEXT_ENTRY_FOUND' && w.type !== 'NO_PROPERTY_FOUND');
        if (value === null && bad.length) return { ok: false, error: bad.map((w) => w.message).join('; ') };
        return { ok: true, value: value ?? null };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
  };
}

/** Is this a compile failure? */
export function failed<T extends object>(x: T | FeelFailure): x is FeelFailure {
  return (x as FeelFailure).error !== undefined;
}

/** Does `context` (coerced, the value under `?`) pass `t`? A test that yields null or fails does not. */
export function passes(t: UnaryTest, context: Record<string, unknown>): boolean {
  if (!t.test) return true;
  try {
    return t.test(context).value === true;
  } catch {
    return false;
  }
}

/** The context a test runs in: the coerced variables with the input under `?` (and its Camunda 7 name). */
export function testContext(coerced: Record<string, unknown>, value: unknown, inputVariable?: string): Record<string, unknown> {
  const ctx: Record<string, unknown> = { ...coerced, '?': value };
  if (inputVariable) ctx[inputVariable] = value;
  return ctx;
}

/** feelin's coercion of JS values to FEEL values, once per evaluation. */
export function coerce(variables: Record<string, unknown>): Record<string, unknown> {
  return coerceFeelContext(variables);
}

/**
 * Split a unary-tests list (`"high","medium","low"`, `[1..5], >10`) into its items at the
 * top-level commas, outside strings and brackets.
 */
export function splitTests(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((s) => s !== '');
}
