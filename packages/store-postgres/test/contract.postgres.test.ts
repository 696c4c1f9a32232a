import { memoryStore } from '@handoff/engine';
import { storeContract } from '@handoff/testing/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, SCHEMA_VERSION, type PostgresStore } from '../src/index';
import { taskQueryProperty } from '../../engine/test/store/taskQueryProperty';
import { runQuickstart } from './quickstartFlow';
import { sharedServer, skippedWithoutPostgres, truncateAll } from './support';


if (!skippedWithoutPostgres('store contract: PostgreSQL 15 server')) {
  const shared = sharedServer(10);
  const fresh = shared.fresh;

  storeContract('PostgreSQL 15 server (pg)', fresh);
  describe('Feature: the server answers task queries like a full scan', () => {
    taskQueryProperty('PostgreSQL 15 server', 'packages/store-postgres/test/contract.postgres.test.ts', fresh, 25);
  });

  describe('Feature: the engine runs on a PostgreSQL server', () => {
    it('Scenario: postgresStore({ url, nodeId }) migrates a fresh database and runs the quick-start flow like the memory store', async () => {
      // given an emptied database and a store that opens its own pool from the url
      await truncateAll(await fresh());
      const store = postgresStore({ url: shared.url(), nodeId: 'node-a' });
      expect(store).toMatchObject({ kind: 'postgres', nodeId: 'node-a' });
      // when
      const onServer = await runQuickstart(store);
      const onMemory = await runQuickstart(memoryStore());
      // then
      expect(onServer.trail).toEqual(onMemory.trail);
      expect(onServer.instances).toEqual(onMemory.instances);
      expect(onServer.history).toEqual(onMemory.history);
      expect(onServer.instances.map((i) => i?.status)).toEqual(['completed', 'completed']);
      await store.close();
    });

    it('Scenario: two nodes starting together on an empty database migrate it once', async () => {
      // given a new, empty database
      await shared.pool().query('DROP DATABASE IF EXISTS fresh_start');
      await shared.pool().query('CREATE DATABASE fresh_start');
      const url = shared.url().replace(/\/postgres$/, '/fresh_start');
      // when
      const nodes = [postgresStore({ url, nodeId: 'a' }), postgresStore({ url, nodeId: 'b' }), postgresStore({ url, nodeId: 'c' })];
      await Promise.all(nodes.map((n) => n.ready));
      // then
      const versions = await nodes[0]!.query<{ version: number }>('SELECT version FROM handoff_schema_version ORDER BY version');
      expect(versions.rows.map((r) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      expect(await nodes[2]!.listInstances()).toEqual([]);
      await Promise.all(nodes.map((n) => n.close()));
    });

    it('Scenario: two nodes (two pools) racing to update one instance: exactly one commit wins', async () => {
      // given
      const a = await fresh();
      const b = postgresStore({ url: shared.url(), nodeId: 'node-b' });
      const empty = { history: [], timers: { put: [], delete: [] }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } };
      const state = { v: 1, id: 'inst-1', processId: 'p', processVersion: 1, status: 'active', variables: {}, rev: 1, seq: 0, startedAt: 0, ex: [], timers: [], subs: [], incidents: [] } as never;
      await a.commit({ ...empty, instances: [{ state, expectedRev: null }] });
      // when both write rev 2 from rev 1, many times over
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).commit({ ...empty, instances: [{ state: { ...(state as object), rev: 2, variables: { by: i } } as never, expectedRev: 1 }] })),
      );
      // then
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(9).fill('VERSION_CONFLICT'));
      expect((await b.getInstance('inst-1'))?.rev).toBe(2);
      await b.close();
    });
  });
}
