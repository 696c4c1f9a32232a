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
import type { JobDef } from './types';
import { compileBusinessRule, type DecisionRef } from './compileBusinessRuleTask';
import { compileScript } from './compileScriptTask';
import { compileJob, engineExpressionOf } from './compileJob';

/**
 * A business rule task implemented by the host: a Java class, a delegate, a JUEL
 * expression, an external topic or a zeebe job (Camunda 7 and 8 both allow these on business
 * rule tasks). It runs as a job, like a service task (decision 0022).
 */
function isJobRule(el: ModdleElement, values: readonly ModdleElement[]): boolean {
  if (el.decisionRef) return false;
  if (el.class || el.delegateExpression || el.topic || values.some((v) => v.$type === 'zeebe:TaskDefinition' || v.$type === 'camunda:Connector')) return true;
  return typeof el.expression === 'string' && /^\s*[$#]\{/.test(el.expression);
}

/** Script / business-rule task: FEEL from `zeebe:script` or `camunda:expression` / a FEEL `<script>`; a script in another language is a job (model/compileScriptTask.ts). */
export function compileExpressionTask(el: ModdleElement, values: ModdleElement[], problems: ProblemList): { expression?: Expression; resultVariable?: string; decision?: DecisionRef; job?: JobDef } {
  const z = ext(values, 'zeebe:Script');
  const isScript = el.$type === 'bpmn:ScriptTask';
  if (z?.expression) {
    const expression = feel(String(z.expression), el, 'script', problems);
    const resultVariable = z.resultVariable ? String(z.resultVariable) : undefined;
    if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set resultVariable so the result is stored.');
    return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
  }
  if (!isScript && isJobRule(el, values)) {
    // `camunda:expression` that JUEL → FEEL reads is evaluated here, as on a service task (decision 0032).
    const engine = engineExpressionOf(el, values);
    return engine ?? { job: compileJob(el, values, problems) };
  }
  if (!isScript) return compileBusinessRule(el, values, problems);
  return compileScript(el, values, problems);
}
