/**
 * The JUEL lexer, parser and translator as tables: what each construct evaluates to once
 * translated (through `compileFeel`, the path every attribute takes), and what is refused
 * with which code, column and hint.
 */
import { describe, expect, it } from 'vitest';
import { compileFeel, isProblem, type Expression } from '../../src/model/expressions';
import { parseTemplate } from '../../src/model/juel/parser';
import { hasJuel, javaEquals, javaRemainder, translateJuel } from '../../src/model/juel/index';

function run(text: string, vars: Record<string, unknown> = {}) {
  const e = compileFeel(text);
  if (isProblem(e)) throw new Error(`${text}: ${e.code} ${e.message}`);
  return e.evaluate(vars);
}
const value = (text: string, vars: Record<string, unknown> = {}) => {
  const r = run(text, vars);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.value;
};

describe('parser: EL 2.2 precedence and spellings', () => {
  it.each([
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${10 - 4 - 3}', 3],
    ['${2 * 3 % 4}', 2],
    ['${7 div 2}', 3.5],
    ['${7 mod 4}', 3],
    ['${-2 * 3}', -6],
    ['${- -2}', 2],
    ['${1 < 2 == true}', true],
    ['${1 lt 2 and 3 ge 3}', true],
    ['${true || false && false}', true],
    ['${(true || false) && false}', false],
    ['${not true or true}', true],
    ['${!false eq true}', true],
    ['${1 ne 1 ? "a" : 2 gt 1 ? "b" : "c"}', 'b'],
    ['${empty "" && not empty "x"}', true],
    ["${'it\\'s' == \"it's\"}", true],
    ['${"a\\"b"}', 'a"b'],
    ['${"back\\\\slash"}', 'back\\slash'],
    ['${.5 + 1.}', 1.5],
    ['${1e3}', 1000],
    ['${1e-7}', 1e-7], // FEEL has no exponent: written out as 0.0000001
    ['${2.5E-8 * 2}', 5e-8],
    ["${'1e-7' + 0}", 1e-7], // a numeric string literal with an exponent is a number, as Double.valueOf reads it
    ['${9007199254740991}', 9007199254740991],
    ['${null}', null],
  ])('%s is %j', (text, want) => {
    expect(value(text)).toEqual(want);
  });

  it('splits mixed text; \\${ is a literal ${', () => {
    expect(parseTemplate('a-${x}-b').map((p) => p.kind)).toEqual(['text', 'expr', 'text']);
    expect(value('cost: \\${not} ${n}', { n: 3 })).toBe('cost: ${not} 3');
    expect(value('\\${x}')).toBe('${x}');
    expect(hasJuel('plain text')).toBe(false);
    expect(hasJuel('a ${x}')).toBe(true);
  });
});

