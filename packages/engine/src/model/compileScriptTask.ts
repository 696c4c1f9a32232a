/**
 * Script tasks without a zeebe:script: a `<script>` body in FEEL; other languages refused.
 *
 * @module
 */
import type { Expression } from './expressions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** A script task's FEEL body and result variable. */
export function compileScript(el: ModdleElement, problems: ProblemList): { expression?: Expression; resultVariable?: string } {
  const format = String(el.scriptFormat ?? '').trim().toLowerCase();
  const body = (el.script as string | undefined) ?? '';
  if (el.resource) {
    problems.add('UNSUPPORTED_FEATURE', el, 'External script resources are not supported.', 'inline the FEEL expression in the script task.');
    return {};
  }
  if (format && format !== 'feel') {
    problems.add(
      'SCRIPT_LANGUAGE',
      el,
      `Script format '${format}' is not supported: Handoff runs FEEL only, never JavaScript or other code (no eval, vm or Function).`,
      'rewrite the script as a FEEL expression (scriptFormat="feel", or a zeebe:script expression).',
    );
    return {};
  }
  if (!body.trim()) {
    problems.add('MISSING_EXPRESSION', el, 'The script task has no script.', 'add a FEEL expression (zeebe:script, or scriptFormat="feel" with a body).');
    return {};
  }
  const expression = feel(body, el, 'script', problems, true);
  const resultVariable = el.resultVariable ? String(el.resultVariable) : undefined;
  if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set camunda:resultVariable so the result is stored.');
  return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
}
