/**
 * Faults of the database, as the engine's typed errors: which driver and server errors mean
 * "the store is unavailable" (`StoreUnavailableError`, code `STORE_UNAVAILABLE`) and, for a
 * commit, "sent, but whether it landed is unknown" (`CommitUnknownError`, code
 * `COMMIT_UNKNOWN`). One place, used by every store method and by the commit queue.
 *
 * @module
 */
import { CommitUnknownError, HandoffError, StoreUnavailableError } from '@handoff/engine';

/** The `pg` Pool could not hand out a connection (refused, timed out, the server starting up): nothing was sent. */
export class ConnectFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(`could not connect: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ConnectFailed';
  }
}

/** A statement sent on a connection that did not answer within the client-side deadline (a stalled network or server). */
export class StatementStalled extends Error {
  constructor(readonly afterMs: number) {
    super(`no answer from the database within ${afterMs} ms (the connection stalled); the connection was dropped`);
    this.name = 'StatementStalled';
  }
}

/** SQLSTATE of a PostgreSQL error, if the error carries one (five digits or capital letters). */
export function sqlStateOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * SQLSTATE classes that say the database, not the statement, failed: 08 connection
 * exception, 53 insufficient resources (disk full, out of memory, too many connections),
 * 57 operator intervention (shutdown, crash shutdown, cannot connect now, statement timeout),
 * 58 system error (I/O).
 */
const OUTAGE_CLASSES = new Set(['08', '53', '57', '58']);

/**
 * Of those, the ones after which a sent commit may still have landed: the session ended
 * under it (connection failure, terminated by an administrator or a crash shutdown, an I/O
 * error). The others (disk full, statement timeout…) abort the transaction: nothing written.
 */
const MAYBE_LANDED = (s: string) => s.startsWith('08') || s.startsWith('58') || s === '57P01' || s === '57P02' || s === '57P05';

/** Whether a driver error leaves its connection unusable (drop it from the pool rather than reuse it). */
export function connectionBroken(err: unknown): boolean {
  const s = sqlStateOf(err);
  return s === undefined || OUTAGE_CLASSES.has(s.slice(0, 2));
}

function hintFor(sqlState: string | undefined): string | undefined {
  if (sqlState === '53100') return 'the database disk is full: nothing of this operation was written — free disk space (or grow the volume), then send the command again.';
  if (sqlState === '57014') return 'the statement ran past statementTimeoutMs and was cancelled: nothing of it was written — check the database load, or raise the option.';
  return undefined;
}

/**
 * A failed store operation's error: an outage as {@link StoreUnavailableError}, anything
 * already typed or a plain SQL error (a bug, a schema mismatch) as it is.
 */
export function storeError(operation: string, err: unknown): unknown {
  if (err instanceof HandoffError) return err;
  const sqlState = sqlStateOf(err);
  if (sqlState !== undefined && !OUTAGE_CLASSES.has(sqlState.slice(0, 2))) return err;
  const cause = err instanceof ConnectFailed ? err.cause : err;
  const hint = hintFor(sqlState);
  return new StoreUnavailableError(operation, cause, { ...(sqlState !== undefined ? { sqlState } : {}), ...(hint !== undefined ? { hint } : {}) });
}

/**
 * A failed commit's outage error, or undefined when the failure is not an outage: not sent
 * (no connection) or refused by the database for want of resources → `STORE_UNAVAILABLE`
 * (nothing written); sent and the connection lost before the answer → `COMMIT_UNKNOWN`.
 */
export function commitOutage(err: unknown): StoreUnavailableError | undefined {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof HandoffError) return undefined;
  if (err instanceof ConnectFailed) return new StoreUnavailableError('commit', err.cause, { ...(sqlStateOf(err.cause) ? { sqlState: sqlStateOf(err.cause)! } : {}) });
  const sqlState = sqlStateOf(err);
  if (sqlState === undefined) return new CommitUnknownError(err);
  if (!OUTAGE_CLASSES.has(sqlState.slice(0, 2))) return undefined;
  if (MAYBE_LANDED(sqlState)) return new CommitUnknownError(err, sqlState);
  const hint = hintFor(sqlState);
  return new StoreUnavailableError('commit', err, { sqlState, ...(hint !== undefined ? { hint } : {}) });
}

/**
 * The store with every method's failure mapped by {@link storeError} (methods added later are
 * covered too). Properties that are not functions are kept as they are.
 */
export function withTypedErrors<S extends object>(store: S): S {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== 'function') {
      Object.defineProperty(out, name, Object.getOwnPropertyDescriptor(store, name)!);
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    out[name] = async (...args: unknown[]) => {
      try {
        return await fn.apply(store, args);
      } catch (err) {
        throw storeError(name, err);
      }
    };
  }
  return out as S;
}
