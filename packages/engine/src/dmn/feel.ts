/**
 * FEEL for DMN, compiled once at deploy: unary tests (input entries, input / output values)
 * with feelin's `unaryTest` grammar, and input expressions that keep FEEL values (a date
 * input must compare with `date("…")` entries). Evaluation never re-parses.
 *
 * @module
 */
import { coerceFeelContext, compileExpression, compileUnaryTest } from 'feelin';
import { simpleTest } from './simpleTests';
import type { RawExpression, UnaryTest } from './types';

export { splitTests } from './split';

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
  if (source === '' || source === '-') return { source: '-', match: ANY };
  if (readsClock(source)) return { error: CLOCK };
  let test: ReturnType<typeof compileUnaryTest>;
  try {
    test = compileUnaryTest(source);
    // Some malformed text parses and fails whenever it runs: find it now.
    test(coerceFeelContext({ '?': null }));
  } catch (err) {
    return { error: (err as Error).message };
  }
  const match = simpleTest(source);
  return match ? { source, match, test } : { source, test };
}

const ANY = () => true;

/** Compile an input expression, keeping FEEL values. */
export function rawExpressionOf(text: string | undefined): RawExpression | FeelFailure {
  const source = (text ?? '').trim();
  if (!source) return { error: 'the expression is empty' };
  if (readsClock(source)) return { error: CLOCK };
  const path = pathOf(source);
  if (path) return { source, evaluate: (variables) => ({ ok: true, value: read(variables, path) }) };
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

/** Where the FEEL context of input `i` comes from (built on first use). */
export interface TestContexts {
  context(i: number): Record<string, unknown>;
}

/**
 * Does `value` pass `t`? Simple tests answer natively; the others run in `contexts.context(i)` (the
 * coerced variables with the value under `?`, built only when needed). A test that yields
 * null or fails does not pass.
 */
export function passes(t: UnaryTest, value: unknown, contexts: TestContexts, i: number): boolean {
  if (t.match) return t.match(value);
  if (!t.test) return true;
  try {
    return t.test(contexts.context(i)).value === true;
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

/** FEEL words that are not variable names. */
const KEYWORDS = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'if', 'then', 'else', 'for', 'in', 'return', 'some', 'every', 'satisfies', 'instance', 'of', 'between', 'function', 'external']);
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** `a` or `a.b.c`: a plain variable path, read natively (the common input expression). */
function pathOf(source: string): string[] | undefined {
  if (!PATH.test(source)) return undefined;
  const parts = source.split('.');
  return parts.some((p) => KEYWORDS.has(p)) ? undefined : parts;
}

/** The value at `path`, as FEEL sees it: null when absent; temporals and nested values coerced. */
function read(variables: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = variables;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, p)) return null;
    v = (v as Record<string, unknown>)[p];
  }
  if (v === undefined) return null;
  return v !== null && typeof v === 'object' ? coerceFeelContext({ v }).v : v;
}
