/**
 * Where the public path allocates: V8's sampling heap profiler, counting objects that were
 * collected too, over N instances of the public path (three user tasks via tasks.query +
 * complete). Prints allocation sites by bytes (self), Handoff's own first.
 *
 * `npx tsx --conditions=@handoff/source bench/allocProfile.ts` — knobs: PROFILE_N (10000), PROFILE_FIXTURE.
 *
 * @module
 */
import { Session } from 'node:inspector/promises';
import { createEngine, memoryStore, sequentialIds, virtualClock, type Actor } from '@handoff/engine';
import { loadFixtures } from './fixtures';
import { CLOCK_START } from './handoff';
import { num, table } from './stats';

const N = Number(process.env.PROFILE_N ?? 10_000);
const ACTOR: Actor = { id: 'bench', roles: ['clerk'] };
const fx = loadFixtures().find((f) => f.file === (process.env.PROFILE_FIXTURE ?? 'three-user-tasks.bpmn'))!;
const engine = createEngine({ store: memoryStore(), clock: virtualClock(CLOCK_START), ids: sequentialIds('bench') });
await engine.deploy({ bpmn: fx.handoffXml });
const open: string[] = [];
engine.on('task.created', (e) => open.push(e.task.id));
const runOne = async () => {
  const inst = await engine.start(fx.processId);
  for (;;) {
    const [task] = await engine.tasks.query({ instanceId: inst.id, state: 'open' });
    if (!task) break;
    await engine.tasks.complete(task.id, ACTOR, fx.output);
  }
};
for (let i = 0; i < 2000; i++) await runOne(); // warm up

const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
for (let i = 0; i < N; i++) await runOne();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
session.disconnect();

interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
const self = new Map<string, number>();
let total = 0;
const walk = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/packages\/engine\//, '').replace(/^.*node_modules\//, '');
  const key = `${url}:${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n.selfSize);
  total += n.selfSize;
  for (const c of n.children) walk(c);
};
walk(profile.head);
console.log(`${N} instances of ${fx.file}: ~${num(total / N)} B allocated per instance (sampled)`);
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40)).map(([k, b]) => [k, num(b / N), `${((100 * b) / total).toFixed(1)}%`]);
console.log(table(['site', 'B/instance', 'share'], rows));
await engine.close();
