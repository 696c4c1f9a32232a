/**
 * The SQL schema, as versioned migrations applied idempotently at start. Every table keeps
 * the record as the engine wrote it (`record` / `state` jsonb: the source of truth) plus the
 * columns the store queries by. Epoch milliseconds are BIGINT. Table names start with
 * `handoff_` so the store can share a database with the host's own tables.
 *
 * @module
 */
import type { Sql } from './sql';

/**
 * `handoff_commit(batch, node)`: everything one engine command writes, in one statement (so
 * one implicit transaction and one network round trip). Conflicts raise SQLSTATE `HF00x`
 * (the store maps them to `ConcurrencyError`): HF001 instance version, HF002 timer guard,
 * HF003 buffered message (taken, or waiting for a new subscription), HF004 subscription
 * waiting for a message being buffered, HF005 process version already stored. Version
 * `'notify'` (migration 3) sent a NOTIFY itself; version `'return'` (migration 4) returns the
 * announcement and the store sends it, batched, after the commit.
 */
const commitFunction = (version: 'notify' | 'return', historyNode = false, historyGrouped = false) => String.raw`CREATE OR REPLACE FUNCTION handoff_commit(b jsonb, node text) RETURNS ${version === 'notify' ? 'void' : 'jsonb'} LANGUAGE plpgsql AS $fn$
DECLARE
  item jsonb;
  st jsonb;
  cur integer;
  n integer;
  first_seq bigint;
  last_seq bigint;
  earliest bigint;
BEGIN
  -- Message-key locks first, in a fixed order (the caller sorts them), before any row lock.
  IF b ? 'locks' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(k, 0)) FROM jsonb_array_elements_text(b->'locks') WITH ORDINALITY AS l(k, i) ORDER BY i;
  END IF;

  IF b ? 'instances' THEN
    FOR item IN SELECT x FROM jsonb_array_elements(coalesce(b->'instances', '[]')) AS x ORDER BY x->'state'->>'id' LOOP
      st := item->'state';
      IF item->'expectedRev' IS NULL OR jsonb_typeof(item->'expectedRev') = 'null' THEN
        INSERT INTO handoff_instances (id, process_id, status, business_key, rev, state)
        VALUES (st->>'id', st->>'processId', st->>'status', st->>'businessKey', (st->>'rev')::integer, st)
        ON CONFLICT (id) DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n <> 1 THEN
          SELECT rev INTO cur FROM handoff_instances WHERE id = st->>'id';
          RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = 'instance version conflict', DETAIL = json_build_object('id', st->>'id', 'expected', 0, 'actual', cur)::text;
        END IF;
      ELSE
        UPDATE handoff_instances SET process_id = st->>'processId', status = st->>'status', business_key = st->>'businessKey', rev = (st->>'rev')::integer, state = st
        WHERE id = st->>'id' AND rev = (item->>'expectedRev')::integer;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n <> 1 THEN
          SELECT rev INTO cur FROM handoff_instances WHERE id = st->>'id';
          RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = 'instance version conflict', DETAIL = json_build_object('id', st->>'id', 'expected', (item->>'expectedRev')::integer, 'actual', cur)::text;
        END IF;
      END IF;
    END LOOP;
  END IF;

  IF b ? 'guard' THEN
    PERFORM 1 FROM handoff_timers WHERE id IN (SELECT g->>'id' FROM jsonb_array_elements(b->'guard') AS g) ORDER BY id FOR UPDATE;
    SELECT count(*) INTO n FROM jsonb_array_elements(b->'guard') AS g
      WHERE NOT EXISTS (SELECT 1 FROM handoff_timers t WHERE t.id = g->>'id' AND t.due_at = (g->>'dueAt')::bigint);
    IF n > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'HF002', MESSAGE = 'a guarded timer is gone or rescheduled', DETAIL = (b->'guard')::text;
    END IF;
  END IF;

  IF b ? 'take' THEN
    DELETE FROM handoff_messages WHERE id IN (SELECT DISTINCT x FROM jsonb_array_elements_text(b->'take') AS x);
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> (SELECT count(DISTINCT x) FROM jsonb_array_elements_text(b->'take') AS x) THEN
      RAISE EXCEPTION USING ERRCODE = 'HF003', MESSAGE = 'a buffered message was taken or expired', DETAIL = (b->'take')::text;
    END IF;
  END IF;

  IF b ? 'deployments' THEN
    FOR item IN SELECT x FROM jsonb_array_elements(coalesce(b->'deployments', '[]')) AS x LOOP
      INSERT INTO handoff_deployments (key, process_id, version, deployed_at, record)
      VALUES (item->>'key', item->>'processId', (item->>'version')::integer, (item->>'deployedAt')::bigint, item)
      ON CONFLICT (key) DO NOTHING;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n <> 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'HF005', MESSAGE = 'process version already stored', DETAIL = (item->>'key');
      END IF;
    END LOOP;
  END IF;

  IF b ? 'history' THEN
    WITH ins AS (
${
    historyGrouped
      ? String.raw`      -- one row per run of one instance's records: [instanceId, [record, …]]
      INSERT INTO handoff_history (instance_id, records, node)
      SELECT h->>0, h->1, node FROM jsonb_array_elements(b->'history') WITH ORDINALITY AS x(h, i) ORDER BY i`
      : String.raw`      INSERT INTO handoff_history (instance_id, record${historyNode ? ', node' : ''})
      SELECT r->>'instanceId', r${historyNode ? ', node' : ''} FROM jsonb_array_elements(b->'history') WITH ORDINALITY AS h(r, i) ORDER BY i`
  }
      RETURNING seq
    ) SELECT min(seq), max(seq) INTO first_seq, last_seq FROM ins;
  END IF;

  IF b ? 'timersDelete' THEN
    DELETE FROM handoff_timers WHERE id IN (SELECT jsonb_array_elements_text(b->'timersDelete'));
  END IF;
  -- A put (new or replacing) takes a fresh seq ("creation order" among equal due times) and ends any lease.
  IF b ? 'timersPut' THEN
    FOR item IN SELECT x FROM jsonb_array_elements(coalesce(b->'timersPut', '[]')) WITH ORDINALITY AS t(x, i) ORDER BY i LOOP
      INSERT INTO handoff_timers (id, due_at, kind, instance_id, seq, record)
      VALUES (item->>'id', (item->>'dueAt')::bigint, item->>'kind', item->>'instanceId', nextval('handoff_timer_seq'), item)
      ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, kind = EXCLUDED.kind, instance_id = EXCLUDED.instance_id,
        seq = EXCLUDED.seq, record = EXCLUDED.record, lease_owner = NULL, lease_until = NULL;
      earliest := least(earliest, (item->>'dueAt')::bigint);
    END LOOP;
  END IF;

  IF b ? 'tasks' THEN
    INSERT INTO handoff_tasks (id, instance_id, process_id, element_id, role, candidate_groups, assignee, state, business_key, created_at, record)
    SELECT t->>'id', t->>'instanceId', t->>'processId', t->>'elementId', t->>'role',
           ARRAY(SELECT jsonb_array_elements_text(coalesce(t->'candidateGroups', '[]'))), t->>'assignee', t->>'state', t->>'businessKey', (t->>'createdAt')::bigint, t
    FROM jsonb_array_elements(coalesce(b->'tasks', '[]')) WITH ORDINALITY AS x(t, i) ORDER BY i
    ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, process_id = EXCLUDED.process_id,
      element_id = EXCLUDED.element_id, role = EXCLUDED.role, candidate_groups = EXCLUDED.candidate_groups,
      assignee = EXCLUDED.assignee, state = EXCLUDED.state, business_key = EXCLUDED.business_key,
      created_at = EXCLUDED.created_at, record = EXCLUDED.record;
  END IF;

  IF b ? 'subsDelete' THEN
    DELETE FROM handoff_subscriptions WHERE id IN (SELECT jsonb_array_elements_text(b->'subsDelete'));
  END IF;
  -- No key (an instance without a business key) is matched as '' like the memory store.
  IF b ? 'subsPut' THEN
    INSERT INTO handoff_subscriptions (id, message_name, key_kind, key, instance_id, created_at, record)
    SELECT s->>'id', s->>'messageName', s->>'keyKind', coalesce(s->>'key', ''), s->>'instanceId', (s->>'createdAt')::bigint, s
    FROM jsonb_array_elements(coalesce(b->'subsPut', '[]')) WITH ORDINALITY AS x(s, i) ORDER BY i
    ON CONFLICT (id) DO UPDATE SET message_name = EXCLUDED.message_name, key_kind = EXCLUDED.key_kind, key = EXCLUDED.key,
      instance_id = EXCLUDED.instance_id, created_at = EXCLUDED.created_at, record = EXCLUDED.record;
  END IF;

  IF b ? 'messagesDelete' THEN
    DELETE FROM handoff_messages WHERE id IN (SELECT jsonb_array_elements_text(b->'messagesDelete'));
  END IF;
  IF b ? 'messagesPut' THEN
    INSERT INTO handoff_messages (id, message_name, key_kind, key, expires_at, buffered_at, record)
    SELECT m->>'id', m->>'messageName', m->>'keyKind', m->>'key', (m->>'expiresAt')::bigint, (m->>'bufferedAt')::bigint, m
    FROM jsonb_array_elements(coalesce(b->'messagesPut', '[]')) WITH ORDINALITY AS x(m, i) ORDER BY i
    ON CONFLICT (id) DO UPDATE SET message_name = EXCLUDED.message_name, key_kind = EXCLUDED.key_kind, key = EXCLUDED.key,
      expires_at = EXCLUDED.expires_at, buffered_at = EXCLUDED.buffered_at, record = EXCLUDED.record;
  END IF;

  -- Conditions after the writes (the key locks are held).
  IF b ? 'noSubscriptions' THEN
    FOR item IN SELECT x FROM jsonb_array_elements(coalesce(b->'noSubscriptions', '[]')) AS x LOOP
      IF EXISTS (SELECT 1 FROM handoff_subscriptions WHERE message_name = item->>'name' AND key_kind = item->>'keyKind' AND key = item->>'key') THEN
        RAISE EXCEPTION USING ERRCODE = 'HF004', MESSAGE = 'a subscription waits for the message', DETAIL = item::text;
      END IF;
    END LOOP;
  END IF;
  IF b ? 'noMessages' THEN
    FOR item IN SELECT x FROM jsonb_array_elements(coalesce(b->'noMessages', '[]')) AS x LOOP
      IF EXISTS (SELECT 1 FROM handoff_messages WHERE message_name = item->>'name' AND key_kind = item->>'keyKind' AND key = item->>'key' AND expires_at > (b->>'now')::bigint) THEN
        RAISE EXCEPTION USING ERRCODE = 'HF003', MESSAGE = 'a buffered message waits for the new subscription', DETAIL = item::text;
      END IF;
    END LOOP;
  END IF;

${
    version === 'notify'
      ? String.raw`  IF node IS NOT NULL AND (first_seq IS NOT NULL OR earliest IS NOT NULL) THEN
    PERFORM pg_notify('handoff_commits', json_build_object('n', node, 'x', txid_current(), 'f', first_seq, 't', last_seq, 'd', earliest)::text);
  END IF;`
      : String.raw`  -- What the node announces to the others after the commit (a NOTIFY inside the commit would
  -- serialize every commit of the cluster on the notification queue lock, fsync included).
  RETURN jsonb_build_object('x', txid_current(), 'f', first_seq, 't', last_seq, 'd', earliest);`
  }
END
$fn$`;

