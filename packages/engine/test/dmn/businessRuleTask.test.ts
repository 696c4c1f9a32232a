/**
 * Feature: business rule tasks evaluate DMN decisions, in both dialects
 * (`zeebe:calledDecision`, `camunda:decisionRef` with binding and result mapping); every
 * evaluation is in the history; a missing decision or a failed evaluation is an incident
 * that a retry resolves.
 */
import { describe, expect, it } from 'vitest';
import type { DecisionEvaluatedEvent } from '../../src/index';
import { actor, testEngine } from '../support';
import { dmnFixture, table } from './support';

const EXPENSE = dmnFixture('expense-decisions.dmn');

/** A one-task Camunda 7 process whose business rule task carries `attrs`. */
function camundaTask(attrs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://handoff.dev/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rule" />
    <bpmn:businessRuleTask id="rule" ${attrs} />
    <bpmn:sequenceFlow id="f2" sourceRef="rule" targetRef="wait" />
    <bpmn:userTask id="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

const decisionsOf = (history: readonly { type: string }[]) => history.filter((r): r is DecisionEvaluatedEvent => r.type === 'decision.evaluated');

describe('Feature: Camunda 7 business rule tasks (camunda:decisionRef)', () => {
  it('Scenario: an expense is classified (singleEntry) and its approver groups collected (collectEntries); the history names the rules', async () => {
    // given the expense process and its decisions
    const t = testEngine();
    await t.engine.deploy({ bpmn: dmnFixture('expense-camunda.bpmn'), dmn: EXPENSE });
    // when an office expense of 1,200 is submitted
    const inst = await t.engine.start('expense', { amount: 1200, expenseKind: 'office' });
    // then it is "budgeted", finance approves, and the process waits for the approval
    const vars = (await t.engine.instances.get(inst.id))!.variables;
    expect(vars).toMatchObject({ expenseClass: 'budgeted', approverGroups: ['finance'] });
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['approve']);
    const evaluated = decisionsOf(await t.engine.history(inst.id));
    expect(evaluated.map((e) => [e.elementId, e.decisionKey, e.matchedRules])).toEqual([
      ['classify', 'expenseClass:1', [{ id: 'budgetedOffice', index: 1 }]],
      ['approvers', 'expenseApprovers:1', [{ id: 'budgetFinance', index: 1 }]],
    ]);
    expect(evaluated[1]).toMatchObject({ resultList: [{ group: 'finance' }], result: ['finance'], required: [{ decisionId: 'expenseClass', matchedRules: [{ id: 'budgetedOffice', index: 1 }], result: 'budgeted' }] });
    expect(evaluated[0]!.inputs).toEqual({ Amount: 1200, Kind: 'office' });
    await t.completeTask(inst.id, 'approve', actor('fin', 'approvers'));
    expect((await t.engine.instances.get(inst.id))!.status).toBe('completed');
  });

  const mappings: { map: string; decision: string; vars: Record<string, unknown>; expected: unknown }[] = [
    { map: 'resultList', decision: 'expenseApprovers', vars: { amount: 9000, expenseKind: 'travel' }, expected: [{ group: 'finance' }, { group: 'board' }] },
    { map: 'collectEntries', decision: 'expenseApprovers', vars: { amount: 9000, expenseKind: 'travel' }, expected: ['finance', 'board'] },
    { map: 'singleResult', decision: 'expenseClass', vars: { amount: 10, expenseKind: 'office' }, expected: { expenseClass: 'routine' } },
    { map: 'singleEntry', decision: 'expenseClass', vars: { amount: 10, expenseKind: 'office' }, expected: 'routine' },
  ];
  for (const m of mappings) {
    it(`Scenario: camunda:mapDecisionResult="${m.map}"`, async () => {
      const t = testEngine();
      await t.engine.deploy({ bpmn: camundaTask(`camunda:decisionRef="${m.decision}" camunda:mapDecisionResult="${m.map}" camunda:resultVariable="out"`), dmn: EXPENSE });
      const inst = await t.engine.start('p', m.vars);
      expect((await t.engine.instances.get(inst.id))!.variables.out).toEqual(m.expected);
    });
  }

  it('Scenario: without camunda:mapDecisionResult the result is the result list', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: camundaTask('camunda:decisionRef="expenseClass" camunda:resultVariable="out"'), dmn: EXPENSE });
    const inst = await t.engine.start('p', { amount: 10, expenseKind: 'office' });
    expect((await t.engine.instances.get(inst.id))!.variables.out).toEqual([{ expenseClass: 'routine' }]);
  });

  it('Scenario: singleEntry over several results is an incident naming the rules and the inputs', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: camundaTask('camunda:decisionRef="expenseApprovers" camunda:mapDecisionResult="singleEntry" camunda:resultVariable="out"'), dmn: EXPENSE });
    const inst = await t.engine.start('p', { amount: 9000, expenseKind: 'travel' });
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'DECISION_RESULT', elementId: 'rule' });
    expect(incident!.message).toContain('budgetFinance (rule 2), exceptionalBoard (rule 3)');
    expect(incident!.message).toContain('"Class":"exceptional"');
  });

  it('Scenario: singleResult with no matching rule is an incident; a retry with other variables goes on', async () => {
    const t = testEngine();
    const dmn = table('grade', { inputs: [{ expr: 'score', label: 'Score' }], outputs: [{ name: 'grade' }], rules: [['>= 50', '"pass"']] });
    await t.engine.deploy({ bpmn: camundaTask('camunda:decisionRef="grade" camunda:mapDecisionResult="singleResult" camunda:resultVariable="out"'), dmn });
    const inst = await t.engine.start('p', { score: 10 });
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'DECISION_RESULT' });
    expect(incident!.message).toMatch(/matched no rule.*matched rules: none; inputs \{"Score":10\}/);
    await t.engine.incidents.retry(incident!.id, { variables: { score: 70 } });
    expect((await t.engine.instances.get(inst.id))!.variables.out).toEqual({ grade: 'pass' });
    expect(await t.engine.incidents.list(inst.id)).toEqual([]);
  });

  it('Scenario: a UNIQUE violation is an incident naming the rules and the inputs', async () => {
    const t = testEngine();
    const dmn = table('overlap', { inputs: [{ expr: 'n', label: 'N' }], outputs: [{ name: 'o' }], rules: [['> 1', '"a"'], ['> 2', '"b"']] });
    await t.engine.deploy({ bpmn: camundaTask('camunda:decisionRef="overlap" camunda:resultVariable="out"'), dmn });
    const inst = await t.engine.start('p', { n: 5 });
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'DECISION_UNIQUE_VIOLATION', elementId: 'rule' });
    expect(incident!.message).toContain('overlap_r0 (rule 1), overlap_r1 (rule 2)');
    expect(incident!.message).toContain('{"N":5}');
  });

  it('Scenario: a decision deployed after the process: the task is a DECISION_NOT_FOUND incident until it is deployed and retried', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: camundaTask('camunda:decisionRef="expenseClass" camunda:mapDecisionResult="singleEntry" camunda:resultVariable="out"') });
    const inst = await t.engine.start('p', { amount: 10, expenseKind: 'office' });
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'DECISION_NOT_FOUND', elementId: 'rule' });
    expect(incident!.message).toContain("decision 'expenseClass'");
    await t.engine.deploy({ dmn: EXPENSE });
    await t.engine.incidents.retry(incident!.id);
    expect((await t.engine.instances.get(inst.id))!.variables.out).toBe('routine');
  });

  it('Scenario: bindings: version, versionTag, deployment and latest', async () => {
    const t = testEngine();
    const v = (out: string, tag: string) => table('d', { inputs: [{ expr: 'x' }], outputs: [{ name: 'o' }], rules: [['-', out]] }).replace('<decision id="d" name="d">', `<decision id="d" name="d" xmlns:camunda="http://camunda.org/schema/1.0/dmn" camunda:versionTag="${tag}">`);
    const task = (binding: string) => camundaTask(`camunda:decisionRef="d" ${binding} camunda:mapDecisionResult="singleEntry" camunda:resultVariable="out"`).replace(/id="p"/, `id="p${binding.length}"`);
    // p0 (latest) and the deployment-bound process are deployed together with version 1
    const byDeployment = task('camunda:decisionRefBinding="deployment"');
    await t.engine.deploy({ bpmn: [task(''), byDeployment], dmn: v('"one"', 'first') });
    await t.clock.advance('PT1M');
    await t.engine.deploy({ dmn: v('"two"', 'second') });
    await t.engine.deploy({ bpmn: [task('camunda:decisionRefBinding="version" camunda:decisionRefVersion="1"'), task('camunda:decisionRefBinding="versionTag" camunda:decisionRefVersionTag="second"')] });
    const out = async (pid: string) => (await t.engine.instances.get((await t.engine.start(pid, {})).id))!.variables.out;
    expect(await out('p0')).toBe('two');
    expect(await out(`p${'camunda:decisionRefBinding="deployment"'.length}`)).toBe('one');
    expect(await out(`p${'camunda:decisionRefBinding="version" camunda:decisionRefVersion="1"'.length}`)).toBe('one');
    expect(await out(`p${'camunda:decisionRefBinding="versionTag" camunda:decisionRefVersionTag="second"'.length}`)).toBe('two');
  });
});

