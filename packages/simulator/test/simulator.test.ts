/**
 * `@handoff/simulator` on its own: a plain engine (no test kit) on a virtual clock, the
 * package's entry points (the compatibility re-exports of `@handoff/testing`:
 * packages/testing/test/reexports.test.ts).
 * The simulator's behaviour in depth: packages/testing/test/simulate.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, memoryStore, sequentialIds, virtualClock } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { seededRandom, simulate, type SimulationProfile } from '../src/index';
import * as random from '../src/random';

const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8');
const START = '2026-03-02T00:00:00+08:00';

const profile: SimulationProfile = {
  processId: 'saleCallback',
  arrivals: { perDay: 40, hourlyWeights: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 1 : 0)), zone: 'Asia/Shanghai' },
  caseData: (_rng, i) => ({ customer: `c${i}` }),
  pools: { fieldSales: 2, hotline: 1, supervisor: 1 },
  serviceMinutes: (rng) => rng.uniform(5, 15),
  output: (rng, task) => (task.elementId === 'callBack' ? { interested: rng.chance(0.5) } : {}),
};

async function day(seed: number) {
  const clock = virtualClock(START, { zone: 'Asia/Shanghai' });
  const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('inst'), zone: 'Asia/Shanghai', handlers: { 'open-account': () => ({ accountNo: 'A1' }) } });
  await engine.deploy({ bpmn: xml });
  const summary = await simulate({ engine, clock, profile, seed, days: 1, drainDays: 1 });
  await engine.close();
  const { wallSeconds: _wall, ...rest } = summary;
  return rest;
}

describe('Feature: the simulator package drives a plain engine', () => {
  it('Scenario: a day of cases on createEngine + virtualClock; the same seed gives the same summary', async () => {
    // given / when
    const a = await day(7);
    const b = await day(7);
    const c = await day(8);
    // then
    expect(a.casesStarted).toBeGreaterThan(10);
    expect(a.active).toBe(0);
    // every case ended (a case may pass more than one end event: the chase path ends on its own)
    expect(Object.values(a.outcomes).reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(a.casesStarted);
    expect(a.pools.hotline!.completed).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('Feature: onStart schedules work besides the arrivals', () => {
  it('Scenario: onStart runs once at the start instant, before the first arrival; what it schedules runs and its tasks are worked', async () => {
    // given a profile whose onStart starts one extra case at 08:00 (before the office-hours arrivals)
    const clock = virtualClock(START, { zone: 'Asia/Shanghai' });
    const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('inst'), zone: 'Asia/Shanghai', handlers: { 'open-account': () => ({ accountNo: 'A1' }) } });
    await engine.deploy({ bpmn: xml });
    const calls: number[] = [];
    const extra: string[] = [];
    const withStart: SimulationProfile = {
      ...profile,
      onStart(ctx) {
        calls.push(ctx.now());
        ctx.after(8 * 60, async () => {
          extra.push((await ctx.engine.start('saleCallback', { customer: 'scheduled' })).id);
        });
      },
    };
    // when
    const summary = await simulate({ engine, clock, profile: withStart, seed: 3, days: 1, drainDays: 1 });
    // then
    expect(calls).toEqual([Date.parse(START)]);
    expect(extra).toEqual(['inst-1']); // the first instance: before any arrival
    expect((await engine.instances.get('inst-1'))?.status).toBe('completed'); // its tasks were worked by the pools
    expect(summary.casesStarted).toBeGreaterThan(10); // arrivals as usual (the scheduled case is not an arrival)
    await engine.close();
  });
});

describe('Feature: named workers who differ', () => {
  it('Scenario: profile.worker names each worker; serviceMinutes and output see who works the task; history records that actor', async () => {
    // given two field-sales workers with staff numbers: FS01 is slow and never sells, FS02 fast and always sells
    const seen: string[] = [];
    const named: SimulationProfile = {
      ...profile,
      worker: (pool, n) => (pool === 'fieldSales' ? { id: `FS0${n}`, roles: ['fieldSales'] } : { id: `${pool}-${n}`, roles: [pool] }),
      serviceMinutes: (_rng, _task, worker) => (worker.id === 'FS01' ? 30 : 5),
      output: (_rng, task, _vars, worker) => {
        seen.push(worker.id);
        return task.elementId === 'callBack' ? { interested: worker.id === 'FS02' } : {};
      },
    };
    const clock = virtualClock(START, { zone: 'Asia/Shanghai' });
    const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('inst'), zone: 'Asia/Shanghai', handlers: { 'open-account': () => ({ accountNo: 'A1' }) } });
    await engine.deploy({ bpmn: xml });
    // when
    await simulate({ engine, clock, profile: named, seed: 3, days: 1, drainDays: 1 });
    // then both named workers worked, the default names stay for the other pools
    expect(new Set(seen.filter((id) => id.startsWith('FS')))).toEqual(new Set(['FS01', 'FS02']));
    expect(seen.some((id) => id === 'hotline-1')).toBe(true);
    // and each completion in history is by the worker whose output it is
    const completions = [];
    for (const inst of await engine.instances.list({ processId: 'saleCallback' })) {
      for (const e of await engine.history(inst.id, { types: ['task.completed'] })) {
        const r = e as unknown as { elementId: string; actor?: { id: string }; output?: { interested?: boolean } };
        if (r.elementId === 'callBack') completions.push([r.actor?.id, r.output?.interested]);
      }
    }
    expect(completions.length).toBeGreaterThan(0);
    for (const [id, interested] of completions) expect(interested).toBe(id === 'FS02');
    await engine.close();
  });

  it("Scenario: workerOrder 'longestIdle' spreads a lightly loaded pool's tasks over its workers; 'lowest' (the default) concentrates them on worker 1", async () => {
    // given a pool of four hotline workers with little work
    const run = async (workerOrder?: 'lowest' | 'longestIdle') => {
      const clock = virtualClock(START, { zone: 'Asia/Shanghai' });
      const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('inst'), zone: 'Asia/Shanghai', handlers: { 'open-account': () => ({ accountNo: 'A1' }) } });
      await engine.deploy({ bpmn: xml });
      const by: Record<string, number> = {};
      const p: SimulationProfile = { ...profile, pools: { fieldSales: 2, hotline: 4, supervisor: 1 }, ...(workerOrder ? { workerOrder } : {}), output: (rng, task, vars, worker) => ((by[worker.id] = (by[worker.id] ?? 0) + 1), profile.output(rng, task, vars, worker)) };
      // when
      await simulate({ engine, clock, profile: p, seed: 5, days: 1, drainDays: 1 });
      await engine.close();
      return Object.entries(by).filter(([id]) => id.startsWith('hotline')).map(([, n]) => n);
    };
    const lowest = await run();
    const spread = await run('longestIdle');
    // then
    expect(spread).toHaveLength(4);
    expect(Math.max(...spread) - Math.min(...spread)).toBeLessThanOrEqual(1);
    expect(lowest.length).toBeLessThan(4);
  });
});

describe('Feature: entry points and compatibility', () => {
  it('Scenario: @handoff/simulator/random is the same seeded source as the main entry', () => {
    expect(random.seededRandom).toBe(seededRandom);
    expect(Array.from({ length: 3 }, seededRandom(5).next)).toEqual(Array.from({ length: 3 }, random.seededRandom(5).next));
  });
});
