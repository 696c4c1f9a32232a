/**
 * Camunda 7 files write due dates as `${dateTime().plusWeeks(1).toDate()}` (the built-in
 * `dateTime()`: now, as a Joda DateTime). That is a period from the task's creation, read as
 * a Camunda 7 duration on the engine's clock — deterministic, nothing evaluated as Java.
 */
import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index';
import { dateTimeChain } from '../../src/model/compileUserTask';
import { testEngine } from '../support';

const xml = (due: string, follow = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review" camunda:candidateGroups="claims" camunda:dueDate="${due}"${follow ? ` camunda:followUpDate="${follow}"` : ''} />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('Feature: Camunda 7 dateTime() chains in task dates', () => {
  it('Scenario: a week and two days plus four hours from the task\'s creation, on the virtual clock', async () => {
    // given the file as Camunda 7 users write it
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml('${dateTime().plusWeeks(1).toDate()}', '${dateTime().plusDays(2).plusHours(4).toDate()}') });
    await t.clock.advance('PT1H');
    const now = t.clock.now();
    // when the task is created
    const inst = await t.engine.start('p', {});
    const [task] = await t.engine.tasks.query({ instanceId: inst.id });
    // then its dates count from its creation
    expect(task!.dueAt).toBe(now + 7 * 86_400_000);
    expect(task!.followUpAt).toBe(now + 2 * 86_400_000 + 4 * 3_600_000);
  });

  it('Scenario: the chains read as ISO durations; anything else stays JUEL', () => {
    expect(dateTimeChain('${dateTime().plusWeeks(1).toDate()}')).toBe('P7D');
    expect(dateTimeChain('${dateTime().plusMonths(1).plusDays(3)}')).toBe('P1M3D');
    expect(dateTimeChain('${ dateTime().plusMinutes(30).toDate() }')).toBe('PT30M');
    expect(dateTimeChain('${dateTime().toDate()}')).toBe('PT0S');
    expect(dateTimeChain('${dateTime().minusDays(1).toDate()}')).toBeUndefined();
    expect(dateTimeChain('${dateTime().plusDays(n).toDate()}')).toBeUndefined();
    expect(dateTimeChain('${due}')).toBeUndefined();
  });

  it('Scenario: a chain the translation does not read (minus, a variable amount) is refused at deploy as JUEL', async () => {
    const err = await testEngine().engine.deploy({ bpmn: xml('${dateTime().minusDays(1).toDate()}') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems).toEqual([expect.objectContaining({ code: 'JUEL_UNSUPPORTED', elementId: 'review' })]);
  });
});
