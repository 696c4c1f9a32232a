/**
 * Expression-valued attributes: compiled once at deploy, problems recorded with the element.
 *
 * @module
 */
import { compileFeel, isProblem, type Expression } from './expressions';
import { hasJuel } from './juel/index';
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

/** A static string, a FEEL expression when it starts with `=`, or JUEL (`${…}`, mixed text `team-${region}`) translated to FEEL. */
export function staticOrFeel(text: string | undefined, el: ModdleElement, what: string, problems: ProblemList): { value?: string; expr?: Expression } {
  if (text === undefined || text.trim() === '') return {};
  const t = text.trim();
  if (t.startsWith('=') || hasJuel(t)) {
    const expr = feel(t, el, what, problems);
    return expr ? { expr } : {};
  }
  return { value: t };
}
