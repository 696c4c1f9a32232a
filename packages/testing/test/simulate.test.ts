import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent, TaskCompletedEvent, TaskEvent } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { createTestEngine, seededRandom, simulate, type SimulationProfile } from '../src/index';

const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8');
const START = '2026-03-02T00:00:00+08:00';
const MIN = 60_000;

/** Field reps report, one hotline agent calls back (10 min), a supervisor chases late callbacks (5 min). */
function callbackProfile(over: Partial<SimulationProfile> = {}): SimulationProfile {
  return {
    processId: 'saleCallback',
    arrivals: { perDay: 60, hourlyWeights: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 20 ? 1 : 0)), zone: 'Asia/Shanghai' },
    caseData: (_rng, i) => ({ customer: `c${i}` }),
    pools: { fieldSales: 3, hotline: 1, supervisor: 1 },
    serviceMinutes: (rng, task) => (task.elementId === 'callBack' ? 10 : task.elementId === 'chaseCallback' ? 5 : rng.uniform(5, 20)),
    output: (rng, task) => (task.elementId === 'callBack' ? { interested: rng.chance(0.5) } : {}),
    ...over,
  };
}

async function run(seed: number, profile = callbackProfile(), days = 1) {
  const t = await createTestEngine({ packs: [{ bpmn: xml, handlers: { 'open-account': () => ({ accountNo: 'A1' }) } }], start: START, zone: 'Asia/Shanghai' });
  const summary = await simulate({ engine: t.engine, clock: t.clock, profile, seed, days, drainDays: 1 });
  return { t, summary };
}

const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T, elementId?: string) =>
  events.filter((e) => e.type === type && (elementId === undefined || (e as { elementId?: string }).elementId === elementId)) as Extract<EngineEvent, { type: T }>[];

describe('Feature: seededRandom', () => {
  it('Scenario: the same seed gives the same sequence; helpers stay in range', () => {
    // given
    const a = seededRandom(42);
    const b = seededRandom(42);
    // when
    const xs = Array.from({ length: 5 }, () => a.next());
    // then
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(seededRandom(43).next()).not.toBe(xs[0]);
    const r = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const u = r.uniform(2, 3);
      expect(u >= 2 && u < 3).toBe(true);
      const n = r.int(1, 6);
      expect(Number.isInteger(n) && n >= 1 && n <= 6).toBe(true);
    }
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.pick({ a: 1, b: 3, c: 0 })]++;
    expect(counts.c).toBe(0);
    expect(counts.b / 10_000).toBeCloseTo(0.75, 1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += r.exponential(5);
    expect(sum / 10_000).toBeCloseTo(5, 0);
    expect(() => r.pick({ a: 0 })).toThrow(RangeError);
  });
});

