/**
 * Three engine node processes on one PostgreSQL server run 5,000 instances with timers
 * (multinodeChild.ts); node B is SIGKILLed mid-run while it holds timer leases. Its leased
 * timers and its jobs are taken over when the (2 s) leases end; every timer fires exactly
 * once across the cluster, every instance completes, and a subscriber on node A receives,
 * once each, the start and completion events of the instances only node C started.
 * Then a call activity and a signal on three fresh nodes: B and C park callers (each calls a
 * child whose timer any node may fire, then waits for the `wave` signal); a broadcast from A
 * reaches every one of them exactly once, a second broadcast (from C) none; then two
 * broadcasts at once (A and B) reach the next parked callers exactly once in the cluster.
 * Seeded timer durations: the seed is printed, HANDOFF_SEED replays it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRecord } from '@handoff/engine';
import { postgresStore, type PostgresStore } from '../src/index';
import { CALLEE_ID, CALLER_ID, verifyCalls, WAVE } from './crashCalls';
import { bundleChild, crashSeed, killAllChildren, removeBundles, spawnTs } from './crashHarness';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres } from './support';

const CHILD = new URL('./multinodeChild.ts', import.meta.url).pathname;
const PER_NODE = { a: 1_667, b: 1_667, c: 1_666 } as const;
const TOTAL = PER_NODE.a + PER_NODE.b + PER_NODE.c;
const LEASE = 2_000;

type NodeId = keyof typeof PER_NODE;

/** The node script, bundled once for the file. */
let bundled: Promise<string> | undefined;
const nodeScript = () => (bundled ??= bundleChild(CHILD));

/** A node process and the IPC messages it sent. */
interface Node {
  id: NodeId;
  messages: Record<string, unknown>[];
  proc: ReturnType<typeof spawnTs>['proc'];
  stderr: () => string;
  exit: ReturnType<typeof spawnTs>['exit'];
}

function startNode(id: NodeId, url: string, script: string): Node {
  const s = spawnTs(script, { url, nodeId: id, lease: LEASE }, () => undefined, true);
  const node: Node = { id, messages: [], proc: s.proc, stderr: s.stderr, exit: s.exit };
  s.proc.on('message', (m) => node.messages.push(m as Record<string, unknown>));
  return node;
}

