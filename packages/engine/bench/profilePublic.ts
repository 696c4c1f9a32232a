/**
 * Profile the public path alone (three user tasks via tasks.query + complete, N instances on one engine):
 * `node --cpu-prof --cpu-prof-dir=DIR --import tsx --conditions=@handoff/source bench/profilePublic.ts`,
 * then `bench/cpuprofile.ts DIR`. Knob: PROFILE_N (20000).
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock, type Actor } from '@handoff/engine';
import { loadFixtures } from './fixtures';
import { CLOCK_START } from './handoff';

const N = Number(process.env.PROFILE_N ?? 20_000);
const ACTOR: Actor = { id: 'bench', roles: ['clerk'] };
const fx = loadFixtures().find((f) => f.file === 'three-user-tasks.bpmn')!;
const engine = createEngine({ store: memoryStore(), clock: virtualClock(CLOCK_START), ids: sequentialIds('bench') });
await engine.deploy({ bpmn: fx.handoffXml });
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  const inst = await engine.start(fx.processId);
  for (let step = 0; step < 3; step++) {
    const [task] = await engine.tasks.query({ instanceId: inst.id, state: 'open' });
    await engine.tasks.complete(task!.id, ACTOR);
  }
}
const cpu = process.cpuUsage(c0);
console.log(`${N} instances: ${((performance.now() - t0) / N).toFixed(4)} ms wall, ${((cpu.user + cpu.system) / 1000 / N).toFixed(4)} ms CPU per instance`);
await engine.close();
