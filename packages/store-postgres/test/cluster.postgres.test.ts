/**
 * Two engine nodes in one process on one PostgreSQL server (the multi-process test with
 * kills is cluster.multinode.test.ts): event fan-out, wake-ups for timers another node
 * scheduled, and a job handed out again when its lease ends.
 */
import { readFileSync } from 'node:fs';
import { createEngine, type Engine, type EngineEvent, type JobHandler } from '@handoff/engine';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/index';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres, truncateAll } from './support';

const BPMN = readFileSync(new URL('./fixtures/wait-then-work.bpmn', import.meta.url), 'utf8');

/** JSON with sorted keys (records read back from jsonb come with their keys reordered). */
function canonical(x: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, w]) => [k, sort(w)])) : v;
  return JSON.stringify(sort(x));
}

/** Resolve when `check` holds, polling; fail after `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

if (!skippedWithoutPostgres('two engine nodes on one PostgreSQL server')) {
  describe('Feature: two engine nodes on one PostgreSQL server', () => {
    let server: PgServer | undefined;
    let stores: PostgresStore[] = [];
    let engines: Engine[] = [];

    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(() => server?.stop(), 30_000);

    beforeEach(async () => {
      const admin = new pg.Pool({ connectionString: server!.url, max: 1 });
      const s = postgresStore({ pool: admin, cluster: false });
      await s.ready;
      await truncateAll(s);
      await admin.end();
      return async () => {
        for (const e of engines) await e.close();
        for (const st of stores) await st.close();
        engines = [];
        stores = [];
      };
    });

    const node = async (nodeId: string, handlers: Record<string, JobHandler>, options: { jobLease?: number } = {}) => {
      const store = postgresStore({ url: server!.url, nodeId });
      stores.push(store);
      const engine = createEngine({ store, handlers, ...options });
      engines.push(engine);
      await engine.deploy({ bpmn: BPMN });
      return engine;
    };

    it('Scenario: a subscriber on node A receives, once each, the events of instances that node B runs', async () => {
      // given two nodes (every node registers the handlers of the processes it runs)
      const a = await node('a', { work: () => ({ done: true }) });
      const b = await node('b', { work: () => ({ done: true }) });
      const seenOnA: EngineEvent[] = [];
      a.on('event', (e) => seenOnA.push(e));
      const seenOnB: EngineEvent[] = [];
      b.on('event', (e) => seenOnB.push(e));
      // when B starts 10 instances that complete without waiting
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await b.start('waitThenWork', { waitFor: 'PT0S' })).id);
      await until(async () => (await b.instances.list({ status: 'completed' })).length === 10, 15_000, 'completions');
      await until(() => seenOnA.filter((e) => e.type === 'process.completed').length === 10, 15_000, 'fan-out');
      // then both nodes saw the same events, each once (a node sees its own commits first, so
      // commits of two nodes about one instance may interleave differently: compare as sets)
      await until(() => seenOnB.filter((e) => e.type === 'process.completed').length === 10, 15_000, 'fan-out to B');
      for (const id of ids) {
        const onA = seenOnA.filter((e) => 'instanceId' in e && e.instanceId === id).map(canonical);
        const onB = seenOnB.filter((e) => 'instanceId' in e && e.instanceId === id).map(canonical);
        expect(new Set(onA).size).toBe(onA.length);
        expect([...onA].sort()).toEqual([...onB].sort());
        expect(onA.length).toBeGreaterThan(5);
      }
      // and B did not hear its own commits twice
      expect(new Set(seenOnB.map(canonical)).size).toBe(seenOnB.length);
    }, 30_000);

    it("Scenario: node B's commits are never announced (lost announcements): node A still hears each of B's events once, and fires B's timers", async () => {
      // given node B does not announce its commits (as if each announcement were lost)
      const a = await node('a', { work: () => ({ by: 'a' }) });
      const storeB = postgresStore({ url: server!.url, nodeId: 'b', cluster: false });
      stores.push(storeB);
      const b = createEngine({ store: storeB, handlers: { work: () => ({ by: 'b' }) } });
      engines.push(b);
      await b.deploy({ bpmn: BPMN });
      const seenOnA: EngineEvent[] = [];
      a.on('event', (e) => seenOnA.push(e));
      // when B starts instances waiting 1.5 s, then stops
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await b.start('waitThenWork', { waitFor: 'PT1.5S' })).id);
      await b.close();
      // then A catches up on B's events (once each) and fires the timers B left
      await until(async () => (await a.instances.list({ status: 'completed' })).length === 5, 15_000, 'A to fire the timers');
      for (const id of ids) {
        const started = seenOnA.filter((e) => e.type === 'process.started' && e.instanceId === id);
        expect(started).toHaveLength(1);
        expect(seenOnA.filter((e) => e.type === 'process.completed' && e.instanceId === id)).toHaveLength(1);
        const all = seenOnA.filter((e) => 'instanceId' in e && e.instanceId === id).map(canonical);
        expect(new Set(all).size).toBe(all.length);
      }
    }, 30_000);

    it('Scenario: timers that node B schedules and B does not fire (it stopped) are fired by node A, each once', async () => {
      // given
      const a = await node('a', { work: () => ({ by: 'a' }) });
      const b = await node('b', { work: () => ({ by: 'b' }) });
      // when B starts instances waiting 1.5 s, then stops (before they are due)
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push((await b.start('waitThenWork', { waitFor: 'PT1.5S' })).id);
      await b.close();
      // then A is woken (it never polled) and fires every timer once
      await until(async () => (await a.instances.list({ status: 'completed' })).length === 8, 15_000, 'A to fire the timers');
      for (const id of ids) {
        const h = await a.history(id);
        expect(h.filter((e) => e.type === 'timer.fired')).toHaveLength(1);
        expect((await a.instances.get(id))?.variables.by).toBe('a');
      }
    }, 30_000);

    it("Scenario: a job whose node does not answer within the lease is handed out again, same job id and attempt; the late answer changes nothing", async () => {
      // given node B's handler hangs on the first job it gets; node A's answers
      let release: () => void = () => undefined;
      const hung = new Promise<void>((r) => (release = r));
      const calls: { node: string; jobId: string; attempt: number }[] = [];
      const b = await node('b', { work: async (job) => {
        calls.push({ node: 'b', jobId: job.jobId, attempt: job.attempt });
        if (calls.filter((c) => c.node === 'b').length === 1) await hung;
        return { by: 'b' };
      } }, { jobLease: 1_000 });
      // when B starts the instance (B runs its job first)
      const inst = await b.start('waitThenWork', { waitFor: 'PT0S' });
      await until(() => calls.length === 1, 5_000, 'the first job');
      const a = await node('a', { work: async (job) => {
        calls.push({ node: 'a', jobId: job.jobId, attempt: job.attempt });
        return { by: 'a' };
      } }, { jobLease: 1_000 });
      // then, after the lease, the job runs again (on A or B) and the instance completes once
      await until(async () => (await a.instances.get(inst.id))?.status === 'completed', 15_000, 'the job handed out again');
      expect(calls.length).toBeGreaterThanOrEqual(2);
      expect(new Set(calls.map((c) => `${c.jobId}#${c.attempt}`)).size).toBe(1);
      release();
      await b.idle();
      const h = await a.history(inst.id);
      expect(h.filter((e) => e.type === 'job.completed')).toHaveLength(1);
      expect(h.filter((e) => e.type === 'process.completed')).toHaveLength(1);
    }, 30_000);

    it('Scenario: two nodes deploying the same file at the same moment agree on one version', async () => {
      // given
      const storeA = postgresStore({ url: server!.url, nodeId: 'a' });
      const storeB = postgresStore({ url: server!.url, nodeId: 'b' });
      stores.push(storeA, storeB);
      const a = createEngine({ store: storeA });
      const b = createEngine({ store: storeB });
      engines.push(a, b);
      // when
      await Promise.all([a.deploy({ bpmn: BPMN }), b.deploy({ bpmn: BPMN })]);
      // then
      expect((await a.processes.list()).map((p) => p.version)).toEqual([1]);
      expect((await storeA.getDeployments()).map((d) => d.key)).toEqual(['waitThenWork:1']);
    }, 30_000);
  });
}
