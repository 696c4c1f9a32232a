/**
 * Test helpers: one PGlite per test file (a fresh open takes seconds), emptied between
 * tests, and the quick-start BPMN.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgresStore, type PostgresStore, type PostgresStoreOptions, type Queryable } from '../src/index';

export const CALLBACK_BPMN = readFileSync(new URL('../../../examples/quickstart/callback.bpmn', import.meta.url), 'utf8');

/** Every table the store writes, for TRUNCATE between tests. */
export const TABLES = ['handoff_deployments', 'handoff_instances', 'handoff_history', 'handoff_timers', 'handoff_tasks', 'handoff_subscriptions', 'handoff_messages'];

/** Empty every table (the schema stays). */
export async function truncateAll(db: Queryable): Promise<void> {
  await db.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY`);
}

/** One in-memory PGlite shared by a test file; `fresh()` gives an emptied store on it. */
export function sharedPglite() {
  let db: PGlite | undefined;
  return {
    async open(): Promise<void> {
      db = await PGlite.create();
    },
    async fresh(options: Omit<PostgresStoreOptions, 'pglite' | 'dataDir' | 'url' | 'pool'> = {}): Promise<PostgresStore> {
      const store = postgresStore({ ...options, pglite: db! });
      await store.ready;
      await truncateAll(store);
      return store;
    },
    async close(): Promise<void> {
      await db?.close();
    },
  };
}
