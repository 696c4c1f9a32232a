/**
 * Side by side with another checkout: this tree's engine against the engine of the checkout
 * at `BENCH_BASE` (e.g. a worktree of the last release), on this tree's fixtures, in one
 * process. Each round runs every fixture on both engines for WINDOW_MS, cut into slices that
 * alternate between them (the first alternating by round), so both see the same load on a
 * shared machine. Reported: median instances/s per engine and the median per-round ratio.
 *
 * ```sh
 * git worktree add /tmp/base <rev> && (cd /tmp/base && npx -y pnpm@10 install)
 * BENCH_BASE=/tmp/base npx tsx --expose-gc --conditions=@handoff/source packages/engine/bench/compareTrees.ts
 * ```
 *
 * @module
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { loadFixtures } from './fixtures';
import { handoffRunner, type HandoffRunner } from './handoff';
import { median, num, table } from './stats';

const base = process.env.BENCH_BASE;
if (!base) {
  console.error('set BENCH_BASE to the root of the checkout to compare with');
  process.exit(2);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 700);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);

type RunnerFactory = (fx: ReturnType<typeof loadFixtures>[number]) => Promise<HandoffRunner>;
const baseRunner = ((await import(pathToFileURL(join(base, 'packages/engine/bench/handoff.ts')).href)) as { handoffRunner: RunnerFactory }).handoffRunner;

async function slice(r: HandoffRunner, ms: number): Promise<{ n: number; ms: number }> {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) {
    await r.runOne();
    n++;
  }
  return { n, ms: performance.now() - t0 };
}

console.log(`This tree vs ${base}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rows: string[][] = [];
// BENCH_ONLY=ten-tasks,user-xor: only the fixtures whose file names start with one of these.
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
for (const fx of loadFixtures().filter((f) => !only || only.some((o) => f.file.startsWith(o)))) {
  const rates: { cur: number[]; old: number[]; ratio: number[] } = { cur: [], old: [], ratio: [] };
  for (let round = -1; round < ROUNDS; round++) {
    const cur = await handoffRunner(fx);
    const old = await baseRunner(fx);
    const acc = { cur: { n: 0, ms: 0 }, old: { n: 0, ms: 0 } };
    for (let s = 0; s < SLICES; s++) {
      const order: ('cur' | 'old')[] = (round + s) % 2 === 0 ? ['cur', 'old'] : ['old', 'cur'];
      for (const k of order) {
        const r = await slice(k === 'cur' ? cur : old, WINDOW_MS / SLICES);
        acc[k].n += r.n;
        acc[k].ms += r.ms;
      }
    }
    await cur.engine.close();
    await old.engine.close();
    if (round < 0) continue; // warm-up
    const c = (acc.cur.n / acc.cur.ms) * 1000;
    const o = (acc.old.n / acc.old.ms) * 1000;
    rates.cur.push(c);
    rates.old.push(o);
    rates.ratio.push(c / o);
  }
  rows.push([fx.file, num(median(rates.old)), num(median(rates.cur)), `${median(rates.ratio).toFixed(2)}x`, `${Math.min(...rates.ratio).toFixed(2)} .. ${Math.max(...rates.ratio).toFixed(2)}`]);
}
console.log(table(['fixture', 'base inst/s', 'this tree inst/s', 'ratio this/base', 'ratio range'], rows));
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
