/**
 * The cost of reading variables at an entry point: `validateVariables` (one walk: JSON rule,
 * depth, exact byte size, copy) beside what it replaced in spirit — `structuredClone` alone,
 * and `JSON.stringify` + UTF-8 length alone (neither checks anything) — side by side in
 * alternating slices, reported as ratios.
 *
 *     cd packages/engine && npx tsx --conditions=@handoff/source bench/variables.ts
 *
 * Environment knobs: BENCH_ROUNDS (7), BENCH_WINDOW_MS (200).
 *
 * @module
 */
import { validateVariables } from '../src/runtime/variables';
import { median, table } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 200);
const enc = new TextEncoder();

const PAYLOADS: Record<string, Record<string, unknown>> = {
  'flat (5 fields)': { approved: true, amount: 120, customer: 'Li Wei', phone: '13800138000', channel: 'phone' },
  'nested (order, 20 items)': { order: { id: 'o-1', items: Array.from({ length: 20 }, (_, i) => ({ sku: `s${i}`, qty: i, price: 9.5, note: '备注' })) }, customer: { name: 'Li', tags: ['a', 'b'] } },
};
const CASES: Record<string, (v: Record<string, unknown>) => unknown> = {
  validateVariables: (v) => validateVariables(v, 'bench'),
  structuredClone: (v) => structuredClone(v),
  'JSON.stringify + bytes': (v) => enc.encode(JSON.stringify(v)).length,
};

function opsPerSec(fn: () => unknown, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    t = performance.now();
  }
  return (n / (t - t0)) * 1000;
}

const rows: string[][] = [];
for (const [name, payload] of Object.entries(PAYLOADS)) {
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [k, fn] of Object.entries(CASES)) {
      const r = opsPerSec(() => fn(payload), WINDOW_MS / 4);
      if (round > 0) results[k]!.push(r); // round 0 warms up
    }
  }
  const base = median(results.validateVariables!);
  for (const k of Object.keys(CASES)) {
    const m = median(results[k]!);
    rows.push([name, k, Math.round(m).toLocaleString('en-US'), `${(1e6 / m).toFixed(2)} µs`, (base / m).toFixed(2)]);
  }
}
console.log(table(['payload', 'case', 'calls/s', 'per call', 'validateVariables ÷ case'], rows));
