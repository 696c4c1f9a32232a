/**
 * Test helpers: one PGlite per test file (a fresh open takes seconds), emptied between
 * tests, and the quick-start BPMN.
 */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startPostgres, unavailable, type PgServer } from './pgServer';
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

/**
 * On a machine that cannot start a PostgreSQL 15 server: print why, register a skipped suite
 * under `title` (so the report says what did not run) and return true.
 */
export function skippedWithoutPostgres(title: string): boolean {
  const reason = unavailable();
  if (!reason) return false;
  console.warn(`[store-postgres] skipping "${title}": ${reason}`);
  describe.skip(`${title} (skipped: ${reason})`, () => {
    it('needs a local PostgreSQL 15', () => undefined);
  });
  return true;
}

/**
 * One throwaway PostgreSQL server for the suite (started in `beforeAll`, stopped in
 * `afterAll`) and a pool of `max` connections on it. `fresh()` is a store on that pool with
 * its tables emptied (what a second node would be: another pool on the same server).
 */
export function sharedServer(max: number): { pool(): pg.Pool; url(): string; fresh(): Promise<PostgresStore> } {
  let server: PgServer | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.url, max });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    server?.stop();
  }, 30_000);
  return {
    pool: () => pool!,
    url: () => server!.url,
    async fresh() {
      const store = postgresStore({ pool: pool! });
      await store.ready;
      await truncateAll(store);
      return store;
    },
  };
}
