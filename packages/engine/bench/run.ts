/**
 * `pnpm bench`: Handoff against bpmn-engine on the same BPMN files, in one process.
 *
 * 1. Path check: one instance per fixture on each engine; both must complete the same elements.
 * 2. Throughput: instances/s to completion, one instance at a time, user tasks completed
 *    as soon as they exist. A warm-up round, then ROUNDS rounds; in each round every
 *    fixture runs WINDOW_MS on each engine, cut in SLICES slices that alternate between
 *    the engines (so both see the same load on a shared machine), the engine going first
 *    alternating by round. Reported: median instances/s per engine and the median of the
 *    per-round ratios.
 * 3. Parked instances: heap and state bytes of instances waiting at a user task.
 * 4. The public path at scale (`publicPath.ts`; alone: `bench/public.ts`; skip: BENCH_PUBLIC=0):
 *    start → tasks.query → complete at N = 1,000 / 20,000 / 100,000 vs bpmn-engine, heap
 *    with and without retention, 1,000,000 parked instances and `tasks.query({ role, limit })`.
 *
 * Environment knobs: BENCH_ROUNDS (7), BENCH_WINDOW_MS (700), BENCH_SLICES (4), BENCH_PARKED (100000),
 * BENCH_PARKED_BPMN_ENGINE (400).
 *
 * @module
 */
import { cpus, loadavg } from 'node:os';
import { bpmnEnginePath, bpmnEngineParked, bpmnEngineRunner, bpmnEngineVersion } from './bpmnEngine';
import { loadFixtures, type BenchFixture } from './fixtures';
import { handoffParked, handoffPath, handoffRunner, CLOCK_START } from './handoff';
import { publicPath } from './publicPath';
import { slaClockHeap } from './slaClocks';
import { median, num, table, verdict } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 700);
const PARKED = Number(process.env.BENCH_PARKED ?? 100_000);
const PARKED_BPMN_ENGINE = Number(process.env.BENCH_PARKED_BPMN_ENGINE ?? 400);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const SAMPLE = 1_000;

const TARGET_RATIO = 100;
const TARGET_HEAP = 2048;
const TARGET_STATE = 1024;

const gcFn = (globalThis as { gc?: () => void }).gc;
if (!gcFn) {
  console.error('global.gc is missing: run with --expose-gc (pnpm bench does).');
  process.exit(1);
}
const gc: () => void = gcFn;

type EngineName = 'handoff' | 'bpmn-engine';

/** Accumulated instances and seconds of one engine in one round. */
interface Tally {
  n: number;
  seconds: number;
}

/** Run instances one after another for at least `ms` (a started instance always finishes). */
async function slice(runOne: () => Promise<void>, ms: number, tally: Tally): Promise<void> {
  gc(); // the other engine's garbage is not charged to this one
  const t0 = performance.now();
  const deadline = t0 + ms;
  do {
    await runOne();
    tally.n++;
  } while (performance.now() < deadline);
  tally.seconds += (performance.now() - t0) / 1000;
}

/**
 * One round of one fixture: each engine gets WINDOW_MS in SLICES slices, the engines
 * alternating slice by slice so that both see the same machine load; instances/s each.
 */
async function round(fx: BenchFixture, first: EngineName): Promise<Record<EngineName, number>> {
  const h = await handoffRunner(fx);
  const b = await bpmnEngineRunner(fx);
  const runners: Record<EngineName, () => Promise<void>> = { handoff: h.runOne, 'bpmn-engine': b.runOne };
  const tally: Record<EngineName, Tally> = { handoff: { n: 0, seconds: 0 }, 'bpmn-engine': { n: 0, seconds: 0 } };
  const order: EngineName[] = first === 'handoff' ? ['handoff', 'bpmn-engine'] : ['bpmn-engine', 'handoff'];
  for (let i = 0; i < SLICES; i++) for (const e of order) await slice(runners[e], WINDOW_MS / SLICES, tally[e]);
  if (h.completed() !== tally.handoff.n) throw new Error(`handoff ${fx.file}: ${h.completed()} of ${tally.handoff.n} instances completed`);
  await h.engine.close();
  return { handoff: tally.handoff.n / tally.handoff.seconds, 'bpmn-engine': tally['bpmn-engine'].n / tally['bpmn-engine'].seconds };
}

/** The distinct elements an instance completed: engines differ in how often a join "leaves" (once per arrival or once). */
const distinct = (ids: string[]) => [...new Set(ids)].sort().join();

