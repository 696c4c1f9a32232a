/**
 * Group commit (schema migration 8, decision 0009) on embedded PGlite: commits queued while
 * another is on its way leave together, each command atomic and failing alone.
 */
import { readFileSync } from 'node:fs';
import { ConcurrencyError, createEngine, InvalidArgumentError, type CommitBatch, type HistoryRecord, type InstanceState } from '@handoff/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitQueue } from '../src/commitQueue';
import { PostgresCommitError, postgresStore } from '../src/index';
import type { Sql } from '../src/sql';
import { sharedPglite } from './support';

const ONE_TASK_BPMN = readFileSync(new URL('../bench/fixtures/one-task.bpmn', import.meta.url), 'utf8');

/** A minimal instance state and its batch (what the store stores; the engine is not involved). */
function newInstance(id: string, rev = 1, expectedRev: number | null = null): CommitBatch {
  const state = { v: 1, id, processId: 'p', processVersion: 1, status: 'active', variables: { id }, rev, seq: 1, startedAt: 0, ex: [], timers: [], subs: [], incidents: [] } as unknown as InstanceState;
  const history = [{ type: 'process.started', at: 0, instanceId: id, processId: 'p', processVersion: 1, variables: {}, startEventId: 's' }] as unknown as HistoryRecord[];
  return { instances: [{ state, expectedRev }], history, timers: { put: [], delete: [] }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } };
}

describe('Feature: group commit', () => {
  const db = sharedPglite();
  beforeAll(() => db.open(), 60_000);
  afterAll(() => db.close());

  it('Scenario: commits made in one turn leave together; those made while a statement is on its way wait and leave as the next group', async () => {
    // given a store (PGlite: one statement on its way at a time) and 3 commits made at once
    const store = await db.fresh();
    // when
    const first = [store.commit(newInstance('i1')), store.commit(newInstance('i2')), store.commit(newInstance('i3'))];
    // and, once they are on their way, 2 more
    while (store.commitStats.statements === 0) await new Promise((r) => setImmediate(r));
    const second = [store.commit(newInstance('i4')), store.commit(newInstance('i5'))];
    const done = await Promise.allSettled([...first, ...second]);
    // then every commit landed, in 2 statements: a group of three, then a group of two
    expect(done.map((d) => d.status)).toEqual(Array(5).fill('fulfilled'));
    expect(store.commitStats).toMatchObject({ statements: 2, commands: 5, largestGroup: 3, retried: 0 });
    for (const id of ['i1', 'i2', 'i3', 'i4', 'i5']) {
      expect((await store.getInstance(id))?.variables).toEqual({ id });
      expect((await store.history(id)).map((h) => h.type)).toEqual(['process.started']);
    }
  });

  it('Scenario: a command of a group that conflicts fails alone with a ConcurrencyError and writes nothing; the others commit', async () => {
    // given one group of: a new i1, a new i2, i1 created again (a conflict), a new i3
    const store = await db.fresh();
    const first = store.commit(newInstance('i1'));
    const again = newInstance('i1');
    again.history = [{ ...again.history[0]!, startEventId: 'again' } as HistoryRecord];
    const results = await Promise.allSettled([first, store.commit(newInstance('i2')), store.commit(again), store.commit(newInstance('i3'))]);
    // then
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const err = (results[2] as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ code: 'VERSION_CONFLICT', reason: 'version', instanceId: 'i1' });
    expect(store.commitStats).toMatchObject({ statements: 1, largestGroup: 4 });
    // nothing of the failed command was written (its history record with it)
    expect((await store.history('i1')).map((h) => (h as { startEventId?: string }).startEventId)).toEqual(['s']);
    expect(await store.getInstance('i2')).toBeDefined();
    expect(await store.getInstance('i3')).toBeDefined();
  });

  it('Scenario: a command of a group that PostgreSQL refuses fails alone with PostgresCommitError (its SQLSTATE), the others commit', async () => {
    // given a commit whose task record has no element id (a NOT NULL column), queued in a group
    const store = await db.fresh();
    const broken = newInstance('bad');
    broken.tasks = [{ id: 'bad/1', instanceId: 'bad', processId: 'p', name: 'x', candidateGroups: [], state: 'open', createdAt: 0 } as never];
    const results = await Promise.allSettled([store.commit(newInstance('i1')), store.commit(newInstance('i2')), store.commit(broken), store.commit(newInstance('i3'))]);
    // then
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const err = (results[2] as PromiseRejectedResult).reason as PostgresCommitError;
    expect(err).toBeInstanceOf(PostgresCommitError);
    expect(err).toMatchObject({ code: 'COMMIT_FAILED', sqlState: '23502' });
    expect(err.message).toMatch(/element_id/);
    expect(err.hint).toMatch(/nothing of this command was written/);
    expect(await store.getInstance('bad')).toBeUndefined();
    expect(await store.history('bad')).toEqual([]);
    expect(await store.getInstance('i3')).toBeDefined();
    // and the same command sent alone fails with the same error
    const alone = await db.fresh({ groupCommit: false });
    const lone = await alone.commit(broken).catch((e: unknown) => e);
    expect(lone).toBeInstanceOf(PostgresCommitError);
    expect(lone).toMatchObject({ code: 'COMMIT_FAILED', sqlState: '23502' });
  });

  it('Scenario: an engine under load on PGlite groups its commits, and every instance completes with its whole history', async () => {
    // given an engine on a fresh store
    const store = await db.fresh();
    const engine = createEngine({ store });
    await engine.deploy({ bpmn: ONE_TASK_BPMN });
    const taskOf = new Map<string, string>();
    engine.on('task.created', (e) => taskOf.set(e.instanceId, e.task.id));
    // when 40 clients each start and complete 5 instances
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        for (let i = 0; i < 5; i++) {
          const inst = await engine.start('oneTask', { amount: ids.length });
          ids.push(inst.id);
          await engine.tasks.complete(taskOf.get(inst.id)!, { id: 'ana', roles: ['clerk'] }, { approved: true });
        }
      }),
    );
    await engine.close();
    // then the commits went in groups, and the instances' records are whole and in order
    expect(store.commitStats.commands).toBeGreaterThanOrEqual(400);
    expect(store.commitStats.largestGroup).toBeGreaterThan(1);
    expect(store.commitStats.statements).toBeLessThan(store.commitStats.commands);
    for (const id of ids.slice(0, 20)) {
      const types = (await store.history(id)).map((h) => h.type);
      expect(types[0]).toBe('process.started');
      expect(types.at(-1)).toBe('process.completed');
      expect(types.filter((t) => t === 'task.completed')).toHaveLength(1);
    }
    expect(await store.listInstances({ status: 'completed' })).toHaveLength(200);
  });

  it('Scenario: with groupCommit false every commit travels alone', async () => {
    // given
    const store = await db.fresh({ groupCommit: false });
    // when
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.commit(newInstance(id))));
    // then
    expect(store.commitStats).toMatchObject({ statements: 4, commands: 4, largestGroup: 1 });
  });

  it.each([
    [{ concurrency: 0 }, /groupCommit\.concurrency/],
    [{ concurrency: 1.5 }, /groupCommit\.concurrency/],
    [{ maxCommands: 61 }, /groupCommit\.maxCommands/],
    ['yes', /groupCommit/],
  ])('Scenario: groupCommit %j is refused with INVALID_ARGUMENT', (groupCommit, message) => {
    expect(() => postgresStore({ groupCommit: groupCommit as never })).toThrow(InvalidArgumentError);
    expect(() => postgresStore({ groupCommit: groupCommit as never })).toThrow(message);
  });
});

