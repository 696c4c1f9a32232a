/**
 * Compiling one DMN decision table: hit policy and aggregation, inputs (expression, allowed
 * values), outputs (name, allowed values in priority order, default entry) and rules (one
 * entry per input and per output). Every FEEL text is compiled here, once.
 *
 * @module
 */
import { compileFeel, isProblem, type Expression } from '../model/expressions';
import type { ModdleElement } from '../model/parse';
import type { ProblemList } from '../model/problems';
import { failed, rawExpressionOf, unaryTestOf } from './feel';
import { literal } from './simpleTests';
import { splitTests } from './split';
import type { Aggregation, DecisionTable, HitPolicy, TableInput, TableOutput, TableRule, UnaryTest } from './types';

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];
/** Expression languages the engine evaluates (FEEL only; Camunda 7's JUEL, JavaScript, Groovy are refused). */
const FEEL_LANGUAGES = new Set(['feel', 'https://www.omg.org/spec/DMN/20191111/FEEL/', 'http://www.omg.org/spec/FEEL/20140401', 'https://www.omg.org/spec/FEEL/20140401']);

/** Refuse a non-FEEL `expressionLanguage` on `el` (or on the table / definitions above it). */
export function checkLanguage(el: ModdleElement | undefined, owner: ModdleElement, problems: ProblemList): boolean {
  const lang = typeof el?.expressionLanguage === 'string' ? el.expressionLanguage.trim() : '';
  if (!lang || FEEL_LANGUAGES.has(lang.toLowerCase()) || FEEL_LANGUAGES.has(lang)) return true;
  problems.add('DMN_EXPRESSION_LANGUAGE', el?.id ? el : owner, `expressionLanguage="${lang}" is not FEEL; the engine evaluates FEEL only (no JUEL, JavaScript or Groovy).`, 'remove the expressionLanguage attribute and write the expression in FEEL.');
  return false;
}

/** Compile the decision table `t` of decision `decisionId`. */
export function compileTable(decisionId: string, t: ModdleElement, problems: ProblemList): DecisionTable | undefined {
  const before = problems.items.length;
  const hitText = String(t.hitPolicy ?? 'UNIQUE').trim().toUpperCase().replace(/_/g, ' ');
  const hitPolicy = HIT_POLICIES.find((h) => h === hitText);
  if (!hitPolicy) problems.add('DMN_HIT_POLICY', t, `hitPolicy="${String(t.hitPolicy)}" is not a DMN 1.3 hit policy.`, `use one of ${HIT_POLICIES.join(', ')}.`);
  let aggregation: Aggregation | undefined;
  if (t.aggregation !== undefined && t.aggregation !== null && String(t.aggregation).trim() !== '') {
    const a = String(t.aggregation).trim().toUpperCase();
    aggregation = AGGREGATIONS.find((x) => x === a);
    if (!aggregation) problems.add('DMN_AGGREGATION', t, `aggregation="${String(t.aggregation)}" is not an aggregation.`, `use one of ${AGGREGATIONS.join(', ')}, with hitPolicy="COLLECT".`);
    else if (hitPolicy !== undefined && hitPolicy !== 'COLLECT') problems.add('DMN_AGGREGATION', t, `aggregation="${a}" needs hitPolicy="COLLECT", not ${hitPolicy}.`, 'set hitPolicy="COLLECT", or remove the aggregation.');
  }
  const inputs = ((t.input as ModdleElement[] | undefined) ?? []).map((c, i) => compileInput(c, i, t, problems));
  const outputEls = (t.output as ModdleElement[] | undefined) ?? [];
  if (!outputEls.length) problems.add('DMN_NO_OUTPUT', t, `Decision table of '${decisionId}' has no output.`, 'add an output column.');
  const outputs = outputEls.map((c, i) => compileOutput(c, i, outputEls.length, decisionId, t, problems));
  const names = new Set<string>();
  for (const o of outputs) {
    if (!o) continue;
    if (names.has(o.name)) problems.add('DMN_OUTPUT_NAME', t, `Two outputs of '${decisionId}' are named '${o.name}'.`, 'give each output a unique name.');
    names.add(o.name);
  }
  if (aggregation && outputEls.length > 1) problems.add('DMN_AGGREGATION', t, `aggregation="${aggregation}" needs exactly one output; '${decisionId}' has ${outputEls.length}.`, 'keep one output, or remove the aggregation (COLLECT returns every rule result).');
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o?.values?.length)) {
    problems.add('DMN_OUTPUT_VALUES', t, `hitPolicy="${hitPolicy}" orders results by the outputs' allowed values, and no output of '${decisionId}' lists any.`, 'list the output values in priority order (highest first), e.g. <outputValues><text>"high","medium","low"</text></outputValues>.');
  }
  const rules = ((t.rule as ModdleElement[] | undefined) ?? []).map((r, i) => compileRule(r, i, inputs.length, outputs.length, problems));
  if (problems.items.length > before || !hitPolicy) return undefined;
  return {
    kind: 'table',
    id: t.id ?? decisionId,
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs: inputs as TableInput[],
    outputs: outputs as TableOutput[],
    rules: rules as TableRule[],
  };
}

