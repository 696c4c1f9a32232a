/**
 * Script and business-rule tasks evaluated by the engine (FEEL only).
 *
 * @module
 */
import type { Expression } from './expressions';
import { ext } from './extensions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import { compileBusinessRule, type DecisionRef } from './compileBusinessRuleTask';
import { compileScript } from './compileScriptTask';

/** Script / business-rule task: FEEL from `zeebe:script` or `camunda:expression` / a FEEL `<script>`, or a DMN decision. */
export function compileExpressionTask(el: ModdleElement, values: ModdleElement[], problems: ProblemList): { expression?: Expression; resultVariable?: string; decision?: DecisionRef } {
  const z = ext(values, 'zeebe:Script');
  const isScript = el.$type === 'bpmn:ScriptTask';
  if (z?.expression) {
    const expression = feel(String(z.expression), el, 'script', problems);
    const resultVariable = z.resultVariable ? String(z.resultVariable) : undefined;
    if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set resultVariable so the result is stored.');
    return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
  }
  if (!isScript) return compileBusinessRule(el, values, problems);
  return compileScript(el, problems);
}
