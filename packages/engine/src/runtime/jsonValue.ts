/**
 * Reading a value as JSON **without recursion**: one walk with an explicit stack checks that
 * it is plain JSON, measures its depth and its JSON size in UTF-8 bytes (stopping as soon as
 * a limit is passed), and makes the copy the engine keeps. Nothing here calls
 * `JSON.stringify`, `structuredClone` or a schema, so a value nested 100,000 levels deep or
 * 64 MB large costs at most the limits' worth of work and never overflows the call stack.
 *
 * What counts as JSON (decision 0014): `null`, booleans, finite numbers, strings, arrays
 * whose every element is JSON, and plain objects (prototype `Object.prototype` or `null`)
 * whose own enumerable string-keyed values are JSON. Refused, with the path of the field:
 * `undefined` (as a property value too: it would vanish), functions, symbols (as values or
 * keys), BigInt, NaN and ±Infinity, holes in arrays, cycles, and every other object — `Date`
 * (pass an ISO 8601 string), `Map`, `Set`, class instances, typed arrays, boxed primitives.
 * A value reached twice without a cycle (a shared sub-object) is fine, and counted twice.
 *
 * @module
 */

/** A path to a field, e.g. `['order', 'items', 3, 'price']`. */
export type JsonPath = (string | number)[];

/** What is wrong with a value. `not_json` issues are all collected; a limit stops the walk. */
export type JsonProblem =
  | { kind: 'not_json'; path: JsonPath; message: string }
  | { kind: 'too_deep'; path: JsonPath; depth: number }
  | { kind: 'too_large'; path: JsonPath; bytes: number };

/** The outcome of {@link readJson}. `bytes` is the UTF-8 length of `JSON.stringify(value)`. */
export type JsonRead = { ok: true; value: unknown; bytes: number } | { ok: false; problems: JsonProblem[] };

/** Limits of one walk. */
export interface JsonReadLimits {
  /** Deepest container nesting (the value itself is level 1). */
  maxDepth: number;
  /** Largest JSON size in bytes. */
  maxBytes: number;
  /** Make a copy (default true). Without, `value` is the input itself. */
  copy?: boolean;
  /**
   * Only measure (for state already inside the engine, e.g. FEEL results): values that are
   * not JSON are not problems; an object with `toJSON` (a FEEL date) counts as its result.
   */
  lenient?: boolean;
}

/** At most this many `not_json` problems are listed (the first ones found). */
const MAX_LISTED = 20;

interface Frame {
  readonly src: object;
  readonly dst: Record<string, unknown> | unknown[] | undefined;
  /** Keys of an object; undefined for an array. */
  readonly keys: string[] | undefined;
  readonly length: number;
  i: number;
  readonly parent: Frame | undefined;
  /** The key under which this container sits in its parent. */
  readonly key: string | number | undefined;
  readonly depth: number;
}

/** `Array.isArray` that never throws (it does on a revoked proxy; the walk then reports it). */
export function isArraySafe(v: unknown): boolean {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

/** `['a', 3, 'b']` → `a[3].b`; the root is `(root)`. */
export function formatPath(path: readonly (string | number)[]): string {
  if (!path.length) return '(root)';
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || '(root)';
}

/** UTF-8 bytes of `JSON.stringify(s)`, or `Infinity` once it passes `budget`. */
export function jsonStringBytes(s: string, budget: number): number {
  if (s.length + 2 > budget) return Infinity; // every character takes at least one byte
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : c < 0x20 ? (c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6) : 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6; // a lone surrogate is escaped as \udXXX
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
    if (n > budget) return Infinity;
  }
  return n;
}

function pathOf(frame: Frame | undefined, last?: string | number): JsonPath {
  const out: JsonPath = last === undefined ? [] : [last];
  for (let f = frame; f && f.key !== undefined; f = f.parent) out.push(f.key);
  return out.reverse();
}

