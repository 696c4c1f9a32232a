/**
 * DMN speed: evaluations per second of a 20-rule decision table (UNIQUE; three inputs — a
 * string, a number, a boolean — and two outputs), parsed and compiled once. Target:
 * 200,000 evaluations/s of `evaluateDecision` (issue 14). Also measured, without a target:
 * the same table under FIRST and COLLECT + SUM, a two-decision graph, and the public
 * `engine.decisions.evaluate` (async, resolves the version, copies the result).
 *
 * Inputs are drawn beforehand from a seeded generator. After a warm-up, ROUNDS rounds of
 * WINDOW_MS each are timed; the median is reported. Exit code 1 when the target is missed.
 *
 *     cd packages/engine && npx tsx --conditions=@handoff/source bench/dmn.ts
 *
 * Environment knobs: BENCH_ROUNDS (7), BENCH_WINDOW_MS (400).
 *
 * @module
 */
import { cpus, loadavg } from 'node:os';
import { compileDmn, createEngine, evaluateDecision, parseDmn, type DecisionModel } from '@handoff/engine';
import { median, num, table, verdict } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 400);
const TARGET = 200_000;
const N = 1 << 12;

const CATEGORIES = ['travel', 'office', 'training', 'hardware'];
const BANDS = ['< 100', '[100..500)', '[500..2000)', '[2000..10000)', '>= 10000'];

/** The 20-rule table: 4 categories × 5 amount bands; the third input narrows one rule. */
function tableXml(hitPolicy: string, aggregation = ''): string {
  const rules: string[] = [];
  let k = 0;
  for (const c of CATEGORIES) {
    for (const [b, band] of BANDS.entries()) {
      const vip = b === 4 ? 'true' : '-';
      rules.push(`<rule id="r${k}"><inputEntry id="r${k}a"><text>"${c}"</text></inputEntry><inputEntry id="r${k}b"><text>${band.replace('<', '&lt;').replace('>', '&gt;')}</text></inputEntry><inputEntry id="r${k}c"><text>${vip}</text></inputEntry><outputEntry id="r${k}o"><text>${(b + 1) * 0.01}</text></outputEntry>${aggregation ? '' : `<outputEntry id="r${k}p"><text>"${b > 2 ? 'manager' : 'auto'}"</text></outputEntry>`}</rule>`);
      k++;
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench" name="bench" namespace="http://example.com/dmn">
  <decision id="discount" name="discount">
    <decisionTable id="t" hitPolicy="${hitPolicy}"${aggregation ? ` aggregation="${aggregation}"` : ''}>
      <input id="i1" label="Category"><inputExpression id="e1"><text>claim.category</text></inputExpression><inputValues id="v1"><text>${CATEGORIES.map((c) => `"${c}"`).join(',')}</text></inputValues></input>
      <input id="i2" label="Amount"><inputExpression id="e2"><text>claim.amount</text></inputExpression></input>
      <input id="i3" label="VIP"><inputExpression id="e3"><text>customer.vip</text></inputExpression></input>
      <output id="o1" name="rate" />${aggregation ? '' : '<output id="o2" name="route" />'}
      ${rules.join('\n      ')}
    </decisionTable>
  </decision>
  <decision id="route" name="route">
    <informationRequirement id="ir"><requiredDecision href="#discount" /></informationRequirement>
    <literalExpression id="le"><text>if discount.route = "manager" then "queue-m" else "queue-a"</text></literalExpression>
  </decision>
</definitions>`;
}

async function compiled(xml: string, id: string): Promise<DecisionModel> {
  const parsed = await parseDmn(xml);
  const c = compileDmn(parsed.definitions!, parsed.lineOf, () => 1);
  if (c.problems.length) throw new Error(JSON.stringify(c.problems));
  return c.decisions.find((d) => d.id === id)!;
}

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
const inputs = Array.from({ length: N }, () => ({
  claim: { category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!, amount: Math.floor(rand() * 20000) },
  customer: { vip: true },
}));

let sink = 0;
function measure(call: (i: number) => void, ms: number): number {
  let calls = 0;
  const t0 = performance.now();
  let now = t0;
  do {
    for (let i = 0; i < 256; i++) call((calls + i) & (N - 1));
    calls += 256;
    now = performance.now();
  } while (now - t0 < ms);
  return calls / ((now - t0) / 1000);
}
async function measureAsync(call: (i: number) => Promise<void>, ms: number): Promise<number> {
  let calls = 0;
  const t0 = performance.now();
  let now = t0;
  do {
    for (let i = 0; i < 64; i++) await call((calls + i) & (N - 1));
    calls += 64;
    now = performance.now();
  } while (now - t0 < ms);
  return calls / ((now - t0) / 1000);
}

const unique = await compiled(tableXml('UNIQUE'), 'discount');
const first = await compiled(tableXml('FIRST'), 'discount');
const sum = await compiled(tableXml('COLLECT', 'SUM'), 'discount');
const graph = await compiled(tableXml('UNIQUE'), 'route');
const engine = createEngine();
await engine.deploy({ dmn: tableXml('UNIQUE') });

const count = (d: DecisionModel) => (i: number) => {
  sink += evaluateDecision(d, inputs[i]!).matchedRules.length;
};
const cases: { name: string; target?: number; sync?: (i: number) => void; async?: (i: number) => Promise<void> }[] = [
  { name: 'evaluateDecision, UNIQUE, 20 rules', target: TARGET, sync: count(unique) },
  { name: 'evaluateDecision, FIRST, 20 rules', sync: count(first) },
  { name: 'evaluateDecision, COLLECT SUM, 20 rules', sync: count(sum) },
  { name: 'evaluateDecision, graph (table + literal)', sync: count(graph) },
  { name: 'engine.decisions.evaluate, UNIQUE', async: async (i) => void (sink += (await engine.decisions.evaluate('discount', inputs[i]!)).matchedRules.length) },
];

console.log(`DMN decision table, 20 rules x 3 inputs; node ${process.version}; ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${ROUNDS} rounds x ${WINDOW_MS} ms after a warm-up\n`);
for (const c of cases) c.sync ? measure(c.sync, WINDOW_MS) : await measureAsync(c.async!, WINDOW_MS);
const rows: string[][] = [];
let ok = true;
for (const c of cases) {
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) rates.push(c.sync ? measure(c.sync, WINDOW_MS) : await measureAsync(c.async!, WINDOW_MS));
  const m = median(rates);
  const pass = c.target === undefined ? undefined : m >= c.target;
  if (pass === false) ok = false;
  rows.push([c.name, num(m), num(Math.min(...rates)), num(Math.max(...rates)), c.target === undefined ? '-' : `${verdict(pass!)} (>= ${num(c.target)})`]);
}
console.log(table(['evaluation', 'median evals/s', 'min', 'max', 'target'], rows));
console.log(`\n${ok ? 'PASS' : 'FAIL'}: a 20-rule table ${ok ? 'reaches' : 'does not reach'} ${num(TARGET)} evaluations/s. (checksum ${sink % 1000})`);
if (!ok) process.exitCode = 1;
await engine.close();
