/**
 * Business-rule tasks without a zeebe:script: a DMN decision (`zeebe:calledDecision`,
 * `camunda:decisionRef`), or a `camunda:expression` rule (FEEL).
 *
 * - Camunda 8: `<zeebe:calledDecision decisionId="…" | "=…" resultVariable="…"
 *   bindingType="latest|deployment|versionTag" versionTag="…"/>`; the result variable gets
 *   the decision's value (a single-hit table's output, a multiple-hit table's list, …).
 * - Camunda 7: `camunda:decisionRef` with `camunda:decisionRefBinding` (`latest`,
 *   `deployment`, `version` + `camunda:decisionRefVersion`, `versionTag` +
 *   `camunda:decisionRefVersionTag`), `camunda:mapDecisionResult` (`singleEntry`,
 *   `singleResult`, `collectEntries`, `resultList` — the default) and `camunda:resultVariable`.
 *
 * @module
 */
import type { CallBinding } from './callActivity';
import type { Expression } from './expressions';
import { ext } from './extensions';
import { feel } from './feelAttribute';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';

/** Camunda 7's ways of turning a decision's rule results into the result variable. */
export type DecisionResultMapping = 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList';

/** The decision a business rule task evaluates, and where its result goes. */
export interface DecisionRef {
  /** `zeebe`: the decision's value. `camunda`: the rule results mapped by {@link DecisionRef.mapResult}. */
  readonly dialect: 'zeebe' | 'camunda';
  readonly decisionId?: string;
  /** A FEEL expression giving the decision id, evaluated when the task is reached. */
  readonly decisionIdExpr?: Expression;
  readonly binding: CallBinding;
  /** Where the result goes; absent (Camunda 7 only): the result is recorded in the history only. */
  readonly resultVariable?: string;
  readonly mapResult: DecisionResultMapping;
}

const MAPPINGS: readonly DecisionResultMapping[] = ['singleEntry', 'singleResult', 'collectEntries', 'resultList'];

/** A business rule task's rule: a decision, or `camunda:expression` + `camunda:resultVariable`. */
export function compileBusinessRule(el: ModdleElement, values: ModdleElement[], problems: ProblemList): { expression?: Expression; resultVariable?: string; decision?: DecisionRef } {
  const z = ext(values, 'zeebe:CalledDecision');
  if (z) {
    const decision = zeebeDecision(el, z, problems);
    return decision ? { decision } : {};
  }
  if (el.decisionRef !== undefined) {
    const decision = camundaDecision(el, problems);
    return decision ? { decision } : {};
  }
  if (el.expression) {
    const expression = feel(String(el.expression), el, 'rule', problems);
    const resultVariable = el.resultVariable ? String(el.resultVariable) : undefined;
    if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The rule has no result variable.', 'set camunda:resultVariable so the result is stored.');
    return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
  }
  problems.add('MISSING_EXPRESSION', el, 'The business rule task has no rule.', 'reference a DMN decision (zeebe:calledDecision or camunda:decisionRef), or add a zeebe:script expression (or camunda:expression="=…") and a result variable.');
  return {};
}

/** A decision id: static, or FEEL when it starts with `=` (JUEL refused by the FEEL compiler). */
function decisionIdOf(text: string, el: ModdleElement, what: string, problems: ProblemList): { decisionId?: string; decisionIdExpr?: Expression } | undefined {
  const t = text.trim();
  if (!t) {
    problems.add('MISSING_DECISION', el, `${what} names no decision.`, 'set it to the id of a DMN decision.');
    return undefined;
  }
  if (t.startsWith('=') || /[$#]\{/.test(t)) {
    const decisionIdExpr = feel(t, el, what, problems);
    return decisionIdExpr ? { decisionIdExpr } : undefined;
  }
  return { decisionId: t };
}

function zeebeDecision(el: ModdleElement, z: ModdleElement, problems: ProblemList): DecisionRef | undefined {
  const attrs = (z.$attrs as Record<string, string> | undefined) ?? {};
  const id = decisionIdOf(typeof z.decisionId === 'string' ? z.decisionId : '', el, 'zeebe:calledDecision decisionId', problems);
  const resultVariable = typeof z.resultVariable === 'string' ? z.resultVariable.trim() : '';
  if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'zeebe:calledDecision has no resultVariable.', 'set resultVariable: the variable the decision\'s result goes into.');
  const bindingType = String(attrs.bindingType ?? z.bindingType ?? 'latest').trim();
  const tag = String(attrs.versionTag ?? z.versionTag ?? '').trim();
  let binding: CallBinding | undefined;
  if (bindingType === 'latest' || bindingType === 'deployment') binding = { kind: bindingType };
  else if (bindingType === 'versionTag' && tag) binding = { kind: 'versionTag', versionTag: tag };
  else problems.add('INVALID_ATTRIBUTE', el, `bindingType="${bindingType}"${bindingType === 'versionTag' ? ' without a versionTag' : ''} is not a binding.`, 'use latest (the default), deployment, or versionTag with a versionTag.');
  if (!id || !resultVariable || !binding) return undefined;
  return { dialect: 'zeebe', ...id, binding, resultVariable, mapResult: 'resultList' };
}

function camundaDecision(el: ModdleElement, problems: ProblemList): DecisionRef | undefined {
  const attrs = (el.$attrs as Record<string, string> | undefined) ?? {};
  const id = decisionIdOf(String(el.decisionRef ?? ''), el, 'camunda:decisionRef', problems);
  const kind = String(el.decisionRefBinding ?? 'latest').trim();
  let binding: CallBinding | undefined;
  if (kind === 'latest' || kind === 'deployment') binding = { kind };
  else if (kind === 'version') {
    const v = Number(el.decisionRefVersion);
    if (Number.isInteger(v) && v >= 1) binding = { kind: 'version', version: v };
    else problems.add('INVALID_ATTRIBUTE', el, `camunda:decisionRefVersion="${String(el.decisionRefVersion ?? '')}" is not a version number.`, 'set the version to evaluate, e.g. 3, or use the latest binding.');
  } else if (kind === 'versionTag') {
    const tag = String(el.decisionRefVersionTag ?? attrs['camunda:decisionRefVersionTag'] ?? '').trim();
    if (tag) binding = { kind: 'versionTag', versionTag: tag };
    else problems.add('INVALID_ATTRIBUTE', el, 'camunda:decisionRefBinding="versionTag" without camunda:decisionRefVersionTag.', 'set the version tag to evaluate.');
  } else problems.add('INVALID_ATTRIBUTE', el, `camunda:decisionRefBinding="${kind}" is not a binding.`, 'use latest, deployment, version or versionTag.');
  const map = String(el.mapDecisionResult ?? 'resultList').trim();
  const mapResult = MAPPINGS.find((m) => m === map);
  if (!mapResult) problems.add('INVALID_ATTRIBUTE', el, `camunda:mapDecisionResult="${map}" is not a result mapping.`, `use one of ${MAPPINGS.join(', ')}.`);
  if (el.decisionRefTenantId) problems.add('UNSUPPORTED_FEATURE', el, `camunda:decisionRefTenantId="${String(el.decisionRefTenantId)}": tenants are not supported.`, 'remove the tenant id; decisions are looked up by id.');
  const resultVariable = typeof el.resultVariable === 'string' && el.resultVariable.trim() ? el.resultVariable.trim() : undefined;
  if (!id || !binding || !mapResult) return undefined;
  return { dialect: 'camunda', ...id, binding, ...(resultVariable ? { resultVariable } : {}), mapResult };
}
