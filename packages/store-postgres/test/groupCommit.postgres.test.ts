/**
 * Group commit on a PostgreSQL server: two groups whose commands wait on each other's locks
 * (a deadlock PostgreSQL breaks by rolling back one command) still commit every command once.
 */
import type { CommitBatch, InstanceState, MessageKey } from '@handoff/engine';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/index';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres } from './support';


/** The advisory lock key the store takes for a message key (see store.ts `keyLock`). */
const lockKey = (name: string) => `${name}\u0001business\u0001`;
const key = (name: string): MessageKey => ({ name, keyKind: 'business', key: '' });

/** A commit creating instance `id` that holds the message-key locks of `locks` (sorted, as the store takes them). */
function commitHolding(id: string, locks: string[]): CommitBatch {
  const state = { v: 1, id, processId: 'p', processVersion: 1, status: 'active', variables: {}, rev: 1, seq: 1, startedAt: 0, ex: [], timers: [], subs: [], incidents: [] } as unknown as InstanceState;
  return {
    instances: [{ state, expectedRev: null }],
    history: [],
    timers: { put: [], delete: [] },
    tasks: [],
    subscriptions: { put: [], delete: [] },
    messages: { put: [], delete: [] },
    checks: { noSubscriptions: locks.map(key) },
  };
}

if (!skippedWithoutPostgres('group commit on a PostgreSQL server')) {
  describe('Feature: group commit on a PostgreSQL server', () => {
    let server: PgServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(() => server?.stop(), 30_000);

    it('Scenario: a deadlock between two groups rolls back one command, which is sent again; every command commits once', async () => {
      // given two nodes sending one statement at a time, and a session holding the locks z1, z2, g1, g2
      const s1: PostgresStore = postgresStore({ url: server!.url, nodeId: 'n1', cluster: false, groupCommit: { concurrency: 1 } });
      const s2: PostgresStore = postgresStore({ url: server!.url, nodeId: 'n2', cluster: false, groupCommit: { concurrency: 1 } });
      await Promise.all([s1.ready, s2.ready]);
      const gate = new pg.Client({ connectionString: server!.url });
      await gate.connect();
      const lock = (n: string) => gate.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey(n)]);
      const unlock = (n: string) => gate.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(n)]);
      const waiting = async () => Number((await gate.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n);
      const until = async (n: number) => {
        const end = Date.now() + 10_000;
        while ((await waiting()) !== n) {
          if (Date.now() > end) throw new Error(`expected ${n} commits waiting on a lock`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      try {
        for (const n of ['z1', 'z2', 'g1', 'g2']) await lock(n);
        // when node 1 sends z (alone, held at z1) and queues the group [A takes k1, B takes g1 then k2],
        // and node 2 sends z (held at z2) and queues [C takes k2, D takes g2 then k1]
        const zs = [s1.commit(commitHolding('z1', ['z1'])), s2.commit(commitHolding('z2', ['z2']))];
        await until(2);
        const commits = [
          ...zs,
          s1.commit(commitHolding('a', ['k1'])),
          s1.commit(commitHolding('b', ['g1', 'k2'])),
          s2.commit(commitHolding('c', ['k2'])),
          s2.commit(commitHolding('d', ['g2', 'k1'])),
        ];
        await new Promise((r) => setTimeout(r, 50));
        await unlock('z1');
        await unlock('z2');
        // (A holds k1 and C holds k2; B waits at g1 and D at g2)
        await until(2);
        await unlock('g1');
        await unlock('g2');
        // then B waits for k2 (C's group) and D for k1 (A's group): PostgreSQL rolls back one of them,
        // its group commits without it, the other group follows, and the victim is sent again
        const results = await Promise.allSettled(commits);
        expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
        expect(s1.commitStats.retried + s2.commitStats.retried).toBe(1);
        expect(s1.commitStats.largestGroup).toBe(2);
        expect(s2.commitStats.largestGroup).toBe(2);
        const rows = (await gate.query<{ id: string; rev: number }>("SELECT id, rev FROM handoff_instances WHERE process_id = 'p' ORDER BY id")).rows;
        expect(rows).toEqual(['a', 'b', 'c', 'd', 'z1', 'z2'].map((id) => ({ id, rev: 1 })));
        expect(s1.commitStats.statements + s2.commitStats.statements).toBe(5); // z1, z2, two groups, the victim again
      } finally {
        await gate.end();
        await s1.close();
        await s2.close();
      }
    }, 30_000);
  });
}
