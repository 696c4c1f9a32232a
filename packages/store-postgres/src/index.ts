/**
 * `@handoff/store-postgres`: a durable store for Handoff on PostgreSQL. One SQL schema, two
 * drivers: embedded PGlite (PostgreSQL in WebAssembly, file-backed, no server) and a
 * PostgreSQL server through `pg`.
 *
 * @example
 * ```ts
 * import { createEngine } from '@handoff/engine';
 * import { postgresStore } from '@handoff/store-postgres';
 *
 * const engine = createEngine({ store: postgresStore({ dataDir: './data' }) });
 * // or: postgresStore({ url: 'postgres://handoff@db/handoff', nodeId: 'node-a' })
 * ```
 *
 * @packageDocumentation
 */
import { hostname } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { InvalidArgumentError, type Store } from '@handoff/engine';
import pg from 'pg';
import { migrate } from './schema';
import { pgliteSql, pgSql, type Queryable, type Sql } from './sql';
import type { CommitQueueStats, GroupCommitOptions } from './commitQueue';
import { sqlStore } from './store';
import { storeError, withTypedErrors } from './faults';

export { MIGRATIONS, SCHEMA_VERSION, migrate } from './schema';
export { pgliteSql, pgSql } from './sql';
export type { PgSqlLimits, Queryable, Sql, SqlResult } from './sql';
export { PostgresCommitError } from './commitQueue';
export type { CommitQueueStats, GroupCommitOptions } from './commitQueue';

/** Options of {@link postgresStore}: give `dataDir` (or nothing) for PGlite, `url` for a server. */
export interface PostgresStoreOptions {
  /**
   * PGlite data directory. Omitted or `'memory://'`: an in-memory database (tests, demos);
   * a path: a file-backed database that survives restarts.
   */
  dataDir?: string;
  /** A PostgreSQL connection string; the store uses a `pg` Pool. */
  url?: string;
  /** This engine node's id (for leases in multi-node setups); default `<hostname>-<pid>`. */
  nodeId?: string;
  /** Pool size for `url`; default 10. */
  maxConnections?: number;
  /** An open PGlite owned by the caller (not closed by `close()`). */
  pglite?: PGlite;
  /** An open `pg` Pool owned by the caller (not closed by `close()`). */
  pool?: pg.Pool;
  /**
   * Many nodes on one server: announce each commit with NOTIFY and listen for the other
   * nodes' (wake-ups for earlier timers, event fan-out). Default: on for a server (`url`,
   * `pool`), off for PGlite (one process).
   */
  cluster?: boolean;
  /**
   * Cluster mode: how often (ms) the node also reads the other nodes' commits directly,
   * catching up on announcements it missed (a node killed before announcing, its own LISTEN
   * connection down) and on timers scheduled meanwhile. Default 1000.
   */
  catchUpMs?: number;
  /**
   * Told when an idle server connection drops (a server restart, a failover, an admin
   * terminating it), and when the LISTEN connection drops or cannot reconnect (it keeps
   * trying with a backoff). The pool replaces the connection; without this, such errors are
   * dropped rather than crashing the process (node-postgres would throw them).
   */
  onConnectionError?: (error: Error) => void;
  /**
   * Group commit: commits made in one event-loop turn, or queued while others are on their
   * way to the database, leave together, in one statement and one transaction, each command
   * in its own subtransaction (atomic, failing alone), acknowledged once the group is durable.
   * A commit that is alone is sent alone. Default on: `{ concurrency: 2 }` on a server, `1` on PGlite;
   * `false` sends every commit alone (one transaction per command). Decision 0009.
   */
  groupCommit?: GroupCommitOptions | false;
  /**
   * A server's statement timeout, in ms: the server cancels a statement running longer
   * (`statement_timeout`), and the client gives up on a connection that has not answered
   * within this plus 1 s (a stalled network or server: the connection is dropped). Either
   * way the caller gets a `StoreUnavailableError` (a commit whose answer never came:
   * `CommitUnknownError`) instead of waiting for ever. Default 30000; 0 turns both off.
   * With a caller-owned `pool`, only the client-side deadline applies.
   */
  statementTimeoutMs?: number;
  /** A server: how long to wait for a new connection (refused or unanswered), in ms. Default 10000. */
  connectTimeoutMs?: number;
}

/** Defaults of the server timeouts (see {@link PostgresStoreOptions}). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** How much longer than the server's statement timeout the client waits before dropping the connection. */
const CLIENT_GRACE_MS = 1_000;

/** The store returned by {@link postgresStore}. */
export interface PostgresStore extends Store {
  /** `'pglite'` (embedded) or `'postgres'` (a server through `pg`). */
  readonly kind: 'pglite' | 'postgres';
  readonly nodeId: string;
  /** Resolves once the database is open and migrated; every method waits for it anyway. */
  readonly ready: Promise<void>;
  /** Run SQL on the store's connection (reports, maintenance, tests). */
  query: Queryable['query'];
  /** How commits went to the database: statements, commands, largest group, transient retries. */
  readonly commitStats: CommitQueueStats;
  close(): Promise<void>;
}

