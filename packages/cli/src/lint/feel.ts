/**
 * Checking FEEL text the way the engine compiles it (feelin's `compileExpression`, with the
 * workspace patch): JUEL refused, `=` marks FEEL, syntax errors carry a column.
 *
 * @module
 */
import { compileExpression } from 'feelin';

const JUEL = /^\s*[$#]\{/;

/**
 * Why `text` is not a usable FEEL expression, or undefined when it parses.
 * @param assumeFeel treat text without a leading `=` as FEEL (a `language="feel"` body)
 */
export function feelProblem(text: string, assumeFeel = false): string | undefined {
  const t = text.trim();
  if (JUEL.test(t)) return `'${t}' is a JUEL expression; Handoff evaluates FEEL only (write '=…')`;
  let source: string;
  if (t.startsWith('=')) source = t.slice(1);
  else if (assumeFeel) source = t;
  else return `'${t}' is not marked as FEEL (start it with '=')`;
  if (!source.trim()) return 'the FEEL expression is empty';
  try {
    compileExpression(source);
  } catch (err) {
    const pos = (err as { position?: { from: number } }).position;
    return `FEEL syntax error in '${source}'${pos ? ` at column ${pos.from + 1}` : ''}: ${(err as Error).message}`;
  }
  return undefined;
}
