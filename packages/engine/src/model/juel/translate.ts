/**
 * JUEL tree → FEEL text, faithful to EL 2.2's semantics for the subset: coercions where
 * FEEL would give null (`coerce.ts`), `==` on null, `+` as addition (never concatenation),
 * 0-based indexes, `empty`, short-circuit `&&` / `||`; Java's exact `%` and `Object.equals`
 * are engine functions (`runtime.ts`). Where JUEL throws at run time, the FEEL calls the error
 * function; where the construct has no FEEL form (bean and method
 * calls beyond the Java methods of `methods.ts`, `execution.*`), translation refuses with a hint.
 *
 * A compound operand used more than once is bound once in a FEEL context
 * (`{__j0: …, __r: …}.__r`), so the FEEL evaluates each JUEL subexpression once.
 *
 * @module
 */
import { JuelRefusal, type JuelNode } from './ast';
import { javaMethod } from './methods';
import { fail, nullable, numberLiteral, str, toBoolean, toNumber, toNumberNN, toStringNN, toText, type Feel, type Kind } from './coerce';
import { JUEL_EQUALS, JUEL_REMAINDER } from './runtime';

/** Camunda 7 built-in names that are Java objects, not variables. */
const BUILTINS: Record<string, string> = {
  execution: 'the execution (a Java object)',
  task: 'the task (a Java object)',
  externalTask: 'the external task (a Java object)',
  caseExecution: 'the case execution (a Java object)',
  variableScope: 'the variable scope (a Java object)',
  authenticatedUserId: 'the authenticated user of the Camunda 7 API call',
  connector: 'the connector (a Java object)',
};

const SIMPLE = /^(?:[A-Za-z_][A-Za-z0-9_]*|-?[0-9][0-9.]*|"(?:[^"\\]|\\.)*")$/;

const JAVA_HINT = 'Handoff never runs Java code: compute the value in a service task (a job handler registered with engine.jobs.register) into a process variable, and refer to that variable here.';

/** Translation state: the counter for bound names, and the variables read. */
class Translator {
  private n = 0;
  /** The JUEL variables the expression reads; the FEEL names the i-th `__v<i>`. */
  readonly names: string[] = [];

  /**
   * A variable: FEEL reads it as `__v<i>`, which the engine binds to the variable's value,
   * so no name (`count`, `if`, `a$b`) clashes with FEEL's keywords or built-in functions.
   */
  variable(name: string, col: number): string {
    if (BUILTINS[name] !== undefined) throw new JuelRefusal('JUEL_UNSUPPORTED', `'${name}' (column ${col}) is ${BUILTINS[name]}, not a variable`, col, 'pass the value in a process variable and refer to it.');
    let i = this.names.indexOf(name);
    if (i < 0) i = this.names.push(name) - 1;
    return `__v${i}`;
  }

  /** Use `x` in `body` possibly several times: bind it once unless it is a name or literal. */
  private bind(x: Feel, body: (ref: Feel) => string): string {
    if (SIMPLE.test(x.f)) return body(x);
    const name = `__j${this.n++}`;
    return `{${name}: ${x.f}, __r: ${body({ f: name, k: x.k, ...(x.lit !== undefined ? { lit: x.lit } : {}) })}}.__r`;
  }

