import { describe, expect, it } from 'vitest';
import { DeployError, InvalidArgumentError, type Store } from '../../src/index';
import { actor, testEngine } from '../support';

const clerk = actor('ana', 'desk');
const DAY = 86_400_000;

/** Everything the engine can show about an instance. */
async function traces(t: ReturnType<typeof testEngine>, id: string) {
  return {
    instance: (await t.engine.instances.get(id))?.status,
    history: (await t.engine.history(id)).length,
    tasks: (await t.engine.tasks.query({ instanceId: id })).length,
  };
}

const gone = { instance: undefined, history: 0, tasks: 0 };

describe('Feature: history retention', () => {
  it('Scenario: by default every ended instance is kept, however long ago it ended', async () => {
    // given
    const t = testEngine();
    await t.deploy('retention/plain.bpmn');
    const inst = await t.engine.start('plain');
    await t.completeTask(inst.id, 'review', clerk);
    // when ten years pass
    await t.clock.advance(3650 * DAY);
    // then
    expect(await traces(t, inst.id)).toEqual({ instance: 'completed', history: expect.any(Number), tasks: 1 });
  });

  it('Scenario: camunda:historyTimeToLive="30" keeps a completed instance 30 days, then removes it with its history and tasks', async () => {
    // given one instance completed now and one still waiting in its task
    const t = testEngine();
    await t.deploy('retention/kept-30-days.bpmn');
    const done = await t.engine.start('kept30', {}, { businessKey: 'done' });
    const running = await t.engine.start('kept30', {}, { businessKey: 'running' });
    await t.completeTask(done.id, 'review', clerk);
    const kept = await traces(t, done.id);
    // when 30 days less a minute pass
    await t.clock.advance(30 * DAY - 60_000);
    // then it is still all there
    expect(await traces(t, done.id)).toEqual(kept);
    expect(kept).toMatchObject({ instance: 'completed', tasks: 1 });
    // when its time to live has passed
    await t.clock.advance(60_000);
    // then it is gone with everything it owned; the running one is untouched
    expect(await traces(t, done.id)).toEqual(gone);
    expect(await t.engine.instances.list({ processId: 'kept30' })).toMatchObject([{ id: running.id, status: 'active' }]);
    expect(await traces(t, running.id)).toMatchObject({ instance: 'active', tasks: 1 });
    expect(JSON.parse(t.store.snapshot()).timers).toEqual([]);
    // and a running instance is never removed, however long it waits
    await t.clock.advance(400 * DAY);
    expect(await traces(t, running.id)).toMatchObject({ instance: 'active', tasks: 1 });
    // until it ends and its own 30 days pass
    await t.completeTask(running.id, 'review', clerk);
    await t.clock.advance(30 * DAY);
    expect(await traces(t, running.id)).toEqual(gone);
  });

  it("Scenario: the engine's historyTimeToLive covers processes that set none, terminated instances included; a deploy's overrides the BPMN attribute", async () => {
    // given
    const t = testEngine({ historyTimeToLive: 'PT1H' });
    await t.deploy('retention/plain.bpmn');
    await t.deploy('retention/kept-30-days.bpmn', { historyTimeToLive: { kept30: 'P1D' } });
    const cancelled = await t.engine.start('plain');
    await t.engine.instances.cancel(cancelled.id);
    const completed = await t.engine.start('kept30');
    await t.completeTask(completed.id, 'review', clerk);
    // when an hour passes
    await t.clock.advance('PT1H');
    // then the terminated one is gone; the other is kept for its deploy's day
    expect(await traces(t, cancelled.id)).toEqual(gone);
    expect((await traces(t, completed.id)).instance).toBe('completed');
    await t.clock.advance('P1D');
    expect(await traces(t, completed.id)).toEqual(gone);
  });

  it('Scenario: with retention on, the memory store holds nothing of instances once they are past it', async () => {
    // given instances removed as soon as they end
    const t = testEngine({ historyTimeToLive: 0 });
    await t.deploy('retention/plain.bpmn');
    // when 200 run to their end
    for (let i = 0; i < 200; i++) {
      const inst = await t.engine.start('plain');
      await t.completeTask(inst.id, 'review', clerk);
    }
    await t.engine.idle();
    // then
    const content = JSON.parse(t.store.snapshot());
    expect({ instances: content.instances, history: content.history, tasks: content.tasks, timers: content.timers, subscriptions: content.subscriptions }).toEqual({ instances: [], history: [], tasks: [], timers: [], subscriptions: [] });
  });

  it('Scenario: engine.sla.report covers the instances retained', async () => {
    // given two callbacks with SLA clocks, the first ended a day before the second
    const t = testEngine({ historyTimeToLive: 'P1D' });
    await t.engine.deploy({ bpmn: (await import('../support')).fixture('sla/callback-sla.bpmn') });
    const first = await t.engine.start('callbackSla');
    await t.completeTask(first.id, 'report', actor('ana', 'fieldSales'));
    await t.completeTask(first.id, 'callBack', actor('bo', 'hotline'));
    expect((await t.engine.sla.report({})).total.count).toBe(1);
    await t.clock.advance('PT23H');
    const second = await t.engine.start('callbackSla');
    await t.completeTask(second.id, 'report', actor('ana', 'fieldSales'));
    await t.completeTask(second.id, 'callBack', actor('bo', 'hotline'));
    expect((await t.engine.sla.report({})).total.count).toBe(2);
    // when the first one's day is over
    await t.clock.advance('PT1H');
    // then the report counts the second alone
    expect((await t.engine.sla.report({})).total.count).toBe(1);
  });

  it.each([
    ['a month (no fixed length)', 'P1M'],
    ['a negative number', -1],
    ['a word', 'soon'],
  ])('Scenario: createEngine refuses a historyTimeToLive of %s, naming the option', (_label, value) => {
    // when
    const err = (() => {
      try {
        testEngine({ historyTimeToLive: value });
      } catch (e) {
        return e;
      }
    })();
    // then
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe('historyTimeToLive');
    expect((err as InvalidArgumentError).hint).toMatch(/P30D.*\.$/);
  });

  it('Scenario: a store that cannot remove instances is refused with historyTimeToLive', () => {
    // given a store without purgeInstances
    const base = testEngine().store;
    const { purgeInstances: _p, ...rest } = base as Store & { purgeInstances?: unknown };
    // then
    expect(() => testEngine({ store: rest as never, historyTimeToLive: 30 })).toThrow(InvalidArgumentError);
  });

  it('Scenario: deploy refuses a bad camunda:historyTimeToLive and a time to live for a process it does not hold', async () => {
    // given
    const t = testEngine();
    // when / then
    const bad = await t.deploy('retention/bad-ttl.bpmn').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DeployError);
    expect((bad as DeployError).problems).toMatchObject([{ code: 'INVALID_TIME_TO_LIVE', elementId: 'keptSoon' }]);
    const unknown = await t.deploy('retention/plain.bpmn', { historyTimeToLive: { other: 5 } }).catch((e: unknown) => e);
    expect((unknown as DeployError).problems).toMatchObject([{ code: 'UNKNOWN_PROCESS' }]);
    expect(await t.engine.processes.list()).toEqual([]);
  });

  it('Scenario: the time to live given at deploy survives a restart (it is stored with the deployment)', async () => {
    // given
    const t = testEngine();
    await t.deploy('retention/plain.bpmn', { historyTimeToLive: 'P2D' });
    const inst = await t.engine.start('plain');
    await t.completeTask(inst.id, 'review', clerk);
    // when the store is carried to a new engine, whose clock is two days later
    const later = testEngine({ store: (await import('../../src/index')).memoryStore({ snapshot: t.store.snapshot() }), start: '2026-03-04T09:00:00+08:00' });
    await later.engine.idle();
    await later.clock.advance(1);
    // then
    expect(await traces(later, inst.id)).toEqual(gone);
  });
});
