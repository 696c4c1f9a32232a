import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index';
import { testEngine } from '../support';

const withCondition = (condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
    <bpmn:exclusiveGateway id="x" default="fNo" />
    <bpmn:sequenceFlow id="fYes" sourceRef="x" targetRef="yes"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="fNo" sourceRef="x" targetRef="no" />
    <bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />
  </bpmn:process>
</bpmn:definitions>`;

describe('Feature: FEEL that parses but cannot run deterministically is refused at deploy', () => {
  it.each([
    ['=now() &gt; deadline', 'NONDETERMINISTIC_FEEL', /wall clock/],
    ['=amount &gt; 1 and today() = day', 'NONDETERMINISTIC_FEEL', /wall clock/],
    ['=amount &gt; &gt; 100', 'FEEL_SYNTAX', /cannot be evaluated/],
  ])('Scenario: condition %s is refused with %s on the flow', async (condition, code, message) => {
    // given
    const t = testEngine();
    // when
    const err = await t.engine.deploy({ bpmn: withCondition(condition) }).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(DeployError);
    const [p] = (err as DeployError).problems;
    expect(p).toMatchObject({ code, elementId: 'fYes' });
    expect(p!.message).toMatch(message);
    expect(p!.hint.length).toBeGreaterThan(10);
  });

  it('Scenario: "now()" inside a string literal is just text', async () => {
    const t = testEngine();
    await expect(t.engine.deploy({ bpmn: withCondition('=label = "now()"') })).resolves.toEqual(['p']);
  });
});
