/**
 * The public path at scale (issue 15): the user-task shape a tasklist drives — start →
 * `tasks.query({ instanceId })` → complete, three user tasks in a row — through the public
 * API, N instances one after another on one engine and its memory store, side by side with
 * bpmn-engine on the same BPMN in the same run.
 *
 * 1. Cost per instance at N = 1,000, 20,000 and 100,000: the CPU time (and wall time) of the
 *    last WINDOW instances before each N (the marginal cost at that store size). bpmn-engine (one
 *    `Engine` per instance, nothing kept) runs a slice of BENCH_PUBLIC_BPMN instances right after each
 *    Handoff window: same load, one ratio per N.
 * 2. Heap per completed instance, without retention (everything kept) and with
 *    `historyTimeToLive: 0` (removed once ended): heapUsed after gc at each N.
 * 3. PARKED instances waiting in a user task of a lane role: heap per instance, and
 *    `tasks.query({ role, limit: 50 })` latency (median and p99 of QUERIES calls).
 *
 * Environment knobs: BENCH_PUBLIC_N (1000,20000,100000), BENCH_PUBLIC_WINDOW (1000),
 * BENCH_PUBLIC_BPMN (300: bpmn-engine instances per slice), BENCH_PUBLIC_PARKED (1000000),
 * BENCH_PUBLIC_QUERIES (2000).
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type Actor } from '@handoff/engine';
import { bpmnEngineRunner } from './bpmnEngine';
import { loadFixtures, type BenchFixture } from './fixtures';
import { CLOCK_START } from './handoff';
import { median, num, quantile, table, verdict } from './stats';

const CHECKPOINTS = (process.env.BENCH_PUBLIC_N ?? '1000,20000,100000').split(',').map(Number);
const warmCheckpoints = [...CHECKPOINTS];
const WINDOW = Number(process.env.BENCH_PUBLIC_WINDOW ?? 1000);
const PARKED = Number(process.env.BENCH_PUBLIC_PARKED ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_PUBLIC_QUERIES ?? 2000);
const BPMN_SLICE = Number(process.env.BENCH_PUBLIC_BPMN ?? 300);
/** bpmn-engine instances run untimed after the gc that precedes each of its slices. */
const SETTLE = 100;
const ACTOR: Actor = { id: 'bench', roles: ['clerk'] };

/** CPU ms used by this process since `c0`. */
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

/** A lane-role version of the three-user-task shape, for the parked run (`tasks.query({ role })`). */
const LANE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_parked" targetNamespace="http://handoff.dev/bench">
  <bpmn:process id="parked" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="clerk"><bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>review</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

interface Curve {
  /** ms per instance over the window before each checkpoint (wall time). */
  msPerInstance: number[];
  /** CPU ms (user + system, all threads of the process: GC included) per instance over the same windows. */
  cpuMsPerInstance: number[];
  /** heapUsed after gc at each checkpoint, bytes. */
  heap: number[];
}

