import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/index';
import { runRetention } from './retentionFlow';
import { sharedServer, skippedWithoutPostgres } from './support';

if (!skippedWithoutPostgres('history retention: PostgreSQL 15 server')) {
  const shared = sharedServer(6);
  const fresh = shared.fresh;

  const empty = { history: [], tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } };
  const ended = (id: string) => ({ v: 1, id, processId: 'p', processVersion: 1, status: 'completed', variables: {}, rev: 1, seq: 0, startedAt: 0, endedAt: 0, ex: [], timers: [], subs: [], incidents: [] }) as never;

  describe('Feature: history retention on a PostgreSQL server', () => {
    it('Scenario: ended instances past their time to live leave every table in batches; running ones stay', async () => {
      await runRetention(await fresh());
    }, 120_000);

    it('Scenario: the cleanup skips an instance a transaction holds, without waiting for it, and takes it once free', async () => {
      // given two ended instances past their time to live
      const store = await fresh();
      for (const id of ['a', 'b']) {
        await store.commit({ ...empty, instances: [{ state: ended(id), expectedRev: null }], timers: { put: [{ id: `${id}/retention`, kind: 'retention', dueAt: 10, instanceId: id }], delete: [] } });
      }
      // and a transaction on another connection holding instance a's row
      const holder = await shared.pool().connect();
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM handoff_instances WHERE id = 'a' FOR UPDATE");
      try {
        // when
        const removed = await store.purgeInstances!(['a', 'b'], 10);
        // then b goes at once, a is skipped (not waited for)
        expect(removed).toEqual(['b']);
        expect(await store.getInstance('a')).toBeDefined();
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      // and the next round takes a
      expect(await store.purgeInstances!(['a'], 10)).toEqual(['a']);
      expect(await store.listInstances()).toEqual([]);
      await store.close();
    });
  });
}
