import { memoryStore } from '@handoff/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuickstart } from './quickstartFlow';
import { sharedPglite } from './support';

const db = sharedPglite();
beforeAll(() => db.open(), 60_000);
afterAll(() => db.close());

describe('Feature: the engine runs on PGlite', () => {
  it('Scenario: the quick-start flow on PGlite gives the same trail, instances, history and tasks as on the memory store', async () => {
    // given
    const store = await db.fresh();
    // when
    const onPglite = await runQuickstart(store);
    const onMemory = await runQuickstart(memoryStore());
    // then the flow did what the demo says
    const fired = onPglite.trail.filter((e) => e.type === 'timer.fired');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ instanceId: 'case-2', elementId: 'callbackLate', at: Date.parse('2026-03-02T09:30:00+08:00') });
    const ends = onPglite.trail
      .filter((e) => e.type === 'activity.entered' && ['activated', 'declined', 'chased'].includes(e.elementId))
      .map((e) => `${'instanceId' in e ? e.instanceId : ''}:${'elementId' in e ? e.elementId : ''}`);
    expect(ends).toEqual(['case-1:activated', 'case-2:chased', 'case-2:declined']);
    expect(onPglite.instances.map((i) => [i?.id, i?.status])).toEqual([['case-1', 'completed'], ['case-2', 'completed']]);
    expect(onPglite.instances[0]?.variables).toMatchObject({ accountNo: 'BB-LI', interested: true, reportedBy: 'ana' });
    // and everything observable matches the reference store
    expect(onPglite.trail).toEqual(onMemory.trail);
    expect(onPglite.instances).toEqual(onMemory.instances);
    expect(onPglite.history).toEqual(onMemory.history);
    expect([...onPglite.tasks].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...onMemory.tasks].sort((a, b) => a.id.localeCompare(b.id)));
    expect(onPglite.history[1]!.map((h) => h.type)).toContain('timer.fired');
    // and the rows are really in PostgreSQL
    const counts = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoff_tasks WHERE state = 'completed'`);
    expect(counts.rows[0]!.n).toBe(onMemory.tasks.filter((t) => t.state === 'completed').length);
  });
});
