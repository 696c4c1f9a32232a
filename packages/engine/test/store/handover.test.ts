/**
 * `CommitBatch.handover`: the engine's pipeline gives the states it commits to the store,
 * and the memory store keeps a running one as it is, uncopied. Nothing the engine hands
 * out may therefore share an object with a committed state.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, sequentialIds, virtualClock, type InstanceState } from '../../src/index';
import { actor, fixture } from '../support';

const ana = actor('ana', 'clerk');

function engineOn(instanceCache?: number) {
  const store = memoryStore();
  const engine = createEngine({ store, clock: virtualClock('2026-03-02T09:00:00+08:00'), ids: sequentialIds('inst'), ...(instanceCache !== undefined ? { instanceCache } : {}) });
  return { store, engine };
}

describe('Feature: committed states are handed over to the memory store', () => {
  for (const cache of [undefined, 100]) {
    it(`Scenario: changing what start returned changes nothing stored (instanceCache ${cache ?? 'default'})`, async () => {
      // given an instance started with nested variables, parked at its user task
      const { store, engine } = engineOn(cache);
      await engine.deploy({ bpmn: fixture('scenarios/task-lanes.bpmn') });
      const info = await engine.start('taskLanes', { customer: { name: 'Li', tags: ['vip'] }, amount: 10 });
      // when the caller changes the variables it was given
      (info.variables.customer as { tags: string[] }).tags.push('changed');
      info.variables.amount = -1;
      delete info.variables.customer;
      // then the stored state and the next command see the variables as started
      const stored = (await store.getInstance(info.id))!;
      expect(stored.variables).toStrictEqual({ customer: { name: 'Li', tags: ['vip'] }, amount: 10 });
      const [task] = await engine.tasks.query({ instanceId: info.id, state: 'open' });
      await engine.tasks.complete(task!.id, ana, { verdict: 'ok' });
      const done = (await engine.instances.get(info.id))!;
      expect(done.variables).toStrictEqual({ customer: { name: 'Li', tags: ['vip'] }, amount: 10, verdict: 'ok' });
    });
  }

  it('Scenario: a handed-over state is kept as it is; every load is a copy of it', async () => {
    // given a state committed with handover, and one without
    const store = memoryStore();
    const state = (id: string): InstanceState => ({ id, processId: 'p', processVersion: 1, status: 'active', variables: { n: 1 }, ex: [], timers: [], subs: [], incidents: [], seq: 0, rev: 1, startedAt: 0 }) as unknown as InstanceState;
    const empty = { history: [], timers: { put: [], delete: [] }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } };
    const given = state('a');
    const kept = state('b');
    await store.commit({ ...empty, instances: [{ state: given, expectedRev: null }], handover: true });
    await store.commit({ ...empty, instances: [{ state: kept, expectedRev: null }] });
    // when the committer (against the rule, to observe it) changes both objects
    given.variables.n = 2;
    kept.variables.n = 2;
    // then the handed-over one was kept uncopied, the other was copied; loads are copies either way
    expect((await store.getInstance('a'))!.variables.n).toBe(2);
    expect((await store.getInstance('b'))!.variables.n).toBe(1);
    const loaded = (await store.getInstance('a'))!;
    loaded.variables.n = 3;
    expect((await store.getInstance('a'))!.variables.n).toBe(2);
  });
});
