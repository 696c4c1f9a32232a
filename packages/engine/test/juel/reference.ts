/**
 * A small reference JUEL evaluator for the property test, written from the EL 2.2
 * specification (JSR 245: 1.6 `[]` and `.`, 1.7 arithmetic, 1.8 relational, 1.9 logical,
 * 1.10 `empty`, 1.11 `?:`, 1.18 coercions) over its own expression type, independent of the
 * engine's parser and translator. Where the spec says "error", it throws {@link JuelError}.
 *
 * Java methods (`equals`, `equalsIgnoreCase`, `isEmpty`, `size`, `length`, `get`, `toLowerCase`,
 * `toUpperCase`, `contains`) follow java.lang.String / java.util.List / java.util.Map, their
 * arguments coerced to the parameter type as EL's BeanELResolver does (a non-null argument of
 * a String parameter reads as a string, 1.18.2).
 *
 * Deliberate deviations, the same as the translator's (docs/juel.md): a zero divisor is an
 * error (Java gives Infinity or NaN, which JSON cannot hold); coercing a list or map to a
 * string is an error (Java would use its toString); numbers are JavaScript numbers (no
 * Long/Double distinction: 3.0 prints as "3").
 */

/** An expression of the subset, as the generator builds it. */
export type E =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'var'; name: string }
  | { t: 'getVariable'; name: string }
  | { t: 'member'; o: E; p: string }
  | { t: 'index'; o: E; i: E }
  | { t: 'unary'; op: '-' | '!' | 'not' | 'empty' | 'not empty'; x: E }
  | { t: 'bin'; op: string; a: E; b: E }
  | { t: 'cond'; c: E; a: E; b: E }
  | { t: 'method'; o: E; m: string; args: E[] };

/** A text template: literal text and expressions. */
export type Template = ({ text: string } | { expr: E })[];

export class JuelError extends Error {}

const NUMERIC = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function num(x: unknown): number {
  if (x === null || x === '') return 0;
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && NUMERIC.test(x)) return Number(x);
  throw new JuelError(`cannot coerce ${JSON.stringify(x)} to a number`);
}

function bool(x: unknown): boolean {
  if (x === null || x === '') return false;
  if (typeof x === 'boolean') return x;
  if (typeof x === 'string') return x.toLowerCase() === 'true';
  throw new JuelError(`cannot coerce ${JSON.stringify(x)} to a boolean`);
}