/** Why a non-container value is not JSON, or undefined when it is. */
function primitiveProblem(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(v) ? undefined : `${String(v)} is not a JSON number; use a finite number, or null`;
    case 'undefined':
      return 'undefined is not JSON (it would vanish); leave the field out or use null';
    case 'bigint':
      return 'a BigInt is not JSON; pass it as a string (or a number, if it fits)';
    case 'function':
      return 'a function is not JSON; pass data only';
    case 'symbol':
      return 'a symbol is not JSON; use a string';
    default:
      return undefined;
  }
}

/** Why an object is not a JSON container, or undefined for a plain object / array. */
function objectProblem(o: object): string | undefined {
  if (Array.isArray(o)) return undefined;
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) {
    return Object.getOwnPropertySymbols(o).some((s) => Object.prototype.propertyIsEnumerable.call(o, s)) ? 'a symbol-keyed property is not JSON; use string keys' : undefined;
  }
  const name = (o as { constructor?: { name?: unknown } }).constructor?.name;
  const what = typeof name === 'string' && name ? `a ${name}` : 'an object with a custom prototype';
  return `${what} is not plain JSON; ${o instanceof Date ? 'pass dates as ISO 8601 strings' : 'pass plain objects and arrays'}`;
}

/**
 * The common case, fast: a plain object whose values are all JSON primitives (strings,
 * finite numbers, booleans, null) and within the byte limit. Anything else: undefined, and
 * the full walk decides.
 */
function readFlat(value: unknown, limits: JsonReadLimits): JsonRead | undefined {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let bytes = 2;
  let n = 0;
  for (const k in src) {
    if (!Object.prototype.hasOwnProperty.call(src, k)) return undefined;
    const v = src[k];
    const t = typeof v;
    if (t === 'string') bytes += jsonStringBytes(v as string, limits.maxBytes);
    else if (t === 'number' && Number.isFinite(v)) bytes += String(v).length;
    else if (t === 'boolean') bytes += v ? 4 : 5;
    else if (v === null) bytes += 4;
    else return undefined;
    bytes += jsonStringBytes(k, limits.maxBytes) + 1;
    if (bytes > limits.maxBytes) return undefined;
    setOwn(out, k, v);
    n++;
  }
  if (n > 1) bytes += n - 1;
  if (bytes > limits.maxBytes || limits.maxDepth < 1 || Object.getOwnPropertySymbols(src).length) return undefined;
  return { ok: true, value: limits.copy === false ? value : out, bytes };
}

/**
 * Walk `value` as JSON: check it is plain JSON, within `maxDepth` and `maxBytes`, and copy
 * it. Never throws and never recurses (a getter or proxy that throws becomes a problem).
 */