describe('Feature: simulate() drives an engine on the virtual clock', () => {
  it('Scenario: the same seed gives the identical summary; another seed a different one', async () => {
    // given / when
    const one = await run(7);
    const two = await run(7);
    const other = await run(8);
    // then
    expect({ ...two.summary, wallSeconds: 0 }).toEqual({ ...one.summary, wallSeconds: 0 });
    expect(two.t.trail()).toEqual(one.t.trail());
    expect(other.summary.casesStarted).not.toBe(one.summary.casesStarted);
    expect(one.summary).toMatchObject({ seed: 7, start: '2026-03-01T16:00:00.000Z', end: '2026-03-03T16:00:00.000Z', days: 1, drainDays: 1 });
    expect(one.summary.casesStarted).toBe(SEED_7_CASES);
  });

  it('Scenario: every arrival is started, inside the hours with weight, and every case ends or is counted active', async () => {
    const { t, summary } = await run(3);
    const started = of(t.events, 'process.started');
    expect(started).toHaveLength(summary.casesStarted);
    expect(summary.casesStarted).toBeGreaterThan(40);
    expect(summary.casesStarted).toBeLessThan(80);
    const hours = started.map((e) => new Date(e.at + 8 * 60 * MIN).getUTCHours());
    expect(hours.every((h) => h >= 9 && h < 20)).toBe(true);
    const ends = Object.values(summary.outcomes).reduce((s, n) => s + n, 0);
    // a late callback also ends the `chased` branch: that instance counts under two end events
    const chased = summary.outcomes.chased ?? 0;
    expect(ends - chased + summary.active).toBe(summary.casesStarted);
    expect(Object.keys(summary.outcomes).every((k) => ['activated', 'declined', 'chased'].includes(k))).toBe(true);
  });

  it('Scenario: a pool of one never works two tasks at once, and takes them first come, first served', async () => {
    const { t, summary } = await run(5);
    const created = of(t.events, 'task.created', 'callBack') as TaskEvent<'task.created'>[];
    const done = of(t.events, 'task.completed', 'callBack') as TaskCompletedEvent[];
    // then: one worker, FIFO
    expect(new Set(done.map((e) => e.actor.id))).toEqual(new Set(['hotline-1']));
    expect(done.map((e) => e.task.id)).toEqual(created.slice(0, done.length).map((e) => e.task.id));
    // then: 10-minute jobs never overlap
    for (let i = 1; i < done.length; i++) expect(done[i]!.at - done[i - 1]!.at).toBeGreaterThanOrEqual(10 * MIN);
    expect(summary.pools.hotline).toMatchObject({ workers: 1, started: done.length, completed: done.length });
    expect(summary.pools.hotline!.busyMinutes).toBe(10 * done.length);
    expect(summary.pools.hotline!.maxWaitMinutes).toBeGreaterThan(30); // the agent is the bottleneck
  });

  it("Scenario: an 'engine' pool works tasks from their grant: never more at once than the engine pool's capacity; onEvent hears every event", async () => {
    // given the hotline staffed by the engine's resource pool of 2
    const t = await createTestEngine({ packs: [{ bpmn: xml, handlers: { 'open-account': () => ({ accountNo: 'A1' }) } }], start: START, zone: 'Asia/Shanghai', resources: { hotline: { capacity: 2 } } });
    const heard: EngineEvent['type'][] = [];
    const profile = callbackProfile({ pools: { fieldSales: 3, hotline: 'engine', supervisor: 1 }, onEvent: (_ctx, e) => void heard.push(e.type) });
    const before = t.events.length;
    // when
    const summary = await simulate({ engine: t.engine, clock: t.clock, profile, seed: 11, days: 1, drainDays: 1 });
    // then at every moment at most 2 callbacks are between their grant and their completion
    const during = t.events.slice(before);
    let inService = 0;
    let most = 0;
    for (const e of during) {
      if ((e as { elementId?: string }).elementId !== 'callBack') continue;
      if (e.type === 'task.granted') most = Math.max(most, ++inService);
      if (e.type === 'task.completed') inService--;
    }
    expect(of(during, 'task.granted', 'callBack').length).toBeGreaterThan(10);
    expect(most).toBe(2);
    // and every callback granted was completed by the simulator, a grant never before its creation
    expect(of(during, 'task.completed', 'callBack')).toHaveLength(of(during, 'task.granted', 'callBack').length);
    expect(summary.pools.hotline).toMatchObject({ workers: 2 });
    // and the hook heard exactly the events of the run, in order
    expect(heard).toEqual(during.map((e) => e.type));
  });

  it('Scenario: a task created by an engine timer is worked at its exact time (between two simulator actions)', async () => {
    const { t, summary } = await run(5);
    const chases = of(t.events, 'task.created', 'chaseCallback') as TaskEvent<'task.created'>[];
    const done = of(t.events, 'task.completed', 'chaseCallback') as TaskCompletedEvent[];
    expect(chases.length).toBeGreaterThan(0);
    expect(summary.outcomes.chased).toBe(done.length);
    // the supervisor is idle most of the time: the first chase is done 5 minutes after the timer created it
    expect(done[0]!.at - chases[0]!.at).toBe(5 * MIN);
    expect(done[0]!.actor).toEqual({ id: 'supervisor-1', roles: ['supervisor'] });
  });

  it('Scenario: a task of no pool is left open; hooks schedule later actions', async () => {
    // given: nobody works chaseCallback; each completed callback schedules a note 2 hours later
    const notes: number[] = [];
    const profile = callbackProfile({
      pool: (task) => (task.elementId === 'chaseCallback' ? undefined : task.role),
      onTaskCompleted: (ctx, task) => {
        if (task.elementId === 'callBack') ctx.after(120, () => notes.push(ctx.now()));
      },
    });
    // when
    const { t, summary } = await run(5, profile);
    // then
    const done = of(t.events, 'task.completed', 'callBack');
    expect(notes).toEqual(done.map((e) => e.at + 120 * MIN).filter((at) => at <= Date.parse('2026-03-04T00:00:00+08:00')));
    expect(summary.pools.supervisor).toMatchObject({ started: 0, completed: 0 });
    expect((await t.openTasks({ elementId: 'chaseCallback' })).length).toBe(of(t.events, 'task.created', 'chaseCallback').length);
    expect(summary.outcomes.chased).toBeUndefined();
  });

  it('Scenario: weekday weights keep arrivals off the weekend', async () => {
    // given a week from Monday 2026-03-02 with arrivals Monday to Friday only
    const profile = callbackProfile({ arrivals: { perDay: 60, zone: 'Asia/Shanghai', weekdayWeights: [1, 1, 1, 1, 1, 0, 0] } });
    const t = await createTestEngine({ packs: [{ bpmn: xml, handlers: { 'open-account': () => ({ accountNo: 'A1' }) } }], start: START, zone: 'Asia/Shanghai' });
    // when
    const summary = await simulate({ engine: t.engine, clock: t.clock, profile, seed: 3, days: 7 });
    // then every case started on a working day, about 5 × 60 of them
    const starts = of(t.events, 'process.started').map((e) => new Date(e.at + 8 * 3_600_000).getUTCDay());
    expect(starts.length).toBe(summary.casesStarted);
    expect(starts.every((d) => d >= 1 && d <= 5)).toBe(true);
    expect(summary.casesStarted).toBeGreaterThan(240);
    expect(summary.casesStarted).toBeLessThan(360);
  });

  it('Scenario: maxCases stops arrivals after that many cases; staff drain from the last arrival', async () => {
    // given
    const t = await createTestEngine({ packs: [{ bpmn: xml, handlers: { 'open-account': () => ({ accountNo: 'A1' }) } }], start: START, zone: 'Asia/Shanghai' });
    // when
    const summary = await simulate({ engine: t.engine, clock: t.clock, profile: callbackProfile(), seed: 4, days: 30, drainDays: 1, maxCases: 25 });
    // then
    const starts = of(t.events, 'process.started');
    expect(summary.casesStarted).toBe(25);
    expect(starts.length).toBe(25);
    expect(Date.parse(summary.end)).toBe(starts[24]!.at + 24 * 3_600_000);
    expect(t.clock.now()).toBe(Date.parse(summary.end));
    // every instant is a whole millisecond (durable stores keep instants as integers)
    expect(t.events.every((e) => Number.isInteger(e.at))).toBe(true);
  });
});

const SEED_7_CASES = 60;
