/**
 * The instance-state cache (`instanceCache`) with two engine nodes on one store: a node's
 * cached state may be stale, and must never decide an outcome on its own.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, sequentialIds, TaskNotOpenError, virtualClock, type Engine } from '../../src/index';
import { actor, fixture } from '../support';

const ana = actor('ana', 'clerk');
const bob = actor('bob', 'clerk');

/** Two nodes on one store, each caching instance states. */
async function twoNodes(file: string) {
  const store = memoryStore();
  const clock = virtualClock('2026-03-02T09:00:00+08:00');
  const node = (prefix: string): Engine => createEngine({ store, clock, ids: sequentialIds(prefix), instanceCache: 100 });
  const a = node('a');
  const b = node('b');
  await a.deploy({ bpmn: fixture(file) });
  await b.deploy({ bpmn: fixture(file) });
  return { store, a, b };
}

describe('Feature: a node caches the instance states it committed', () => {
  it('Scenario: a task completed on node B cannot be completed again through node A’s stale cache', async () => {
    // given node A started the instance (and cached it), node B completed its task
    const { store, a, b } = await twoNodes('scenarios/task-lanes.bpmn');
    const inst = await a.start('taskLanes');
    const [task] = await a.tasks.query({ instanceId: inst.id, state: 'open' });
    await b.tasks.complete(task!.id, bob, { verdict: 'ok' });
    // when ana completes it through node A
    const err = await a.tasks.complete(task!.id, ana, { verdict: 'again' }).catch((e: unknown) => e);
    // then it is refused as completed, and it completed once
    expect(err).toBeInstanceOf(TaskNotOpenError);
    expect((err as TaskNotOpenError).state).toBe('completed');
    const completed = (await store.history(inst.id)).filter((e) => e.type === 'task.completed');
    expect(completed.map((e) => (e as { actor: { id: string } }).actor.id)).toEqual(['bob']);
  });

  it('Scenario: a claim refused on node A’s stale cache is re-decided on the stored state', async () => {
    // given ana claimed the task through node A, then gave it back through node B
    const { a, b } = await twoNodes('scenarios/task-lanes.bpmn');
    const inst = await a.start('taskLanes');
    const [task] = await a.tasks.query({ instanceId: inst.id, state: 'open' });
    await a.tasks.claim(task!.id, ana); // node A's cache: claimed by ana
    await b.tasks.unclaim(task!.id, ana);
    // when bob claims it through node A
    const claimed = await a.tasks.claim(task!.id, bob);
    // then
    expect(claimed).toMatchObject({ state: 'claimed', assignee: 'bob' });
  });

  it('Scenario: a message for a subscription opened through node B is delivered through node A, whose cache predates it', async () => {
    // given node A started the instance (waiting for payment, cached); node B took the payment
    const { a, b } = await twoNodes('scenarios/message-business-key.bpmn');
    const inst = await a.start('messageBusinessKey', {}, { businessKey: 'order-7' });
    await b.messages.correlate('paymentReceived', { businessKey: 'order-7' });
    // when the goods arrive through node A
    const result = await a.messages.correlate('goodsReceived', { businessKey: 'order-7' }, { pallets: 2 });
    // then the instance got them (not buffered), and completed
    expect(result.correlated).toEqual([{ instanceId: inst.id, elementId: 'receiveGoods' }]);
    expect(result.buffered).toBeUndefined();
    expect((await b.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: instanceCache must be a whole number', () => {
    expect(() => createEngine({ instanceCache: -1 })).toThrow(/instanceCache/);
    expect(() => createEngine({ instanceCache: 1.5 })).toThrow(/whole number/);
  });
});
