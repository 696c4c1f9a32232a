/**
 * Feature: decision tables with every DMN 1.3 hit policy, through engine.decisions.evaluate.
 * One table per policy, asked with inputs that match no rule, one rule, several rules.
 */
import { describe, expect, it } from 'vitest';
import { DecisionError, createEngine } from '../../src/index';
import { table } from './support';

/** Rules over one numeric input `x`: overlapping ranges so several rules can match. */
const RULES = [
  ['[0..10)', '"low"', '1'],
  ['[5..20]', '"mid"', '2'],
  ['>= 15', '"high"', '3'],
  ['[5..20]', '"mid"', '4'],
];

function dmnFor(hitPolicy: string, aggregation?: string) {
  const onlyScore = aggregation !== undefined;
  return table('t', {
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs: [{ expr: 'x', label: 'X' }],
    outputs: onlyScore ? [{ name: 'score' }] : [{ name: 'level', values: '"high","mid","low"' }, { name: 'score' }],
    rules: RULES.map((r) => (onlyScore ? [r[0]!, r[2]!] : r)),
  });
}

async function evaluate(dmn: string, x: unknown) {
  const engine = createEngine();
  await engine.deploy({ dmn });
  return engine.decisions.evaluate('t', { x });
}

// x = -5: no rule; 2: rule 1; 7: rules 1, 2, 4; 17: rules 2, 3, 4.
const rows: { policy: string; aggregation?: string; x: number; value: unknown; rules: string[] }[] = [
  { policy: 'UNIQUE', x: -5, value: null, rules: [] },
  { policy: 'UNIQUE', x: 2, value: { level: 'low', score: 1 }, rules: ['t_r0'] },
  { policy: 'FIRST', x: -5, value: null, rules: [] },
  { policy: 'FIRST', x: 7, value: { level: 'low', score: 1 }, rules: ['t_r0'] },
  { policy: 'FIRST', x: 17, value: { level: 'mid', score: 2 }, rules: ['t_r1'] },
  { policy: 'PRIORITY', x: -5, value: null, rules: [] },
  // "high" comes first in the output values: rule 3 wins over rules 2 and 4.
  { policy: 'PRIORITY', x: 17, value: { level: 'high', score: 3 }, rules: ['t_r2'] },
  // "mid" outranks "low"; between rules 2 and 4 (same priority) rule order decides.
  { policy: 'PRIORITY', x: 7, value: { level: 'mid', score: 2 }, rules: ['t_r1'] },
  { policy: 'RULE ORDER', x: -5, value: [], rules: [] },
  { policy: 'RULE ORDER', x: 7, value: [{ level: 'low', score: 1 }, { level: 'mid', score: 2 }, { level: 'mid', score: 4 }], rules: ['t_r0', 't_r1', 't_r3'] },
  { policy: 'OUTPUT ORDER', x: -5, value: [], rules: [] },
  { policy: 'OUTPUT ORDER', x: 7, value: [{ level: 'mid', score: 2 }, { level: 'mid', score: 4 }, { level: 'low', score: 1 }], rules: ['t_r1', 't_r3', 't_r0'] },
  { policy: 'OUTPUT ORDER', x: 17, value: [{ level: 'high', score: 3 }, { level: 'mid', score: 2 }, { level: 'mid', score: 4 }], rules: ['t_r2', 't_r1', 't_r3'] },
  { policy: 'COLLECT', x: -5, value: [], rules: [] },
  { policy: 'COLLECT', x: 17, value: [{ level: 'mid', score: 2 }, { level: 'high', score: 3 }, { level: 'mid', score: 4 }], rules: ['t_r1', 't_r2', 't_r3'] },
  { policy: 'COLLECT', aggregation: 'SUM', x: 17, value: 9, rules: ['t_r1', 't_r2', 't_r3'] },
  { policy: 'COLLECT', aggregation: 'SUM', x: -5, value: null, rules: [] },
  { policy: 'COLLECT', aggregation: 'MIN', x: 7, value: 1, rules: ['t_r0', 't_r1', 't_r3'] },
  { policy: 'COLLECT', aggregation: 'MAX', x: 7, value: 4, rules: ['t_r0', 't_r1', 't_r3'] },
  { policy: 'COLLECT', aggregation: 'MAX', x: -5, value: null, rules: [] },
  { policy: 'COLLECT', aggregation: 'COUNT', x: 17, value: 3, rules: ['t_r1', 't_r2', 't_r3'] },
  { policy: 'COLLECT', aggregation: 'COUNT', x: -5, value: 0, rules: [] },
];