  node(e: JuelNode): Feel {
    switch (e.type) {
      case 'literal':
        return literal(e.value, e.col);
      case 'ident':
        return { f: this.variable(e.name, e.col), k: 'any' };
      case 'member':
        if (e.object.type === 'ident' && BUILTINS[e.object.name] !== undefined) {
          throw new JuelRefusal('JUEL_UNSUPPORTED', `'${e.object.name}.${e.property}' (column ${e.col}) reads ${BUILTINS[e.object.name]}`, e.col, "pass the value in a process variable and refer to it; for the caller's business key on a call activity write camunda:in businessKey=\"#{execution.processBusinessKey}\".");
        }
        return this.member(this.node(e.object), e.property);
      case 'index':
        return this.index(this.node(e.object), this.node(e.index), e.index);
      case 'call':
        return this.call(e);
      case 'unary': {
        const x = this.node(e.operand);
        if (e.op === '-') return { f: this.bind(x, (r) => `(-(${toNumber(r)}))`), k: 'number' };
        if (e.op === '!') return { f: this.bind(x, (r) => `not(${toBoolean(r)})`), k: 'boolean' };
        return { f: this.empty(x), k: 'boolean' };
      }
      case 'binary':
        return this.binary(e.op, this.node(e.left), this.node(e.right));
      case 'ternary': {
        const test = this.node(e.test);
        const a = this.node(e.then);
        const b = this.node(e.else);
        // A 'null' kind means the literal null (coercions skip evaluating it), so a ternary of two nulls is 'any'.
        const k: Kind = a.k === b.k && a.k !== 'null' ? a.k : 'any';
        return { f: this.bind(test, (t) => `(if ${toBoolean(t)} then ${a.f} else ${b.f})`), k };
      }
    }
  }

  private member(o: Feel, prop: string): Feel {
    if (o.k === 'null') return { f: 'null', k: 'null', lit: null };
    if (o.k !== 'any') return { f: fail(`a ${o.k} has no property ${str(prop)}`, o.f), k: 'any' };
    return { f: this.bind(o, (r) => `(if ${r.f} = null then null else if ${r.f} instance of context then get value(${r.f}, ${str(prop)}) else ${fail(`the value has no property ${str(prop)}`, r.f)})`), k: 'any' };
  }

  private index(o: Feel, k: Feel, node: JuelNode): Feel {
    // EL 1.6: the base, then the index, is evaluated; either null gives null.
    if (o.k === 'null' && k.k === 'null') return { f: 'null', k: 'null', lit: null };
    if (o.k === 'null' || k.k === 'null') return { f: `(if ${o.k === 'null' ? k.f : o.f} = null then null else null)`, k: 'any' };
    if (o.k !== 'any') return { f: fail(`a ${o.k} cannot be indexed`, o.f), k: 'any' };
    // A literal index needs no run-time checks beyond the list's bounds (FEEL gives null past the end).
    if (node.type === 'literal' && typeof node.value === 'number' && Number.isInteger(node.value)) {
      const i = node.value;
      const item = (r: Feel) => (i < 0 ? 'null' : `${r.f}[${i + 1}]`);
      return { f: this.bind(o, (r) => `(if ${r.f} = null then null else if ${r.f} instance of list then ${item(r)} else if ${r.f} instance of context then null else ${fail('the value cannot be indexed', r.f)})`), k: 'any' };
    }
    const f = this.bind(o, (r) =>
      this.bind(k, (q) => {
        const asInt =
          q.k === 'number'
            ? trunc(q.f)
            : q.k === 'boolean'
              ? `(if ${q.f} then 1 else 0)`
              : q.k === 'string'
                ? `(if matches(${q.f}, "^[-+]?[0-9]+$") then number(${q.f}) else ${fail('the string is not a list index', q.f)})`
                : `(if ${q.f} instance of number then ${trunc(q.f)} else if ${q.f} instance of boolean then (if ${q.f} then 1 else 0) else if ${q.f} instance of string then (if matches(${q.f}, "^[-+]?[0-9]+$") then number(${q.f}) else ${fail('the string is not a list index', q.f)}) else ${fail('the value is not a list index', q.f)})`;
        const idx = `__j${this.n++}`;
        const fromList = `{${idx}: ${asInt}, __r: if ${idx} < 0 or ${idx} >= count(${r.f}) then null else ${r.f}[${idx} + 1]}.__r`;
        const fromMap = q.k === 'string' ? `get value(${r.f}, ${q.f})` : q.k === 'any' ? `(if ${q.f} instance of string then get value(${r.f}, ${q.f}) else null)` : 'null';
        return `(if ${r.f} = null${nullable(q) ? ` or ${q.f} = null` : ''} then null else if ${r.f} instance of list then ${fromList} else if ${r.f} instance of context then ${fromMap} else ${fail('the value cannot be indexed', r.f)})`;
      }),
    );
    return { f, k: 'any' };
  }

