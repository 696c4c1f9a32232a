/**
 * Feature: bad DMN is refused at deploy with every problem listed (code, element id, line,
 * hint), and nothing of the deploy is stored.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, createEngine, type DeployProblem } from '../../src/index';
import { dmnFixture, table } from './support';

const base = { inputs: [{ expr: 'x' }], outputs: [{ name: 'o' }], rules: [['> 1', '"a"']] };

async function problemsOf(input: Parameters<ReturnType<typeof createEngine>['deploy']>[0], options?: { strict?: boolean }): Promise<DeployProblem[]> {
  const engine = createEngine();
  const err = await engine.deploy(input, options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DeployError);
  expect(await engine.decisions.list()).toEqual([]);
  expect(await engine.processes.list()).toEqual([]);
  return [...(err as DeployError).problems];
}

const cases: { case: string; dmn: string; code: string; elementId: string; says?: RegExp; line?: boolean }[] = [
  { case: 'an unknown hit policy', dmn: table('t', { ...base, hitPolicy: 'SOMETIMES' }), code: 'DMN_HIT_POLICY', elementId: 't_table', says: /SOMETIMES/, line: true },
  { case: 'bad FEEL in an input entry', dmn: table('t', { ...base, rules: [['> > 1', '"a"']] }), code: 'FEEL_SYNTAX', elementId: 't_r0_0', says: /Rule 1 \('t_r0'\), input entry 1/, line: true },
  { case: 'bad FEEL in an output entry', dmn: table('t', { ...base, rules: [['> 1', '"a" +']] }), code: 'FEEL_SYNTAX', elementId: 't_r0_1', says: /output entry 1/ },
  { case: 'bad FEEL in an input expression', dmn: table('t', { ...base, inputs: [{ expr: 'x +' }] }), code: 'FEEL_SYNTAX', elementId: 't_ie0' },
  { case: 'now() in an entry (the wall clock)', dmn: table('t', { ...base, rules: [['< now()', '"a"']] }), code: 'FEEL_SYNTAX', elementId: 't_r0_0', says: /wall clock/ },
  { case: 'too few input entries', dmn: table('t', { ...base, inputs: [{ expr: 'x' }, { expr: 'y' }] }), code: 'DMN_ENTRY_COUNT', elementId: 't_r0', says: /has 0 output entries; the table has 1 output\./ },
  { case: 'an aggregation without COLLECT', dmn: table('t', { ...base, hitPolicy: 'FIRST', aggregation: 'SUM' }), code: 'DMN_AGGREGATION', elementId: 't_table', says: /COLLECT/ },
  { case: 'an unknown aggregation', dmn: table('t', { ...base, hitPolicy: 'COLLECT', aggregation: 'AVG' }), code: 'DMN_AGGREGATION', elementId: 't_table' },
  { case: 'PRIORITY without output values', dmn: table('t', { ...base, hitPolicy: 'PRIORITY' }), code: 'DMN_OUTPUT_VALUES', elementId: 't_table', says: /no output of 't' lists any/ },
  { case: 'two unnamed outputs', dmn: table('t', { ...base, outputs: [{}, { name: 'b' }], rules: [['-', '1', '2']] }), code: 'DMN_OUTPUT_NAME', elementId: 't_out0' },
  {
    case: 'a required decision that is not in the file',
    dmn: table('t', base).replace('<decisionTable', '<informationRequirement id="ir"><requiredDecision href="#ghost" /></informationRequirement><decisionTable'),
    code: 'DMN_REQUIRED_DECISION',
    elementId: 't',
    says: /'#ghost'/,
  },
  {
    case: 'a boxed context',
    dmn: table('t', base).replace(/<decisionTable[\s\S]*<\/decisionTable>/, '<context id="ctx"><contextEntry><variable name="a" /><literalExpression><text>1</text></literalExpression></contextEntry></context>'),
    code: 'DMN_UNSUPPORTED',
    elementId: 't',
    says: /boxed context/,
  },
  { case: 'a JUEL input expression', dmn: table('t', base).replace('<inputExpression id="t_ie0">', '<inputExpression id="t_ie0" expressionLanguage="juel">'), code: 'DMN_EXPRESSION_LANGUAGE', elementId: 't_ie0', says: /juel/ },
  { case: 'a BPMN file given as DMN', dmn: dmnFixture('dinner-zeebe.bpmn'), code: 'NOT_DMN', elementId: '' },
];

describe('Feature: bad DMN is a deploy problem', () => {
  for (const c of cases) {
    it(`Scenario: ${c.case}`, async () => {
      const problems = await problemsOf({ dmn: c.dmn, bpmn: dmnFixture('dinner-zeebe.bpmn') });
      expect(problems).toHaveLength(1);
      const p = problems[0]!;
      expect(p.code).toBe(c.code);
      if (c.elementId) expect(p.elementId).toBe(c.elementId);
      if (c.says) expect(p.message).toMatch(c.says);
      if (c.line) expect(p.line).toBeGreaterThan(1);
      expect(p.hint.length).toBeGreaterThan(10);
    });
  }

  it('Scenario: every problem of every file is listed at once', async () => {
    const problems = await problemsOf({ dmn: [table('a', { ...base, hitPolicy: 'X' }), table('b', { ...base, rules: [['> > 1', '"a"']] })] });
    expect(problems.map((p) => p.code)).toEqual(['DMN_HIT_POLICY', 'FEEL_SYNTAX']);
  });

  it('Scenario: the same decision id in two files of one deploy', async () => {
    const problems = await problemsOf({ dmn: [table('t', base), table('t', base).replace('defs_t', 'other_defs')] });
    expect(problems).toEqual([expect.objectContaining({ code: 'DUPLICATE_DECISION', elementId: 't', message: expect.stringContaining("'defs_t' and 'other_defs'") })]);
  });

  it('Scenario: a decision that is not deployed is accepted (it may come later) but refused by a strict deploy', async () => {
    const engine = createEngine();
    expect(await engine.deploy({ bpmn: dmnFixture('dinner-zeebe.bpmn') })).toEqual(['dinner']);
    const problems = await problemsOf({ bpmn: dmnFixture('dinner-camunda.bpmn') }, { strict: true });
    expect(problems).toEqual([expect.objectContaining({ code: 'DECISION_NOT_DEPLOYED', elementId: 'decide' })]);
    const ok = createEngine();
    expect(await ok.deploy({ bpmn: dmnFixture('dinner-camunda.bpmn'), dmn: dmnFixture('dish.dmn') }, { strict: true })).toEqual(['dinner7', 'dish', 'season']);
  });

  it('Scenario: bad business rule task attributes are deploy problems', async () => {
    const bpmn = dmnFixture('dinner-camunda.bpmn');
    expect(await problemsOf({ bpmn: bpmn.replace('camunda:decisionRef="dish"', 'camunda:decisionRef="dish" camunda:decisionRefBinding="version"') })).toEqual([
      expect.objectContaining({ code: 'INVALID_ATTRIBUTE', elementId: 'decide', message: expect.stringContaining('decisionRefVersion') }),
    ]);
    expect(await problemsOf({ bpmn: dmnFixture('dinner-zeebe.bpmn').replace(' resultVariable="dish"', '') })).toEqual([expect.objectContaining({ code: 'MISSING_RESULT_VARIABLE', elementId: 'decide' })]);
    // JUEL names the decision at run time (translated to FEEL); a bean call cannot be translated.
    expect(await createEngine().deploy({ bpmn: bpmn.replace('camunda:decisionRef="dish"', 'camunda:decisionRef="${dishName}"') })).toEqual(['dinner7']);
    expect(await problemsOf({ bpmn: bpmn.replace('camunda:decisionRef="dish"', 'camunda:decisionRef="${rules.pick(dishName)}"') })).toEqual([expect.objectContaining({ code: 'JUEL_UNSUPPORTED', elementId: 'decide' })]);
  });
});
