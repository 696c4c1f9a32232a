/**
 * `pnpm bench` (durable part): the engine on its durable stores, side by side in one run.
 *
 * 1. Throughput: start → user task → complete → end (the task id from `task.created`, as a
 *    host's live work list gets it; and on the server also from `tasks.query({ instanceId })`,
 *    as a tasklist polling the store gets it), many clients at once, on the memory
 *    store, embedded PGlite (a file-backed data directory) and a PostgreSQL 15 server with
 *    fsync on (the server default: every commit reaches the disk) — with the store's default
 *    group commit, and with it off (one transaction per command). Rounds alternate the
 *    order; reported: median instances/s per store and the ratio to the memory store.
 * 2. Timer lateness under load (PostgreSQL server): instances with 0.2–1 s timers started
 *    while the throughput load runs; lateness = firing time − due time, p50/p99/max.
 * 3. Restart to ready with 100,000 parked instances (PostgreSQL server): a new store and
 *    engine on the database, until the first command on a parked instance has committed;
 *    and how many instance rows that read (from pg_stat_user_tables: lazy loading reads one).
 *
 * Needs root and PostgreSQL 15 binaries (like the server tests); otherwise it says so and
 * runs the memory and PGlite parts only. Knobs: BENCH_DURABLE_ROUNDS (5), BENCH_DURABLE_MS
 * (4000), BENCH_DURABLE_CLIENTS (48), BENCH_PARKED_DURABLE (100000).
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, memoryStore, type Engine, type Store } from '@handoff/engine';
import pg from 'pg';
import { postgresStore, type CommitQueueStats } from '../src/index';
import { startPostgres, unavailable, type PgServer } from '../test/pgServer';
// The engine bench's helpers (benchmarks are not published; one copy of them).
import { median, num as fmt, quantile, verdict } from '../../engine/bench/stats';

const ROUNDS = Number(process.env.BENCH_DURABLE_ROUNDS ?? 5);
const WINDOW_MS = Number(process.env.BENCH_DURABLE_MS ?? 4000);
const CLIENTS = Number(process.env.BENCH_DURABLE_CLIENTS ?? 48);
const PARKED = Number(process.env.BENCH_PARKED_DURABLE ?? 100_000);
const POOL = Number(process.env.BENCH_DURABLE_POOL ?? 20);
const TARGET_PG = 1000;
const ALONE = 'PostgreSQL 15, group commit off';
const QUERIED = 'PostgreSQL 15 (fsync on), tasks.query in the loop';
const TARGET_READY_MS = 5000;

const TASK_BPMN = readFileSync(new URL('./fixtures/one-task.bpmn', import.meta.url), 'utf8');
const TIMER_BPMN = readFileSync(new URL('./fixtures/one-timer.bpmn', import.meta.url), 'utf8');
const actor = { id: 'ana', roles: ['clerk'] };

interface Subject {
  name: string;
  engine: Engine;
  /** The store's commit statistics (PostgreSQL stores). */
  stats?: CommitQueueStats;
  /** Find the task with `tasks.query({ instanceId })` instead of from `task.created`. */
  queried?: boolean;
  close(): Promise<void>;
}

async function subject(name: string, store: Store & { close?: () => Promise<void>; commitStats?: CommitQueueStats }): Promise<Subject> {
  const engine = createEngine({ store });
  await engine.deploy({ bpmn: [TASK_BPMN, TIMER_BPMN] });
  const tasks = new Map<string, string>();
  taskOf.set(engine, tasks);
  engine.on('task.created', (e) => tasks.set(e.instanceId, e.task.id));
  return {
    name,
    engine,
    ...(store.commitStats ? { stats: store.commitStats } : {}),
    async close() {
      await engine.close();
      await store.close?.();
    },
  };
}

/** The open task of each instance, from `task.created` (what a host's live work list hears). */
const taskOf = new WeakMap<Engine, Map<string, string>>();

/** One instance start → task → complete → end. */
async function oneInstance(engine: Engine): Promise<void> {
  const inst = await engine.start('oneTask', { amount: 120 });
  const tasks = taskOf.get(engine)!;
  const taskId = tasks.get(inst.id)!;
  tasks.delete(inst.id);
  await engine.tasks.complete(taskId, actor, { approved: true });
}

