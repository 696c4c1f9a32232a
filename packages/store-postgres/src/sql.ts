/**
 * The one small query interface the store's SQL is written against, with two drivers:
 * embedded PGlite and a `pg` Pool. Rows come back as plain objects; BIGINT columns may be
 * numbers (PGlite) or strings (`pg`), so callers convert with `Number()`.
 *
 * @module
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

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

/** A `pg` Pool as {@link Sql}: each transaction takes one client from the pool. */
export function pgSql(pool: Pool, owned: boolean): Sql {
  const wrap = (c: Pool | PoolClient): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      const r = await c.query(sql, params);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
  });
  const base = wrap(pool);
  return {
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}
