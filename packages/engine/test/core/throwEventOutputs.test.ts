/**
 * Output mappings on intermediate throw events (decision 0031): evaluated when the event
 * completes — after its job, for a message throw — and written to the enclosing scope, as
 * Camunda 7's parser and Camunda 8 allow. A link throw, whose token jumps to its catch, and
 * end events keep refusing them.
 */
import { describe, expect, it } from 'vitest';
import { fixture, testEngine } from '../support';

describe('Feature: output mappings on intermediate throw events', () => {
  it('Scenario: a none throw computes a variable; a message throw maps its job result', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/throw-event-outputs.bpmn', { handlers: { 'notify-customer': () => ({ receipt: { id: 'r-1' }, junk: true }) } });
    // when
    const inst = await t.engine.start('throwOutputs', { price: 10, quantity: 3 });
    await t.engine.idle();
    // then the outputs reached the process; the input and the job's other variables stayed local
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ price: 10, quantity: 3, total: 33, receiptId: 'r-1' });
  });

  it('Scenario: Camunda 7 — a message throw with a delegate and an output parameter', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/camunda7-throw-event-outputs.bpmn', { handlers: { startErrorHandling: () => ({}) } });
    // when
    const inst = await t.engine.start('c7ThrowOutputs', { failingTask: 'archive' });
    await t.engine.idle();
    // then
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ failingTask: 'none' });
  });

  it('Scenario: a link throw and an end event still refuse output mappings', async () => {
    const link = fixture('core/throw-event-outputs.bpmn').replace('<bpmn:intermediateThrowEvent id="setTotal" name="Total computed">', '<bpmn:intermediateThrowEvent id="setTotal" name="Total computed"><bpmn:linkEventDefinition id="l1" name="next" />').replace('<bpmn:sequenceFlow id="f2" sourceRef="setTotal" targetRef="notify" />', '<bpmn:intermediateCatchEvent id="next"><bpmn:linkEventDefinition id="l2" name="next" /></bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="f2" sourceRef="next" targetRef="notify" />');
    const err = await testEngine().engine.deploy({ bpmn: link }).catch((e: unknown) => e);
    expect((err as { problems: { code: string; elementId: string; message: string }[] }).problems).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_FEATURE', elementId: 'setTotal', message: 'Output mappings on a link intermediate throw event are not supported.' })]);
    const end = fixture('core/throw-event-outputs.bpmn').replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=1" target="x" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:endEvent>');
    const err2 = await testEngine().engine.deploy({ bpmn: end }).catch((e: unknown) => e);
    expect((err2 as { problems: { code: string; elementId: string }[] }).problems.map((p) => [p.code, p.elementId])).toEqual([['UNSUPPORTED_FEATURE', 'end']]);
  });
});
