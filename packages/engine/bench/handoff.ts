/**
 * Drives Handoff for the benchmark: a fresh engine per measurement (memory store, virtual
 * clock, `sequentialIds('bench')`), user tasks completed as soon as they are created.
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type Actor, type Engine, type MemoryStore } from '@handoff/engine';
import type { BenchFixture } from './fixtures';

export const CLOCK_START = '2026-03-02T09:00:00+08:00';
/** Tasks in the fixtures have no lane and no candidate groups: open to any actor. */
export const ACTOR: Actor = { id: 'bench', roles: [] };

/** A deployed Handoff engine ready to run one fixture. */
export interface HandoffRunner {
  engine: Engine;
  store: MemoryStore;
  /** Start one instance and complete its user tasks until it ends. */
  runOne(): Promise<void>;
  /** Instances that reached `process.completed`. */
  completed(): number;
}

export async function handoffRunner(fx: BenchFixture): Promise<HandoffRunner> {
  const store = memoryStore();
  const engine = createEngine({ store, clock: virtualClock(CLOCK_START), ids: sequentialIds('bench') });
  await engine.deploy({ bpmn: fx.handoffXml, name: fx.file });
  const open: string[] = [];
  let completed = 0;
  engine.on('task.created', (e) => open.push(e.task.id));
  engine.on('process.completed', () => completed++);
  return {
    engine,
    store,
    completed: () => completed,
    async runOne() {
      await engine.start(fx.processId);
      for (let id = open.pop(); id !== undefined; id = open.pop()) await engine.tasks.complete(id, ACTOR, fx.output);
    },
  };
}

/** Element ids an instance completed (`activity.left`), for the cross-engine path check. */
export async function handoffPath(fx: BenchFixture): Promise<string[]> {
  const r = await handoffRunner(fx);
  await r.runOne();
  const left = (await r.engine.history('bench-1')).flatMap((h) => (h.type === 'activity.left' ? [h.elementId] : []));
  await r.engine.close();
  return left;
}

/** What parking `count` instances at their first user task costs. */
export interface HandoffParked {
  count: number;
  heapBytesPerInstance: number;
  /** `JSON.stringify(store.getInstance(id))`, averaged over the sample. */
  stateJsonBytes: number;
  /** History records as the memory store keeps them (without instanceId / processId / businessKey). */
  historyJsonBytes: number;
  historyRecords: number;
  taskJsonBytes: number;
  /** `store.snapshot()` bytes per instance of a separate store holding `sample` parked instances, deployment excluded. */
  snapshotBytesPerInstance: number;
  sample: number;
  seconds: number;
}

export async function handoffParked(fx: BenchFixture, count: number, sample: number, gc: () => void): Promise<HandoffParked> {
  const r = await handoffRunner(fx);
  const taskIds: string[] = [];
  r.engine.on('task.created', (e) => {
    if (taskIds.length < sample) taskIds.push(e.task.id);
  });
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await r.engine.start(fx.processId);
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const heap = process.memoryUsage().heapUsed - before;

  const probe = await r.engine.instances.get('bench-1');
  if (probe?.status !== 'active' || probe.activeElements.join() !== 'review') throw new Error(`parked instance is not waiting at review: ${JSON.stringify(probe)}`);
  let state = 0;
  let hist = 0;
  let records = 0;
  let task = 0;
  for (let i = 1; i <= sample; i++) {
    const id = `bench-${i}`;
    state += bytes(await r.store.getInstance(id));
    for (const h of await r.store.history(id)) {
      const { instanceId: _i, processId: _p, businessKey: _b, ...stored } = h;
      hist += bytes(stored);
      records++;
    }
  }
  for (const id of taskIds) task += bytes(await r.store.getTask(id));
  await r.engine.close();

  return {
    count,
    heapBytesPerInstance: heap / count,
    stateJsonBytes: state / sample,
    historyJsonBytes: hist / sample,
    historyRecords: records / sample,
    taskJsonBytes: task / taskIds.length,
    snapshotBytesPerInstance: await snapshotPerInstance(fx, sample),
    sample,
    seconds,
  };
}

async function snapshotPerInstance(fx: BenchFixture, n: number): Promise<number> {
  const r = await handoffRunner(fx);
  const empty = Buffer.byteLength(r.store.snapshot());
  for (let i = 0; i < n; i++) await r.engine.start(fx.processId);
  const full = Buffer.byteLength(r.store.snapshot());
  await r.engine.close();
  return (full - empty) / n;
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
