/**
 * Checking variables before they reach the state: plain JSON only, and the schemas a
 * process or task registered (zod, or anything with a compatible `safeParse`).
 *
 * @module
 */
import { InvalidArgumentError, ValidationError, type ValidationIssue } from '../errors';

/** Anything with zod's `safeParse` (zod 3 and 4 both fit). */
export interface SchemaLike {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; code?: string; message: string }[] } };
}

/** Issues for values that would not survive `JSON.stringify` unchanged. */
export function jsonIssues(value: unknown, path: (string | number)[] = [], seen = new Set<object>()): ValidationIssue[] {
  const t = typeof value;
  if (value === null || t === 'string' || t === 'boolean') return [];
  if (t === 'number') return Number.isFinite(value) ? [] : [{ path, code: 'not_json', message: `${String(value)} is not a JSON number` }];
  if (t === 'undefined' || t === 'function' || t === 'symbol' || t === 'bigint') {
    return [{ path, code: 'not_json', message: `a ${t} is not JSON; use null, a string or a number` }];
  }
  const obj = value as object;
  if (seen.has(obj)) return [{ path, code: 'not_json', message: 'a circular reference is not JSON' }];
  if (Array.isArray(obj)) {
    seen.add(obj);
    const out = obj.flatMap((v, i) => jsonIssues(v, [...path, i], seen));
    seen.delete(obj);
    return out;
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    const hint = obj instanceof Date ? 'pass dates as ISO 8601 strings' : 'pass plain objects';
    return [{ path, code: 'not_json', message: `a ${name} is not plain JSON; ${hint}` }];
  }
  seen.add(obj);
  const out = Object.entries(obj).flatMap(([k, v]) => jsonIssues(v, [...path, k], seen));
  seen.delete(obj);
  return out;
}

/**
 * Validate a variables object: a plain JSON object, then the schema if any.
 * Returns the schema's output (with its defaults and coercions). Throws ValidationError.
 */
export function validateVariables(value: unknown, subject: string, schema?: SchemaLike, elementId?: string): Record<string, unknown> {
  if (value === undefined) value = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(subject, [{ path: [], code: 'not_object', message: `expected an object of variables, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` }], elementId);
  }
  let out: unknown = value;
  if (schema) {
    const r = schema.safeParse(value);
    if (!r.success) {
      throw new ValidationError(
        subject,
        r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code ?? 'invalid', message: i.message })),
        elementId,
      );
    }
    out = r.data;
  }
  // Fast path: a flat object of JSON primitives needs no deep walk and no deep copy.
  const flat = out as Record<string, unknown>;
  let primitive = Object.getPrototypeOf(flat) === Object.prototype;
  if (primitive) {
    for (const k in flat) {
      const v = flat[k];
      const t = typeof v;
      if (!(v === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v)))) {
        primitive = false;
        break;
      }
    }
  }
  if (primitive) return { ...flat };
  const issues = jsonIssues(out);
  if (issues.length) throw new ValidationError(subject, issues, elementId);
  return structuredClone(out) as Record<string, unknown>;
}

/** Check the `actor` argument of task commands. */
export function checkActor(actor: unknown): asserts actor is { id: string; roles: string[] } {
  const a = actor as { id?: unknown; roles?: unknown } | undefined;
  if (!a || typeof a.id !== 'string' || !a.id || !Array.isArray(a.roles) || !a.roles.every((r) => typeof r === 'string')) {
    throw new InvalidArgumentError('actor', `expected { id: string, roles: string[] }, got ${JSON.stringify(actor)}`, "pass the acting person as { id: 'ana', roles: ['hotline'] }.");
  }
}
