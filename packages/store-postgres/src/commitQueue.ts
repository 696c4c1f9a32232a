/**
 * Group commit: the engine commands' commits that wait while earlier ones are on their way
 * travel together, as one `handoff_commit_many` statement (schema migration 8) — one round
 * trip, one transaction, one WAL flush — each command in its own subtransaction, so each
 * stays atomic and fails alone. Commits leave at the end of the event-loop turn that made
 * them: together with those made in the same turn, or queued while `concurrency` statements
 * are on their way. A commit that is alone goes alone (`handoff_commit`): grouping only
 * forms under load and adds no waiting beyond the current turn.
 * Decision 0009 has the reasoning and the numbers.
 *
 * @module
 */
import { ConcurrencyError, HandoffError } from '@handoff/engine';
import { commitOutage } from './faults';
import type { Sql } from './sql';

/** Options of group commit (`postgresStore({ groupCommit })`). */
export interface GroupCommitOptions {
  /**
   * How many commit statements may be on their way at once; commits arriving meanwhile
   * queue and leave together when one returns. Default 2 on a server, 1 on PGlite (one
   * connection). Higher suits a database server with many cores of its own.
   */
  concurrency?: number;
  /**
   * Most commands in one group. Default 32 (each command is a subtransaction; PostgreSQL
   * caches 64 subtransaction ids per transaction before other sessions' snapshots slow down).
   */
  maxCommands?: number;
}

/** What `handoff_commit` returns: its transaction id, history seq range and earliest new timer. */
export interface CommitAnnouncement {
  x: number | string;
  f: number | string | null;
  t: number | string | null;
  d: number | string | null;
}

/**
 * A commit PostgreSQL refused for a reason other than a conflict (conflicts are the engine's
 * `ConcurrencyError`), whether it travelled alone or in a group: nothing of it was written.
 * Code `COMMIT_FAILED`; `sqlState` is PostgreSQL's SQLSTATE (e.g. `23502`, a NOT NULL column
 * without a value), `detail` its detail line.
 */
export class PostgresCommitError extends HandoffError {
  /** PostgreSQL's SQLSTATE. */
  readonly sqlState: string;
  /** PostgreSQL's detail line, if any. */
  readonly detail: string | undefined;
  constructor(sqlState: string, message: string, detail: string | undefined) {
    super('COMMIT_FAILED', `PostgreSQL refused the commit (SQLSTATE ${sqlState}): ${message}`, 'nothing of this command was written; a constraint or type error means the stored schema and this package disagree (run migrations), anything else is PostgreSQL\'s own error.');
    this.sqlState = sqlState;
    this.detail = detail;
  }
}

/** PostgreSQL's error fields, from `pg`/PGlite or from a group's slot. */
interface PgErrorLike {
  code?: string;
  detail?: string | null;
  message?: string;
}

/**
 * A failed commit's error, the same whether the commit travelled alone or in a group:
 * `handoff_commit`'s conflicts (SQLSTATE HF00x) as the engine's `ConcurrencyError`; an outage
 * (no connection, a connection lost on the way, a full disk) as `StoreUnavailableError` or,
 * when the commit may have landed, `CommitUnknownError` (src/faults.ts); any other SQLSTATE as
 * {@link PostgresCommitError}.
 */
export function commitError(err: unknown): unknown {
  const e = err as PgErrorLike;
  switch (e?.code) {
    case 'HF001': {
      const d = JSON.parse(e.detail ?? '{}') as { id: string; expected: number; actual: number | null };
      return new ConcurrencyError(d.id, d.expected, d.actual ?? undefined);
    }
    case 'HF002':
      return new ConcurrencyError('timer', `a guarded timer is gone or rescheduled: ${e.detail}`);
    case 'HF003':
      return new ConcurrencyError('message', `${e.message}: ${e.detail}`);
    case 'HF004':
      return new ConcurrencyError('subscription', `${e.message}: ${e.detail}`);
    case 'HF005':
      return new ConcurrencyError('deployment', `process version ${e.detail} was deployed meanwhile`);
    default: {
      const outage = commitOutage(err);
      if (outage) return outage;
      if (err instanceof HandoffError) return err;
      // SQLSTATEs are five digits or capital letters; a driver's own codes (ECONNREFUSED…) are not.
      return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? new PostgresCommitError(e.code, e.message ?? '', e.detail ?? undefined) : err;
    }
  }
}