  private call(e: Extract<JuelNode, { type: 'call' }>): Feel {
    const c = e.callee;
    if (c.type === 'member' && c.object.type === 'ident' && c.object.name === 'execution') {
      if (c.property === 'getVariable' && e.args.length === 1 && e.args[0]!.type === 'literal' && typeof e.args[0]!.value === 'string') {
        return { f: this.variable(e.args[0]!.value as string, e.args[0]!.col), k: 'any' };
      }
      if (c.property === 'getVariable') {
        throw new JuelRefusal('JUEL_UNSUPPORTED', `'execution.getVariable(…)' (column ${e.col}) takes a computed name`, e.col, 'name the variable directly, e.g. ${amount} for execution.getVariable("amount").');
      }
      throw new JuelRefusal('JUEL_UNSUPPORTED', `'execution.${c.property}(…)' (column ${e.col}) calls the Camunda 7 execution (Java)`, e.col, 'pass the value in a process variable (the host knows the instance id and business key from engine.start) and refer to it.');
    }
    if (c.type === 'member') {
      const f = javaMethod((x, body) => this.bind(x, body), this.node(c.object), c.property, e.args.map((a) => this.node(a)));
      if (f !== undefined) return { f, k: c.property === 'get' ? 'any' : c.property === 'size' || c.property === 'length' ? 'number' : c.property.startsWith('to') ? 'string' : 'boolean' };
    }
    const name = c.type === 'member' ? `${describe(c.object)}.${c.property}` : describe(c);
    throw new JuelRefusal('JUEL_UNSUPPORTED', `'${name}(…)' (column ${e.col}) is a method call`, e.col, JAVA_HINT);
  }

  private empty(x: Feel): string {
    switch (x.k) {
      case 'null':
        return 'true';
      case 'number':
      case 'boolean':
        return `(${x.f} = null)`; // false, once the operand is evaluated (it may fail)
      case 'string':
        return `(${x.f} = "")`;
      case 'any':
        return this.bind(x, (r) => `(if ${r.f} = null then true else if ${r.f} instance of string then ${r.f} = "" else if ${r.f} instance of list then count(${r.f}) = 0 else if ${r.f} instance of context then count(get entries(${r.f})) = 0 else false)`);
    }
  }

  private binary(op: string, a: Feel, b: Feel): Feel {
    switch (op) {
      case '&&':
        return { f: this.bind(a, (x) => `(if ${toBoolean(x)} then ${this.bind(b, toBoolean)} else false)`), k: 'boolean' };
      case '||':
        return { f: this.bind(a, (x) => `(if ${toBoolean(x)} then true else ${this.bind(b, toBoolean)})`), k: 'boolean' };
      case '+':
      case '-':
      case '*':
        return { f: this.bind(a, (x) => this.bind(b, (y) => `(${toNumber(x)} ${op} ${toNumber(y)})`)), k: 'number' };
      case '/':
      case '%':
        return { f: this.bind(a, (x) => this.bind(b, (y) => this.divide(op, x, y))), k: 'number' };
      case '==':
        return { f: this.bind(a, (x) => this.bind(b, (y) => this.equals(x, y))), k: 'boolean' };
      case '!=':
        return { f: `not(${this.bind(a, (x) => this.bind(b, (y) => this.equals(x, y)))})`, k: 'boolean' };
      default:
        return { f: this.bind(a, (x) => this.bind(b, (y) => this.compare(op, x, y))), k: 'boolean' };
    }
  }

