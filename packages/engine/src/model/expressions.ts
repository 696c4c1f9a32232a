/**
 * FEEL expressions: parsed once at deploy time (feelin, patched with `compileExpression`),
 * evaluated many times without re-parsing. JUEL (`${…}`, `#{…}`, Camunda 7) is translated
 * to FEEL first (`juel/`), then compiled the same way; JavaScript is refused.
 *
 * @module
 */
import { compileExpression } from 'feelin';
import { hasJuel, javaEquals, javaRemainder, JUEL_EQUALS, JUEL_ERROR, JUEL_REMAINDER, translateJuel } from './juel/index';

/** A compiled FEEL expression. `evaluate` never throws: failures come back as `error`. */
export interface Expression {
  /** The source text, without the leading `=`. */
  readonly source: string;
  /** When the attribute was JUEL: the text as written (`source` is then its FEEL translation). */
  readonly juel?: string;
  evaluate(variables: Record<string, unknown>): ExpressionResult;
}

/** Result of evaluating an expression: a value, or an error message naming what went wrong. */
export type ExpressionResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Why a text could not be compiled: a stable code plus message and hint. */
export interface ExpressionProblem {
  code: 'FEEL_SYNTAX' | 'JUEL_SYNTAX' | 'JUEL_UNSUPPORTED' | 'NOT_FEEL' | 'NONDETERMINISTIC_FEEL';
  message: string;
  hint: string;
}

const JUEL = /^\s*[$#]\{/;

/**
 * Compile an expression as written in a BPMN attribute or body.
 *
 * @param text the raw text (`=amount > 100`, plain FEEL when `assumeFeel`, or JUEL: `${amount > 100}`, `hello-${name}`)
 * @param assumeFeel treat text without a leading `=` as FEEL (e.g. `language="feel"` bodies); text starting with `${` is JUEL even then
 */
export function compileFeel(text: string, assumeFeel = false): Expression | ExpressionProblem {
  const trimmed = text.trim();
  if (JUEL.test(trimmed) || (!trimmed.startsWith('=') && !assumeFeel && hasJuel(trimmed))) return compileJuel(trimmed);
  let source: string;
  if (trimmed.startsWith('=')) source = trimmed.slice(1);
  else if (assumeFeel) source = trimmed;
  else {
    return {
      code: 'NOT_FEEL',
      message: `'${trimmed}' is not marked as a FEEL expression.`,
      hint: `start FEEL expressions with '=' as Camunda 8 does, e.g. '=${trimmed}'.`,
    };
  }
  if (source.trim() === '') {
    return { code: 'FEEL_SYNTAX', message: 'the expression is empty.', hint: "write a FEEL expression after the '=', e.g. '=amount > 100'." };
  }
  return compileSource(source);
}

/** JUEL: translated to FEEL at deploy (docs/juel.md), then compiled once like any FEEL. */
function compileJuel(juel: string): Expression | ExpressionProblem {
  const t = translateJuel(juel);
  if (!('feel' in t)) {
    return { code: t.code, message: `JUEL '${juel}' ${t.code === 'JUEL_SYNTAX' ? 'has a syntax error' : 'cannot be translated to FEEL'}: ${t.message}.`, hint: t.hint };
  }
  const compiled = compileSource(t.feel, { juel, names: t.names });
  // The translation is generated: a FEEL problem here is a translator defect, reported as such.
  if (isProblem(compiled)) return { code: 'JUEL_UNSUPPORTED', message: `JUEL '${juel}' translated to FEEL that does not compile: ${compiled.message}`, hint: 'write the expression in FEEL with a leading =, and report the JUEL text to the Handoff maintainers.' };
  return compiled;
}

/** Where a translated JUEL expression meets a value JUEL would throw on (`"abc" + 1`). */
function juelError(message: unknown, value?: unknown): never {
  throw new Error(`JUEL: ${String(message)}${value === undefined ? '' : ` (${safeJson(value)})`}`);
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** JUEL's variables, bound under the names its FEEL translation reads (`__v<i>`), and the engine functions it calls. */
function juelContext(names: readonly string[], variables: Record<string, unknown>): Record<string, unknown> {
  const ctx: Record<string, unknown> = { [JUEL_ERROR]: juelError, [JUEL_REMAINDER]: javaRemainder, [JUEL_EQUALS]: javaEquals };
  for (let i = 0; i < names.length; i++) {
    if (Object.hasOwn(variables, names[i]!)) ctx[`__v${i}`] = variables[names[i]!];
  }
  return ctx;
}

function compileSource(feel: string, juel?: { juel: string; names: readonly string[] }): Expression | ExpressionProblem {
  // What messages show: the FEEL with the variables' own names.
  const source = juel ? feel.replace(/__v(\d+)/g, (_, i: string) => juel.names[Number(i)]!) : feel;
  let run: ReturnType<typeof compileExpression>;
  try {
    run = compileExpression(feel);
  } catch (err) {
    const pos = (err as { position?: { from: number } }).position;
    return {
      code: 'FEEL_SYNTAX',
      message: `FEEL syntax error in '${source}'${pos ? ` at column ${pos.from + 1}` : ''}: ${(err as Error).message}.`,
      hint: 'check the expression against the FEEL grammar (strings in double quotes, `and`/`or`, `=` for equality).',
    };
  }
  // now() and today() read the wall clock: the engine's decisions must depend on its injected clock only.
  if (/\b(now|today)\s*\(\s*\)/.test(source.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    return {
      code: 'NONDETERMINISTIC_FEEL',
      message: `'${source}' calls now() or today(), which read the wall clock; the engine decides on its own (injectable) clock only.`,
      hint: 'compare with a timer instead (a timer event or boundary), or pass the time in a variable set by the host.',
    };
  }
  // Some malformed input parses (e.g. `a > > 3` as a unary test) and fails whenever it is
  // evaluated: a trial evaluation without variables finds it at deploy, not at run time.
  try {
    run({});
  } catch (err) {
    return {
      code: 'FEEL_SYNTAX',
      message: `FEEL expression '${source}' cannot be evaluated: ${(err as Error).message}.`,
      hint: 'check the operators: each comparison takes one operator and two operands, e.g. `=a > 3`.',
    };
  }
  return {
    source,
    ...(juel ? { juel: juel.juel } : {}),
    evaluate(variables) {
      try {
        const { value, warnings } = run(juel ? juelContext(juel.names, variables) : variables);
        // feelin answers a missing variable or a type clash with null + a warning; a null
        // result with warnings is a failure we must surface, never a silent `false`.
        if (value === null && warnings.length > 0) {
          const error = warnings.map((w) => w.message).join('; ');
          return { ok: false, error: juel ? error.replace(/__v(\d+)/g, (_, i: string) => juel.names[Number(i)] ?? _) : error };
        }
        return { ok: true, value: normalize(value) };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
  };
}

/** Is the value a compile problem rather than an expression? */
export function isProblem(x: Expression | ExpressionProblem): x is ExpressionProblem {
  return (x as ExpressionProblem).code !== undefined;
}

/** Turn FEEL runtime values into plain JSON (feelin returns wrapper objects for temporals). */
function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(normalize);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return String(value);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
  return out;
}