/** Run the shape up to the last checkpoint, timing the window before each; `between` runs after each window (untimed for Handoff). */
async function handoffCurve(fx: BenchFixture, gc: () => void, historyTimeToLive: number | undefined, between: () => Promise<void>, measureHeap = true): Promise<Curve> {
  const engine = createEngine({ store: memoryStore(), clock: virtualClock(CLOCK_START), ids: sequentialIds('bench'), ...(historyTimeToLive !== undefined ? { historyTimeToLive } : {}) });
  await engine.deploy({ bpmn: fx.handoffXml });
  const out: Curve = { msPerInstance: [], cpuMsPerInstance: [], heap: [] };
  let done = 0;
  const runOne = async () => {
    const inst = await engine.start(fx.processId);
    for (let step = 0; step < 3; step++) {
      const [task] = await engine.tasks.query({ instanceId: inst.id, state: 'open' });
      if (!task) throw new Error(`instance ${inst.id}: no open task at step ${step + 1}`);
      await engine.tasks.complete(task.id, ACTOR);
    }
  };
  for (const n of CHECKPOINTS) {
    // No forced gc right before the window: after global.gc() the next few thousand
    // instances run up to 3x slower (measured), which would charge a benchmark artefact to
    // the store size. The gc for the heap figure comes after the window.
    while (done < n - WINDOW) {
      await runOne();
      done++;
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    while (done < n) {
      await runOne();
      done++;
    }
    out.msPerInstance.push((performance.now() - t0) / WINDOW);
    out.cpuMsPerInstance.push(cpuMs(c0) / WINDOW);
    await engine.idle();
    if (measureHeap) {
      gc();
      out.heap.push(process.memoryUsage().heapUsed);
    }
    await between();
  }
  const last = await engine.instances.get(`bench-${done}`);
  if (historyTimeToLive === undefined && last?.status !== 'completed') throw new Error(`the last instance did not complete: ${JSON.stringify(last)}`);
  if (historyTimeToLive !== undefined && last !== undefined) throw new Error('with historyTimeToLive 0 the last instance should be gone');
  await engine.close();
  return out;
}

async function parked(gc: () => void) {
  const engine = createEngine({ store: memoryStore(), clock: virtualClock(CLOCK_START), ids: sequentialIds('p') });
  await engine.deploy({ bpmn: LANE_XML });
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < PARKED; i++) await engine.start('parked');
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / PARKED;
  const times: number[] = [];
  let page = 0;
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const tasks = await engine.tasks.query({ role: 'clerk', limit: 50 });
    times.push(performance.now() - t);
    page = tasks.length;
  }
  // a tasklist's later page, and the open tasks of the role (two filters)
  const deepTimes: number[] = [];
  let deep: unknown[] = [];
  for (let i = 0; i < 50; i++) {
    const t1 = performance.now();
    deep = await engine.tasks.query({ role: 'clerk', state: 'open', limit: 50, offset: 500 });
    deepTimes.push(performance.now() - t1);
  }
  const deepMs = median(deepTimes);
  if (page !== 50 || deep.length !== 50) throw new Error(`expected pages of 50, got ${page} and ${deep.length}`);
  await engine.close();
  return { heap, startsPerSecond: PARKED / seconds, p50: median(times), p99: quantile(times, 0.99), deepMs };
}

