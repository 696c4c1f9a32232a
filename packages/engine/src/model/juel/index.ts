/**
 * JUEL (Camunda 7's expression language) translated to FEEL at deploy: `${amount > 100}`,
 * `#{order.items[0]}`, `hello-${name}`. The result is FEEL text that `compileFeel` compiles
 * once, like any `=…` expression; nothing is interpreted at run time, no Java or JavaScript
 * ever runs. See docs/juel.md for the subset and the translation table.
 *
 * @module
 */
import { JuelRefusal } from './ast';
import { parseTemplate } from './parser';
import { translateParts } from './translate';

export { JuelRefusal } from './ast';
export { JUEL_ERROR } from './coerce';
export { JUEL_EQUALS, JUEL_REMAINDER, javaEquals, javaRemainder } from './runtime';

/**
 * Is the text JUEL: does it hold `${…}` or `#{…}`? An escaped `\${` counts too: JUEL reads
 * it as the literal characters, so the text must go through the translator to lose the `\`.
 */
export function hasJuel(text: string): boolean {
  return /[$#]\{/.test(text);
}

/** A JUEL text as FEEL: `feel` reads the i-th variable of `names` as `__v<i>`. */
export interface JuelTranslation {
  readonly feel: string;
  readonly names: readonly string[];
}

/**
 * Translate a JUEL text (an expression, or literal text with expressions in it) to FEEL.
 * Evaluate the FEEL with `__v<i>` bound to the value of `names[i]` (when set),
 * {@link JUEL_ERROR} bound to a function that throws, {@link JUEL_REMAINDER} to
 * {@link javaRemainder} and {@link JUEL_EQUALS} to {@link javaEquals}.
 *
 * @returns the FEEL source, or the refusal (`JUEL_SYNTAX` with a column, or `JUEL_UNSUPPORTED` with a hint)
 * @example
 * translateJuel('${a.b > 1}')   // { feel: '…get value(__v0, "b")…', names: ['a'] }
 * translateJuel('${bean.ok()}') // JuelRefusal { code: 'JUEL_UNSUPPORTED', … }
 */
export function translateJuel(text: string): JuelTranslation | JuelRefusal {
  try {
    const t = translateParts(parseTemplate(text));
    return { feel: t.f, names: t.names };
  } catch (err) {
    if (err instanceof JuelRefusal) return err;
    throw err;
  }
}