/** A {@link Sql} whose connection opens asynchronously; calls wait for it. */
function deferredSql(open: Promise<Sql>): Sql {
  return {
    query: async (text, params) => (await open).query(text, params),
    transaction: async (fn) => (await open).transaction(fn),
    close: async () => {
      const sql = await open.catch(() => undefined);
      await sql?.close();
    },
  };
}

/** The group-commit settings from the option (validated), with the defaults of the store's kind. */
function groupCommitSettings(option: GroupCommitOptions | false | undefined, kind: 'pglite' | 'postgres'): { concurrency: number; maxCommands: number } {
  if (option === false) return { concurrency: Number.POSITIVE_INFINITY, maxCommands: 1 };
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    throw new InvalidArgumentError('groupCommit', `expected an object or false, got ${JSON.stringify(option)}`, 'pass e.g. { concurrency: 4 }, or false to send every commit alone.');
  }
  const count = (name: keyof GroupCommitOptions, value: number | undefined, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`groupCommit.${name}`, `expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`, name === 'maxCommands' ? 'keep groups at most 60 commands (PostgreSQL caches 64 subtransaction ids per transaction).' : 'pass e.g. 2 (statements on their way at once).');
    }
    return value;
  };
  return {
    concurrency: count('concurrency', option?.concurrency, kind === 'pglite' ? 1 : 2, 1000),
    maxCommands: count('maxCommands', option?.maxCommands, 32, 60),
  };
}

/**
 * Create a PostgreSQL-backed store. Returns at once; the database opens and the schema
 * migrates in the background (`await store.ready` to surface errors early).
 *
 * - `postgresStore()` / `postgresStore({ dataDir: 'memory://' })`: PGlite in memory.
 * - `postgresStore({ dataDir: './data' })`: PGlite on disk.
 * - `postgresStore({ url: 'postgres://…', nodeId: 'node-a' })`: a PostgreSQL server.
 */