/**
 * `handoff_commit_many(batches, node)`: `batches` is a JSON array of `handoff_commit` batches;
 * returns an array with, per batch in order, `{"a": announcement}` or
 * `{"e": {"code", "message", "detail"}}` (its SQLSTATE; nothing of that batch was written).
 */
const groupCommitFunction = String.raw`CREATE FUNCTION handoff_commit_many(bs jsonb, node text) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  b jsonb;
  results jsonb[] := '{}';
  code text;
  msg text;
  detail text;
BEGIN
  FOR b IN SELECT x FROM jsonb_array_elements(bs) WITH ORDINALITY AS t(x, i) ORDER BY i LOOP
    BEGIN
      results := results || jsonb_build_object('a', handoff_commit(b, node));
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
      results := results || jsonb_build_object('e', jsonb_build_object('code', code, 'message', msg, 'detail', detail));
    END;
  END LOOP;
  RETURN to_jsonb(results);
END
$fn$`;

/**
 * `handoff_purge(ids, now)`: remove the given instances that have ended and whose retention
 * timer is due at or before `now`, with their history, tasks, timers and subscriptions, in one
 * statement; returns the ids removed (`Store.purgeInstances`). A retention timer on a running
 * instance (or on none) is deleted, the instance kept. Instance rows another transaction holds are skipped.
 */
