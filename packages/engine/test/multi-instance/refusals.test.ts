/**
 * Feature: multi-instance markers that cannot run are refused at deploy, naming the
 * activity, its line and how to fix it (never ignored, never guessed at run time).
 */
import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index';
import { testEngine } from '../support';

const Z = (attrs: string) => `<bpmn:extensionElements><zeebe:loopCharacteristics ${attrs} /></bpmn:extensionElements>`;
const MI = (inner: string, attrs = '') => `<bpmn:multiInstanceLoopCharacteristics${attrs ? ` ${attrs}` : ''}>${inner}</bpmn:multiInstanceLoopCharacteristics>`;
const COND = (body: string, lang = '') => `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression"${lang ? ` language="${lang}"` : ''}>${body}</bpmn:completionCondition>`;

function process(loop: string, element = 'userTask'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
    <bpmn:${element} id="a">
      ${loop}
    </bpmn:${element}>
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('Feature: bad multi-instance markers are refused with the activity and a hint', () => {
  it.each([
    ['neither a collection nor a cardinality', MI(''), 'INVALID_MULTI_INSTANCE', /neither an input collection nor a loop cardinality/],
    ['an output collection without an output element', MI(Z('inputCollection="=items" outputCollection="out"')), 'INVALID_MULTI_INSTANCE', /output collection 'out' has no output element/],
    ['an output element without an output collection', MI(Z('inputCollection="=items" outputElement="=x"')), 'INVALID_MULTI_INSTANCE', /no output collection/],
    ['both a collection and a cardinality', MI(`${Z('inputCollection="=items"')}<bpmn:loopCardinality>3</bpmn:loopCardinality>`), 'INVALID_MULTI_INSTANCE', /both an input collection and a loop cardinality/],
    ['an input element that is an expression', MI(Z('inputCollection="=items" inputElement="=item"')), 'INVALID_MULTI_INSTANCE', /inputElement="=item" is not a variable name/],
    ['an output collection that is a path', MI(Z('inputCollection="=items" outputCollection="a.b" outputElement="=x"')), 'INVALID_MULTI_INSTANCE', /outputCollection="a\.b" is not a variable name/],
    ['an element variable without a collection', MI('<bpmn:loopCardinality>3</bpmn:loopCardinality>', 'camunda:elementVariable="item"'), 'INVALID_MULTI_INSTANCE', /input element 'item' has no collection/],
    ['both dialects at once', MI(Z('inputCollection="=items"'), 'camunda:collection="items"'), 'INVALID_MULTI_INSTANCE', /both zeebe:loopCharacteristics and camunda:collection/],
    ['a Camunda 7 JUEL collection from a bean', MI('', 'camunda:collection="${orderService.items(order)}"'), 'JUEL_UNSUPPORTED', /camunda:collection.*JUEL.*method call/],
    ['a Camunda 7 JUEL completion condition with a syntax error', MI(COND('${nrOfCompletedInstances == }'), 'camunda:collection="items"'), 'JUEL_SYNTAX', /completionCondition.*JUEL.*column/],
    ['a JUEL loop cardinality reading the execution', MI('<bpmn:loopCardinality>${execution.getVariables().size()}</bpmn:loopCardinality>'), 'JUEL_UNSUPPORTED', /loopCardinality.*JUEL/],
    ['a Camunda 8 collection without "="', MI(Z('inputCollection="items"')), 'NOT_FEEL', /inputCollection/],
    ['a completion condition with a FEEL syntax error', MI(COND('=numberOfCompletedInstances &gt; &gt; 2'), 'camunda:collection="items"'), 'FEEL_SYNTAX', /completionCondition/],
    ['a JavaScript completion condition', MI(COND('nrOfCompletedInstances > 1', 'javascript'), 'camunda:collection="items"'), 'SCRIPT_LANGUAGE', /FEEL only/],
    ['an empty completion condition', MI(COND(''), 'camunda:collection="items"'), 'INVALID_MULTI_INSTANCE', /completionCondition is empty/],
    ['a camunda:collection that is neither a name nor FEEL', MI('', 'camunda:collection="order items"'), 'NOT_FEEL', /camunda:collection/],
    [
      'job retry settings inside the marker',
      MI('<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>', 'camunda:collection="items"'),
      'UNSUPPORTED_FEATURE',
      /failedJobRetryTimeCycle/,
    ],
    ['a standard loop (while)', '<bpmn:standardLoopCharacteristics />', 'UNSUPPORTED_FEATURE', /Standard loops/],
  ])('Scenario: %s', async (_case, loop, code, says) => {
    // given
    const t = testEngine();
    // when
    const err = await t.engine.deploy({ bpmn: process(loop) }).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(DeployError);
    const p = (err as DeployError).problems.find((x) => x.code === code);
    expect(p, JSON.stringify((err as DeployError).problems)).toBeDefined();
    expect(p).toMatchObject({ elementId: 'a', elementType: 'bpmn:UserTask', line: 5 });
    expect(p!.message).toMatch(says);
    expect(p!.hint).toBeTruthy();
  });

  it.each([
    ['a user task, Camunda 8', MI(Z('inputCollection="=items" inputElement="item" outputCollection="out" outputElement="=item"')), 'userTask'],
    ['a plain task, Camunda 7 collection by name', MI(COND('nrOfCompletedInstances = 1'), 'camunda:collection="items" camunda:elementVariable="item"'), 'task'],
    ['a manual task with a FEEL cardinality', MI('<bpmn:loopCardinality>=2 + 1</bpmn:loopCardinality>'), 'manualTask'],
  ])('Scenario: %s deploys', async (_case, loop, element) => {
    const t = testEngine();
    await expect(t.engine.deploy({ bpmn: process(loop, element) })).resolves.toEqual(['p']);
  });
});

describe('Feature: a multi-instance receive task cannot be an event-based gateway target', () => {
  it('Scenario: the gateway waits for one message, so the marker is refused there', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g" />
    <bpmn:eventBasedGateway id="g" />
    <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="r" /><bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="late" />
    <bpmn:receiveTask id="r" messageRef="m">
      ${MI(Z('inputCollection="=[1, 2]"'))}
    </bpmn:receiveTask>
    <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="r" targetRef="e" /><bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
  <bpmn:message id="m" name="reply" />
</bpmn:definitions>`;
    const err = (await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e)) as DeployError;
    expect(err).toBeInstanceOf(DeployError);
    expect(err.problems).toMatchObject([{ code: 'INVALID_GATEWAY', elementId: 'r', message: expect.stringMatching(/is multi-instance/) }]);
  });
});
