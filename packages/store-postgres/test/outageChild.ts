/**
 * One engine node of the database-outage test (outage.postgres.test.ts), as its own process
 * on a PostgreSQL server that the parent crashes and restarts under it. It makes load itself —
 * a start every ~20 ms (short timer → service task → for every fourth case an approval), and
 * approvers completing open approvals — and records what each call answered. It installs no
 * `unhandledRejection` handler: one unhandled rejection ends the process (Node's default),
 * and the parent asserts that it never exited.
 *
 * IPC from the parent: `{ cmd: 'stop' }` (stop starting cases; answers `{ stopped }` once the
 * calls in flight have answered), `{ cmd: 'report' }` (answers `{ report: { outcomes,
 * engineErrors, errorContexts } }`), `{ cmd: 'close' }` (close the engine and store, exit 0).
 */
import { createEngine, HandoffError, TaskNotOpenError, ConcurrencyError } from '@handoff/engine';
import { postgresStore } from '../src/index';
import { MULTINODE_BPMN } from './multinodeWorkload';

/** The child's argument (JSON). */
export interface OutageChildArgs {
  url: string;
  nodeId: string;
}

/** What one call answered: ok, or the error's class, code and whether it is a `HandoffError`. */
export interface Outcome {
  op: 'start' | 'complete' | 'query';
  key: string;
  ok: boolean;
  typed?: boolean;
  name?: string;
  code?: string;
  message?: string;
}

const args = JSON.parse(process.argv[2] ?? '') as OutageChildArgs;
const send = (msg: unknown) => process.send!(msg);

const store = postgresStore({ url: args.url, nodeId: args.nodeId, maxConnections: 6, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000, catchUpMs: 500 });
await store.ready;
const engine = createEngine({
  store,
  timerLease: 1_500,
  jobLease: 1_500,
  handlers: { work: async (job) => ({ workedBy: args.nodeId, at: job.now }) },
});
let engineErrors = 0;
const errorContexts = new Map<string, number>();
engine.on('engine.error', (e) => {
  engineErrors++;
  const ctx = e.context.replace(/ \(.*\)$/, '').replace(/[0-9a-f-]{36}/g, '<id>');
  errorContexts.set(ctx, (errorContexts.get(ctx) ?? 0) + 1);
  // Typed outage errors are expected here; anything else is shown in full.
  const typed = e.error instanceof HandoffError && (e.error.code === 'STORE_UNAVAILABLE' || e.error.code === 'COMMIT_UNKNOWN');
  if (!typed) process.stderr.write(`[${args.nodeId}] engine.error (${e.context}): ${e.error instanceof Error ? e.error.stack : String(e.error)}\n`);
});
await engine.deploy({ bpmn: MULTINODE_BPMN });

const outcomes: Outcome[] = [];
const record = (op: Outcome['op'], key: string, err?: unknown) => {
  if (err === undefined) outcomes.push({ op, key, ok: true });
  else {
    const e = err as { name?: string; code?: string; message?: string };
    outcomes.push({ op, key, ok: false, typed: err instanceof HandoffError, name: e?.name ?? typeof err, code: e?.code, message: String(e?.message ?? err).slice(0, 300) });
  }
};

let loading = true;
const inFlight = new Set<Promise<unknown>>();
const load = (async () => {
  for (let i = 0; loading; i++) {
    const key = `c-${i}`;
    const waitMs = 300 + ((i * 7919) % 1_200);
    const call = engine.start('multinode', { waitFor: `PT${waitMs / 1000}S`, needsApproval: i % 4 === 0 }, { businessKey: key }).then(
      () => record('start', key),
      (err: unknown) => record('start', key, err),
    );
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    await new Promise((r) => setTimeout(r, 20));
    // Bounded: during an outage calls wait for connections; do not pile them up without end.
    while (inFlight.size >= 16) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
})();

let closing = false;
const approver = { id: `approver-${args.nodeId}`, roles: ['approver'] };
const approvals = (async () => {
  while (!closing) {
    let open: Awaited<ReturnType<typeof engine.tasks.query>> = [];
    try {
      open = await engine.tasks.query({ processId: 'multinode', state: 'open' });
    } catch (err) {
      record('query', 'open tasks', err);
    }
    for (const task of open) {
      if (closing) break;
      try {
        await engine.tasks.complete(task.id, approver, { approvedBy: args.nodeId });
        record('complete', task.id);
      } catch (err) {
        // Completed meanwhile (an earlier attempt whose answer was lost, or a concurrent one): not a failure.
        if (!(err instanceof TaskNotOpenError || err instanceof ConcurrencyError)) record('complete', task.id, err);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
})();

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'stop') {
    loading = false;
    void load.then(() => send({ stopped: true }));
  } else if (m.cmd === 'report') {
    send({ report: { outcomes, engineErrors, errorContexts: Object.fromEntries(errorContexts) } });
  } else if (m.cmd === 'close') {
    closing = true;
    void (async () => {
      await approvals;
      await engine.close();
      await store.close();
      process.exit(0);
    })();
  }
});
send({ ready: true });
