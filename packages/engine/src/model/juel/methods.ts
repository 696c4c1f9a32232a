/**
 * The few Java standard-library methods Camunda 7 files call on variable values, with
 * Java's semantics: `s.equals("yes")`, `s.equalsIgnoreCase(t)`, `s.isEmpty()`,
 * `list.size()`, `s.length()`, `s.toLowerCase()`, `s.toUpperCase()`, `s.contains(t)`,
 * `list.contains(x)`, `map.get("key")`, `list.get(0)`. A method on null, or on a value of a
 * type without it, fails as Java would (NullPointerException, MethodNotFoundException).
 * Arguments are coerced to the parameter's type as EL does (`equalsIgnoreCase(String)` reads
 * `1` as `"1"`, `List.get(int)` reads `"0"` as 0; `equals`, `List.contains` and `Map.get`
 * take any Object, `String.contains` a string only). Any other call is a bean or method call
 * and is refused.
 *
 * @module
 */
import { fail, toStringNN, type Feel } from './coerce';
import { JUEL_EQUALS } from './runtime';

/** Binds an operand once for a body that uses it several times. */
export type Bind = (x: Feel, body: (ref: Feel) => string) => string;

/** The methods, by name and number of arguments. */
export const JAVA_METHODS: Readonly<Record<string, number>> = {
  equals: 1,
  equalsIgnoreCase: 1,
  isEmpty: 0,
  size: 0,
  length: 0,
  toLowerCase: 0,
  toUpperCase: 0,
  contains: 1,
  get: 1,
};

/** FEEL for `o.name(args)`, or undefined when it is not one of {@link JAVA_METHODS}. */
export function javaMethod(bind: Bind, o: Feel, name: string, args: readonly Feel[]): string | undefined {
  if (!Object.hasOwn(JAVA_METHODS, name) || JAVA_METHODS[name] !== args.length) return undefined;
  const none = (r: Feel) => fail(`the value has no method ${name}()`, r.f);
  const onNull = fail(`${name}() called on null`);
  return bind(o, (r) => {
    const guard = (body: string) => `(if ${r.f} = null then ${onNull} else ${body})`;
    const str = (body: string) => guard(`if ${r.f} instance of string then ${body} else ${none(r)}`);
    switch (name) {
      case 'equals':
        // Object.equals: same type and value (lists and maps element by element); never coerces. FEEL's = would read [x] as x.
        return bind(args[0]!, (a) => guard(`${JUEL_EQUALS}(${r.f}, ${a.f})`));
      case 'equalsIgnoreCase':
        // EL coerces a non-null argument to the String parameter (BeanELResolver.invoke): "1".equalsIgnoreCase(1) is true; null stays null, and is false.
        return bind(args[0]!, (a) => str(`(if ${a.f} = null then false else lower case(${r.f}) = lower case(${toStringNN(a)}))`));
      case 'isEmpty':
        return guard(`if ${r.f} instance of string then ${r.f} = "" else if ${r.f} instance of list then count(${r.f}) = 0 else if ${r.f} instance of context then count(get entries(${r.f})) = 0 else ${none(r)}`);
      case 'size':
        return guard(`if ${r.f} instance of list then count(${r.f}) else if ${r.f} instance of context then count(get entries(${r.f})) else ${none(r)}`);
      case 'length':
        return str(`string length(${r.f})`);
      case 'toLowerCase':
        return str(`lower case(${r.f})`);
      case 'toUpperCase':
        return str(`upper case(${r.f})`);
      case 'contains':
        return bind(args[0]!, (a) =>
          guard(
            `if ${r.f} instance of string then (if ${a.f} instance of string then contains(${r.f}, ${a.f}) else ${fail('contains() needs a string', a.f)}) else if ${r.f} instance of list then (some __x in ${r.f} satisfies ${JUEL_EQUALS}(__x, ${a.f})) else ${none(r)}`,
          ),
        );
      case 'get':
        // Map.get(key): the entry, or null (a JSON object's keys are strings). List.get(i): JUEL
        // coerces i to an int (null and "" are 0, a number is truncated, a string is parsed)
        // and an index past either end throws IndexOutOfBoundsException.
        return bind(args[0]!, (a) => {
          const index = `(if ${a.f} = null then 0 else if ${a.f} instance of string then (if ${a.f} = "" then 0 else if matches(${a.f}, "^[-+]?[0-9]+$") then number(${a.f}) else ${fail('get() needs a list index', a.f)}) else if ${a.f} instance of number then (if ${a.f} < 0 then ceiling(${a.f}) else floor(${a.f})) else ${fail('get() needs a list index', a.f)})`;
          const fromList = `{__g: ${index}, __r: if __g < 0 or __g >= count(${r.f}) then ${fail('get() past the end of the list', '__g')} else ${r.f}[__g + 1]}.__r`;
          return guard(`if ${r.f} instance of context then (if ${a.f} instance of string then get value(${r.f}, ${a.f}) else null) else if ${r.f} instance of list then ${fromList} else ${none(r)}`);
        });
      default:
        return none(r);
    }
  });
}