/** One instance the way a tasklist drives it: start → `tasks.query({ instanceId })` → complete → end. */
async function oneQueriedInstance(engine: Engine): Promise<void> {
  const inst = await engine.start('oneTask', { amount: 120 });
  taskOf.get(engine)!.delete(inst.id);
  const [task] = await engine.tasks.query({ instanceId: inst.id, state: 'open' });
  await engine.tasks.complete(task!.id, actor, { approved: true });
}

/** `clients` loops for `ms`; returns instances/s. `queried`: the task found with `tasks.query` (a round trip more per instance). */
async function throughput(engine: Engine, ms: number, clients: number, queried = false): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        await (queried ? oneQueriedInstance(engine) : oneInstance(engine));
        n++;
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const why = unavailable();
  console.log(`Handoff durable stores: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; node ${process.version}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`workload: start → user task → complete → end, ${CLIENTS} clients, ${ROUNDS} rounds x ${WINDOW_MS} ms per store (order alternating)\n`);
  const t0 = performance.now();
  let server: PgServer | undefined;
  const dirs: string[] = [];
  try {
    if (why) console.log(`PostgreSQL server part skipped: ${why}\n`);
    else server = await startPostgres({ fsync: true });
    const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-pglite-'));
    dirs.push(dir);
    const subjects: Subject[] = [await subject('memory', memoryStore()), await subject('PGlite (file)', postgresStore({ dataDir: dir }))];
    if (server) {
      subjects.push(await subject('PostgreSQL 15 (fsync on)', postgresStore({ url: server.url, nodeId: 'bench', maxConnections: POOL })));
      // The same server with group commit off: one transaction per engine command, for
      // comparison. Its own database: two nodes on one database would each read the other's
      // commits back (event fan-out), which is cluster work, not this workload.
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE DATABASE handoff_alone');
      await admin.end();
      subjects.push(await subject(ALONE, postgresStore({ url: server.url.replace(/\/postgres$/, '/handoff_alone'), nodeId: 'bench-alone', maxConnections: POOL, groupCommit: false })));
    }

    // The same server store and engine with tasks.query in the loop (issue 15), in the same rounds.
    const pgStore = subjects.find((x) => x.name.startsWith('PostgreSQL 15 (fsync'));
    if (pgStore) subjects.splice(subjects.indexOf(pgStore) + 1, 0, { name: QUERIED, engine: pgStore.engine, queried: true, close: async () => undefined });

    // 1. Throughput
    for (const s of subjects) await throughput(s.engine, 500, CLIENTS, s.queried); // warm-up
    const results = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? [...subjects].reverse() : subjects;
      for (const s of order) results.get(s.name)!.push(await throughput(s.engine, WINDOW_MS, CLIENTS, s.queried));
    }
    const mem = median(results.get('memory')!);
    console.log(`${'store'.padEnd(49)}  median inst/s      min      max   vs memory`);
    console.log(`${'-'.repeat(49)}  -------------  -------  -------  ----------`);
    for (const s of subjects) {
      const xs = results.get(s.name)!;
      console.log(`${s.name.padEnd(49)}  ${fmt(median(xs)).padStart(13)}  ${fmt(Math.min(...xs)).padStart(7)}  ${fmt(Math.max(...xs)).padStart(7)}  ${(median(xs) / mem).toFixed(3).padStart(10)}`);
    }

    for (const s of subjects.filter((x) => x.stats)) {
      const st = s.stats!;
      console.log(`  ${s.name}: ${fmt(st.commands)} commits in ${fmt(st.statements)} statements (${fmt(st.commands / st.statements, 1)} per statement, largest group ${st.largestGroup}, ${st.retried} sent again)`);
    }

    const verdicts: [string, string, boolean][] = [];
    const pgSubject = subjects.find((s) => s.name.startsWith('PostgreSQL 15 (fsync'));
    if (pgSubject && server) {
      const pgRate = median(results.get(pgSubject.name)!);
      verdicts.push([`durable throughput on the PostgreSQL server >= ${fmt(TARGET_PG)}/s`, `${fmt(pgRate)}/s`, pgRate >= TARGET_PG]);
      const queriedRate = median(results.get(QUERIED) ?? []);
      verdicts.push([`... with tasks.query({ instanceId }) in the loop >= ${fmt(TARGET_PG)}/s`, `${fmt(queriedRate)}/s`, queriedRate >= TARGET_PG]);

      // What one instance costs the primary: WAL bytes and commits (for docs/scaling.md).
      const probe = new pg.Client({ connectionString: server.url });
      await probe.connect();
      const lsn = async () => String((await probe.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l);
      const xacts = async () => Number((await probe.query("SELECT xact_commit AS n FROM pg_stat_database WHERE datname = 'postgres'")).rows[0].n);
      const [l0, x0] = [await lsn(), await xacts()];
      const sample = 2000;
      await Promise.all(Array.from({ length: 20 }, async () => {
        for (let i = 0; i < sample / 20; i++) await oneInstance(pgSubject.engine);
      }));
      await probe.query('SELECT pg_stat_clear_snapshot()');
      const wal = Number((await probe.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS d', [l0])).rows[0].d);
      const commits = (await xacts()) - x0;
      await probe.end();
      console.log(`\nPer instance on the primary (start → task → complete, ${fmt(sample)} instances): ${fmt(wal / sample)} B of WAL, ${fmt(commits / sample, 1)} transactions (commits + reads)`);

      // 2. Timer lateness under load
      const lateness: number[] = [];
      const onFired = (e: { type: string; at: number; dueAt?: number }) => {
        if (e.type === 'timer.fired' && e.dueAt !== undefined) lateness.push(e.at - e.dueAt);
      };
      pgSubject.engine.on('timer.fired', onFired as never);
      const timers = 400;
      const load = throughput(pgSubject.engine, 3000, CLIENTS);
      for (let i = 0; i < timers; i++) {
        await pgSubject.engine.start('oneTimer', { waitFor: `PT${(200 + ((i * 37) % 800)) / 1000}S` });
        await new Promise((r) => setTimeout(r, 5));
      }
      await load;
      const deadline = Date.now() + 10_000;
      while (lateness.length < timers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      pgSubject.engine.off('timer.fired', onFired as never);
      console.log(`\nTimer lateness under load (PostgreSQL server, ${fmt(lateness.length)}/${timers} timers of 0.2–1 s while ${CLIENTS} clients run the workload):`);
      console.log(`  p50 ${fmt(quantile(lateness, 0.5))} ms, p99 ${fmt(quantile(lateness, 0.99))} ms, max ${fmt(Math.max(...lateness))} ms`);

      // 3. Restart to ready with parked instances
      for (const s of subjects) await s.close();
      subjects.length = 0;
      const ready = await restartToReady(server.url.replace(/\/postgres$/, '/handoff_restart'), PARKED, server.url);
      console.log(`\nRestart to ready with ${fmt(ready.parked)} parked instances (PostgreSQL server):`);
      console.log(`  seeded in ${fmt(ready.seedMs / 1000, 1)} s; ready (first command on a parked instance committed) in ${fmt(ready.readyMs)} ms; instance rows read: ${fmt(ready.rowsRead)}`);
      verdicts.push([`restart to ready with ${fmt(ready.parked)} parked < ${fmt(TARGET_READY_MS)} ms`, `${fmt(ready.readyMs)} ms`, ready.readyMs < TARGET_READY_MS]);
      verdicts.push(['restart reads only the instances it touches', `${fmt(ready.rowsRead)} rows`, ready.rowsRead <= 10]);
    }
    for (const s of subjects) await s.close();

    if (verdicts.length) {
      console.log('\nTargets');
      for (const [what, measured, ok] of verdicts) console.log(`  ${what.padEnd(60)} ${measured.padStart(12)}  ${verdict(ok)}`);
    }
    console.log(`\nDone in ${fmt((performance.now() - t0) / 1000, 1)} s; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}. The machine may be shared: read the ratios.`);
  } finally {
    server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * Park `parked` instances at a user task: 1,000 through the engine, the rest as copies of
 * those rows under new ids (instances, tasks, history) in SQL — what a database holds after
 * months of cases — then time a fresh store + engine to its first command.
 */
async function restartToReady(url: string, parked: number, adminUrl: string): Promise<{ parked: number; seedMs: number; readyMs: number; rowsRead: number }> {
  const seed0 = performance.now();
  {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE handoff_restart');
    await admin.end();
  }
  {
    const store = postgresStore({ url, nodeId: 'seed', maxConnections: 20 });
    const engine = createEngine({ store });
    await engine.deploy({ bpmn: [TASK_BPMN, TIMER_BPMN] });
    await Promise.all(Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 50; i++) await engine.start('oneTask', { amount: i });
    }));
    await engine.close();
    const copies = Math.max(0, Math.ceil(parked / 1000) - 1);
    if (copies > 0) {
      const sql = [
        `INSERT INTO handoff_instances (id, process_id, status, business_key, rev, state)
         SELECT i.id || '-' || c, i.process_id, i.status, i.business_key, i.rev, jsonb_set(i.state, '{id}', to_jsonb(i.id || '-' || c))
         FROM handoff_instances i CROSS JOIN generate_series(1, $1) AS c WHERE i.id NOT LIKE '%-%-%-%-%-%'`,
        `INSERT INTO handoff_tasks (id, instance_id, process_id, element_id, role, candidate_groups, assignee, state, business_key, created_at, record)
         SELECT split_part(t.id, '/', 1) || '-' || c || '/' || split_part(t.id, '/', 2), t.instance_id || '-' || c, t.process_id, t.element_id, t.role, t.candidate_groups, t.assignee, t.state, t.business_key, t.created_at,
                jsonb_set(jsonb_set(t.record, '{id}', to_jsonb(split_part(t.id, '/', 1) || '-' || c || '/' || split_part(t.id, '/', 2))), '{instanceId}', to_jsonb(t.instance_id || '-' || c))
         FROM handoff_tasks t CROSS JOIN generate_series(1, $1) AS c WHERE t.instance_id NOT LIKE '%-%-%-%-%-%'`,
        `INSERT INTO handoff_history (instance_id, records)
         SELECT h.instance_id || '-' || c, (SELECT jsonb_agg(jsonb_set(r, '{instanceId}', to_jsonb(h.instance_id || '-' || c)) ORDER BY i) FROM jsonb_array_elements(h.records) WITH ORDINALITY AS e(r, i))
         FROM handoff_history h CROSS JOIN generate_series(1, $1) AS c WHERE h.instance_id NOT LIKE '%-%-%-%-%-%' ORDER BY c, h.seq`,
      ];
      for (const q of sql) await store.query(q, [copies]);
      await store.query('VACUUM ANALYZE handoff_instances');
      await store.query('VACUUM ANALYZE handoff_tasks');
    }
    await store.close();
  }
  const seedMs = performance.now() - seed0;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const count = Number((await admin.query('SELECT count(*) AS n FROM handoff_instances WHERE status = $1', ['active'])).rows[0].n);
  const [victim] = (await admin.query("SELECT id FROM handoff_tasks WHERE state = 'open' ORDER BY id DESC LIMIT 1")).rows as { id: string }[];
  const stat = async () => {
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const r = (await admin.query("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_user_tables WHERE relname = 'handoff_instances'")).rows[0] as { n: string };
    return Number(r.n);
  };
  await new Promise((r) => setTimeout(r, 700)); // let the statistics collector settle
  const before = await stat();

  const t0 = performance.now();
  const store = postgresStore({ url, nodeId: 'restarted' });
  const engine = createEngine({ store });
  await engine.deploy({ bpmn: [TASK_BPMN, TIMER_BPMN] });
  await engine.tasks.complete(victim!.id, actor, { approved: true });
  const readyMs = performance.now() - t0;
  await engine.close();
  await store.close();
  await new Promise((r) => setTimeout(r, 700));
  const rowsRead = (await stat()) - before;
  await admin.end();
  return { parked: count, seedMs, readyMs, rowsRead };
}

await main();
