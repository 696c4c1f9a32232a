/**
 * Expression-valued attributes: compiled once at deploy, problems recorded with the element.
 *
 * @module
 */
import { compileFeel, isProblem, type Expression } from './expressions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** Compile an expression attribute, recording a problem on failure. */
export function feel(text: string, el: ModdleElement, what: string, problems: ProblemList, assumeFeel = false): Expression | undefined {
  const r = compileFeel(text, assumeFeel);
  if (isProblem(r)) {
    problems.add(r.code, el, `${what}: ${r.message}`, r.hint);
    return undefined;
  }
  return r;
}

/** A static string, or a FEEL expression when it starts with `=`; JUEL refused. */
export function staticOrFeel(text: string | undefined, el: ModdleElement, what: string, problems: ProblemList): { value?: string; expr?: Expression } {
  if (text === undefined || text.trim() === '') return {};
  const t = text.trim();
  if (t.startsWith('=') || /^[$#]\{/.test(t)) {
    const expr = feel(t, el, what, problems);
    return expr ? { expr } : {};
  }
  return { value: t };
}
