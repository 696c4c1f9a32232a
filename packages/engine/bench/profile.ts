/**
 * `pnpm bench:profile`: where Handoff's time goes on user-xor.bpmn.
 *
 * 1. Phase timing: deploy once; N starts; N completions (separately, so each phase is
 *    measured alone); then N start+complete pairs as the benchmark runs them.
 * 2. With `--cpu-prof --cpu-prof-dir=DIR` (the package script passes it), V8 writes a
 *    CPU profile of the whole run; `bench/cpuprofile.ts DIR` summarises it.
 *
 * Knobs: PROFILE_N (20000), PROFILE_FIXTURE (user-xor.bpmn; any file of bench/fixtures).
 *
 * @module
 */
import { loadFixtures } from './fixtures';
import { ACTOR, handoffRunner } from './handoff';
import { num } from './stats';

const N = Number(process.env.PROFILE_N ?? 20_000);
const fx = loadFixtures().find((f) => f.file === (process.env.PROFILE_FIXTURE ?? 'user-xor.bpmn'))!;

const t0 = performance.now();
const r = await handoffRunner(fx);
const deployMs = performance.now() - t0;
const tasks: string[] = [];
r.engine.on('task.created', (e) => tasks.push(e.task.id));

let t = performance.now();
for (let i = 0; i < N; i++) await r.engine.start(fx.processId);
const startUs = ((performance.now() - t) * 1000) / N;

t = performance.now();
for (const id of tasks) await r.engine.tasks.complete(id, ACTOR, fx.output);
const completeUs = ((performance.now() - t) * 1000) / N;
await r.engine.close();

const pair = await handoffRunner(fx);
t = performance.now();
for (let i = 0; i < N; i++) await pair.runOne();
const pairUs = ((performance.now() - t) * 1000) / N;
if (pair.completed() !== N) throw new Error(`only ${pair.completed()} of ${N} completed`);
await pair.engine.close();

console.log(`Handoff user-xor.bpmn, ${num(N)} instances`);
console.log(`  deploy (first, incl. engine creation)  ${num(deployMs, 1)} ms`);
console.log(`  start      ${num(startUs, 1)} µs/instance  (parks at the user task)`);
console.log(`  complete   ${num(completeUs, 1)} µs/task      (task → XOR → end)`);
console.log(`  start+complete, interleaved  ${num(pairUs, 1)} µs/instance = ${num(1e6 / pairUs)} instances/s`);
