/**
 * Checking variables before they reach the state: plain JSON only, and the schemas a
 * process or task registered (zod, or anything with a compatible `safeParse`).
 *
 * @module
 */
import { InvalidArgumentError, LimitError, ValidationError, type ValidationIssue } from '../errors';
import { isArraySafe, readJson } from './jsonValue';
import { DEFAULT_LIMITS, type EngineLimits } from './limits';

/** Anything with zod's `safeParse` (zod 3 and 4 both fit). */
export interface SchemaLike {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; code?: string; message: string }[] } };
}

/** Issues for values that would not survive `JSON.stringify` unchanged (no limits; never recurses). */
export function jsonIssues(value: unknown): ValidationIssue[] {
  const r = readJson(value, { maxDepth: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER, copy: false });
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path, code: 'not_json', message: p.kind === 'not_json' ? p.message : 'too large' }));
}

/** What a check is about, for its error messages: text, or a function that makes it (only when an error is thrown). */
export type Subject = string | (() => string);
const subjectText = (s: Subject): string => (typeof s === 'string' ? s : s());

/**
 * Read a value as JSON within the per-command limits and return its copy.
 * @throws LimitError (depth or size) before anything else; ValidationError (code `not_json` per field) for values that are not JSON.
 */
export function checkJson(value: unknown, about: Subject, limits: EngineLimits = DEFAULT_LIMITS, elementId?: string): { value: unknown; bytes: number } {
  const r = readJson(value, { maxDepth: limits.maxVariableDepth, maxBytes: limits.maxVariableBytes });
  if (r.ok) return r;
  const subject = subjectText(about);
  const limit = r.problems.find((p) => p.kind !== 'not_json');
  if (limit) throw new LimitError(limit.kind === 'too_deep' ? 'maxVariableDepth' : 'maxVariableBytes', limit.kind === 'too_deep' ? limits.maxVariableDepth : limits.maxVariableBytes, subject, limit.path, elementId);
  throw new ValidationError(subject, r.problems.map((p) => ({ path: p.path, code: 'not_json', message: (p as { message: string }).message })), elementId);
}

/**
 * Validate a variables object: a plain JSON object within the engine's limits (checked by
 * one walk without recursion, before any schema, `JSON.stringify` or `structuredClone` sees
 * it), then the schema if any, whose output must be JSON too. Returns a copy (the schema's
 * output, with its defaults and coercions).
 * @throws LimitError, or ValidationError naming each field at fault.
 */
export function validateVariables(value: unknown, subject: Subject, schema?: SchemaLike, elementId?: string, limits: EngineLimits = DEFAULT_LIMITS): Record<string, unknown> {
  if (value === undefined) value = {};
  if (value === null || typeof value !== 'object' || isArraySafe(value)) {
    throw new ValidationError(subjectText(subject), [{ path: [], code: 'not_object', message: `expected an object of variables, got ${isArraySafe(value) ? 'an array' : value === null ? 'null' : typeof value}` }], elementId);
  }
  const copy = checkJson(value, subject, limits, elementId).value as Record<string, unknown>;
  if (!schema) return copy;
  const r = schema.safeParse(copy);
  if (!r.success) {
    throw new ValidationError(
      subjectText(subject),
      r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code ?? 'invalid', message: i.message })),
      elementId,
    );
  }
  // A schema may transform (e.g. coerce to a Date): its output must be JSON within the limits too.
  return checkJson(r.data, () => `${subjectText(subject)} (as the schema returned them)`, limits, elementId).value as Record<string, unknown>;
}

/** Record types that copy variables, outputs or payloads (the ones a size limit is about). */
const DATA_RECORDS = new Set(['process.started', 'process.completed', 'task.completed', 'message.correlated', 'signal.received', 'milestone.reached', 'variables.set']);

/**
 * The records of one command's history that {@link checkCommandResult} must measure. Only
 * records that carry data grow with it; the rest are bounded by their shape. One start record
 * (its variables were one checked input), one completion record (the instance's variables,
 * checked by the same call) and one other data record (one checked input) stay within the
 * history bound by construction, so only a command with more of them has its records measured.
 */
export function recordsToMeasure<R extends { type: string }>(history: readonly R[]): R[] {
  let started = 0;
  let completed = 0;
  let other = 0;
  const data: R[] = [];
  for (const r of history) {
    if (!DATA_RECORDS.has(r.type)) continue;
    data.push(r);
    if (r.type === 'process.started') started++;
    else if (r.type === 'process.completed') completed++;
    else other++;
  }
  return started <= 1 && completed <= 1 && other <= 1 ? [] : data;
}

/**
 * The bound on the state a command produces: the instance's merged variables at most
 * `maxInstanceVariablesBytes` of JSON, and the history records the command appends at most
 * `maxInstanceVariablesBytes + 2 × maxVariableBytes` (a completing instance's record copies
 * its variables; the command's own payload appears in its started / completed record).
 * @throws LimitError (`maxInstanceVariablesBytes`); the caller discards the command's changes.
 */
export function checkCommandResult(variables: Record<string, unknown>, history: readonly unknown[], limits: EngineLimits, instanceId: string): void {
  const max = limits.maxInstanceVariablesBytes;
  // Fast path (every command runs this): a UTF-8 byte is at most 3 per UTF-16 unit of the
  // JSON text, so text a third of the bound fits. Only larger, or unusual, values take the
  // exact walk below. (Depth is bounded already: every value came in through checkJson.)
  if (fitsByLength(variables, max) && fitsByLength(history, max + 2 * limits.maxVariableBytes)) return;
  // Depth is not re-checked: every value came in through checkJson (or is a FEEL result).
  const depth = Number.MAX_SAFE_INTEGER;
  const vars = readJson(variables, { maxDepth: depth, maxBytes: max, copy: false, lenient: true });
  const tooLarge = vars.ok ? undefined : vars.problems.find((x) => x.kind === 'too_large');
  if (tooLarge) throw new LimitError('maxInstanceVariablesBytes', max, `the variables of instance ${instanceId}`, tooLarge.path);
  const maxHistory = max + 2 * limits.maxVariableBytes;
  const hist = readJson(history, { maxDepth: depth, maxBytes: maxHistory, copy: false, lenient: true });
  if (!hist.ok && hist.problems.some((x) => x.kind === 'too_large')) throw new LimitError('maxInstanceVariablesBytes', maxHistory, `the history records one command appends to instance ${instanceId}`, []);
}

/** Does `value`'s JSON text surely fit in `maxBytes` of UTF-8? False when unsure (or not plain JSON). */
function fitsByLength(value: unknown, maxBytes: number): boolean {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && text.length * 3 <= maxBytes;
  } catch {
    return false;
  }
}

/** Check the `actor` argument of task commands. */
export function checkActor(actor: unknown): asserts actor is { id: string; roles: string[] } {
  const a = actor as { id?: unknown; roles?: unknown } | undefined;
  if (!a || typeof a.id !== 'string' || !a.id || !Array.isArray(a.roles) || !a.roles.every((r) => typeof r === 'string')) {
    throw new InvalidArgumentError('actor', `expected { id: string, roles: string[] }, got ${JSON.stringify(actor)}`, "pass the acting person as { id: 'ana', roles: ['hotline'] }.");
  }
}