const purgeFunction = String.raw`CREATE FUNCTION handoff_purge(ids text[], now bigint) RETURNS text[] LANGUAGE plpgsql AS $fn$
DECLARE
  gone text[];
BEGIN
  -- Stray retention timers (on a running instance, or on none) go; the instance stays.
  DELETE FROM handoff_timers t
    WHERE t.id = ANY(ARRAY(SELECT x || '/retention' FROM unnest(ids) AS x)) AND t.kind = 'retention'
      AND NOT EXISTS (SELECT 1 FROM handoff_instances i WHERE i.id = t.instance_id AND i.status <> 'active');
  WITH due AS (
    SELECT i.id FROM handoff_instances i JOIN handoff_timers t ON t.id = i.id || '/retention'
    WHERE i.id = ANY(ids) AND i.status <> 'active' AND t.kind = 'retention' AND t.due_at <= now
    ORDER BY i.id
    FOR UPDATE OF i SKIP LOCKED
  ) SELECT coalesce(array_agg(id), '{}') INTO gone FROM due;
  IF cardinality(gone) = 0 THEN
    RETURN gone;
  END IF;
  DELETE FROM handoff_history WHERE instance_id = ANY(gone);
  DELETE FROM handoff_tasks WHERE instance_id = ANY(gone);
  DELETE FROM handoff_subscriptions WHERE instance_id = ANY(gone);
  DELETE FROM handoff_timers WHERE instance_id = ANY(gone);
  DELETE FROM handoff_instances WHERE id = ANY(gone);
  RETURN gone;
END
$fn$`;

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
  // 3: one engine command = one statement (one round trip): the whole commit batch as jsonb.
  [commitFunction('notify')],
  // 4: the commit returns its announcement (transaction id, history seq range, earliest timer);
  // the node announces many commits in one NOTIFY after they committed.
  ['DROP FUNCTION handoff_commit(jsonb, text)', commitFunction('return')],
  // 5: history rows name the node that wrote them, so a node catching up on the others'
  // commits (after a lost announcement) can leave out its own.
  ['ALTER TABLE handoff_history ADD COLUMN node text', commitFunction('return', true)],
  // 6: cheaper writes. History is appended in seq order: a BRIN index serves the seq-range
  // reads (fan-out, catch-up) at a fraction of a btree's upkeep (bigserial keeps seq unique).
  // Instance rows leave room on their page, so an update that changes no indexed column
  // (most do not) is a heap-only update without new index entries. The state-only task index
  // served no query the others do not.
  [
    'ALTER TABLE handoff_history DROP CONSTRAINT handoff_history_pkey',
    'CREATE INDEX handoff_history_seq ON handoff_history USING brin (seq)',
    'ALTER TABLE handoff_instances SET (fillfactor = 70)',
    'DROP INDEX handoff_tasks_state',
  ],
  // 7: fewer rows and index entries per command. History: one row per commit and instance
  // (`records`, the instance's records of that commit in order) instead of one per record —
  // a start → task → complete case writes 2 history rows instead of 10; the view
  // `handoff_events` gives one row per record for SQL reports. Indexes that had an entry for
  // every row whatever its value now only index the rows a query can ask for: business keys
  // that are set, tasks with candidate groups, tasks with an assignee.
  [
    'ALTER TABLE handoff_history ADD COLUMN records jsonb',
    'UPDATE handoff_history SET records = jsonb_build_array(record)',
    'ALTER TABLE handoff_history DROP COLUMN record',
    'ALTER TABLE handoff_history ALTER COLUMN records SET NOT NULL',
    `CREATE VIEW handoff_events AS
      SELECT h.seq, e.n::integer AS n, h.instance_id, h.xid, h.node, e.record
      FROM handoff_history h CROSS JOIN LATERAL jsonb_array_elements(h.records) WITH ORDINALITY AS e(record, n)`,
    'DROP INDEX handoff_instances_business_key',
    'CREATE INDEX handoff_instances_business_key ON handoff_instances (business_key) WHERE business_key IS NOT NULL',
    'DROP INDEX handoff_tasks_groups',
    "CREATE INDEX handoff_tasks_groups ON handoff_tasks USING gin (candidate_groups) WHERE candidate_groups <> '{}'",
    'DROP INDEX handoff_tasks_assignee',
    'CREATE INDEX handoff_tasks_assignee ON handoff_tasks (assignee, state) WHERE assignee IS NOT NULL',
    commitFunction('return', true, true),
  ],
  // 8: group commit. `handoff_commit_many(batches, node)` runs several engine commands'
  // commits in one transaction, each in its own subtransaction (a savepoint): a command whose
  // commit fails (a conflict, any error) is rolled back alone and reported in its slot; the
  // others commit together, with one round trip and one WAL flush (decision 0009).
  [groupCommitFunction],
  // 9: history retention. An ended instance with a time to live has a timer of kind
  // `retention` (`<instanceId>/retention`); the node that acquires those timers (leased,
  // FOR UPDATE SKIP LOCKED) removes their instances in batches with `handoff_purge`, in its
  // own short transaction: rows of running instances are never touched, rows a commit holds
  // are skipped (taken next round), and no commit waits on a cleanup of other instances.
  // Timers by instance: an instance's timers leave with it.
  [
    'CREATE INDEX handoff_timers_instance ON handoff_timers (instance_id) WHERE instance_id IS NOT NULL',
    purgeFunction,
  ],
  // 10: task candidate users and dates (decision 0024). Read from the task's record, so the
  // commit function is unchanged; partial expression indexes serve `candidateUser` (GIN on
  // the list) and `dueBefore` / `dueAfter` (btree on the instant), and hold only the tasks
  // that have one.
  [
    "CREATE INDEX handoff_tasks_candidate_users ON handoff_tasks USING gin ((record->'candidateUsers')) WHERE record ? 'candidateUsers'",
    "CREATE INDEX handoff_tasks_due ON handoff_tasks (((record->>'dueAt')::bigint)) WHERE record ? 'dueAt'",
  ],
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** An arbitrary constant: the advisory lock that serialises migrations across nodes. */
const MIGRATION_LOCK = 0x48_41_4e_44; // 'HAND'

/**
 * Apply the migrations not yet applied, in one transaction under an advisory lock, so
 * that nodes starting together migrate once. Returns the resulting version. `target`
 * (default: the latest) stops at an earlier version — for testing upgrades.
 */
export async function migrate(sql: Sql, target: number = SCHEMA_VERSION): Promise<number> {
  return sql.transaction(async (tx) => {
    // DDL is transactional in PostgreSQL: all pending migrations land together, or none.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS handoff_schema_version (version integer PRIMARY KEY, applied_at bigint NOT NULL)`);
    const r = await tx.query<{ v: number | string | null }>('SELECT max(version) AS v FROM handoff_schema_version');
    const current = Number(r.rows[0]?.v ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new Error(`The database schema is version ${current}, newer than this @handoff/store-postgres (version ${SCHEMA_VERSION}); upgrade the package.`);
    }
    for (let v = current + 1; v <= target; v++) {
      for (const stmt of MIGRATIONS[v - 1]!) await tx.query(stmt);
      await tx.query('INSERT INTO handoff_schema_version (version, applied_at) VALUES ($1, $2)', [v, Date.now()]);
    }
    return Math.max(current, target);
  });
}
