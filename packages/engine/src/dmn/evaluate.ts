/**
 * Evaluating a decision with its requirement graph: every required decision first
 * (dependencies first, each once), its value then visible to the decisions that require it
 * under its variable name (`<variable name>`, else its name) and its id — and, for a
 * single-hit table, under its output names too (Camunda 7 reads a required decision's
 * result by output name). Pure: the same decision and variables give the same evaluation.
 *
 * @module
 */
import { DecisionError } from '../errors';
import { evaluateTable } from './evaluateTable';
import type { DecisionEvaluation, DecisionModel, DecisionOutcome } from './types';

/**
 * Evaluate decision `d` over `variables`.
 * @throws DecisionError when an input, an output or the hit policy fails (its code says which).
 * @example
 * ```ts
 * const ev = evaluateDecision(decision, { season: 'Fall', guestCount: 4 });
 * ev.value;         // 'Spareribs'
 * ev.matchedRules;  // [{ id: 'r1', index: 0 }]
 * ```
 */
export function evaluateDecision(d: DecisionModel, variables: Readonly<Record<string, unknown>>): DecisionEvaluation {
  if (d.order.length === 1) {
    const o = evaluateOne(d, variables as Record<string, unknown>);
    return { decisionId: o.decisionId, version: o.version, matchedRules: o.matchedRules, inputs: o.inputs, resultList: o.resultList, value: o.value, key: d.key, required: [] };
  }
  const vars: Record<string, unknown> = { ...variables };
  const required: DecisionOutcome[] = [];
  let last: DecisionOutcome | undefined;
  for (const x of d.order) {
    last = evaluateOne(x, vars);
    if (x === d) break;
    required.push(last);
    vars[x.variable] = last.value;
    vars[x.id] = last.value;
    if (x.logic.kind === 'table' && last.resultList.length === 1 && !isMulti(x)) Object.assign(vars, last.resultList[0]);
  }
  return { ...last!, key: d.key, required };
}

function isMulti(d: DecisionModel): boolean {
  return d.logic.kind === 'table' && (d.logic.hitPolicy === 'COLLECT' || d.logic.hitPolicy === 'RULE ORDER' || d.logic.hitPolicy === 'OUTPUT ORDER') && !d.logic.aggregation;
}

function evaluateOne(d: DecisionModel, variables: Record<string, unknown>): DecisionOutcome {
  if (d.logic.kind === 'table') return evaluateTable(d, d.logic, variables);
  const r = d.logic.expression.evaluate(variables);
  if (!r.ok) throw new DecisionError('DECISION_EXPRESSION_FAILED', d.id, `Decision '${d.id}': its literal expression '${d.logic.expression.source}' failed: ${r.error}.`, 'pass the variables it reads, or fix the expression.', d.logic.id);
  return { decisionId: d.id, version: d.version, matchedRules: [], inputs: {}, resultList: [{ [d.variable]: r.value }], value: r.value };
}