function compileInput(c: ModdleElement, i: number, t: ModdleElement, problems: ProblemList): TableInput | undefined {
  const ie = c.inputExpression as ModdleElement | undefined;
  const what = `input ${i + 1}${c.label ? ` (${String(c.label)})` : ''}`;
  if (!checkLanguage(ie, c, problems)) return undefined;
  const expression = rawExpressionOf(typeof ie?.text === 'string' ? ie.text : undefined);
  if (failed(expression)) {
    problems.add('FEEL_SYNTAX', ie?.id ? ie : c.id ? c : t, `The expression of ${what}: ${expression.error}.`, 'write the input as a FEEL expression over the variables, e.g. amount or customer.type.');
    return undefined;
  }
  let allowed: UnaryTest | undefined;
  const iv = c.inputValues as ModdleElement | undefined;
  if (typeof iv?.text === 'string' && iv.text.trim()) {
    const u = unaryTestOf(iv.text);
    if (failed(u)) problems.add('FEEL_SYNTAX', iv.id ? iv : c, `The input values of ${what}: ${u.error}.`, 'list the allowed values as unary tests, e.g. "gold","silver" or [0..100].');
    else allowed = u;
  }
  const variable = c.$attrs?.['camunda:inputVariable']?.trim();
  return {
    id: c.id ?? `input${i + 1}`,
    ...(c.label ? { label: String(c.label) } : {}),
    expression,
    inputVariable: variable || 'cellInput',
    ...(allowed ? { allowed } : {}),
  };
}

function compileOutput(c: ModdleElement, i: number, count: number, decisionId: string, t: ModdleElement, problems: ProblemList): TableOutput | undefined {
  const name = typeof c.name === 'string' && c.name.trim() ? c.name.trim() : undefined;
  if (!name && count > 1) {
    problems.add('DMN_OUTPUT_NAME', c.id ? c : t, `Output ${i + 1} of '${decisionId}' has no name; a table with several outputs returns them by name.`, 'set the output\'s name (the key of its value in the result).');
    return undefined;
  }
  let values: UnaryTest[] | undefined;
  const ov = c.outputValues as ModdleElement | undefined;
  if (typeof ov?.text === 'string' && ov.text.trim()) {
    values = [];
    for (const item of splitTests(ov.text)) {
      const u = unaryTestOf(item);
      if (failed(u)) problems.add('FEEL_SYNTAX', ov.id ? ov : c, `The output values of output '${name ?? i + 1}': '${item}': ${u.error}.`, 'list the allowed values as FEEL literals in priority order, e.g. "high","medium","low".');
      else values.push(u);
    }
  }
  let defaultEntry: Expression | undefined;
  const de = c.defaultOutputEntry as ModdleElement | undefined;
  if (typeof de?.text === 'string' && de.text.trim()) defaultEntry = expressionOf(de.text, de.id ? de : c, `The default output entry of '${name ?? i + 1}'`, problems);
  return {
    id: c.id ?? `output${i + 1}`,
    name: name ?? decisionId,
    ...(c.label ? { label: String(c.label) } : {}),
    ...(values ? { values } : {}),
    ...(defaultEntry ? { defaultEntry } : {}),
  };
}

function compileRule(r: ModdleElement, index: number, inputCount: number, outputCount: number, problems: ProblemList): TableRule | undefined {
  const id = r.id ?? `rule${index + 1}`;
  const ins = (r.inputEntry as ModdleElement[] | undefined) ?? [];
  const outs = (r.outputEntry as ModdleElement[] | undefined) ?? [];
  let ok = true;
  if (ins.length !== inputCount) {
    problems.add('DMN_ENTRY_COUNT', r, `Rule ${index + 1} ('${id}') has ${ins.length} input entr${ins.length === 1 ? 'y' : 'ies'}; the table has ${inputCount} input${inputCount === 1 ? '' : 's'}.`, 'give every rule one input entry per input column (write - for "any").');
    ok = false;
  }
  if (outs.length !== outputCount) {
    problems.add('DMN_ENTRY_COUNT', r, `Rule ${index + 1} ('${id}') has ${outs.length} output entr${outs.length === 1 ? 'y' : 'ies'}; the table has ${outputCount} output${outputCount === 1 ? '' : 's'}.`, 'give every rule one output entry per output column.');
    ok = false;
  }
  const entries: UnaryTest[] = [];
  ins.forEach((e, k) => {
    if (!checkLanguage(e, r, problems)) return void (ok = false);
    const u = unaryTestOf(typeof e.text === 'string' ? e.text : undefined);
    if (failed(u)) {
      problems.add('FEEL_SYNTAX', e.id ? e : r, `Rule ${index + 1} ('${id}'), input entry ${k + 1} '${String(e.text).trim()}': ${u.error}.`, 'write a FEEL unary test, e.g. >= 10, "gold","silver", [1..5], not("x"), or - for any value.');
      ok = false;
    } else entries.push(u);
  });
  const outputs: (Expression | undefined)[] = [];
  outs.forEach((e, k) => {
    if (!checkLanguage(e, r, problems)) return void (ok = false);
    const text = typeof e.text === 'string' ? e.text.trim() : '';
    if (!text) return void outputs.push(undefined);
    const x = expressionOf(text, e.id ? e : r, `Rule ${index + 1} ('${id}'), output entry ${k + 1}`, problems);
    if (!x) ok = false;
    outputs.push(x);
  });
  if (!ok) return undefined;
  return { id, index, ...(typeof r.description === 'string' && r.description ? { description: r.description } : {}), entries, outputs };
}

/** A FEEL expression (an output entry, a literal expression), compiled with the engine's FEEL rules. */
export function expressionOf(text: string, el: ModdleElement, what: string, problems: ProblemList): Expression | undefined {
  // Most output entries are literals: their value, without a FEEL evaluation each time.
  const lit = literal(text.trim());
  if (lit) {
    const result = { ok: true as const, value: lit.value };
    return { source: text.trim(), evaluate: () => result };
  }
  const x = compileFeel(text, true);
  if (isProblem(x)) {
    problems.add(x.code === 'NOT_FEEL' ? 'FEEL_SYNTAX' : x.code, el, `${what}: ${x.message}`, x.hint);
    return undefined;
  }
  return x;
}