/** Run the public-path benchmark and print its tables. */
export async function publicPath(gc: () => void): Promise<void> {
  const fx = loadFixtures().find((f) => f.file === 'three-user-tasks.bpmn')!;
  const b = await bpmnEngineRunner(fx);
  const bpmnMs: number[] = [];
  const bpmnCpu: number[] = [];
  const bpmnSlice = async () => {
    gc();
    for (let i = 0; i < SETTLE; i++) await b.runOne();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < BPMN_SLICE; i++) await b.runOne();
    bpmnMs.push((performance.now() - t0) / BPMN_SLICE);
    bpmnCpu.push(cpuMs(c0) / BPMN_SLICE);
  };
  // Warm-up (JIT, and a young generation grown back after the last gc) on a throwaway
  // engine, without gc, right before each curve: N = 1,000 is neither a cold start nor
  // right after a forced gc.
  const warmUp = async () => {
    CHECKPOINTS.splice(0, CHECKPOINTS.length, 3 * WINDOW);
    await handoffCurve(fx, gc, undefined, async () => undefined, false);
    CHECKPOINTS.splice(0, CHECKPOINTS.length, ...warmCheckpoints);
  };
  await warmUp();
  const kept = await handoffCurve(fx, gc, undefined, bpmnSlice);
  await warmUp();
  const retained = await handoffCurve(fx, gc, 0, async () => undefined);
  // Ratios and growth on CPU time: on a shared machine wall time mostly measures the neighbours.
  const first = kept.cpuMsPerInstance[0]!;
  const rows = CHECKPOINTS.map((n, i) => {
    const h = kept.cpuMsPerInstance[i]!;
    const perKept = i === 0 ? NaN : (kept.heap[i]! - kept.heap[0]!) / (n - CHECKPOINTS[0]!);
    const perRetained = i === 0 ? NaN : (retained.heap[i]! - retained.heap[0]!) / (n - CHECKPOINTS[0]!);
    return [
      num(n),
      num(h, 3),
      num(bpmnCpu[i]!, 2),
      `${num(bpmnCpu[i]! / h, 1)}x`,
      `${num(h / first, 2)}x`,
      `${num(1000 / kept.msPerInstance[i]!)} / ${num(1000 / bpmnMs[i]!, 1)}`,
      num(retained.cpuMsPerInstance[i]!, 3),
      i === 0 ? '-' : num(perKept),
      i === 0 ? '-' : num(perRetained),
    ];
  });
  console.log(`\nPublic path: ${fx.file}, start -> tasks.query({ instanceId, state: 'open' }) -> tasks.complete, x3; one engine and memory store for all N; costs over the ${num(WINDOW)} instances before N`);
  console.log(`(after a warm-up engine; no forced gc right before a window). bpmn-engine: ${num(BPMN_SLICE)} instances (one Engine each, after a gc and ${SETTLE} untimed) right after each Handoff window. CPU: process.cpuUsage (user + system, GC threads included).`);
  console.log(`Heap: heapUsed after gc, (heap(N) - heap(${num(CHECKPOINTS[0]!)})) / instances.`);
  console.log(
    table(['N', 'handoff CPU ms/inst', 'bpmn-engine CPU ms/inst', 'ratio', 'cost vs N=1,000', 'wall inst/s handoff / bpmn-engine', 'CPU ms/inst, retention 0', 'heap B/completed (kept)', 'heap B/completed (retention 0)'], rows),
  );

  const p = await parked(gc);
  console.log(`\nParked: ${num(PARKED)} instances waiting in a user task of lane role 'clerk' (default heap), started at ${num(p.startsPerSecond)}/s`);
  console.log(`heap ${num(p.heap)} B/instance; tasks.query({ role: 'clerk', limit: 50 }) p50 ${num(p.p50, 3)} ms, p99 ${num(p.p99, 3)} ms over ${num(QUERIES)} calls; { role, state: 'open', limit: 50, offset: 500 } ${num(p.deepMs, 3)} ms (median of 50)`);

  const at = (n: number) => CHECKPOINTS.indexOf(n);
  const i20 = at(20_000);
  const i100 = at(100_000);
  const ratio20 = i20 >= 0 ? bpmnCpu[i20]! / kept.cpuMsPerInstance[i20]! : NaN;
  const growth = i100 >= 0 ? kept.cpuMsPerInstance[i100]! / first : NaN;
  const lastRetained = (retained.heap.at(-1)! - retained.heap[0]!) / (CHECKPOINTS.at(-1)! - CHECKPOINTS[0]!);
  console.log('\nTargets (public path)');
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      [
        ['ratio to bpmn-engine at N = 20,000 >= 100x (CPU per instance)', `${num(ratio20, 1)}x`, verdict(ratio20 >= 100)],
        ['cost per instance at N = 100,000 <= 1.5x the cost at 1,000 (CPU)', `${num(growth, 2)}x`, verdict(growth <= 1.5)],
        [`heap per parked instance <= 2,048 B (${num(PARKED)} parked)`, `${num(p.heap)} B`, verdict(p.heap <= 2048)],
        ["tasks.query({ role, limit: 50 }) < 1 ms (p50, p99)", `${num(p.p50, 3)} / ${num(p.p99, 3)} ms`, verdict(p.p99 < 1)],
        ['heap per completed instance with retention: flat (< 64 B)', `${num(lastRetained)} B`, verdict(Math.abs(lastRetained) < 64)],
      ],
    ),
  );
}
