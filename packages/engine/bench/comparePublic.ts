/**
 * The public path side by side with another checkout: this tree's engine against the engine
 * of the checkout at `BENCH_BASE`, in one process, slices alternating (as `compareTrees.ts`).
 * Shape: start → `tasks.query({ instanceId, state: 'open' })` → complete, three user tasks;
 * each engine runs PRELOAD instances first (a store that already holds history), then the
 * rounds. Reported: median instances/s (CPU) per engine and the median per-round ratio.
 *
 * ```sh
 * BENCH_BASE=/tmp/base npx tsx --expose-gc --conditions=@handoff/source packages/engine/bench/comparePublic.ts
 * ```
 *
 * Knobs: BENCH_ROUNDS (9), BENCH_WINDOW_MS (800), BENCH_SLICES (4), BENCH_PRELOAD (20000).
 *
 * @module
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as current from '../src/index';
import { loadFixtures } from './fixtures';
import { CLOCK_START } from './handoff';
import { median, num, table } from './stats';

const base = process.env.BENCH_BASE;
if (!base) {
  console.error('set BENCH_BASE to the root of the checkout to compare with');
  process.exit(2);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 800);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const PRELOAD = Number(process.env.BENCH_PRELOAD ?? 20_000);
const other = (await import(pathToFileURL(join(base, 'packages/engine/src/index.ts')).href)) as typeof current;
const fx = loadFixtures().find((f) => f.file === 'three-user-tasks.bpmn')!;
const ACTOR = { id: 'bench', roles: ['clerk'] };

async function runner(lib: typeof current) {
  const engine = lib.createEngine({ store: lib.memoryStore(), clock: lib.virtualClock(CLOCK_START), ids: lib.sequentialIds('bench') });
  await engine.deploy({ bpmn: fx.handoffXml });
  const runOne = async () => {
    const inst = await engine.start(fx.processId);
    for (let step = 0; step < 3; step++) {
      const [task] = await engine.tasks.query({ instanceId: inst.id, state: 'open' });
      await engine.tasks.complete(task!.id, ACTOR);
    }
  };
  for (let i = 0; i < PRELOAD; i++) await runOne();
  return { engine, runOne };
}

async function slice(r: Awaited<ReturnType<typeof runner>>, ms: number): Promise<{ n: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (performance.now() - t0 < ms) {
    await r.runOne();
    n++;
  }
  const c = process.cpuUsage(c0);
  return { n, cpu: (c.user + c.system) / 1000 };
}

console.log(`Public path, this tree vs ${base}; preload ${num(PRELOAD)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const cur = await runner(current);
const old = await runner(other);
const rates = { cur: [] as number[], old: [] as number[], ratio: [] as number[] };
for (let round = -1; round < ROUNDS; round++) {
  const acc = { cur: { n: 0, cpu: 0 }, old: { n: 0, cpu: 0 } };
  for (let s = 0; s < SLICES; s++) {
    const order: ('cur' | 'old')[] = (round + s) % 2 === 0 ? ['cur', 'old'] : ['old', 'cur'];
    for (const k of order) {
      const r = await slice(k === 'cur' ? cur : old, WINDOW_MS / SLICES);
      acc[k].n += r.n;
      acc[k].cpu += r.cpu;
    }
  }
  if (round < 0) continue;
  const c = (acc.cur.n / acc.cur.cpu) * 1000;
  const o = (acc.old.n / acc.old.cpu) * 1000;
  rates.cur.push(c);
  rates.old.push(o);
  rates.ratio.push(c / o);
}
console.log(table(['base inst/s (CPU)', 'this tree inst/s (CPU)', 'ratio this/base', 'ratio range'], [[num(median(rates.old)), num(median(rates.cur)), `${median(rates.ratio).toFixed(2)}x`, `${Math.min(...rates.ratio).toFixed(2)} .. ${Math.max(...rates.ratio).toFixed(2)}`]]));
await cur.engine.close();
await old.engine.close();