export function readJson(value: unknown, limits: JsonReadLimits): JsonRead {
  let flat: JsonRead | undefined;
  try {
    flat = readFlat(value, limits);
  } catch {
    flat = undefined; // a proxy or getter that throws: the full walk names the field
  }
  if (flat) return flat;
  const copy = limits.copy !== false;
  const problems: JsonProblem[] = [];
  let bytes = 0;
  const over = () => bytes > limits.maxBytes;
  const notJson = (path: JsonPath, message: string) => {
    if (limits.lenient) return;
    if (problems.length < MAX_LISTED) problems.push({ kind: 'not_json', path, message });
  };
  /** Bytes of a primitive that is JSON. */
  const primitiveBytes = (v: unknown): number => (typeof v === 'string' ? jsonStringBytes(v, limits.maxBytes - bytes) : typeof v === 'boolean' ? (v ? 4 : 5) : v === null ? 4 : String(v).length);

  const tooLarge = (path: JsonPath): JsonRead => ({ ok: false, problems: [...problems, { kind: 'too_large', path, bytes }] });
  const active = new Set<object>();
  const stack: Frame[] = [];
  /** Enter container `o` (at `key` of `parent`): returns its copy, or undefined when refused. */
  const enter = (o: object, parent: Frame | undefined, key: string | number | undefined): Record<string, unknown> | unknown[] | undefined | false => {
    const depth = (parent?.depth ?? 0) + 1;
    if (depth > limits.maxDepth) {
      problems.push({ kind: 'too_deep', path: pathOf(parent, key), depth });
      return false;
    }
    if (active.has(o)) {
      notJson(pathOf(parent, key), 'a circular reference is not JSON; pass a tree of values');
      return undefined;
    }
    const why = objectProblem(o);
    if (why && limits.lenient) {
      const j = typeof (o as { toJSON?: unknown }).toJSON === 'function' ? (o as { toJSON(): unknown }).toJSON() : {};
      bytes += j !== null && typeof j === 'object' ? 2 : primitiveProblem(j) ? 0 : primitiveBytes(j);
      return undefined;
    }
    if (why) {
      notJson(pathOf(parent, key), why);
      return undefined;
    }
    const isArray = Array.isArray(o);
    const keys = isArray ? undefined : Object.keys(o);
    const length = isArray ? (o as unknown[]).length : keys!.length;
    bytes += 2 + Math.max(0, length - 1); // brackets and commas
    const dst = copy ? (isArray ? new Array<unknown>(length) : ({} as Record<string, unknown>)) : undefined;
    active.add(o);
    stack.push({ src: o, dst, keys, length, i: 0, parent, key, depth });
    return dst;
  };

  let root: unknown = value;
  let current: Frame | undefined;
  let currentKey: string | number | undefined;
  try {
    if (value !== null && typeof value === 'object') {
      const dst = enter(value, undefined, undefined);
      if (dst === false) return { ok: false, problems };
      if (over()) return tooLarge([]);
      root = dst;
    } else {
      const why = value === null ? undefined : primitiveProblem(value);
      if (why) return { ok: false, problems: [{ kind: 'not_json', path: [], message: why }] };
      bytes = primitiveBytes(value);
      if (over()) return tooLarge([]);
      return { ok: true, value, bytes };
    }
    while (stack.length) {
      const f = stack[stack.length - 1]!;
      current = f;
      if (f.i >= f.length) {
        stack.pop();
        active.delete(f.src);
        continue;
      }
      const k: string | number = f.keys ? f.keys[f.i]! : f.i;
      f.i++;
      currentKey = k;
      if (f.keys) {
        bytes += jsonStringBytes(k as string, limits.maxBytes - bytes) + 1; // "key":
        if (over()) return tooLarge(pathOf(f, k));
      } else if (!(k in f.src)) {
        notJson(pathOf(f, k), 'a hole in an array is not JSON; fill it with null');
        continue;
      }
      const v = (f.src as Record<string | number, unknown>)[k];
      if (v !== null && typeof v === 'object') {
        const dst = enter(v, f, k);
        if (dst === false) return { ok: false, problems };
        if (over()) return tooLarge(pathOf(f, k));
        if (dst !== undefined && f.dst) setOwn(f.dst as Record<string | number, unknown>, k, dst);
        continue;
      }
      const why = v === null ? undefined : primitiveProblem(v);
      if (why) {
        notJson(pathOf(f, k), why);
        continue;
      }
      bytes += primitiveBytes(v);
      if (over()) return tooLarge(pathOf(f, k));
      if (f.dst) setOwn(f.dst as Record<string | number, unknown>, k, v);
    }
  } catch (err) {
    notJson(pathOf(current, currentKey), `reading it threw (${err instanceof Error ? err.message : String(err)}); pass plain data, not getters or proxies`);
  }
  if (!problems.length && over()) problems.push({ kind: 'too_large', path: [], bytes });
  return problems.length ? { ok: false, problems } : { ok: true, value: copy ? root : value, bytes };
}

/**
 * Set own property `k` of a copy. A JSON key `__proto__` is data like any other: assigning it
 * would set the copy's prototype instead (the value lost, the object changed), so it is defined.
 */
function setOwn(o: Record<string | number, unknown>, k: string | number, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}
