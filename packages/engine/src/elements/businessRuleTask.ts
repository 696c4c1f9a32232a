/**
 * Business rule task with a DMN decision: asks the pipeline for the decision
 * (`dmn/request.ts`), then, with its outcome, records `decision.evaluated` in the history
 * (decision, version, matched rules, outputs), stores the result and leaves. A missing
 * decision, a failed evaluation or a result that does not fit `camunda:mapDecisionResult`
 * is an incident; retrying it evaluates again (the latest deployment, the fixed variables).
 *
 * @module
 */
import type { DecisionResultMapping } from '../model/compileBusinessRuleTask';
import type { DecisionCallOutcome } from '../dmn/request';
import type { DecisionEvaluation } from '../dmn/types';
import { scopeView } from '../runtime/scope';
import type { Step } from '../runtime/step';
import type { Behaviour } from './behaviour';

export const businessRuleTask: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    const ref = node.decision!;
    let decisionId = ref.decisionId;
    if (ref.decisionIdExpr) {
      const r = step.evaluate(ref.decisionIdExpr, e);
      if (!r.ok || typeof r.value !== 'string' || !r.value) {
        step.incident(e, 'DECISION_REF', `The decision id '=${ref.decisionIdExpr.source}' of ${node.id} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a decision id` : `failed: ${r.error}`}. Set the variables and retry the incident.`);
        return;
      }
      decisionId = r.value;
    }
    e.w = 'decision';
    step.decisions.push({ execution: e.id, elementId: node.id, decisionId: decisionId!, binding: ref.binding, processKey: step.model.key, variables: structuredClone(scopeView(step.state, e)) });
  },
};

/** The pipeline's outcome for the decision execution `execution` asked for. */
export function decisionResult(step: Step, execution: number, outcome: DecisionCallOutcome): boolean {
  const e = step.exec(execution);
  if (!e || e.w !== 'decision') return false;
  delete e.w;
  if (!outcome.ok) {
    step.incident(e, outcome.code, outcome.message);
    return true;
  }
  const node = step.node(e.n);
  const ev = outcome.evaluation;
  step.emit('decision.evaluated', e.n, {
    decisionId: ev.decisionId,
    decisionVersion: ev.version,
    decisionKey: ev.key,
    matchedRules: ev.matchedRules.map((r) => ({ ...r })),
    inputs: ev.inputs,
    resultList: [...ev.resultList],
    result: ev.value,
    ...(ev.required.length ? { required: ev.required.map((r) => ({ decisionId: r.decisionId, decisionVersion: r.version, matchedRules: r.matchedRules.map((m) => ({ ...m })), result: r.value })) } : {}),
  }, e.id);
  const ref = node.decision!;
  if (ref.resultVariable !== undefined) {
    const mapped = ref.dialect === 'zeebe' ? { ok: true as const, value: ev.value } : mapResult(ev, ref.mapResult);
    if (!mapped.ok) {
      step.incident(e, 'DECISION_RESULT', `${node.id}: decision '${ev.decisionId}' (version ${ev.version}) ${mapped.error} (matched rules: ${ev.matchedRules.map((r) => `${r.id} (rule ${r.index + 1})`).join(', ') || 'none'}; inputs ${JSON.stringify(ev.inputs)}). Fix the decision or the mapping and retry the incident.`);
      return true;
    }
    step.writeResult(e, { [ref.resultVariable]: mapped.value });
  }
  step.leave(e);
  return true;
}

/** Camunda 7's `camunda:mapDecisionResult` over the rule results. */
function mapResult(ev: DecisionEvaluation, how: DecisionResultMapping): { ok: true; value: unknown } | { ok: false; error: string } {
  const list = ev.resultList;
  switch (how) {
    case 'resultList':
      return { ok: true, value: list };
    case 'singleResult':
      if (list.length === 1) return { ok: true, value: list[0] };
      return { ok: false, error: list.length ? `returned ${list.length} rule results, and mapDecisionResult="singleResult" takes exactly one` : 'matched no rule, and mapDecisionResult="singleResult" needs one' };
    case 'singleEntry': {
      if (list.length !== 1) return { ok: false, error: list.length ? `returned ${list.length} rule results, and mapDecisionResult="singleEntry" takes exactly one` : 'matched no rule, and mapDecisionResult="singleEntry" needs one' };
      const entries = Object.values(list[0]!);
      if (entries.length !== 1) return { ok: false, error: `returned a result with ${entries.length} entries, and mapDecisionResult="singleEntry" takes one (use singleResult)` };
      return { ok: true, value: entries[0] };
    }
    case 'collectEntries': {
      const out: unknown[] = [];
      for (const r of list) {
        const entries = Object.values(r);
        if (entries.length !== 1) return { ok: false, error: `returned a result with ${entries.length} entries, and mapDecisionResult="collectEntries" takes one per result (use resultList)` };
        out.push(entries[0]);
      }
      return { ok: true, value: out };
    }
  }
}
