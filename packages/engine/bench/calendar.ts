/**
 * Business-calendar speed: calls per second of `addWorkingTime` and `isWorkingTime` on the
 * Shanghai sample calendar (two shifts a day, 2026 holidays and make-up days).
 *
 * Inputs are drawn beforehand from a seeded generator: t uniform in 2026, d uniform
 * between PT1M and PT40H (whole minutes), passed as milliseconds and, in a second run, as
 * ISO 8601 text (`PT7H25M`). After a warm-up round (which also fills the calendar's
 * per-day cache), ROUNDS rounds of WINDOW_MS each are timed; the median is reported and
 * compared with the target of 1,000,000 calls/s. Exit code 1 when a target is missed.
 *
 *     cd packages/engine && npx tsx --conditions=@handoff/source bench/calendar.ts
 *
 * Environment knobs: BENCH_ROUNDS (7), BENCH_WINDOW_MS (400).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { calendarFromJson, type BusinessCalendar } from '@handoff/engine';
import { median, num, table, verdict } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 400);
const TARGET = 1_000_000;
const N = 1 << 16;
const MIN = 60_000;

const cal: BusinessCalendar = calendarFromJson(readFileSync(new URL('../calendars/cn-2026.sample.json', import.meta.url), 'utf8'));

/** mulberry32: a small seeded generator, so every run measures the same inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const rand = rng(2026);
const from = Date.parse('2026-01-01T00:00:00+08:00');
const to = Date.parse('2027-01-01T00:00:00+08:00');
const ts = Float64Array.from({ length: N }, () => from + Math.floor(rand() * (to - from)));
const minutes = Array.from({ length: N }, () => 1 + Math.floor(rand() * 40 * 60));
const dsMs = Float64Array.from(minutes, (m) => m * MIN);
const dsIso = minutes.map((m) => `PT${Math.floor(m / 60) ? `${Math.floor(m / 60)}H` : ''}${m % 60 ? `${m % 60}M` : ''}`);

let sink = 0;

/** Calls/s of `call(i)` over consecutive inputs for about `ms` milliseconds. */
function measure(call: (i: number) => number, ms: number): number {
  let calls = 0;
  const t0 = performance.now();
  let now = t0;
  do {
    for (let i = 0; i < 4096; i++) sink += call((calls + i) & (N - 1));
    calls += 4096;
    now = performance.now();
  } while (now - t0 < ms);
  return calls / ((now - t0) / 1000);
}

const cases: { name: string; target: number | undefined; call: (i: number) => number }[] = [
  { name: 'addWorkingTime(t, ms)', target: TARGET, call: (i) => cal.addWorkingTime(ts[i]!, dsMs[i]!) },
  { name: "addWorkingTime(t, 'PT…')", target: TARGET, call: (i) => cal.addWorkingTime(ts[i]!, dsIso[i]!) },
  { name: 'isWorkingTime(t)', target: TARGET, call: (i) => (cal.isWorkingTime(ts[i]!) ? 1 : 0) },
  { name: 'nextWorkingTime(t)', target: undefined, call: (i) => cal.nextWorkingTime(ts[i]!) },
  { name: 'workingTimeBetween(t, t + d)', target: undefined, call: (i) => cal.workingTimeBetween(ts[i]!, ts[i]! + 1.6 * dsMs[i]!) },
];

console.log(`business calendar '${cal.name}' ${cal.version ?? ''} (${cal.zone}); node ${process.version}; ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}`);
console.log(`inputs: t uniform in 2026, d uniform in [PT1M, PT40H]; ${ROUNDS} rounds x ${WINDOW_MS} ms after a warm-up\n`);

for (const c of cases) measure(c.call, WINDOW_MS); // warm-up: JIT and the per-day cache
const rows: string[][] = [];
let ok = true;
for (const c of cases) {
  const rates = Array.from({ length: ROUNDS }, () => measure(c.call, WINDOW_MS));
  const m = median(rates);
  const pass = c.target === undefined ? undefined : m >= c.target;
  if (pass === false) ok = false;
  rows.push([c.name, num(m), num(Math.min(...rates)), num(Math.max(...rates)), c.target === undefined ? '-' : `${verdict(pass!)} (>= ${num(c.target)})`]);
}
console.log(table(['call', 'median calls/s', 'min', 'max', 'target'], rows));
console.log(`\n${ok ? 'PASS' : 'FAIL'}: addWorkingTime and isWorkingTime ${ok ? 'reach' : 'do not all reach'} ${num(TARGET)} calls/s. (checksum ${sink % 1000})`);
if (!ok) process.exitCode = 1;
