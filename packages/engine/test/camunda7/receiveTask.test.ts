/**
 * Camunda 7 / Flowable receive tasks without a message: Camunda 7 continues them with
 * `runtimeService.signal`, Flowable with `trigger`; here the host calls
 * `engine.instances.trigger(instanceId, elementId, { variables })`. Camunda 8 files still need
 * a message.
 */
import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index';
import { testEngine } from '../support';
import { dialectFixture } from './support';

const ended = async (t: ReturnType<typeof testEngine>, id: string) =>
  (await t.engine.history(id, { types: ['activity.entered'] })).map((h) => (h as { elementId: string }).elementId).filter((x) => ['done', 'short', 'lapsed'].includes(x));

describe('Feature: a receive task without a message waits for the host to trigger it', () => {
  it('Scenario: triggering it with variables continues the token; the JUEL gateway reads them', async () => {
    // given an instance waiting at the receive task
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-receive-task.bpmn') });
    const inst = await t.engine.start('payment', {});
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['waitForPayment']);
    // when the host triggers it with the amount paid
    await t.engine.instances.trigger(inst.id, 'waitForPayment', { variables: { amount: 120 } });
    // then the case ends at "done", with the variable written
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { amount: 120 } });
    expect(await ended(t, inst.id)).toEqual(['done']);
  });

  it('Scenario: its boundary timer still fires while it waits, and a trigger afterwards is refused', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-receive-task.bpmn') });
    const inst = await t.engine.start('payment', {});
    // when an hour passes
    await t.clock.advance('PT1H');
    await t.engine.idle();
    // then the timer took the token away, and triggering now is refused without a change
    expect(await ended(t, inst.id)).toEqual(['lapsed']);
    await expect(t.engine.instances.trigger(inst.id, 'waitForPayment', { variables: { amount: 1 } })).rejects.toMatchObject({ code: 'INSTANCE_NOT_ACTIVE' });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({});
  });

  it('Scenario: triggering an element that is not such a receive task, or one nothing waits at, is refused and changes nothing', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-receive-task.bpmn') });
    const inst = await t.engine.start('payment', {});
    // when / then
    await expect(t.engine.instances.trigger(inst.id, 'paid')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'elementId' });
    await expect(t.engine.instances.trigger(inst.id, 'waitForPayment', { executionId: `${inst.id}/99` })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('no token') });
    await expect(t.engine.instances.trigger(inst.id, 'waitForPayment', { executionId: 'other/1' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'executionId' });
    await expect(t.engine.instances.trigger('nope', 'waitForPayment')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['waitForPayment']);
  });

  it('Scenario: in a Camunda 8 file a receive task still needs a message', async () => {
    const zeebe = dialectFixture('camunda7-receive-task.bpmn')
      .replace('xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"')
      .replace('${amount &gt;= 100}', '=amount &gt;= 100');
    const err = await testEngine().engine.deploy({ bpmn: zeebe }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems).toEqual([expect.objectContaining({ code: 'MISSING_MESSAGE', elementId: 'waitForPayment' })]);
  });
});
