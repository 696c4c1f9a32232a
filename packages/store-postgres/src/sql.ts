/**
 * The one small query interface the store's SQL is written against, with two drivers:
 * embedded PGlite and a `pg` Pool. Rows come back as plain objects; BIGINT columns may be
 * numbers (PGlite) or strings (`pg`), so callers convert with `Number()`.
 *
 * @module
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import { ConnectFailed, connectionBroken, StatementStalled } from './faults';

/** A result: the rows and how many rows a write touched. */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/** Something that runs one parameterised statement. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<R>>;
}

/** A connection (or pool) that also runs a function inside one transaction. */
export interface Sql extends Queryable {
  /** Run `fn` in BEGIN … COMMIT; a throw rolls back and rethrows. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Release the connection(s), unless the caller owns them. */
  close(): Promise<void>;
}

/** PGlite as {@link Sql}. PGlite has one connection: its transactions queue. */
export function pgliteSql(db: PGlite, owned: boolean): Sql {
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      const r = await q.query<R>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  const base = wrap(db);
  return {
    query: base.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (owned && !db.closed) await db.close();
    },
  };
}

/** Client-side limits of {@link pgSql}. */
export interface PgSqlLimits {
  /**
   * Give up on a statement whose connection has not answered within this many ms (a stalled
   * network or server): the statement fails with a typed error and the connection is dropped
   * from the pool. 0 or absent: wait for ever (the server's own `statement_timeout` aside).
   */
  deadlineMs?: number;
}

/** Tear down a pool client's socket at once (a stalled connection would not answer an orderly end). */
function destroySocket(client: PoolClient): void {
  (client as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection?.stream?.destroy?.();
}

/**
 * A `pg` Pool as {@link Sql}: each statement and each transaction takes one client from the
 * pool. A client whose connection failed (or stalled past `deadlineMs`) is dropped, not
 * reused; a connection that could not be had fails with `ConnectFailed` (nothing was sent).
 */
export function pgSql(pool: Pool, owned: boolean, limits: PgSqlLimits = {}): Sql {
  const deadline = limits.deadlineMs ?? 0;
  /**
   * A client from the pool. While checked out a client has no 'error' listener of the pool's,
   * and an unheard 'error' (the server gone between statements) would end the process: this
   * one notes it, and `done` drops the client then instead of reusing it.
   */
  const connect = async (): Promise<{ client: PoolClient; done: (err?: unknown) => void }> => {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw new ConnectFailed(err);
    }
    let lost: Error | undefined;
    const onError = (err: Error) => void (lost ??= err);
    client.on('error', onError);
    return {
      client,
      done(err?: unknown) {
        client.removeListener('error', onError);
        const broken = lost ?? (err !== undefined && connectionBroken(err) ? err : undefined);
        client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true);
      },
    };
  };
  /** Run one statement on `client`, within the deadline; a stall destroys the socket. */
  const run = async <R>(client: PoolClient, sql: string, params: unknown[]): Promise<SqlResult<R>> => {
    const sent = client.query(sql, params);
    if (deadline <= 0) {
      const r = await sent;
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        destroySocket(client);
        reject(new StatementStalled(deadline));
      }, deadline);
    });
    // The statement's own failure after a stall (the socket destroyed) has no one waiting for it.
    sent.catch(() => undefined);
    try {
      const r = await Promise.race([sent, stalled]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    } finally {
      clearTimeout(timer);
    }
  };
  const wrap = (client: PoolClient): Queryable => ({ query: (sql, params = []) => run(client, sql, params) });
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      const { client, done } = await connect();
      let failure: unknown;
      try {
        return await run<R>(client, sql, params);
      } catch (err) {
        failure = err;
        throw err;
      } finally {
        done(failure);
      }
    },
    async transaction(fn) {
      const { client, done } = await connect();
      let failure: unknown;
      try {
        await run(client, 'BEGIN', []);
        const out = await fn(wrap(client));
        await run(client, 'COMMIT', []);
        return out;
      } catch (err) {
        failure = err;
        if (!connectionBroken(err)) await run(client, 'ROLLBACK', []).catch((e: unknown) => (failure = e));
        throw err;
      } finally {
        done(failure);
      }
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}