async function checkPaths(fixtures: BenchFixture[]): Promise<void> {
  for (const fx of fixtures) {
    const want = distinct([...fx.expectedPath]);
    const h = distinct(await handoffPath(fx));
    const b = distinct(await bpmnEnginePath(fx));
    if (h !== want || b !== want) throw new Error(`${fx.file}: completed elements differ\n  expected    ${want}\n  handoff     ${h}\n  bpmn-engine ${b}`);
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const fixtures = loadFixtures();
  console.log('Handoff vs bpmn-engine');
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Handoff: memoryStore(), virtualClock('${CLOCK_START}'), ids: sequentialIds('bench'); a fresh engine per round and fixture, deploy not timed.`);
  console.log(`bpmn-engine ${bpmnEngineVersion}: one Engine per instance from a sourceContext serialized once per fixture (XML parse not timed).`);
  console.log('User tasks: Handoff engine.tasks.complete(taskId, actor, output) right after start; bpmn-engine: variables set and api.signal() on activity wait.');
  console.log('Fixtures are identical for both engines except user-xor: user-xor.bpmn (FEEL "=approved = true") vs user-xor.bpmn-engine.bpmn ("${environment.variables.approved}"), same graph.');

  await checkPaths(fixtures);
  console.log(`Path check: each fixture completes the same elements on both engines (${fixtures.length} fixtures).`);

  // ---------------------------------------------------------------- throughput
  const results = new Map<string, { handoff: number[]; bpmn: number[]; ratio: number[] }>();
  for (const fx of fixtures) results.set(fx.file, { handoff: [], bpmn: [], ratio: [] });
  for (let r = 0; r <= ROUNDS; r++) {
    for (const fx of fixtures) {
      const got = await round(fx, r % 2 ? 'bpmn-engine' : 'handoff');
      if (r === 0) continue; // warm-up
      const res = results.get(fx.file)!;
      res.handoff.push(got.handoff);
      res.bpmn.push(got['bpmn-engine']);
      res.ratio.push(got.handoff / got['bpmn-engine']);
    }
  }
  console.log(
    `\nThroughput: instances/s to completion, one instance at a time. 1 warm-up + ${ROUNDS} rounds; per round and fixture each engine runs ${WINDOW_MS} ms`,
  );
  console.log(`in ${SLICES} slices alternating with the other engine (first engine alternating by round). Medians over rounds; ratio = median of per-round ratios.`);
  const rows = fixtures.map((fx) => {
    const r = results.get(fx.file)!;
    return [fx.file, num(median(r.handoff)), num(median(r.bpmn), 1), `${num(median(r.ratio), 1)}x`, `${num(Math.min(...r.ratio), 1)}x .. ${num(Math.max(...r.ratio), 1)}x`];
  });
  console.log(table(['fixture', 'handoff inst/s', 'bpmn-engine inst/s', 'ratio handoff/bpmn-engine', 'ratio range'], rows));

  // ---------------------------------------------------------------- parked instances
  const xor = fixtures.find((f) => f.file === 'user-xor.bpmn')!;
  const hp = await handoffParked(xor, PARKED, SAMPLE, gc);
  const bp = await bpmnEngineParked(xor, PARKED_BPMN_ENGINE, 100, gc);
  console.log(`\nParked instances of user-xor.bpmn waiting at the user task (heap: heapUsed after global.gc(), after − before, / count)`);
  console.log(
    table(
      ['engine', 'parked', 'start/s', 'heap B/inst', 'state JSON B/inst', 'state measured as'],
      [
        ['handoff', num(hp.count), num(hp.count / hp.seconds), num(hp.heapBytesPerInstance), num(hp.stateJsonBytes), `JSON.stringify(store.getInstance(id)), ${num(hp.sample)} sampled`],
        ['bpmn-engine', num(bp.count), num(bp.count / bp.seconds, 1), num(bp.heapBytesPerInstance), num(bp.stateJsonBytes), `JSON.stringify(await engine.getState()), ${num(bp.sample)} sampled`],
      ],
    ),
  );
  const full = hp.stateJsonBytes + hp.historyJsonBytes + hp.taskJsonBytes;
  console.log(
    `Handoff store footprint per parked instance (JSON bytes): state ${num(hp.stateJsonBytes)} + history ${num(hp.historyJsonBytes)} (${num(hp.historyRecords, 1)} records, as stored) + task record ${num(hp.taskJsonBytes)} = ${num(full)}; memoryStore.snapshot() delta: ${num(hp.snapshotBytesPerInstance)} B/inst`,
  );
  if (PARKED_BPMN_ENGINE < 10_000) {
    const secs = (10_000 * bp.seconds) / bp.count;
    const gb = (10_000 * bp.heapBytesPerInstance) / 1e9;
    console.log(`bpmn-engine parked count reduced to ${num(bp.count)} (brief: 10,000): 10,000 would take ~${num(secs)} s and ~${num(gb, 1)} GB of heap at the rates measured here.`);
  }

  // ---------------------------------------------------------------- SLA clocks
  const sla = await slaClockHeap(PARKED, gc);
  console.log(`\nOpen SLA clocks: ${num(sla.count)} instances parked at a user task with a 30-minute boundary timer; heap B/inst without SLA ${num(sla.without)}, with an open SLA clock ${num(sla.with)}: ${num(sla.perClock)} B per open clock`);

  // ---------------------------------------------------------------- targets
  const xorRatio = median(results.get('user-xor.bpmn')!.ratio);
  console.log('\nTargets');
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      [
        [`throughput on user-xor >= ${TARGET_RATIO}x bpmn-engine`, `${num(xorRatio, 1)}x`, verdict(xorRatio >= TARGET_RATIO)],
        [`heap per parked Handoff instance <= ${TARGET_HEAP} B`, `${num(hp.heapBytesPerInstance)} B`, verdict(hp.heapBytesPerInstance <= TARGET_HEAP)],
        [`state per parked Handoff instance <= ${TARGET_STATE} B`, `${num(hp.stateJsonBytes)} B`, verdict(hp.stateJsonBytes <= TARGET_STATE)],
        [`heap per open SLA clock <= 1024 B (${num(sla.count)} clocks)`, `${num(sla.perClock)} B`, verdict(sla.perClock <= 1024)],
      ],
    ),
  );
  // ---------------------------------------------------------------- the public path at scale (issue 15)
  if (process.env.BENCH_PUBLIC !== '0') await publicPath(gc);

  console.log(`\nDone in ${num((performance.now() - began) / 1000, 1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}. The machine may be shared: read the ratios, the absolute numbers are informative.`);
}

await main();
