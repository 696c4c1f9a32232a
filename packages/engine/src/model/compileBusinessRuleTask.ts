/**
 * Business-rule tasks without a zeebe:script: a `camunda:expression` rule (FEEL), or a DMN decision reference.
 *
 * @module
 */
import type { Expression } from './expressions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** A business rule task's rule: `camunda:expression` + `camunda:resultVariable`; `camunda:decisionRef` refused. */
export function compileBusinessRule(el: ModdleElement, problems: ProblemList): { expression?: Expression; resultVariable?: string } {
  if (el.decisionRef) {
    problems.add('UNSUPPORTED_FEATURE', el, `camunda:decisionRef="${String(el.decisionRef)}" calls a DMN decision; DMN is not supported.`, 'write the rule as FEEL: camunda:expression="=…" with camunda:resultVariable, or a zeebe:script.');
    return {};
  }
  if (el.expression) {
    const expression = feel(String(el.expression), el, 'rule', problems);
    const resultVariable = el.resultVariable ? String(el.resultVariable) : undefined;
    if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The rule has no result variable.', 'set camunda:resultVariable so the result is stored.');
    return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
  }
  problems.add('MISSING_EXPRESSION', el, 'The business rule task has no rule.', 'add a zeebe:script expression (or camunda:expression="=…") and a result variable.');
  return {};
}