export function postgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  const given = [options.dataDir !== undefined, options.url !== undefined, options.pglite !== undefined, options.pool !== undefined].filter(Boolean).length;
  if (given > 1) {
    throw new InvalidArgumentError('postgresStore options', 'give only one of dataDir, url, pglite, pool', "use { dataDir } for embedded PGlite or { url, nodeId } for a PostgreSQL server.");
  }
  const kind = options.url !== undefined || options.pool !== undefined ? 'postgres' : 'pglite';
  const timeouts = serverTimeouts(options);
  let sql: Sql;
  if (options.pool) sql = pgSql(options.pool, false, { deadlineMs: timeouts.deadlineMs });
  else if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, ...timeouts.client });
    pool.on('error', (err) => options.onConnectionError?.(err));
    sql = pgSql(pool, true, { deadlineMs: timeouts.deadlineMs });
  }
  else if (options.pglite) sql = pgliteSql(options.pglite, false);
  else {
    const dataDir = options.dataDir === 'memory://' ? undefined : options.dataDir;
    sql = deferredSql(PGlite.create(dataDir).then((db) => pgliteSql(db, true)));
  }
  const ready = migrate(sql).then(() => undefined);
  // Surfaced by `ready` and by every call; never an unhandled rejection on its own.
  ready.catch(() => undefined);
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}`;
  if (options.nodeId !== undefined && (typeof options.nodeId !== 'string' || options.nodeId === '')) {
    throw new InvalidArgumentError('nodeId', `expected a non-empty string, got ${JSON.stringify(options.nodeId)}`, "give each engine node its own id, e.g. 'node-a'.");
  }
  const cluster = options.cluster ?? kind === 'postgres';
  if (cluster && kind !== 'postgres') {
    throw new InvalidArgumentError('cluster', 'PGlite serves one process: there are no other nodes to hear from', 'use { url } (a PostgreSQL server) for many nodes, or leave cluster off.');
  }
  const listeners = new Set<() => Promise<void>>();
  const listen =
    cluster && kind === 'postgres'
      ? async (channel: string, onPayload: (payload: string) => void, onReconnect?: () => void) => {
          const stop = await listenOn(options, timeouts.client, channel, onPayload, onReconnect);
          listeners.add(stop);
          return async () => {
            listeners.delete(stop);
            await stop();
          };
        }
      : undefined;
  if (options.catchUpMs !== undefined && !(Number.isFinite(options.catchUpMs) && options.catchUpMs > 0)) {
    throw new InvalidArgumentError('catchUpMs', `expected a positive number of milliseconds, got ${JSON.stringify(options.catchUpMs)}`, 'pass e.g. 1000 (once a second).');
  }
  const groupCommit = groupCommitSettings(options.groupCommit, kind);
  const store = sqlStore(sql, ready, { nodeId, notify: cluster, groupCommit, ...(listen ? { listen } : {}), ...(options.catchUpMs !== undefined ? { catchUpMs: options.catchUpMs } : {}) });
  return {
    ...withTypedErrors(store),
    kind,
    nodeId,
    ready,
    async query(text, params) {
      try {
        await ready;
        return await sql.query(text, params);
      } catch (err) {
        throw storeError('query', err);
      }
    },
    async close() {
      for (const stop of [...listeners]) await stop().catch(() => undefined);
      listeners.clear();
      await store.close!();
    },
  } as PostgresStore;
}

/** The server timeouts from the options (validated): `pg` client settings and the client-side deadline. */
function serverTimeouts(options: PostgresStoreOptions): { client: pg.ClientConfig; deadlineMs: number } {
  const ms = (name: 'statementTimeoutMs' | 'connectTimeoutMs', fallback: number) => {
    const v = options[name];
    if (v === undefined) return fallback;
    if (!(Number.isInteger(v) && v >= 0 && v <= 2_147_483_647)) {
      throw new InvalidArgumentError(name, `expected a whole number of milliseconds >= 0, got ${JSON.stringify(v)}`, `pass e.g. ${fallback}, or 0 for no limit.`);
    }
    return v;
  };
  const statement = ms('statementTimeoutMs', DEFAULT_STATEMENT_TIMEOUT_MS);
  const connect = ms('connectTimeoutMs', DEFAULT_CONNECT_TIMEOUT_MS);
  return {
    client: {
      ...(statement > 0 ? { statement_timeout: statement } : {}),
      ...(connect > 0 ? { connectionTimeoutMillis: connect } : {}),
      keepAlive: true,
    },
    deadlineMs: statement > 0 ? statement + CLIENT_GRACE_MS : 0,
  };
}

/** Reconnection backoff of the LISTEN connection: 250 ms doubling to at most 5 s. */
const LISTEN_BACKOFF = { first: 250, max: 5_000 };
/** How often the LISTEN connection proves it still answers. */
const HEARTBEAT_MS = 5_000;

/**
 * A dedicated connection that LISTENs on `channel`, and re-establishes itself — with a
 * bounded backoff, for as long as the store is open — when it drops or cannot be opened
 * (a server restart, a network cut). Notifications sent while it is down are not delivered
 * (PostgreSQL does not queue them for absent listeners): `onReconnect` runs once it listens
 * again, for the caller to catch up on what it missed.
 */
async function listenOn(options: PostgresStoreOptions, client: pg.ClientConfig, channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let current: { release: () => Promise<void> } | undefined;
  let backoff = LISTEN_BACKOFF.first;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const connect = async (): Promise<void> => {
    let c: pg.Client | pg.PoolClient;
    let release: () => Promise<void>;
    if (options.pool) {
      const pc = await options.pool.connect();
      c = pc;
      release = async () => pc.release(true);
    } else {
      const pc = new pg.Client({ connectionString: options.url, ...client });
      // An error before `connect()` settles must not go unheard (it rejects `connect()` too).
      pc.on('error', () => undefined);
      await pc.connect().catch(async (err: unknown) => {
        await pc.end().catch(() => undefined);
        throw err;
      });
      c = pc;
      release = () => pc.end();
    }
    let lost = false;
    /** The connection is gone (an error or its end): drop it and connect again. */
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (current?.release === release) current = undefined;
      if (err) options.onConnectionError?.(err);
      void release().catch(() => undefined);
      schedule();
    };
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    c.on('error', (err) => onLost(err));
    c.on('end', () => onLost());
    try {
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      lost = true;
      await release().catch(() => undefined);
      throw err;
    }
    if (stopped) {
      lost = true;
      await release().catch(() => undefined);
      return;
    }
    current = { release };
    // A stalled connection (a network that drops packets without a reset) delivers nothing and
    // reports nothing: a heartbeat unanswered for a whole period counts as lost.
    let beat: Promise<unknown> | undefined;
    const heartbeat = setInterval(() => {
      if (lost) return clearInterval(heartbeat);
      if (beat) {
        clearInterval(heartbeat);
        (c as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
        onLost(new Error(`the LISTEN connection did not answer a heartbeat within ${HEARTBEAT_MS} ms`));
        return;
      }
      beat = c.query('SELECT 1').then(
        () => (beat = undefined),
        () => undefined,
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };
  const schedule = () => {
    if (stopped || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void attempt();
    }, backoff);
    retryTimer.unref();
    backoff = Math.min(backoff * 2, LISTEN_BACKOFF.max);
  };
  const attempt = async (): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
      backoff = LISTEN_BACKOFF.first;
      if (!stopped) onReconnect?.();
    } catch (err) {
      options.onConnectionError?.(err as Error);
      schedule();
    }
  };
  try {
    await connect();
  } catch (err) {
    // The server is not reachable now: keep trying in the background rather than never listen.
    options.onConnectionError?.(err as Error);
    schedule();
  }
  return async () => {
    stopped = true;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    await current?.release().catch(() => undefined);
  };
}