describe('Feature: Camunda 8 business rule tasks (zeebe:calledDecision)', () => {
  it('Scenario: the result variable gets the decision\'s value; input mappings feed the decision; the path follows the result', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: dmnFixture('expense-zeebe.bpmn'), dmn: EXPENSE });
    const big = await t.engine.start('expense8', { claim: { amount: 9000, kind: 'travel' } });
    expect((await t.engine.instances.get(big.id))!.variables.approverGroups).toEqual(['finance', 'board']);
    expect((await t.openTasks(big.id)).map((x) => x.elementId)).toEqual(['boardReview']);
    const small = await t.engine.start('expense8', { claim: { amount: 100, kind: 'travel' } });
    expect((await t.engine.instances.get(small.id))).toMatchObject({ status: 'completed', variables: { approverGroups: ['team-lead'] } });
    expect(decisionsOf(await t.engine.history(small.id)).map((e) => e.matchedRules)).toEqual([[{ id: 'routineLead', index: 0 }]]);
  });

  it('Scenario: the decision id may be a FEEL expression; a bad one is an incident', async () => {
    const t = testEngine();
    const bpmn = dmnFixture('dinner-zeebe.bpmn').replace('decisionId="dish"', 'decisionId="=which"');
    await t.engine.deploy({ bpmn, dmn: dmnFixture('dish.dmn') });
    const ok = await t.engine.start('dinner', { which: 'season', month: 7 });
    expect((await t.engine.instances.get(ok.id))!.variables.dish).toBe('Summer');
    const bad = await t.engine.start('dinner', { which: 42 });
    expect(await t.engine.incidents.list(bad.id)).toEqual([expect.objectContaining({ code: 'DECISION_REF' })]);
  });

  it('Scenario: a parallel multi-instance business rule task evaluates once per item', async () => {
    const t = testEngine();
    const bpmn = dmnFixture('dinner-zeebe.bpmn')
      .replace('<bpmn:extensionElements><zeebe:calledDecision decisionId="dish" resultVariable="dish" /></bpmn:extensionElements>', '<bpmn:extensionElements><zeebe:calledDecision decisionId="season" resultVariable="s" /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=months" inputElement="month" outputCollection="seasons" outputElement="=s" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>');
    await t.engine.deploy({ bpmn, dmn: dmnFixture('dish.dmn') });
    const inst = await t.engine.start('dinner', { months: [1, 4, 7, 10] });
    expect((await t.engine.instances.get(inst.id))!.variables.seasons).toEqual(['Winter', 'Spring', 'Summer', 'Fall']);
    expect(decisionsOf(await t.engine.history(inst.id))).toHaveLength(4);
  });
});