describe('Feature: hit policies', () => {
  for (const r of rows) {
    it(`Scenario: ${r.policy}${r.aggregation ? ` ${r.aggregation}` : ''} with x = ${r.x} gives ${JSON.stringify(r.value)}`, async () => {
      // given a table with that hit policy, when it is evaluated
      const ev = await evaluate(dmnFor(r.policy, r.aggregation), r.x);
      // then the value and the matched rules are the policy's
      expect(ev.value).toEqual(r.value);
      expect(ev.matchedRules.map((m) => m.id)).toEqual(r.rules);
      expect(ev.matchedRules.map((m) => m.index)).toEqual(r.rules.map((id) => Number(id.slice(3))));
    });
  }

  it('Scenario: UNIQUE with several matches is an error naming the rules and the inputs', async () => {
    const err = await evaluate(dmnFor('UNIQUE'), 7).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecisionError);
    expect((err as DecisionError).code).toBe('DECISION_UNIQUE_VIOLATION');
    expect((err as DecisionError).message).toContain('t_r0 (rule 1), t_r1 (rule 2), t_r3 (rule 4)');
    expect((err as DecisionError).message).toContain('{"X":7}');
  });

  it('Scenario: ANY with agreeing matches returns the one output; disagreeing ones are an error', async () => {
    const agree = table('t', { hitPolicy: 'ANY', inputs: [{ expr: 'x' }], outputs: [{ name: 'ok' }], rules: [['> 0', 'true'], ['> 5', 'true'], ['< 0', 'false']] });
    const ev = await evaluate(agree, 7);
    expect(ev.value).toBe(true);
    expect(ev.matchedRules).toEqual([{ id: 't_r0', index: 0 }]);
    const err = await evaluate(dmnFor('ANY'), 7).catch((e: unknown) => e);
    expect((err as DecisionError).code).toBe('DECISION_ANY_CONFLICT');
  });

  it('Scenario: a single output without a name is the value itself, keyed by the decision id in the result list', async () => {
    const dmn = table('t', { inputs: [{ expr: 'x' }], outputs: [{}], rules: [['> 0', '"positive"'], ['<= 0', '"not positive"']] });
    const ev = await evaluate(dmn, 3);
    expect(ev.value).toBe('positive');
    expect(ev.resultList).toEqual([{ t: 'positive' }]);
  });

  it('Scenario: entries are FEEL unary tests (lists, negation, ranges, dashes, expressions over ?) and the input may be anything FEEL computes', async () => {
    const dmn = table('t', {
      hitPolicy: 'RULE ORDER',
      inputs: [{ expr: 'customer.type' }, { expr: 'count(items)' }],
      outputs: [{ name: 'r' }],
      rules: [
        ['"gold","silver"', '-', '"a"'],
        ['not("gold")', '[1..2]', '"b"'],
        ['', '? > 2', '"c"'],
        ['-', 'odd(?)', '"d"'],
      ],
    });
    const engine = createEngine();
    await engine.deploy({ dmn });
    expect((await engine.decisions.evaluate('t', { customer: { type: 'gold' }, items: [1, 2, 3] })).value).toEqual(['a', 'c', 'd']);
    expect((await engine.decisions.evaluate('t', { customer: { type: 'bronze' }, items: [1] })).value).toEqual(['b', 'd']);
  });

  it('Scenario: an empty output entry is null, or the output\'s default entry', async () => {
    const dmn = table('t', { inputs: [{ expr: 'x' }], outputs: [{ name: 'a' }, { name: 'b' }], rules: [['> 0', '', '1']] }).replace('<output id="t_out0" name="a">', '<output id="t_out0" name="a"><defaultOutputEntry id="d0"><text>"fallback"</text></defaultOutputEntry>');
    expect((await evaluate(dmn, 1)).value).toEqual({ a: 'fallback', b: 1 });
    expect((await evaluate(table('t', { inputs: [{ expr: 'x' }], outputs: [{ name: 'a' }, { name: 'b' }], rules: [['> 0', '', '1']] }), 1)).value).toEqual({ a: null, b: 1 });
  });

  it('Scenario: a missing input variable is null: only rules that accept null (or anything) match', async () => {
    const dmn = table('t', { hitPolicy: 'RULE ORDER', inputs: [{ expr: 'x' }], outputs: [{ name: 'r' }], rules: [['> 1', '"big"'], ['null', '"none"'], ['-', '"any"']] });
    const engine = createEngine();
    await engine.deploy({ dmn });
    expect((await engine.decisions.evaluate('t', {})).value).toEqual(['none', 'any']);
  });

  it('Scenario: SUM over a non-number is an error', async () => {
    const dmn = table('t', { hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: [{ expr: 'x' }], outputs: [{ name: 's' }], rules: [['-', '"a"']] });
    const err = await evaluate(dmn, 1).catch((e: unknown) => e);
    expect((err as DecisionError).code).toBe('DECISION_EXPRESSION_FAILED');
    expect((err as DecisionError).message).toMatch(/SUM aggregates numbers|not a number/);
  });

  it('Scenario: dates compare as dates', async () => {
    const dmn = table('t', { inputs: [{ expr: 'date(day)' }], outputs: [{ name: 'r' }], rules: [['< date("2026-01-01")', '"before"'], ['>= date("2026-01-01")', '"after"']] });
    expect((await evaluate(dmn.replace('date(day)', 'date(x)'), '2025-12-31')).value).toBe('before');
    expect((await evaluate(dmn.replace('date(day)', 'date(x)'), '2026-01-01')).value).toBe('after');
  });
});
