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

describe('Feature: entry points and compatibility', () => {
  it('Scenario: @handoff/simulator/random is the same seeded source as the main entry', () => {
    expect(random.seededRandom).toBe(seededRandom);
    expect(Array.from({ length: 3 }, seededRandom(5).next)).toEqual(Array.from({ length: 3 }, random.seededRandom(5).next));
  });
});
