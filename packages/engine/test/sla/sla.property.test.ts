/**
 * Properties of SLA clocks on the virtual clock, over random policies, calendars, pause /
 * resume sequences and advance steps:
 *  5. warning → breach → escalations fire in that order, each exactly once, at exactly their
 *     due instant (never before), whatever the step sizes;
 *  6. with pauses, the elapsed working time at stop equals the sum of the un-paused working
 *     intervals;
 *  7. a JSON snapshot / restore at any point changes no SLA event time.
 * Replay a failure with HANDOFF_SEED=<seed>; set the number of runs with HANDOFF_RUNS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALWAYS, businessCalendar, createEngine, memoryStore, virtualClock, type BusinessCalendar, type EngineEvent, type MemoryStore, type SlaPolicyConfig } from '../../src/index';
import { fcParams } from '../fc';
import { fixture } from '../support';

const T0 = Date.parse('2026-03-02T16:00:00+08:00'); // Monday afternoon: nights and a lunch break ahead
const MIN = 60_000;
const XML = fixture('sla/callback-sla.bpmn');
const office = businessCalendar({
  name: 'cn-office',
  zone: 'Asia/Shanghai',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-12:00', '13:30-18:00']])),
});
const calendars: Record<string, BusinessCalendar> = { '24/7': ALWAYS, 'cn-office': office };

const params = (n: number) => fcParams('SLA properties', 'packages/engine/test/sla', n) as fc.Parameters<[unknown, unknown]>;

type Op = { op: 'advance'; minutes: number } | { op: 'pause' } | { op: 'resume' };
const policyArb = fc.record({
  limit: fc.integer({ min: 1, max: 600 }),
  warning: fc.oneof(fc.constant(false as const), fc.integer({ min: 1, max: 99 }).map((p) => p / 100)),
  escalations: fc.array(fc.integer({ min: 0, max: 240 }), { maxLength: 3 }),
  calendar: fc.constantFrom('24/7', 'cn-office'),
});
const opsArb = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 300 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'pause' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'resume' as const }) },
  ),
  { maxLength: 20 },
);

function configOf(p: { limit: number; warning: number | false; escalations: number[]; calendar: string }): SlaPolicyConfig[] {
  return [
    {
      id: 'callback',
      limit: p.limit * MIN,
      warning: p.warning,
      calendar: p.calendar,
      escalations: p.escalations.map((after) => ({ after: after * MIN, notify: 'supervisor' })),
      pause: { on: 'milestone', name: 'pause' },
      resume: { on: 'milestone', name: 'resume' },
    },
  ];
}

async function boot(store: MemoryStore, now: number, sla: SlaPolicyConfig[], trail: EngineEvent[]) {
  const clock = virtualClock(now);
  let n = 0;
  const engine = createEngine({ clock, store, calendars, ids: () => `i${++n}` });
  engine.on('event', (e) => trail.push(e));
  await engine.deploy({ bpmn: XML, sla });
  await engine.idle();
  return { clock, engine };
}

async function apply(b: Awaited<ReturnType<typeof boot>>, op: Op, paused: { v: boolean }): Promise<void> {
  if (op.op === 'advance') await b.clock.advance(op.minutes * MIN);
  else if (op.op === 'pause' && !paused.v) {
    await b.engine.milestone('i1', 'pause');
    paused.v = true;
  } else if (op.op === 'resume' && paused.v) {
    await b.engine.milestone('i1', 'resume');
    paused.v = false;
  }
}

/** Start the case and open the callback task (where the BPMN SLA starts). */
async function open(b: Awaited<ReturnType<typeof boot>>): Promise<void> {
  const inst = await b.engine.start('callbackSla', {});
  const [task] = await b.engine.tasks.query({ instanceId: inst.id, elementId: 'report' });
  await b.engine.tasks.complete(task!.id, { id: 'ana', roles: ['fieldSales'] }, {});
}

describe('Property: SLA stages fire in order, once, exactly on time; pauses are not counted', () => {
  it('holds for random policies, calendars, pauses and advance steps', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, opsArb, async (p, ops) => {
        // given
        const trail: EngineEvent[] = [];
        const b = await boot(memoryStore(), T0, configOf(p), trail);
        await open(b);
        const cal = calendars[p.calendar]!;
        // when
        const paused = { v: false };
        for (const op of ops) await apply(b, op, paused);
        if (paused.v) await apply(b, { op: 'resume' }, paused);
        await b.clock.advance(30 * 24 * 60 * MIN); // far enough for every stage
        // then (5): stages in order, once each, at their due instants
        const stages = trail.filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached' || e.type === 'sla.escalated');
        const expected = [
          ...(p.warning !== false ? [{ type: 'sla.warning', at: Math.round(p.limit * MIN * p.warning) }] : []),
          { type: 'sla.breached', at: p.limit * MIN },
          ...p.escalations.map((a) => ({ type: 'sla.escalated', at: (p.limit + a) * MIN })),
        ].sort((x, y) => x.at - y.at);
        expect(stages.map((e) => e.type)).toEqual(expected.map((x) => x.type));
        // each fired when exactly `at` working ms had elapsed outside pauses
        const pauses: [number, number][] = [];
        let from: number | undefined;
        for (const e of trail) {
          if (e.type === 'sla.paused') from = e.at;
          if (e.type === 'sla.resumed') {
            pauses.push([from!, e.at]);
            from = undefined;
          }
        }
        const started = trail.find((e) => e.type === 'sla.started')!.at;
        const counted = (t: number) => cal.workingTimeBetween(started, t) - pauses.reduce((s, [a, z]) => s + (z <= t ? cal.workingTimeBetween(a, z) : 0), 0);
        stages.forEach((e, i) => {
          expect((e as { elapsed: number }).elapsed).toBe(expected[i]!.at);
          expect(counted(e.at)).toBe(expected[i]!.at); // (6): elapsed = un-paused working time
          // never early: one working ms less would not have been enough
          if (expected[i]!.at > 0) expect(counted(e.at - 1)).toBeLessThan(expected[i]!.at);
        });
      }),
      params(60),
    );
  });
});

describe('Property: a JSON snapshot / restore at any point keeps every SLA event time', () => {
  it('the restored run has the same SLA events at the same instants', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, opsArb, fc.nat(), async (p, ops, cut) => {
        const at = cut % (ops.length + 1);
        const full: EngineEvent[] = [];
        const a = await boot(memoryStore(), T0, configOf(p), full);
        await open(a);
        const pa = { v: false };
        for (const op of ops) await apply(a, op, pa);
        await a.clock.advance(30 * 24 * 60 * MIN);

        const split: EngineEvent[] = [];
        const store = memoryStore();
        const b1 = await boot(store, T0, configOf(p), split);
        await open(b1);
        const pb = { v: false };
        for (const op of ops.slice(0, at)) await apply(b1, op, pb);
        const stoppedAt = b1.clock.now();
        await b1.engine.close();
        const b2 = await boot(memoryStore({ snapshot: JSON.parse(JSON.stringify(store.snapshot())) as string }), stoppedAt, configOf(p), split);
        for (const op of ops.slice(at)) await apply(b2, op, pb);
        await b2.clock.advance(30 * 24 * 60 * MIN);

        const sla = (t: EngineEvent[]) => t.filter((e) => e.type.startsWith('sla.')).map((e) => `${e.type}@${e.at}`);
        expect(sla(split)).toEqual(sla(full));
      }),
      params(40) as unknown as fc.Parameters<[unknown, unknown, unknown]>,
    );
  });
});