  /**
   * `/` and `%` (EL 1.7.2, 1.7.3): both null is 0; a zero divisor fails (Java gives Infinity
   * or NaN, which JSON cannot hold). `%` is Java's exact remainder, which FEEL's arithmetic
   * cannot compute (`runtime.ts`): the engine's {@link JUEL_REMAINDER} function does.
   */
  private divide(op: string, x: Feel, y: Feel): string {
    const n = `__j${this.n++}`;
    const d = `__j${this.n++}`;
    const result = op === '/' ? `${n} / ${d}` : `${JUEL_REMAINDER}(${n}, ${d})`;
    const body = `{${n}: ${toNumber(x)}, ${d}: ${toNumber(y)}, __r: if ${d} = 0 then ${fail('division by zero')} else ${result}}.__r`;
    return nullable(x) && nullable(y) ? `(if ${x.f} = null and ${y.f} = null then 0 else ${body})` : body;
  }

  /** `==` (EL 1.8.2): null equals only null; a number, boolean or string on either side coerces the other. */
  private equals(x: Feel, y: Feel): string {
    const nn = nonNull(x, y, 'true', 'false');
    const typed = (() => {
      if (x.k === 'number' || y.k === 'number') return `(${toNumberNN(x)} = ${toNumberNN(y)})`;
      if (x.k !== 'any' && y.k !== 'any') {
        if (x.k === 'boolean' || y.k === 'boolean') return `(${toBooleanNN(x)} = ${toBooleanNN(y)})`;
        return `(${toStringNN(x)} = ${toStringNN(y)})`;
      }
      return cascade(x, y, [
        ['number', `${toNumberNN(x)} = ${toNumberNN(y)}`],
        ['boolean', `${toBooleanNN(x)} = ${toBooleanNN(y)}`],
        ['string', `${toStringNN(x)} = ${toStringNN(y)}`],
      ], `${JUEL_EQUALS}(${x.f}, ${y.f})`); // lists and maps: Java's equals, not FEEL's = (which reads [x] as x)
    })();
    return nn(typed);
  }

  /** `< <= > >=` (EL 1.8.1): null compares false (null <= null is true); numbers first, then strings, booleans with booleans. */
  private compare(op: string, x: Feel, y: Feel): string {
    const same = op === '<=' || op === '>=' ? 'true' : 'false';
    const nn = nonNull(x, y, same, 'false');
    const typed = (() => {
      if (x.k === 'number' || y.k === 'number') return `(${toNumberNN(x)} ${op} ${toNumberNN(y)})`;
      if (x.k !== 'any' && y.k !== 'any') {
        if (x.k === 'string' || y.k === 'string') return `(${toStringNN(x)} ${op} ${toStringNN(y)})`;
        return `(${b2n(x.f)} ${op} ${b2n(y.f)})`;
      }
      const bothBool = x.k === 'boolean' ? `${y.f} instance of boolean` : y.k === 'boolean' ? `${x.f} instance of boolean` : `${x.f} instance of boolean and ${y.f} instance of boolean`;
      const rest = `(if ${bothBool} then ${b2n(x.f)} ${op} ${b2n(y.f)} else ${fail('the values cannot be compared')})`;
      return cascade(x, y, [
        ['number', `${toNumberNN(x)} ${op} ${toNumberNN(y)}`],
        ['string', `${toStringNN(x)} ${op} ${toStringNN(y)}`],
      ], rest);
    })();
    return nn(typed);
  }
}

/** Wrap a comparison of non-null operands with EL's null rules: both null → `same`, one null → `one`. */
function nonNull(x: Feel, y: Feel, same: string, one: string): (typed: string) => string {
  if (x.k === 'null' && y.k === 'null') return () => same;
  if (x.k === 'null') return () => (nullable(y) ? `(if ${y.f} = null then ${same} else ${one})` : one);
  if (y.k === 'null') return () => (nullable(x) ? `(if ${x.f} = null then ${same} else ${one})` : one);
  if (nullable(x) && nullable(y)) return (t) => `(if ${x.f} = null and ${y.f} = null then ${same} else if ${x.f} = null or ${y.f} = null then ${one} else ${t})`;
  if (nullable(x)) return (t) => `(if ${x.f} = null then ${one} else ${t})`;
  if (nullable(y)) return (t) => `(if ${y.f} = null then ${one} else ${t})`;
  return (t) => t;
}

