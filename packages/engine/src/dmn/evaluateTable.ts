/**
 * Evaluating a decision table: the inputs once, each rule's entries against them, then the
 * hit policy (UNIQUE, FIRST, PRIORITY, ANY, COLLECT ± SUM / MIN / MAX / COUNT, RULE ORDER,
 * OUTPUT ORDER). Pure: no clock, no I/O; a failure is a {@link DecisionError}.
 *
 * @module
 */
import { DecisionError } from '../errors';
import { coerce, passes, testContext, type TestContexts } from './feel';
import type { DecisionModel, DecisionOutcome, DecisionTable, MatchedRule, TableRule } from './types';

/** A matched rule with its outputs (name → value). */
interface Hit {
  rule: TableRule;
  out: Record<string, unknown>;
}

/** Evaluate `table` (the logic of `d`) over `variables`. */
/** The inputs of one evaluation; the FEEL context of input `i` is built only for a test feelin must run (most tables have none). */
class Inputs implements TestContexts {
  private coerced: Record<string, unknown> | undefined;
  private readonly contexts: (Record<string, unknown> | undefined)[] = [];
  readonly values: unknown[] = [];
  constructor(
    private readonly table: DecisionTable,
    private readonly variables: Record<string, unknown>,
  ) {}
  context(i: number): Record<string, unknown> {
    return (this.contexts[i] ??= testContext((this.coerced ??= coerce(this.variables)), this.values[i], this.table.inputs[i]!.inputVariable));
  }
}

/** Evaluate `table` (the logic of `d`) over `variables`. */
export function evaluateTable(d: DecisionModel, table: DecisionTable, variables: Record<string, unknown>): DecisionOutcome {
  const inputs = new Inputs(table, variables);
  const values = inputs.values;
  const shown: Record<string, unknown> = {};
  for (let i = 0; i < table.inputs.length; i++) {
    const input = table.inputs[i]!;
    const r = input.expression.evaluate(variables);
    const label = input.label ?? input.expression.source;
    if (!r.ok) throw new DecisionError('DECISION_EXPRESSION_FAILED', d.id, `Decision '${d.id}': input '${label}' (${input.expression.source}) failed: ${r.error}.`, 'pass the variables the input reads, or fix its expression.', input.id);
    values.push(r.value);
    shown[label] = plain(r.value);
    if (input.allowed && r.value !== null && !passes(input.allowed, r.value, inputs, i)) {
      throw new DecisionError('DECISION_INPUT_NOT_ALLOWED', d.id, `Decision '${d.id}': input '${label}' is ${JSON.stringify(plain(r.value))}, which its input values (${input.allowed.source}) do not allow.`, `pass one of ${input.allowed.source}, or add the value to the input values.`, input.id);
    }
  }
  const matched: TableRule[] = [];
  for (const rule of table.rules) {
    let ok = true;
    for (let i = 0; i < rule.entries.length; i++) {
      if (!passes(rule.entries[i]!, values[i], inputs, i)) {
        ok = false;
        break;
      }
    }
    if (ok) matched.push(rule);
  }
  let returned: Hit[];
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) {
        throw new DecisionError('DECISION_UNIQUE_VIOLATION', d.id, `Decision '${d.id}' (hit policy UNIQUE): ${matched.length} rules matched — ${ruleList(matched)} — for inputs ${JSON.stringify(shown)}.`, 'make the rules exclusive, or choose a hit policy that allows several matches (FIRST, PRIORITY, COLLECT, …).', matched[0]!.id);
      }
      returned = hits(d, table, matched, variables);
      break;
    case 'FIRST':
      returned = hits(d, table, matched.slice(0, 1), variables);
      break;
    case 'ANY': {
      returned = hits(d, table, matched, variables);
      const first = returned[0];
      const other = returned.find((h) => JSON.stringify(h.out) !== JSON.stringify(first!.out));
      if (first && other) {
        throw new DecisionError('DECISION_ANY_CONFLICT', d.id, `Decision '${d.id}' (hit policy ANY): the matched rules ${ruleList(matched)} give different outputs (${JSON.stringify(first.out)} from ${first.rule.id}, ${JSON.stringify(other.out)} from ${other.rule.id}) for inputs ${JSON.stringify(shown)}.`, 'rules that overlap under ANY must give the same output; fix the rules or use PRIORITY / FIRST.', other.rule.id);
      }
      returned = returned.slice(0, 1);
      break;
    }
    case 'PRIORITY':
      returned = byPriority(table, hits(d, table, matched, variables)).slice(0, 1);
      break;
    case 'OUTPUT ORDER':
      returned = byPriority(table, hits(d, table, matched, variables));
      break;
    case 'RULE ORDER':
    case 'COLLECT':
      returned = hits(d, table, matched, variables);
      break;
  }
  const matchedRules: MatchedRule[] = [];
  const resultList: Record<string, unknown>[] = [];
  for (const h of returned) {
    matchedRules.push({ id: h.rule.id, index: h.rule.index });
    resultList.push(h.out);
  }
  if (table.aggregation) return aggregate(d, table, returned, matchedRules, shown);
  const single = table.outputs.length === 1 ? table.outputs[0]!.name : undefined;
  const multi = table.hitPolicy === 'COLLECT' || table.hitPolicy === 'RULE ORDER' || table.hitPolicy === 'OUTPUT ORDER';
  let value: unknown;
  if (multi) value = single === undefined ? resultList : resultList.map((o) => o[single]);
  else value = resultList.length ? (single === undefined ? resultList[0] : resultList[0]![single]) : null;
  return { decisionId: d.id, version: d.version, matchedRules, inputs: shown, resultList, value };
}