describe('translator: JUEL semantics where FEEL differs', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    // == and null
    ['${x == null}', { x: null }, true],
    ['${x == null}', { x: 0 }, false],
    ['${x != null}', { x: '' }, true],
    ['${x == y}', { x: null, y: null }, true],
    // coercion in comparisons and equality
    ['${x == 1}', { x: '1' }, true],
    ['${x == 1}', { x: '1.0' }, true],
    ['${x == true}', { x: 'TRUE' }, true],
    ['${x == "5"}', { x: 5 }, true],
    ['${x > 10}', { x: '9' }, false],
    ['${x > "10"}', { x: '9' }, true], // two strings compare as text
    ['${x < 1}', { x: null }, false],
    ['${x <= y}', { x: null, y: null }, true],
    ['${x == y}', { x: [1, 'a'], y: [1, 'a'] }, true],
    ['${x == y}', { x: { k: 1 }, y: { k: 2 } }, false],
    // + is addition, never concatenation; null is 0
    ['${a + b}', { a: '1', b: '2' }, 3],
    ['${a + b}', { a: null, b: 2 }, 2],
    ['${a * b}', { a: '', b: 2 }, 0],
    ['${-a}', { a: '2.5' }, -2.5],
    ['${a / b}', { a: null, b: null }, 0],
    ['${-7 % 3}', {}, -1], // Java's remainder keeps the dividend's sign (FEEL's modulo would give 2)
    ['${1.0 % 0.1}', {}, 0.09999999999999995], // Java's exact double remainder (n - d * trunc(n / d) would give 0)
    ['${a % b}', { a: 7.5, b: '2' }, 1.5],
    ['${a % b}', { a: -4, b: 2 }, 0], // never -0
    // booleans
    ['${!x}', { x: null }, true],
    ['${x && y}', { x: 'true', y: 'yes' }, false],
    ['${x ? 1 : 2}', { x: '' }, 2],
    ['${x || y.z}', { x: true, y: null }, true], // short-circuit: y.z is not evaluated
    // empty
    ['${empty x}', { x: null }, true],
    ['${empty x}', { x: '' }, true],
    ['${empty x}', { x: [] }, true],
    ['${empty x}', { x: {} }, true],
    ['${empty x}', { x: 0 }, false],
    ['${not empty x}', { x: [0] }, true],
    // paths and indexes: 0-based, null-safe as in EL
    ['${a.b.c}', { a: { b: { c: 3 } } }, 3],
    ['${a.b.c}', { a: { b: null } }, null],
    ['${a.missing}', { a: {} }, null],
    ['${a["b c"]}', { a: { 'b c': 1 } }, 1],
    ['${l[0]}', { l: ['x', 'y'] }, 'x'],
    ['${l[1]}', { l: ['x', 'y'] }, 'y'],
    ['${l[2]}', { l: ['x', 'y'] }, null],
    ['${l[i]}', { l: ['x', 'y'], i: 1 }, 'y'],
    ['${l[i]}', { l: ['x', 'y'], i: -1 }, null], // FEEL's l[-1] would be the last item
    ['${l["1"]}', { l: ['x', 'y'] }, 'y'],
    ['${m[k]}', { m: { a: 1 }, k: 'a' }, 1],
    ['${orders[0].lines[1].qty}', { orders: [{ lines: [{ qty: 1 }, { qty: 2 }] }] }, 2],
    // execution.getVariable("x") is x
    ['${execution.getVariable("amount") > 3}', { amount: 4 }, true],
    // names FEEL would read as keywords or functions are still variables
    ['${count + if}', { count: 1, if: 2 }, 3],
    ['${string}', { string: 's' }, 's'],
    ['${a$b}', { a$b: 7 }, 7],
    // Java's String / List / Map methods on values
    ["${clarified.equals('yes')}", { clarified: 'yes' }, true],
    ["${!clarified.equals('yes')}", { clarified: 'no' }, true],
    ['${x.equals(1)}', { x: '1' }, false], // equals never coerces
    ['${x.equals(y)}', { x: [1, { a: 2 }], y: [1, { a: 2 }] }, true],
    // Java's equals never reads a one-item list as its item (FEEL's = does: [false] = false is true there)
    ['${x.equals(y)}', { x: false, y: [false] }, false],
    ['${x.equals(y)}', { x: ['a'], y: 'a' }, false],
    ['${x.contains(x)}', { x: [1] }, false],
    ['${x.contains(y)}', { x: [[1], 2], y: [1] }, true],
    ['${x == y}', { x: [[1], 2], y: [1, 2] }, false],
    ['${x == y}', { x: [{}], y: {} }, false],
    ['${x == y}', { x: { k: [1] }, y: { k: 1 } }, false],
    ['${s.equalsIgnoreCase("YES")}', { s: 'yes' }, true],
    ['${s.equalsIgnoreCase(1)}', { s: '1' }, true], // EL coerces the argument to the String parameter (BeanELResolver.invoke)
    ['${s.equalsIgnoreCase(t)}', { s: 'TRUE', t: true }, true],
    ['${s.equalsIgnoreCase(t)}', { s: '', t: null }, false], // null is passed as null (not coerced to ""): false
    ['${not l.isEmpty()}', { l: ['u'] }, true],
    ['${s.isEmpty()}', { s: '' }, true],
    ['${m.isEmpty()}', { m: {} }, true],
    ['${items.size() > 0}', { items: [1, 2] }, true],
    ['${m.size()}', { m: { a: 1, b: 2 } }, 2],
    ['${m.size()}', { m: {} }, 0],
    ['${s.length()}', { s: 'abc' }, 3],
    ["${s.toLowerCase() == 'negative'}", { s: 'NEGATIVE' }, true],
    ['${s.toUpperCase()}', { s: 'ab' }, 'AB'],
    ['${s.contains("at")}', { s: 'cat' }, true],
    ['${roles.contains("admin")}', { roles: ['user', 'admin'] }, true],
    ['${roles.contains(1)}', { roles: ['1'] }, false],
    ['${a.b.c.contains(x)}', { a: { b: { c: [1, 2] } }, x: 2 }, true],
    ["${benefits.get('roomUpgrade')}", { benefits: { roomUpgrade: true } }, true],
    ["${benefits.get('breakfast')}", { benefits: { roomUpgrade: true } }, null],
    ['${m.get(1)}', { m: { '1': 'x' } }, null], // a JSON object's keys are strings
    ['${l.get(1)}', { l: ['x', 'y'] }, 'y'],
    ['${l.get("0")}', { l: ['x', 'y'] }, 'x'],
    ['${l.get(i)}', { l: ['x', 'y'], i: 1.9 }, 'y'],
    ['${l.get(i)}', { l: ['x', 'y'], i: null }, 'x'],
    // text: null is "", numbers and booleans printed
    ['hello-${name}', { name: null }, 'hello-'],
    ['${a}/${b}', { a: 1.5, b: true }, '1.5/true'],
    ['#{x}', { x: [1, 2] }, [1, 2]],
  ])('%s with %j is %j', (text, vars, want) => {
    expect(value(text, vars)).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['${a + 1}', { a: 'abc' }, /cannot coerce the string to a number \("abc"\)/],
    ['${a + 1}', { a: true }, /cannot coerce the value to a number/],
    ['${a > 1}', { a: [1] }, /cannot coerce the value to a number/],
    ['${a && true}', { a: 5 }, /cannot coerce the value to a boolean/],
    ['${a.b}', { a: 'text' }, /has no property "b"/],
    ['${a[0]}', { a: 5 }, /cannot be indexed/],
    ['${a / 0}', { a: 1 }, /division by zero/],
    ['${a % b}', { a: 1, b: 0 }, /division by zero/],
    ['${a == "x"}', { a: [1] }, /cannot coerce a list or map to a string/],
    ['x-${a}', { a: { k: 1 } }, /cannot coerce a list or map to a string/],
    ['${missing}', {}, /missing/],
    ['${s.equals("x")}', { s: null }, /equals\(\) called on null/],
    ['${n.size()}', { n: 5 }, /has no method size\(\)/],
    ['${n.toLowerCase()}', { n: 5 }, /has no method toLowerCase\(\)/],
    ['${s.contains(1)}', { s: 'a' }, /contains\(\) needs a string/],
    ['${l.get(2)}', { l: ['x', 'y'] }, /get\(\) past the end of the list/],
    ['${l.get(-1)}', { l: ['x', 'y'] }, /get\(\) past the end of the list/],
    ['${l.get("a")}', { l: ['x'] }, /get\(\) needs a list index/],
    ['${l.get(true)}', { l: ['x'] }, /get\(\) needs a list index/],
    ['${s.get(0)}', { s: 'abc' }, /has no method get\(\)/],
    ['${m.get("k")}', { m: null }, /get\(\) called on null/],
    ['${s.equalsIgnoreCase(l)}', { s: 'a', l: ['a'] }, /cannot coerce a list or map to a string/], // Java would pass l.toString()
  ])('%s with %j fails: %s', (text, vars, why) => {
    const r = run(text, vars);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(why);
  });

  it("the equals function the FEEL calls is Java's Objects.equals over JSON values", () => {
    expect(javaEquals({ a: 1, b: [2, null] }, { b: [2, null], a: 1 })).toBe(true);
    expect(javaEquals({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(javaEquals({ a: undefined }, { b: undefined })).toBe(false);
    expect(javaEquals(null, null)).toBe(true);
    expect(javaEquals([], {})).toBe(false);
    expect(javaEquals('1', 1)).toBe(false);
  });

  it('the remainder function the FEEL calls refuses what the translation never passes it (a zero divisor, a non-number)', () => {
    expect(() => javaRemainder(1, 0)).toThrow(/non-zero divisor.*translator defect/);
    expect(() => javaRemainder('1', 2)).toThrow(/two finite numbers/);
    expect(Object.is(javaRemainder(-4, 2), 0)).toBe(true);
  });

  it('the expression keeps the JUEL text; its source is the FEEL with the variables\' names', () => {
    const e = compileFeel('${a.b > 1}') as Expression;
    expect(e.juel).toBe('${a.b > 1}');
    expect(e.source).toContain('get value(a, "b")');
    expect(translateJuel('${a.b > 1}')).toMatchObject({ names: ['a'] });
  });

  it('FEEL (=…) is untouched, even with ${ in a string', () => {
    expect(value('="${x}"')).toBe('${x}');
    expect((compileFeel('=a + 1') as Expression).juel).toBeUndefined();
  });
});

describe('refusals: JUEL_SYNTAX with a column, JUEL_UNSUPPORTED with a hint', () => {
  it.each<[string, string, RegExp, RegExp]>([
    ['${myBean.check(x)}', 'JUEL_UNSUPPORTED', /'myBean\.check\(…\)' \(column 3\) is a method call/, /job handler/],
    ['#{svc.call(x)}', 'JUEL_UNSUPPORTED', /'svc\.call\(…\)'.*method call/, /job handler/],
    ['${check()}', 'JUEL_UNSUPPORTED', /'check\(…\)'.*method call/, /job handler/],
    ['${execution.getProcessInstanceId()}', 'JUEL_UNSUPPORTED', /execution\.getProcessInstanceId/, /process variable/],
    ['${execution.getVariable(name)}', 'JUEL_UNSUPPORTED', /computed name/, /name the variable directly/],
    ['${execution.processBusinessKey}', 'JUEL_UNSUPPORTED', /reads the execution/, /businessKey/],
    ['${execution}', 'JUEL_UNSUPPORTED', /'execution' .* not a variable/, /process variable/],
    ['${task.name}', 'JUEL_UNSUPPORTED', /the task/, /process variable/],
    ['${fn:contains(a, "b")}', 'JUEL_UNSUPPORTED', /EL function 'fn:contains/, /FEEL/],
    ['${var:gt(input, 1)}', 'JUEL_UNSUPPORTED', /EL function 'var:gt/, /FEEL/],
    ['${s.substring(1)}', 'JUEL_UNSUPPORTED', /'s\.substring\(…\)'.*method call/, /job handler/],
    ['${s.equals()}', 'JUEL_UNSUPPORTED', /'s\.equals\(…\)'.*method call/, /job handler/],
    ['${a instanceof b}', 'JUEL_UNSUPPORTED', /instanceof/, /instance of/],
    ['${x -> x + 1}', 'JUEL_UNSUPPORTED', /a lambda/, /FEEL/],
    ['${a = 1}', 'JUEL_UNSUPPORTED', /an assignment/, /FEEL/],
    ['${a; b}', 'JUEL_UNSUPPORTED', /statement sequence/, /FEEL/],
    ['${{1, 2}}', 'JUEL_UNSUPPORTED', /set or map literal/, /FEEL/],
    ['${a += "x"}', 'JUEL_UNSUPPORTED', /\+=/, /FEEL/],
    ['${1e400}', 'JUEL_UNSUPPORTED', /is infinite/, /write a finite number/],
    ['${x == 9007199254740993}', 'JUEL_UNSUPPORTED', /whole number at column 8 is beyond ±2\^53/, /string variable/],
    ['${a >}', 'JUEL_SYNTAX', /column 6/, /operators and parentheses/],
    ['${a + (b}', 'JUEL_SYNTAX', /column 9.*expected '\)'/, /parentheses/],
    ['${"open}', 'JUEL_SYNTAX', /not closed/, /close it/],
    ['${a', 'JUEL_SYNTAX', /no closing '\}'/, /close the expression/],
    ['${}', 'JUEL_SYNTAX', /empty/, /between the braces/],
    ['${a @ b}', 'JUEL_SYNTAX', /unexpected character '@' at column 5/, /remove it/],
    ['${a ? b}', 'JUEL_SYNTAX', /expected ':'/, /parentheses/],
    ['${a}#{b}', 'JUEL_SYNTAX', /mixed/, /one kind/],
    ['${a.}', 'JUEL_SYNTAX', /expected a property name/, /parentheses/],
  ])('%s is %s', (text, code, message, hint) => {
    const e = compileFeel(text);
    expect(isProblem(e)).toBe(true);
    if (!isProblem(e)) return;
    expect(e.code).toBe(code);
    expect(e.message).toContain(text);
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
  });

  it('the hint never suggests JUEL operators as FEEL (no !blocked)', () => {
    const e = compileFeel('${!blocked && svc.ok()}');
    expect(isProblem(e) && e.hint).not.toMatch(/!blocked|&&/);
  });
});