/**
 * EL's type-directed rules as a FEEL if-chain: the first type found on either side decides
 * (`[type, FEEL]` in EL's order), else `otherwise`. A side whose kind is known is tested at deploy.
 */
function cascade(x: Feel, y: Feel, rules: readonly (readonly [Kind, string])[], otherwise: string): string {
  let out = '';
  let open = 0;
  for (const [t, feel] of rules) {
    if (x.k === t || y.k === t) return `${out}(${feel})${')'.repeat(open)}`;
    const tests = [x, y].filter((v) => v.k === 'any').map((v) => `${v.f} instance of ${t}`);
    if (tests.length === 0) continue;
    out += `(if ${tests.join(' or ')} then ${feel} else `;
    open++;
  }
  return `${out}${otherwise}${')'.repeat(open)}`;
}

/** Coerce a non-null operand to a boolean (`==` with a boolean on one side). */
function toBooleanNN(x: Feel): string {
  return x.k === 'any' ? `(if ${x.f} instance of boolean then ${x.f} else if ${x.f} instance of string then lower case(${x.f}) = "true" else ${fail('cannot coerce the value to a boolean', x.f)})` : toBoolean(x);
}

function b2n(f: string): string {
  return `(if ${f} then 1 else 0)`;
}

function trunc(f: string): string {
  return `(if ${f} < 0 then ceiling(${f}) else floor(${f}))`;
}

function literal(value: string | number | boolean | null, col: number): Feel {
  if (value === null) return { f: 'null', k: 'null', lit: null };
  if (typeof value === 'boolean') return { f: String(value), k: 'boolean', lit: value };
  if (typeof value === 'string') return { f: str(value), k: 'string', lit: value };
  const f = numberLiteral(value);
  if (f === undefined) throw new JuelRefusal('JUEL_UNSUPPORTED', `the number literal at column ${col} is infinite (Java reads it as Infinity)`, col, 'write a finite number: JSON, and so a Handoff variable, cannot hold Infinity.');
  // Java keeps a Long literal exact; a JSON number holds integers exactly only up to 2^53.
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new JuelRefusal('JUEL_UNSUPPORTED', `the whole number at column ${col} is beyond ±2^53 (9007199254740991), where JSON numbers lose digits`, col, 'keep such identifiers in a string variable and compare strings, or compute with smaller numbers.');
  }
  return { f, k: 'number', lit: value };
}

function describe(e: JuelNode): string {
  if (e.type === 'ident') return e.name;
  if (e.type === 'member') return `${describe(e.object)}.${e.property}`;
  return '…';
}


/** Translate a text's parts (literal text and expressions) to one FEEL expression: the value, or string concatenation. */
export function translateParts(parts: readonly ({ kind: 'text'; text: string } | { kind: 'expr'; node: JuelNode })[]): Feel & { names: string[] } {
  const t = new Translator();
  if (parts.length === 1 && parts[0]!.kind === 'expr') return { ...t.node(parts[0]!.node), names: t.names };
  const pieces = parts.map((p) => (p.kind === 'text' ? str(p.text) : textOf(t.node(p.node))));
  return { f: pieces.length === 0 ? '""' : pieces.join(' + '), k: 'string', names: t.names };
}

function textOf(x: Feel): string {
  if (x.k !== 'any' || SIMPLE.test(x.f)) return toText(x);
  // bind through a one-entry context so a compound value is evaluated once
  return `{__t: ${x.f}, __r: ${toText({ f: '__t', k: 'any' })}}.__r`;
}
