/**
 * The JUEL lexer: the text between `${` and its closing `}` into tokens, each with its
 * 1-based column in the whole attribute text. String literals take single or double quotes
 * with `\\`, `\'`, `\"` escapes (EL 2.2, 1.3). Tokens the subset does not support (`=`, `;`,
 * `->`, `+=`, `{`) are still lexed so the parser can refuse them by name.
 *
 * @module
 */
import { JuelRefusal } from './ast';

/** A JUEL token. */
export type Token =
  | { readonly t: 'num'; readonly value: number; readonly col: number }
  | { readonly t: 'str'; readonly value: string; readonly col: number }
  | { readonly t: 'id'; readonly value: string; readonly col: number }
  | { readonly t: 'kw'; readonly value: Keyword; readonly col: number }
  | { readonly t: 'op'; readonly value: string; readonly col: number }
  | { readonly t: 'end'; readonly col: number };

/** EL 2.2 reserved words (1.17). */
export const KEYWORDS = ['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'instanceof', 'empty', 'div', 'mod'] as const;
export type Keyword = (typeof KEYWORDS)[number];

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '->', '+=', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', '[', ']', '(', ')', ',', '=', ';', '{'];
const ID_START = /[A-Za-z_$]/;
const ID_PART = /[A-Za-z0-9_$]/;
const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)/;

/**
 * Lex `text[from..]` up to the `}` that closes the expression.
 *
 * @returns the tokens (ending with an `end` token at the `}`) and the index just past the `}`
 */
export function lex(text: string, from: number): { tokens: Token[]; next: number } {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    const col = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '}') {
      tokens.push({ t: 'end', col });
      return { tokens, next: i + 1 };
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new JuelRefusal('JUEL_SYNTAX', `the string starting at column ${col} is not closed`, col, `close it with ${c}.`);
        const d = text[j]!;
        if (d === '\\' && (text[j + 1] === '\\' || text[j + 1] === '"' || text[j + 1] === "'")) {
          value += text[j + 1];
          j += 2;
        } else if (d === c) break;
        else {
          value += d;
          j++;
        }
      }
      tokens.push({ t: 'str', value, col });
      i = j + 1;
      continue;
    }
    const num = NUMBER.exec(text.slice(i));
    if (num && /[0-9.]/.test(c) && !(c === '.' && !/[0-9]/.test(text[i + 1] ?? ''))) {
      tokens.push({ t: 'num', value: Number(num[0]), col });
      i += num[0].length;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if ((KEYWORDS as readonly string[]).includes(word)) tokens.push({ t: 'kw', value: word as Keyword, col });
      else tokens.push({ t: 'id', value: word, col });
      i = j;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', value: op, col });
      i += op.length;
      continue;
    }
    throw new JuelRefusal('JUEL_SYNTAX', `unexpected character '${c}' at column ${col}`, col, 'remove it, or quote it inside a string literal.');
  }
  throw new JuelRefusal('JUEL_SYNTAX', `the expression starting at column ${from - 1} has no closing '}'`, from - 1, "close the expression with '}'.");
}