/** Poll until `check` holds; throw after `ms` (with `what` and the nodes' stderr). */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string, nodes: Node[] = []): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    const dead = nodes.find((n) => n.proc.exitCode !== null);
    if (dead) throw new Error(`node ${dead.id} exited (code ${dead.proc.exitCode}) while waiting for ${what}:\n${dead.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${nodes.map((n) => `[${n.id}] ${n.stderr().slice(-2_000)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const message = (node: Node, key: string) => node.messages.find((m) => key in m);

/** Send `cmd` to `node` and wait for its next message carrying `key`. */
async function ask(node: Node, cmd: Record<string, unknown>, key: string, nodes: Node[]): Promise<Record<string, unknown>> {
  const from = node.messages.length;
  node.proc.send(cmd);
  await until(() => node.messages.slice(from).some((m) => key in m), 60_000, `${node.id}'s answer to ${String(cmd.cmd)}`, nodes);
  return node.messages.slice(from).find((m) => key in m)!;
}

if (!skippedWithoutPostgres('three engine node processes on one PostgreSQL server')) {
  describe('Feature: three engine node processes share one PostgreSQL server, and one of them dies', () => {
    let server: PgServer | undefined;
    let db: PostgresStore | undefined;
    beforeAll(async () => {
      server = await startPostgres();
      db = postgresStore({ url: server.url, cluster: false, maxConnections: 2 });
      await db.ready;
    }, 60_000);
    afterAll(async () => {
      killAllChildren();
      removeBundles();
      await db?.close();
      server?.stop();
    }, 30_000);

    it(`Scenario: ${TOTAL} instances with timers on nodes A, B, C; B is killed holding leases; every timer fires once, every instance completes, A hears C's events once each`, async () => {
      const seed = crashSeed();
      console.info(`[multinode] seed ${seed} (replay: HANDOFF_SEED=${seed} npx vitest run packages/store-postgres/test/cluster.multinode)`);
      const count = async (sql: string, params: unknown[] = []) => Number((await db!.query<{ n: string | number }>(sql, params)).rows[0]!.n);
      const t0 = Date.now();
      // given three nodes, each deployed and listening to the others' commits
      const script = await nodeScript();
      const nodes = (['a', 'b', 'c'] as const).map((id) => startNode(id, server!.url, script));
      const [a, b, c] = nodes as [Node, Node, Node];
      await until(() => nodes.every((n) => message(n, 'ready')), 90_000, 'the nodes to be ready', nodes);
      await until(async () => (await count("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN handoff_commits'")) >= 3, 30_000, 'three LISTEN connections', nodes);
      const tReady = Date.now();
      // when each node starts its share of the instances (timers of 0.2–3 s)
      for (const n of nodes) n.proc.send({ cmd: 'start', prefix: n.id, count: PER_NODE[n.id], seed });
      // and B is killed mid-run, once it has started its share and holds leased timers
      await until(() => message(b, 'started') !== undefined, 120_000, 'B to start its instances', nodes);
      await until(async () => (await count('SELECT count(*) AS n FROM handoff_timers WHERE lease_owner = $1', ['b'])) >= 5, 60_000, 'B to hold timer leases', nodes);
      b.proc.kill('SIGKILL');
      await b.exit;
      const tKill = Date.now();
      const leasedByB = (await db!.query<{ id: string; kind: string; instance_id: string; lease_until: string }>('SELECT id, kind, instance_id, lease_until FROM handoff_timers WHERE lease_owner = $1', ['b'])).rows;
      const completedAtKill = await count("SELECT count(*) AS n FROM handoff_instances WHERE status = 'completed'");
      const live = [a, c];
      // then A and C complete every instance
      await until(() => live.every((n) => message(n, 'started')), 120_000, 'A and C to start their instances', live);
      await until(async () => (await count("SELECT count(*) AS n FROM handoff_instances WHERE status = 'completed'")) === TOTAL, 150_000, `all ${TOTAL} instances to complete`, live);
      const tDone = Date.now();
      // A's bus may lag behind the database (it reads the other nodes' commits back, and
      // catches up on announcements lost with B): ask until A has seen every C instance end, or 60 s
      const cIds = (await db!.query<{ id: string }>("SELECT id FROM handoff_instances WHERE business_key LIKE 'c-%'")).rows.map((r) => r.id);
      let report = new Map<string, { started: number; completed: number }>();
      const askA = async (): Promise<boolean> => {
        const asked = a.messages.length;
        a.proc.send({ cmd: 'report', prefix: 'c' });
        await until(() => a.messages.slice(asked).some((m) => 'report' in m), 30_000, "A's report", live);
        const answer = a.messages.slice(asked).find((m) => 'report' in m)!.report as [string, number, number][];
        report = new Map(answer.map(([id, st, cpl]) => [id, { started: st, completed: cpl }]));
        return cIds.every((id) => report.get(id)?.completed === 1);
      };
      await until(askA, 60_000, "A's subscriber to see every instance C started complete", live).catch(() => undefined);
      const tHeard = Date.now();
      for (const n of live) n.proc.send({ cmd: 'close' });
      for (const n of live) expect((await n.exit).code, n.stderr()).toBe(0);
      console.info(
        `[multinode] ready in ${((tReady - t0) / 1000).toFixed(1)} s; B killed ${((tKill - tReady) / 1000).toFixed(1)} s into the run with ${completedAtKill}/${TOTAL} completed, ` +
          `holding ${leasedByB.length} timer leases; all completed ${((tDone - tKill) / 1000).toFixed(1)} s after the kill; A had heard of all C's completions ${((tHeard - tDone) / 1000).toFixed(1)} s later`,
      );

      // every instance exists once per business key and completed
      expect(await count('SELECT count(*) AS n FROM handoff_instances')).toBe(TOTAL);
      expect(await count('SELECT count(DISTINCT business_key) AS n FROM handoff_instances')).toBe(TOTAL);
      // every timer was fired exactly once across the cluster (each instance schedules one and
      // fires it once), and none is left behind
      const timers = (
        await db!.query<{ scheduled: string; fired: string; distinct_fired: string; early: string }>(
          `SELECT count(*) FILTER (WHERE record->>'type' = 'timer.scheduled') AS scheduled,
                  count(*) FILTER (WHERE record->>'type' = 'timer.fired') AS fired,
                  count(DISTINCT record->>'timerId') FILTER (WHERE record->>'type' = 'timer.fired') AS distinct_fired,
                  count(*) FILTER (WHERE record->>'type' = 'timer.fired' AND (record->>'at')::bigint < (record->>'dueAt')::bigint) AS early
           FROM handoff_events`,
        )
      ).rows[0]!;
      expect({ scheduled: Number(timers.scheduled), fired: Number(timers.fired), distinctFired: Number(timers.distinct_fired), early: Number(timers.early) }).toEqual({
        scheduled: TOTAL,
        fired: TOTAL,
        distinctFired: TOTAL,
        early: 0,
      });
      expect(await count('SELECT count(*) AS n FROM handoff_timers')).toBe(0);
      // per instance: started once, its job completed once, its approval (every fifth) completed once, completed once
      const perInstance = (
        await db!.query<{ instance_id: string; started: string; jobs: string; approvals: string; completed: string }>(
          `SELECT instance_id,
                  count(*) FILTER (WHERE record->>'type' = 'process.started') AS started,
                  count(*) FILTER (WHERE record->>'type' = 'job.completed') AS jobs,
                  count(*) FILTER (WHERE record->>'type' = 'task.completed') AS approvals,
                  count(*) FILTER (WHERE record->>'type' = 'process.completed') AS completed
           FROM handoff_events GROUP BY instance_id`,
        )
      ).rows;
      expect(perInstance).toHaveLength(TOTAL);
      const keys = new Map((await db!.query<{ id: string; business_key: string }>('SELECT id, business_key FROM handoff_instances')).rows.map((r) => [r.id, r.business_key]));
      const wrong = perInstance.filter((r) => {
        const i = Number(keys.get(r.instance_id)!.split('-')[1]);
        return Number(r.started) !== 1 || Number(r.jobs) !== 1 || Number(r.completed) !== 1 || Number(r.approvals) !== (i % 5 === 0 ? 1 : 0);
      });
      expect(wrong.slice(0, 5)).toEqual([]);
      // the timers B held when it died fired once each, never while B's lease lasted: taken
      // over by A or C once it ended; or fired by B itself (a commit B had sent before the kill
      // that the server finished after it); or by the node that held the timer before B, whose
      // firing started inside its own lease (a node fires nothing after its lease ends) and
      // committed after B had acquired the timer (history rows name the node that wrote them)
      expect(leasedByB.length).toBeGreaterThan(0);
      let takenOver = 0;
      for (const t of leasedByB.filter((x) => x.kind === 'instance')) {
        const h = (await db!.query<{ node: string | null; record: HistoryRecord }>("SELECT node, record FROM handoff_events WHERE instance_id = $1 AND record->>'type' = 'timer.fired'", [t.instance_id])).rows;
        const fired = h.filter((r) => 'timerId' in r.record && r.record.timerId === t.id);
        expect(fired, t.id).toHaveLength(1);
        if (fired[0]!.node === 'b') continue;
        const at = fired[0]!.record.at;
        const [from, until] = [Number(t.lease_until) - LEASE, Number(t.lease_until)];
        expect(at < from || at >= until, `${t.id} fired by ${fired[0]!.node} at ${at}, inside B's lease [${from}, ${until})`).toBe(true);
        if (at >= until) takenOver++;
      }
      expect(takenOver).toBeGreaterThan(0);
      // and the instances B started got their jobs done by A or C where B could not finish them
      const workedBy = (await db!.query<{ by: string; n: string }>("SELECT state->'variables'->>'workedBy' AS by, count(*) AS n FROM handoff_instances WHERE business_key LIKE 'b-%' GROUP BY 1")).rows;
      expect(workedBy.filter((r) => r.by !== 'b').reduce((s, r) => s + Number(r.n), 0)).toBeGreaterThan(0);
      // a subscriber on A saw the start and completion of each instance C started, exactly once
      expect(cIds).toHaveLength(PER_NODE.c);
      const missed = cIds.filter((id) => report.get(id)?.started !== 1 || report.get(id)?.completed !== 1);
      expect(missed.map((id) => [id, report.get(id)]).slice(0, 5)).toEqual([]);
      expect(report.size).toBe(PER_NODE.c);
    }, 400_000);

    it('Scenario: B and C park callers of a call activity on a signal; one broadcast from A reaches each exactly once, a second one none; two at once share them', async () => {
      const seed = crashSeed();
      const PARKED = 100;
      const count = async (sql: string, params: unknown[] = []) => Number((await db!.query<{ n: string | number }>(sql, params)).rows[0]!.n);
      const t0 = Date.now();
      // given three fresh nodes
      const script = await nodeScript();
      const trio = (['a', 'b', 'c'] as const).map((id) => startNode(id, server!.url, script));
      const [a, b, c] = trio as [Node, Node, Node];
      await until(() => trio.every((n) => message(n, 'ready')), 90_000, 'the nodes to be ready', trio);
      await until(async () => (await count("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN handoff_commits'")) >= 3, 30_000, 'three LISTEN connections', trio);
      const waiting = () => count("SELECT count(*) AS n FROM handoff_subscriptions WHERE key_kind = 'signal' AND message_name = $1", [WAVE]);
      const completed = (processId: string) => count("SELECT count(*) AS n FROM handoff_instances WHERE process_id = $1 AND status = 'completed'", [processId]);
      const keysOf = (prefixes: string[], n: number) => prefixes.flatMap((p) => Array.from({ length: n }, (_, i) => `${p}-call-${i}`));
      // when B and C each start callers, whose children wait 50–750 ms, then wait for the signal
      await Promise.all([b, c].map((n) => ask(n, { cmd: 'park', prefix: n.id, count: PARKED, seed }, 'parked', trio)));
      await until(async () => (await waiting()) === 2 * PARKED, 60_000, `all ${2 * PARKED} callers to wait for the signal`, trio);
      const tParked = Date.now();
      expect(await completed(CALLEE_ID)).toBe(2 * PARKED);
      expect(await completed(CALLER_ID)).toBe(0);
      // and A broadcasts the signal, then C broadcasts it again
      const fromA = await ask(a, { cmd: 'broadcast', name: WAVE }, 'broadcast', trio);
      const tBroadcast = Date.now();
      const fromC = await ask(c, { cmd: 'broadcast', name: WAVE }, 'broadcast', trio);
      // then A's reached every parked caller, C's none; every caller completed once after its one child; the signal was received once each, by A
      expect([fromA.received, fromC.received]).toEqual([2 * PARKED, 0]);
      const first = await verifyCalls(db!, keysOf(['b', 'c'], PARKED), 'a');
      expect(first.problems).toEqual([]);
      expect(first.stats).toEqual({ callers: 2 * PARKED, callees: 2 * PARKED, signalsReceived: 2 * PARKED });

      // when B and C park more callers and A and B broadcast at the same moment
      const MORE = PARKED / 2;
      await Promise.all([b, c].map((n) => ask(n, { cmd: 'park', prefix: `${n.id}2`, count: MORE, seed }, 'parked', trio)));
      await until(async () => (await waiting()) === 2 * MORE, 60_000, `the ${2 * MORE} new callers to wait for the signal`, trio);
      const both = await Promise.all([a, b].map((n) => ask(n, { cmd: 'broadcast', name: WAVE }, 'broadcast', trio)));
      // then each waiting caller received it exactly once in the cluster: the two broadcasts share them
      expect(both.reduce((sum, r) => sum + Number(r.received), 0)).toBe(2 * MORE);
      const all = await verifyCalls(db!, [...keysOf(['b', 'c'], PARKED), ...keysOf(['b2', 'c2'], MORE)]);
      expect(all.problems).toEqual([]);
      expect(all.stats).toEqual({ callers: 2 * PARKED + 2 * MORE, callees: 2 * PARKED + 2 * MORE, signalsReceived: 2 * PARKED + 2 * MORE });
      // the children's timers were fired, and their callers continued, by whichever node held them
      const byNode = (await db!.query<{ node: string; n: string }>("SELECT node, count(*) AS n FROM handoff_events e JOIN handoff_instances i ON i.id = e.instance_id WHERE i.process_id = $1 AND e.record->>'type' = 'call.completed' GROUP BY node ORDER BY node", [CALLER_ID])).rows;
      for (const n of trio) n.proc.send({ cmd: 'close' });
      for (const n of trio) expect((await n.exit).code, n.stderr()).toBe(0);
      console.info(`[multinode signal] ${2 * PARKED} callers parked by B and C in ${((tParked - t0) / 1000).toFixed(1)} s (nodes' start included); A's broadcast took ${((tBroadcast - tParked) / 1000).toFixed(1)} s; concurrent broadcasts from A and B reached ${both.map((r) => r.received).join(' + ')}; call.completed written by ${byNode.map((r) => `${r.node}: ${r.n}`).join(', ')}`);
    }, 200_000);
  });
}
