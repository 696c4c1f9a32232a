/**
 * Upgrading a database written by an earlier schema version: migration 7 turned history into
 * one row per commit and instance; the records written before keep their order and content.
 */
import { PGlite } from '@electric-sql/pglite';
import { createEngine, memoryStore, sequentialIds, virtualClock, type CommitBatch, type Store } from '@handoff/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, pgliteSql, postgresStore, SCHEMA_VERSION } from '../src/index';
import { ana, bo, handlers } from './quickstartFlow';
import { CALLBACK_BPMN } from './support';

/** A batch as `handoff_commit` read it up to schema version 6 (history: one element per record). */
function v6Payload(b: CommitBatch): string {
  return JSON.stringify({
    instances: b.instances,
    deployments: b.deployments ?? [],
    history: b.history,
    timersDelete: b.timers.delete,
    timersPut: b.timers.put,
    tasks: b.tasks,
    subsDelete: b.subscriptions.delete,
    subsPut: b.subscriptions.put,
    messagesDelete: b.messages.delete,
    messagesPut: b.messages.put,
  });
}

describe('Feature: a database of an earlier schema version is upgraded at start', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  }, 60_000);
  afterAll(() => db.close());

  it('Scenario: history written at version 6 (a row per record) reads back the same after the upgrade, and the engine carries on', async () => {
    // given a database at schema version 6, holding li's case as the version-6 store wrote it
    expect(await migrate(pgliteSql(db, false), 6)).toBe(6);
    const inner = memoryStore();
    const batches: CommitBatch[] = [];
    const capture: Store = Object.assign(Object.create(inner) as Store, { commit: async (b: CommitBatch) => (batches.push(structuredClone(b)), inner.commit(b)) });
    const clock = virtualClock('2026-03-02T09:00:00+08:00', { zone: 'Asia/Shanghai' });
    const engine1 = createEngine({ store: capture, clock, ids: sequentialIds('case'), handlers });
    await engine1.deploy({ bpmn: CALLBACK_BPMN, name: 'callback.bpmn' });
    const li = await engine1.start('saleCallback', { customer: 'li' }, { businessKey: 'li' });
    const [report] = await engine1.tasks.query({ role: 'fieldSales', state: 'open' });
    await engine1.tasks.complete(report!.id, ana, { reportedBy: 'ana' });
    await engine1.close();
    for (const b of batches) await db.query('SELECT handoff_commit($1::jsonb, $2::text)', [v6Payload(b), 'old-node']);
    const before = await inner.history(li.id);
    expect(before.length).toBeGreaterThan(5);
    expect(Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM handoff_history')).rows[0]!.n)).toBe(before.length);

    // when a store opens the database
    const store = postgresStore({ pglite: db });
    await store.ready;

    // then it is at the latest version, li's history is the same records in the same order, and the events view lists them
    expect(Number((await store.query<{ v: number }>('SELECT max(version)::int AS v FROM handoff_schema_version')).rows[0]!.v)).toBe(SCHEMA_VERSION);
    expect(await store.history(li.id)).toEqual(before);
    const events = (await store.query<{ type: string; node: string }>("SELECT record->>'type' AS type, node FROM handoff_events WHERE instance_id = $1 ORDER BY seq, n", [li.id])).rows;
    expect(events.map((e) => e.type)).toEqual(before.map((h) => h.type));
    expect(new Set(events.map((e) => e.node))).toEqual(new Set(['old-node']));

    // and when a new engine completes the callback, its records follow the old ones
    const engine2 = createEngine({ store, clock, ids: sequentialIds('case2'), handlers });
    const [call] = await engine2.tasks.query({ instanceId: li.id, elementId: 'callBack', state: 'open' });
    await engine2.tasks.complete(call!.id, bo, { interested: true });
    await engine2.idle();
    const after = await store.history(li.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((h) => h.type)).toContain('task.completed');
    expect((await engine2.instances.get(li.id))?.status).toBe('completed');
    await engine2.close();
    await store.close();
  });
});
