/**
 * Property: snapshot the store at a random point, round-trip it through JSON into a fresh
 * store and a fresh engine, continue: the event trail equals the uninterrupted run's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, virtualClock, type EngineEvent, type MemoryStore } from '../../src/index';
import { fixture } from '../support';
import { fcParams } from '../fc';

const T0 = '2026-03-02T09:00:00+08:00';
const XML = fixture('properties/restore.bpmn');
const clerk = { id: 'c', roles: ['clerk'] };

type Cmd = { op: 'complete'; inst: number } | { op: 'advance'; minutes: number } | { op: 'ping'; inst: number };
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant('complete' as const), inst: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constant('ping' as const), inst: fc.integer({ min: 0, max: 2 }) }),
);

/** An engine over `store` at clock time `now`, with its events appended to `trail`. */
async function boot(store: MemoryStore, now: number | string, trail: EngineEvent[], counter: { n: number }) {
  const clock = virtualClock(now);
  const engine = createEngine({ clock, store, ids: () => `i${++counter.n}` });
  engine.on('event', (e) => trail.push(e));
  await engine.deploy({ bpmn: XML }); // a restarted host deploys again: unchanged XML keeps its version
  await engine.idle();
  return { clock, engine, store };
}

async function apply(engine: Awaited<ReturnType<typeof boot>>['engine'], clock: Awaited<ReturnType<typeof boot>>['clock'], c: Cmd): Promise<void> {
  const id = `i${c.op === 'advance' ? 0 : c.inst + 1}`;
  if (c.op === 'advance') await clock.advance(c.minutes * 60_000);
  else if (c.op === 'ping') await engine.messages.correlate('ping', { businessKey: id }, { pings: ['p'] }, { ttl: 'PT30M' });
  else {
    const [task] = await engine.tasks.query({ instanceId: id, state: 'open' });
    if (task) await engine.tasks.complete(task.id, clerk, { by: 'c' });
  }
  await engine.idle();
}

describe('Property: a JSON round-trip of the store at any point changes nothing', () => {
  it('the continued run produces the same event trail as the uninterrupted one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 25 }), fc.nat(), async (cmds, cut) => {
        const at = cut % (cmds.length + 1);
        const startAll = async (engine: Awaited<ReturnType<typeof boot>>['engine']) => {
          for (let i = 1; i <= 3; i++) await engine.start('restore', { pings: [] }, { businessKey: `i${i}` });
        };
        // given: the uninterrupted run
        const full: EngineEvent[] = [];
        const a = await boot(memoryStore(), T0, full, { n: 0 });
        await startAll(a.engine);
        for (const c of cmds) await apply(a.engine, a.clock, c);

        // when: the same run, stopped after `at` commands, restored from JSON, continued
        const split: EngineEvent[] = [];
        const counter = { n: 0 };
        const b1 = await boot(memoryStore(), T0, split, counter);
        await startAll(b1.engine);
        for (const c of cmds.slice(0, at)) await apply(b1.engine, b1.clock, c);
        const snapshot = JSON.parse(JSON.stringify(b1.store.snapshot())) as string;
        const stoppedAt = b1.clock.now();
        await b1.engine.close();
        const b2 = await boot(memoryStore({ snapshot }), stoppedAt, split, counter);
        for (const c of cmds.slice(at)) await apply(b2.engine, b2.clock, c);

        // then
        expect(split).toEqual(full);
      }),
      fcParams('restore property', 'packages/engine/test/properties/restore.property.test.ts', 40) as never,
    );
  });
});

