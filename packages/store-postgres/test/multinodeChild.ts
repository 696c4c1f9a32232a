/**
 * One engine node of the multi-node test (cluster.multinode.test.ts), as its own process on
 * a PostgreSQL server. Driven by the parent over IPC:
 *
 * - `{ cmd: 'start', prefix, count, seed }`: start `count` instances, business keys
 *   `<prefix>-<i>`, timers of 0.2–3 s (seeded), every fifth one needing an approval;
 * - `{ cmd: 'report', prefix }`: answer with the `process.started` / `process.completed`
 *   events this node's bus delivered for instances whose business key starts with `<prefix>-`;
 * - `{ cmd: 'park', prefix, count, seed }`: start `count` callers (crashCalls.ts), business keys
 *   `<prefix>-call-<i>`: each calls a child with a short timer (any node may fire it), then
 *   waits for the `wave` signal;
 * - `{ cmd: 'broadcast', name }`: broadcast signal `name` from this node, answer how many
 *   waiting catches it reached;
 * - `{ cmd: 'close' }`: close the engine and the store, exit 0.
 *
 * Its simulated approvers poll open tasks and complete them (another node may be first).
 * Messages to the parent: `{ ready }`, `{ started, count }`, `{ report, started, completed }`,
 * `{ parked, count }`, `{ broadcast, received }`.
 */
import { ConcurrencyError, createEngine, TaskNotOpenError } from '@handoff/engine';
import { postgresStore } from '../src/index';
import { CALLER_ID, CALLS_BPMN, callerVariables } from './crashCalls';
import { MULTINODE_BPMN, waitMsOf } from './multinodeWorkload';

const { url, nodeId, lease } = JSON.parse(process.argv[2] ?? '') as { url: string; nodeId: string; lease: number };
const send = (msg: unknown) => process.send!(msg);

const store = postgresStore({ url, nodeId, maxConnections: 6 });
await store.ready;
const engine = createEngine({
  store,
  timerLease: lease,
  jobLease: lease,
  handlers: {
    // At least once, keyed by job.jobId; a little asynchronous work so jobs are in flight when a node dies.
    work: async (job) => {
      await new Promise((r) => setTimeout(r, 5 + (job.now % 20)));
      return { workedBy: nodeId };
    },
  },
});
engine.on('engine.error', (e) => process.stderr.write(`[${nodeId}] engine.error (${e.context}): ${e.error instanceof Error ? e.error.stack : String(e.error)}\n`));

/** process.started / process.completed seen on this node's bus, by instance id, with the business key. */
const seen = new Map<string, { key: string; started: number; completed: number }>();
engine.on('event', (e) => {
  if (e.type !== 'process.started' && e.type !== 'process.completed') return;
  const s = seen.get(e.instanceId) ?? { key: e.businessKey ?? '', started: 0, completed: 0 };
  seen.set(e.instanceId, s);
  if (e.type === 'process.started') s.started++;
  else s.completed++;
});

await engine.deploy({ bpmn: MULTINODE_BPMN });
await engine.deploy({ bpmn: CALLS_BPMN });

// The approvers: complete open approvals; another node may complete one first.
let closing = false;
const approver = { id: `approver-${nodeId}`, roles: ['approver'] };
const approvals = (async () => {
  while (!closing) {
    for (const task of await engine.tasks.query({ processId: 'multinode', state: 'open' })) {
      if (closing) break;
      await engine.tasks.complete(task.id, approver, { approvedBy: nodeId }).catch((err) => {
        if (!(err instanceof TaskNotOpenError || err instanceof ConcurrencyError)) throw err;
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
})().catch((err: unknown) => {
  process.stderr.write(`[${nodeId}] approver: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});

process.on('message', (m: { cmd: string; prefix?: string; count?: number; seed?: number; name?: string }) => {
  void (async () => {
    if (m.cmd === 'start') {
      const { prefix, count, seed } = m as { prefix: string; count: number; seed: number };
      let next = 0;
      // A few starts in flight at a time.
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < count) {
            const i = next++;
            const waitMs = waitMsOf(seed, prefix, i);
            await engine.start('multinode', { waitFor: `PT${waitMs / 1000}S`, needsApproval: i % 5 === 0 }, { businessKey: `${prefix}-${i}` });
          }
        }),
      );
      send({ started: true, count });
    } else if (m.cmd === 'park') {
      const { prefix, count, seed } = m as { prefix: string; count: number; seed: number };
      // The children's timers: 50–750 ms.
      for (let i = 0; i < count; i++) await engine.start(CALLER_ID, callerVariables(Math.round(waitMsOf(seed, `${prefix}-call`, i) / 4)), { businessKey: `${prefix}-call-${i}` });
      send({ parked: true, count });
    } else if (m.cmd === 'broadcast') {
      const result = await engine.signals.broadcast(m.name!, { from: nodeId });
      send({ broadcast: true, received: result.received.length });
    } else if (m.cmd === 'report') {
      const entries = [...seen].filter(([, s]) => s.key.startsWith(`${m.prefix}-`)).map(([id, s]) => [id, s.started, s.completed]);
      send({ report: entries });
    } else if (m.cmd === 'close') {
      closing = true;
      await approvals;
      await engine.close();
      await store.close();
      process.exit(0);
    }
  })().catch((err: unknown) => {
    process.stderr.write(`[${nodeId}] ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  });
});
send({ ready: true });