/**
 * A slot of a group that PostgreSQL rolled back for a reason that says nothing about the
 * command itself: chosen as a deadlock victim (commands of two groups waiting on each
 * other's rows), or a serialization failure. Nothing of it was written: send it again.
 */
const TRANSIENT = new Set(['40P01', '40001']);
/** How often a command is sent again after a transient failure before the error is given. */
const TRANSIENT_ATTEMPTS = 5;

interface Pending {
  payload: string;
  attempts: number;
  resolve: (a: CommitAnnouncement) => void;
  reject: (e: unknown) => void;
}

/** One command's result: `handoff_commit_many`'s slot, or a lone commit's outcome (its error as thrown). */
type Slot = { a: CommitAnnouncement } | { e: PgErrorLike };

/** Statistics of a {@link CommitQueue} (benchmarks, tests). */
export interface CommitQueueStats {
  /** Statements sent: single commits plus groups. */
  statements: number;
  /** Commands committed or failed. */
  commands: number;
  /** Largest group sent. */
  largestGroup: number;
  /** Commands sent again after a transient failure (deadlock victim, serialization failure). */
  retried: number;
}

/** Sends the store's commits, grouping those that queue while others are on their way. */
export class CommitQueue {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** A pump is scheduled for the end of this event-loop turn. */
  private scheduled = false;
  private idle: (() => void)[] = [];
  readonly stats: CommitQueueStats = { statements: 0, commands: 0, largestGroup: 0, retried: 0 };

  constructor(
    private readonly sql: Sql,
    private readonly node: string | null,
    private readonly concurrency: number,
    private readonly maxCommands: number,
  ) {}

  /** Commit one batch (as `handoff_commit` JSON); resolves with its announcement once durable. */
  commit(payload: string): Promise<CommitAnnouncement> {
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, attempts: 0, resolve, reject });
      // Leave at the end of this turn of the event loop, not at once: the commits one burst of
      // work makes (e.g. the commands a group's return resumes) then travel together instead
      // of the first leaving alone and the rest waiting behind it (+20% throughput here).
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves when nothing is queued or on its way. */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.concurrency) {
      const group = this.queue.splice(0, this.maxCommands);
      this.inFlight++;
      void this.send(group).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) for (const f of this.idle.splice(0)) f();
      });
    }
  }

  private async send(group: Pending[]): Promise<void> {
    this.stats.statements++;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
    if (group.length === 1) {
      const [p] = group as [Pending];
      try {
        const rows = (await this.sql.query<{ a: CommitAnnouncement }>('SELECT handoff_commit($1::jsonb, $2::text) AS a', [p.payload, this.node])).rows;
        this.settle(p, { a: rows[0]!.a });
      } catch (err) {
        this.settle(p, { e: err as PgErrorLike });
      }
      return;
    }
    let slots: Slot[];
    try {
      const rows = (await this.sql.query<{ r: Slot[] }>('SELECT handoff_commit_many($1::jsonb, $2::text) AS r', [`[${group.map((p) => p.payload).join(',')}]`, this.node])).rows;
      slots = rows[0]?.r ?? [];
    } catch (err) {
      // The statement as a whole failed (connection lost, cancelled): every command with it, as a lone commit would.
      for (const p of group) this.fail(p, err);
      return;
    }
    if (!Array.isArray(slots) || slots.length !== group.length) {
      // Not what handoff_commit_many returns (a schema older than migration 8?): never guess which command landed.
      const err = new Error(`handoff_commit_many returned ${Array.isArray(slots) ? slots.length : typeof slots} results for ${group.length} commits; is the schema at version 8 or later?`);
      for (const p of group) this.fail(p, err);
      return;
    }
    group.forEach((p, i) => this.settle(p, slots[i]!));
  }

  /** Resolve or reject one command from its slot; a transient failure queues it again (at the front). */
  private settle(p: Pending, slot: Slot): void {
    if ('a' in slot) {
      this.stats.commands++;
      p.resolve(slot.a);
      return;
    }
    if (slot.e.code !== undefined && TRANSIENT.has(slot.e.code) && ++p.attempts < TRANSIENT_ATTEMPTS) {
      this.stats.retried++;
      this.queue.unshift(p);
      return;
    }
    this.fail(p, slot.e);
  }

  private fail(p: Pending, err: unknown): void {
    this.stats.commands++;
    p.reject(commitError(err));
  }
}
