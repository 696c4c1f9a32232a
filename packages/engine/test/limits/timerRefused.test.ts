/**
 * Feature: a timer whose firing breaks a limit is not fired again and again. A timer cycle
 * that appends to a variable would be refused at every lease; now the timer ends (a boundary
 * timer) or its token stops with a LIMIT_EXCEEDED incident (a catch timer), and the refusal
 * is reported on engine.error once.
 */
import { describe, expect, it } from 'vitest';
import { testEngine } from '../support';

function xml(catchTimer: boolean): string {
  const body = catchTimer
    ? `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="grow" />
       <bpmn:scriptTask id="grow"><bpmn:extensionElements><zeebe:script expression="=log + log" resultVariable="log" /></bpmn:extensionElements></bpmn:scriptTask>
       <bpmn:sequenceFlow id="f2" sourceRef="grow" targetRef="wait" />
       <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="td"><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="grow" />`
    : `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
       <bpmn:userTask id="work" />
       <bpmn:boundaryEvent id="tick" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition id="td"><bpmn:timeCycle>R/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:sequenceFlow id="f2" sourceRef="tick" targetRef="grow" />
       <bpmn:scriptTask id="grow"><bpmn:extensionElements><zeebe:script expression="=log + log" resultVariable="log" /></bpmn:extensionElements></bpmn:scriptTask>
       <bpmn:sequenceFlow id="f3" sourceRef="grow" targetRef="e" /><bpmn:endEvent id="e" />`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

describe('Feature: a timer firing refused by a limit ends, never loops', () => {
  it.each([
    ['a boundary cycle: the timer ends, the task stays open', false],
    ['a catch timer: its token stops with LIMIT_EXCEEDED', true],
  ])('Scenario: %s', async (_case, catchTimer) => {
    // given
    const t = testEngine({ limits: { maxVariableBytes: 1000, maxInstanceVariablesBytes: 2000 } });
    const errors: unknown[] = [];
    t.engine.on('engine.error', (e) => errors.push(e.error));
    await t.engine.deploy({ bpmn: xml(catchTimer) });
    const inst = await t.engine.start('p', { log: 'x'.repeat(400) });
    // when the log doubles each minute: 800 (or 1600) fits, the next does not
    await t.clock.advance('PT10M');
    // then
    const info = (await t.engine.instances.get(inst.id))!;
    expect(errors.length).toBe(1);
    expect(String((errors[0] as Error).message)).toMatch(/maxInstanceVariablesBytes/);
    expect(info.status).toBe('active');
    expect(JSON.stringify(info.variables).length).toBeLessThanOrEqual(2000);
    expect((await t.engine.history(inst.id)).filter((e) => e.type === 'timer.fired').length).toBeLessThan(4);
    if (catchTimer) expect(info.incidents.map((i) => i.code)).toEqual(['LIMIT_EXCEEDED']);
    else {
      expect(info.incidents).toEqual([]);
      expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['work']);
    }
  });
});
