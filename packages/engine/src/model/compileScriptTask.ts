/**
 * Script tasks without a zeebe:script: a `<script>` body in FEEL runs in the engine; a script
 * in any other language (JavaScript, Groovy, Python, …) or an external script `resource`
 * becomes a **job of type `script:<format>`** (decision 0022) with the script in the headers:
 *
 * | header | value |
 * |---|---|
 * | `script` | the script text (absent for a resource) |
 * | `resource` | `camunda:resource`, e.g. `deployment://scripts/total.groovy` |
 * | `scriptFormat` | the format as written, e.g. `groovy` |
 * | `resultVariable` | `camunda:resultVariable`, when set: the handler returns `{ [resultVariable]: value }` |
 *
 * The engine never evaluates such scripts: a host that wants to run them registers a
 * handler for `script:groovy` (say), and a missing handler is the `NO_HANDLER` incident.
 *
 * @module
 */
import type { Expression } from './expressions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import { compileRetryCycle } from './retryCycle';
import type { JobDef } from './types';

/** A script task's FEEL body and result variable, or its job when the script is not FEEL. */
export function compileScript(el: ModdleElement, values: readonly ModdleElement[], problems: ProblemList): { expression?: Expression; resultVariable?: string; job?: JobDef } {
  const format = String(el.scriptFormat ?? '').trim();
  const body = (el.script as string | undefined) ?? '';
  const resource = typeof el.resource === 'string' ? el.resource.trim() : '';
  const resultVariable = el.resultVariable ? String(el.resultVariable).trim() : undefined;
  if (resource || (format && format.toLowerCase() !== 'feel')) {
    if (!format) {
      problems.add('SCRIPT_LANGUAGE', el, `The script resource '${resource}' names no script format.`, 'set scriptFormat (e.g. groovy): the script becomes a job of type script:<format> for a host handler.');
      return {};
    }
    if (!resource && !body.trim()) {
      problems.add('MISSING_EXPRESSION', el, 'The script task has no script.', 'write the script, or point camunda:resource at it.');
      return {};
    }
    const headers: Record<string, string> = { scriptFormat: format, ...(resource ? { resource } : { script: body }), ...(resultVariable ? { resultVariable } : {}) };
    const cycle = compileRetryCycle(el, values, problems);
    return { job: { type: `script:${format.toLowerCase()}`, retries: cycle?.retries ?? 3, headers, ...(cycle?.intervals.length ? { retryIntervals: cycle.intervals } : {}) } };
  }
  if (!body.trim()) {
    problems.add('MISSING_EXPRESSION', el, 'The script task has no script.', 'add a FEEL expression (zeebe:script, or scriptFormat="feel" with a body).');
    return {};
  }
  const expression = feel(body, el, 'script', problems, true);
  if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set camunda:resultVariable so the result is stored.');
  return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
}