describe('Feature: the commit queue sends again a command PostgreSQL rolled back for a transient reason', () => {
  /** A fake connection: the first group reports a deadlock victim in its second slot. */
  function fakeSql(log: string[][]): Sql {
    let groups = 0;
    const sql: Sql = {
      async query<R>(text: string, params: unknown[] = []) {
        await new Promise((r) => setTimeout(r, 5));
        const batches: { id: string }[] = text.includes('handoff_commit_many') ? JSON.parse(params[0] as string) : [JSON.parse(params[0] as string)];
        log.push(batches.map((b) => b.id));
        const ann = { x: '1', f: null, t: null, d: null };
        if (!text.includes('handoff_commit_many')) return { rows: [{ a: ann }] as R[], rowCount: 1 };
        groups++;
        const slots = batches.map((_, i) => (groups === 1 && i === 1 ? { e: { code: '40P01', message: 'deadlock detected', detail: 'Process 1 waits for ShareLock…' } } : { a: ann }));
        return { rows: [{ r: slots }] as R[], rowCount: 1 };
      },
      transaction: (fn) => fn(sql),
      close: async () => undefined,
    };
    return sql;
  }

  it('Scenario: the deadlock victim of a group is sent again and commits; nothing is reported to the engine', async () => {
    // given a queue with one statement on its way at a time
    const log: string[][] = [];
    const queue = new CommitQueue(fakeSql(log), 'n', 1, 32);
    // when four commits are made at once
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((id) => queue.commit(JSON.stringify({ id }))));
    // then 'b' (the group's second) was sent again, alone, after the group
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(log).toEqual([['a', 'b', 'c', 'd'], ['b']]);
    expect(queue.stats).toMatchObject({ statements: 2, commands: 4, retried: 1 });
  });

  it('Scenario: a group answered with the wrong number of results fails every command of it with a clear error', async () => {
    // given a connection whose commit function answers one slot, whatever the group
    const sql: Sql = {
      query: async <R>() => ({ rows: [{ r: [{ a: { x: '1', f: null, t: null, d: null } }] }] as R[], rowCount: 1 }),
      transaction: (fn) => fn(sql),
      close: async () => undefined,
    };
    const queue = new CommitQueue(sql, null, 1, 32);
    // when / then
    const results = await Promise.allSettled([queue.commit('{}'), queue.commit('{}')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/returned 1 results for 2 commits; is the schema at version 8/);
  });

  it('Scenario: a command that stays a deadlock victim is given the error after 5 attempts', async () => {
    // given a connection that always picks the lone commit as the victim
    const sql: Sql = {
      query: async () => {
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
      transaction: (fn) => fn(sql),
      close: async () => undefined,
    };
    const queue = new CommitQueue(sql, null, 1, 32);
    // when / then
    await expect(queue.commit('{}')).rejects.toMatchObject({ code: 'COMMIT_FAILED', sqlState: '40P01' });
    expect(queue.stats).toMatchObject({ statements: 5, retried: 4, commands: 1 });
  });
});