function hits(d: DecisionModel, table: DecisionTable, rules: readonly TableRule[], variables: Record<string, unknown>): Hit[] {
  const out: Hit[] = [];
  for (const rule of rules) out.push({ rule, out: outputsOf(d, table, rule, variables) });
  return out;
}

/** A rule's outputs, each checked against its output values. */
function outputsOf(d: DecisionModel, table: DecisionTable, rule: TableRule, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < table.outputs.length; i++) {
    const o = table.outputs[i]!;
    const x = rule.outputs[i] ?? o.defaultEntry;
    let value: unknown = null;
    if (x) {
      const r = x.evaluate(variables);
      if (!r.ok) throw new DecisionError('DECISION_EXPRESSION_FAILED', d.id, `Decision '${d.id}': output '${o.name}' of rule ${rule.index + 1} (${rule.id}) '${x.source}' failed: ${r.error}.`, 'fix the output entry, or pass the variables it reads.', rule.id);
      value = r.value;
    }
    if (o.values && value !== null && priorityOf(o.values, value) < 0) {
      throw new DecisionError('DECISION_OUTPUT_NOT_ALLOWED', d.id, `Decision '${d.id}': rule ${rule.index + 1} (${rule.id}) gives output '${o.name}' = ${JSON.stringify(value)}, which its output values (${o.values.map((v) => v.source).join(', ')}) do not allow.`, 'fix the rule\'s output entry, or add the value to the output values.', rule.id);
    }
    out[o.name] = value;
  }
  return out;
}

/** The position of `value` in an output's values (0 = highest priority), -1 when not listed. */
function priorityOf(values: DecisionTable['outputs'][number]['values'] & object, value: unknown): number {
  const src = new OutputValue(value);
  for (let i = 0; i < values.length; i++) if (passes(values[i]!, value, src, 0)) return i;
  return -1;
}

/** The FEEL context of an output value, for the tests of its output values. */
class OutputValue implements TestContexts {
  private ctx: Record<string, unknown> | undefined;
  constructor(private readonly value: unknown) {}
  context(): Record<string, unknown> {
    return (this.ctx ??= coerce({ '?': this.value }));
  }
}

/** Sort hits by their outputs' priorities (first output first), rule order breaking ties. */
function byPriority(table: DecisionTable, hits: Hit[]): Hit[] {
  const keys = new Map<Hit, number[]>();
  for (const h of hits) keys.set(h, table.outputs.map((o) => (o.values?.length ? priorityOf(o.values, h.out[o.name]) : 0)).map((p) => (p < 0 ? Number.MAX_SAFE_INTEGER : p)));
  return [...hits].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return a.rule.index - b.rule.index;
  });
}

/** COLLECT with an aggregation: one number over the single output's non-null values. */
function aggregate(d: DecisionModel, table: DecisionTable, hits: Hit[], matchedRules: MatchedRule[], inputs: Record<string, unknown>): DecisionOutcome {
  const name = table.outputs[0]!.name;
  const values = hits.map((h) => h.out[name]).filter((v) => v !== null && v !== undefined);
  let value: unknown;
  if (table.aggregation === 'COUNT') value = values.length;
  else if (!values.length) value = null;
  else {
    const bad = values.find((v) => typeof v !== 'number');
    if (bad !== undefined) {
      throw new DecisionError('DECISION_EXPRESSION_FAILED', d.id, `Decision '${d.id}' (COLLECT ${table.aggregation}): output '${name}' gave ${JSON.stringify(bad)}, not a number.`, `${table.aggregation} aggregates numbers; make every output entry a number, or use COLLECT without an aggregation.`, table.id);
    }
    const nums = values as number[];
    value = table.aggregation === 'SUM' ? nums.reduce((a, b) => a + b, 0) : table.aggregation === 'MIN' ? Math.min(...nums) : Math.max(...nums);
  }
  return { decisionId: d.id, version: d.version, matchedRules, inputs, resultList: value === null ? [] : [{ [name]: value }], value };
}

function ruleList(rules: readonly TableRule[]): string {
  return rules.map((r) => `${r.id} (rule ${r.index + 1})`).join(', ');
}

/** A FEEL value as plain JSON for messages and history (temporals as their ISO text). */
export function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plain);
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return String(v);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}
