/**
 * The SQL schema, as versioned migrations applied idempotently at start. Every table keeps
 * the record as the engine wrote it (`record` / `state` jsonb: the source of truth) plus the
 * columns the store queries by. Epoch milliseconds are BIGINT. Table names start with
 * `handoff_` so the store can share a database with the host's own tables.
 *
 * @module
 */
import type { Sql } from './sql';

/** Migrations in order; migration `i + 1` is `MIGRATIONS[i]`. Never edit a released one: append. */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE handoff_deployments (
      key text PRIMARY KEY,
      process_id text NOT NULL,
      version integer NOT NULL,
      deployed_at bigint NOT NULL,
      seq bigserial NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE TABLE handoff_instances (
      id text PRIMARY KEY,
      process_id text NOT NULL,
      status text NOT NULL,
      business_key text,
      rev integer NOT NULL,
      seq bigserial NOT NULL,
      state jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_instances_process ON handoff_instances (process_id, status)`,
    `CREATE INDEX handoff_instances_status ON handoff_instances (status)`,
    `CREATE INDEX handoff_instances_business_key ON handoff_instances (business_key)`,
    `CREATE TABLE handoff_history (
      instance_id text NOT NULL,
      seq bigserial PRIMARY KEY,
      record jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_history_instance ON handoff_history (instance_id, seq)`,
    `CREATE SEQUENCE handoff_timer_seq`,
    `CREATE TABLE handoff_timers (
      id text PRIMARY KEY,
      due_at bigint NOT NULL,
      kind text NOT NULL,
      instance_id text,
      seq bigint NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_timers_due ON handoff_timers (due_at, seq)`,
    `CREATE TABLE handoff_tasks (
      id text PRIMARY KEY,
      instance_id text NOT NULL,
      process_id text NOT NULL,
      element_id text NOT NULL,
      role text,
      candidate_groups text[] NOT NULL,
      assignee text,
      state text NOT NULL,
      business_key text,
      created_at bigint NOT NULL,
      seq bigserial NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_tasks_role ON handoff_tasks (role, state)`,
    `CREATE INDEX handoff_tasks_groups ON handoff_tasks USING gin (candidate_groups)`,
    `CREATE INDEX handoff_tasks_state ON handoff_tasks (state)`,
    `CREATE INDEX handoff_tasks_assignee ON handoff_tasks (assignee, state)`,
    `CREATE INDEX handoff_tasks_instance ON handoff_tasks (instance_id)`,
    `CREATE TABLE handoff_subscriptions (
      id text PRIMARY KEY,
      message_name text NOT NULL,
      key_kind text NOT NULL,
      key text NOT NULL,
      instance_id text NOT NULL,
      created_at bigint NOT NULL,
      seq bigserial NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_subscriptions_key ON handoff_subscriptions (message_name, key_kind, key, created_at)`,
    `CREATE INDEX handoff_subscriptions_instance ON handoff_subscriptions (instance_id)`,
    `CREATE TABLE handoff_messages (
      id text PRIMARY KEY,
      message_name text NOT NULL,
      key_kind text NOT NULL,
      key text NOT NULL,
      expires_at bigint NOT NULL,
      buffered_at bigint NOT NULL,
      seq bigserial NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE INDEX handoff_messages_key ON handoff_messages (message_name, key_kind, key, buffered_at)`,
  ],
  // 2: timer leases for many nodes (acquireTimers: FOR UPDATE SKIP LOCKED + a lease).
  [
    `ALTER TABLE handoff_timers ADD COLUMN lease_owner text`,
    `ALTER TABLE handoff_timers ADD COLUMN lease_until bigint`,
    `CREATE INDEX handoff_timers_free ON handoff_timers (due_at) WHERE lease_until IS NULL`,
    `CREATE INDEX handoff_timers_leased ON handoff_timers (lease_until) WHERE lease_until IS NOT NULL`,
    // The writing transaction: a node reads another's announced commit back exactly (seq ranges of concurrent commits interleave).
    `ALTER TABLE handoff_history ADD COLUMN xid bigint NOT NULL DEFAULT txid_current()`,
  ],
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** An arbitrary constant: the advisory lock that serialises migrations across nodes. */
const MIGRATION_LOCK = 0x48_41_4e_44; // 'HAND'

/**
 * Apply the migrations not yet applied, in one transaction under an advisory lock, so
 * that nodes starting together migrate once. Returns the resulting version.
 */
export async function migrate(sql: Sql): Promise<number> {
  return sql.transaction(async (tx) => {
    // DDL is transactional in PostgreSQL: all pending migrations land together, or none.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS handoff_schema_version (version integer PRIMARY KEY, applied_at bigint NOT NULL)`);
    const r = await tx.query<{ v: number | string | null }>('SELECT max(version) AS v FROM handoff_schema_version');
    const current = Number(r.rows[0]?.v ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new Error(`The database schema is version ${current}, newer than this @handoff/store-postgres (version ${SCHEMA_VERSION}); upgrade the package.`);
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      for (const stmt of MIGRATIONS[v - 1]!) await tx.query(stmt);
      await tx.query('INSERT INTO handoff_schema_version (version, applied_at) VALUES ($1, $2)', [v, Date.now()]);
    }
    return SCHEMA_VERSION;
  });
}