function str(x: unknown): string {
  if (x === null) return '';
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  throw new JuelError('cannot coerce a list or map to a string');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/** EL 1.8.2. */
function equals(a: unknown, b: unknown): boolean {
  if (a === null && b === null) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number') return num(a) === num(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return bool(a) === bool(b);
  if (typeof a === 'string' || typeof b === 'string') return str(a) === str(b);
  return deepEqual(a, b);
}

/** EL 1.8.1. */
function compare(op: string, a: unknown, b: unknown): boolean {
  const test = (c: number) => (op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
  if (a === null && b === null) return op === '<=' || op === '>=';
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = num(a);
    const y = num(b);
    return test(x < y ? -1 : x > y ? 1 : 0);
  }
  if (typeof a === 'string' || typeof b === 'string') {
    const x = str(a);
    const y = str(b);
    return test(x < y ? -1 : x > y ? 1 : 0);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return test(Number(a) - Number(b));
  throw new JuelError('not comparable');
}

function toIndex(k: unknown): number {
  if (typeof k === 'number') return Math.trunc(k);
  if (typeof k === 'string' && /^[-+]?[0-9]+$/.test(k)) return Number(k);
  if (typeof k === 'boolean') return k ? 1 : 0;
  throw new JuelError('not a list index');
}

const OPS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', and: '&&', or: '||', div: '/', mod: '%' };

/** Evaluate `e` against `vars` as JUEL would. */
export function evaluate(e: E, vars: Record<string, unknown>): unknown {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'var':
    case 'getVariable':
      return vars[e.name];
    case 'member':
      return property(evaluate(e.o, vars), e.p);
    case 'index': {
      const o = evaluate(e.o, vars);
      const k = evaluate(e.i, vars);
      if (o === null || k === null) return null;
      if (Array.isArray(o)) {
        const i = toIndex(k);
        return i < 0 || i >= o.length ? null : o[i];
      }
      if (isMap(o)) return typeof k === 'string' && Object.hasOwn(o, k) ? o[k] : null;
      throw new JuelError('cannot be indexed');
    }
    case 'unary': {
      const x = evaluate(e.x, vars);
      if (e.op === '-') return -num(x);
      if (e.op === '!' || e.op === 'not') return !bool(x);
      const empty = x === null || x === '' || (Array.isArray(x) && x.length === 0) || (isMap(x) && Object.keys(x).length === 0);
      return e.op === 'empty' ? empty : !empty;
    }
    case 'bin': {
      const op = OPS[e.op] ?? e.op;
      if (op === '&&') return bool(evaluate(e.a, vars)) ? bool(evaluate(e.b, vars)) : false;
      if (op === '||') return bool(evaluate(e.a, vars)) ? true : bool(evaluate(e.b, vars));
      const a = evaluate(e.a, vars);
      const b = evaluate(e.b, vars);
      switch (op) {
        case '+':
          return num(a) + num(b);
        case '-':
          return num(a) - num(b);
        case '*':
          return num(a) * num(b);
        case '/':
        case '%': {
          if (a === null && b === null) return 0;
          const x = num(a);
          const y = num(b);
          if (y === 0) throw new JuelError('division by zero');
          return op === '/' ? x / y : x % y;
        }
        case '==':
          return equals(a, b);
        case '!=':
          return !equals(a, b);
        default:
          return compare(op, a, b);
      }
    }
    case 'cond':
      return bool(evaluate(e.c, vars)) ? evaluate(e.a, vars) : evaluate(e.b, vars);
    case 'method':
      return method(evaluate(e.o, vars), e.m, e.args.map((a) => evaluate(a, vars)));
  }
}

/** java.lang.String, java.util.List and java.util.Map methods; null is a NullPointerException. */
function method(o: unknown, m: string, args: unknown[]): unknown {
  if (o === null) throw new JuelError(`${m}() on null`);
  const a = args[0];
  const missing = () => new JuelError(`no method ${m}`);
  switch (m) {
    case 'equals':
      return deepEqual(o, a);
    case 'equalsIgnoreCase':
      // EL coerces a non-null argument to the String parameter (JUEL's BeanELResolver.invoke, coerceParams); null stays null.
      if (typeof o !== 'string') throw missing();
      return a !== null && o.toLowerCase() === str(a).toLowerCase();
    case 'isEmpty':
      if (typeof o === 'string') return o === '';
      if (Array.isArray(o)) return o.length === 0;
      if (isMap(o)) return Object.keys(o).length === 0;
      throw missing();
    case 'size':
      if (Array.isArray(o)) return o.length;
      if (isMap(o)) return Object.keys(o).length;
      throw missing();
    case 'length':
      if (typeof o !== 'string') throw missing();
      return o.length;
    case 'toLowerCase':
    case 'toUpperCase':
      if (typeof o !== 'string') throw missing();
      return m === 'toLowerCase' ? o.toLowerCase() : o.toUpperCase();
    case 'contains':
      if (typeof o === 'string') {
        if (typeof a !== 'string') throw new JuelError('contains() needs a string');
        return o.includes(a);
      }
      if (Array.isArray(o)) return o.some((x) => deepEqual(x, a));
      throw missing();
    case 'get': {
      if (isMap(o)) return typeof a === 'string' && Object.hasOwn(o, a) ? o[a] : null;
      if (!Array.isArray(o)) throw missing();
      // JUEL's coerceToInteger: null and "" are 0, numbers truncated, strings parsed (Integer.valueOf)
      let i: number;
      if (a === null || a === '') i = 0;
      else if (typeof a === 'number') i = Math.trunc(a);
      else if (typeof a === 'string' && /^[-+]?[0-9]+$/.test(a)) i = Number(a);
      else throw new JuelError('get() needs a list index');
      if (i < 0 || i >= o.length) throw new JuelError('IndexOutOfBoundsException');
      return o[i];
    }
    default:
      throw new Error(`the generator made an unknown method ${m}`);
  }
}

function property(o: unknown, p: string): unknown {
  if (o === null) return null;
  if (isMap(o)) return Object.hasOwn(o, p) ? o[p] : null;
  throw new JuelError(`no property ${p}`);
}

/** Evaluate a template: one expression alone is its value; else the concatenation of texts (null is ""). */
export function evaluateTemplate(t: Template, vars: Record<string, unknown>): unknown {
  const only = t[0];
  if (t.length === 1 && only && 'expr' in only) return evaluate(only.expr, vars);
  return t.map((p) => ('text' in p ? p.text : str(evaluate(p.expr, vars)))).join('');
}

/** JUEL source text of `e`, fully parenthesised, with single- or double-quoted strings. */
export function print(e: E): string {
  switch (e.t) {
    case 'lit':
      return typeof e.v === 'string' ? `'${e.v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(e.v);
    case 'var':
      return e.name;
    case 'getVariable':
      return `execution.getVariable("${e.name}")`;
    case 'member':
      return `${base(e.o)}.${e.p}`;
    case 'index':
      return `${base(e.o)}[${print(e.i)}]`;
    case 'unary':
      return e.op === '-' || e.op === '!' ? `${e.op}(${print(e.x)})` : `${e.op} (${print(e.x)})`;
    case 'bin':
      return `(${print(e.a)}) ${e.op} (${print(e.b)})`;
    case 'cond':
      return `(${print(e.c)}) ? (${print(e.a)}) : (${print(e.b)})`;
    case 'method':
      return `${base(e.o)}.${e.m}(${e.args.map(print).join(', ')})`;
  }
}

/** A member or index base: parenthesised unless it is a name or a path. */
function base(e: E): string {
  return e.t === 'var' || e.t === 'member' || e.t === 'index' || e.t === 'method' ? print(e) : `(${print(e)})`;
}

/** JUEL text of a template. */
export function printTemplate(t: Template): string {
  return t.map((p) => ('text' in p ? p.text : `\${${print(p.expr)}}`)).join('');
}
