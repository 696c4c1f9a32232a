/**
 * Feature: cron timer cycles in both dialects — Spring (Camunda 8 / zeebe files) and Quartz
 * (Camunda 7 / camunda files) — on timer start events, boundary events and intermediate
 * catch events, on a virtual clock; bad cron is a deploy problem (decision 0021).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { businessCalendar, DeployError, type EngineEvent } from '../../src/index';
import { nextCron } from '../../src/time/cron';
import { actor, testEngine } from '../support';

const bpmn = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const sh = (local: string) => new Date(Date.parse(`${local}:00+08:00`)).toISOString();
const iso = (t: number) => new Date(t).toISOString();
const demo = actor('demo', 'staff');
const firedAt = (events: EngineEvent[], elementId: string) => events.filter((e) => e.type === 'timer.fired' && e.elementId === elementId).map((e) => iso(e.at));

describe('Feature: a Spring cron timer start event (Camunda 8 file)', () => {
  it('Scenario: 0 0 9 * * MON-FRI starts an instance at 09:00 on weekdays only, in the engine zone', async () => {
    // given the process deployed on Friday 2026-03-06 08:00 Shanghai time
    const t = testEngine({ zone: 'Asia/Shanghai', start: '2026-03-06T08:00:00+08:00' });
    await t.engine.deploy({ bpmn: bpmn('zeebe-cron-start.bpmn') });
    // when the clock runs to Tuesday 08:00
    await t.clock.advanceTo('2026-03-10T08:00:00+08:00');
    // then instances started on Friday and Monday at 09:00 — none at the weekend
    const starts = t.events.filter((e) => e.type === 'process.started').map((e) => iso(e.at));
    expect(starts).toEqual([sh('2026-03-06T09:00'), sh('2026-03-09T09:00')]);
  });

  it('Scenario: a Spring cron boundary (0 */20 9-10 * * 1-5, 1 = Monday) and an R2/PT45M cycle on the same task', async () => {
    const t = testEngine({ zone: 'Asia/Shanghai', start: '2026-03-09T08:59:00+08:00' }); // a Monday
    await t.engine.deploy({ bpmn: bpmn('zeebe-cron-start.bpmn') });
    await t.clock.advanceTo('2026-03-09T11:30:00+08:00');
    // the cron boundary fires every 20 minutes from 09:20 to 10:40, the R2 cycle twice
    expect(firedAt(t.events, 'remind')).toEqual(['09:20', '09:40', '10:00', '10:20', '10:40'].map((h) => sh(`2026-03-09T${h}`)));
    expect(firedAt(t.events, 'nag')).toEqual([sh('2026-03-09T09:45'), sh('2026-03-09T10:30')]);
    // the cycle events carry the firing number
    expect(t.events.filter((e) => e.type === 'timer.fired' && e.elementId === 'remind').map((e) => (e as { cycle?: number }).cycle)).toEqual([1, 2, 3, 4, 5]);
  });

  it('Scenario: with handoff:calendar the cron reads the calendar\'s zone (09:00 New York)', async () => {
    const ny = businessCalendar({ name: 'ny-office', zone: 'America/New_York', hours: { mon: ['09:00-17:00'] } });
    const t = testEngine({ zone: 'Asia/Shanghai', calendars: [ny], start: '2026-03-02T00:00:00Z' });
    await t.engine.deploy({ bpmn: bpmn('calendar-zone-cron.bpmn') });
    await t.clock.advanceTo('2026-03-10T00:00:00Z');
    // Mon 2 – Fri 6 at 09:00 EST (14:00Z), Mon 9 at 09:00 EDT (13:00Z): daylight saving began on the 8th
    expect(t.events.filter((e) => e.type === 'process.started').map((e) => iso(e.at))).toEqual([
      '2026-03-02T14:00:00.000Z', '2026-03-03T14:00:00.000Z', '2026-03-04T14:00:00.000Z', '2026-03-05T14:00:00.000Z', '2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z',
    ]);
  });
});

describe('Feature: Quartz cron timers (Camunda 7 file)', () => {
  it('Scenario: a boundary 0 0/30 9-17 ? * 2-6 (2 = Monday) fires on the half hours; a catch 0 0 12 ? * 1 waits for Sunday noon (1 = Sunday)', async () => {
    // given a review task opened on Monday 09:10
    const t = testEngine({ zone: 'Asia/Shanghai', start: '2026-03-02T09:10:00+08:00' });
    await t.engine.deploy({ bpmn: bpmn('camunda-cron.bpmn') });
    const inst = await t.engine.start('weeklyReview', {});
    await t.clock.advanceTo('2026-03-02T10:31:00+08:00');
    expect(firedAt(t.events, 'halfHourly')).toEqual([sh('2026-03-02T09:30'), sh('2026-03-02T10:00'), sh('2026-03-02T10:30')]);
    // when the review is done, the process waits for Sunday 12:00
    await t.completeTask(inst.id, 'review', demo);
    await t.clock.advanceTo('2026-03-09T00:00:00+08:00');
    expect(firedAt(t.events, 'untilSunday')).toEqual([sh('2026-03-08T12:00')]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: the optional year and L: 0 0 17 ? * 6L 2026 starts on the last Friday of each month of 2026, then never', () => {
    // (nextCron directly: eleven months of a virtual clock are not needed to show the schedule)
    const runs: string[] = [];
    let at = Date.parse('2026-10-01T00:00:00+08:00');
    for (let next = nextCron('0 0 17 ? * 6L 2026', 'quartz', at, 'Asia/Shanghai'); next !== undefined; next = nextCron('0 0 17 ? * 6L 2026', 'quartz', at, 'Asia/Shanghai')) {
      runs.push(iso(next));
      at = next;
    }
    expect(runs).toEqual([sh('2026-10-30T17:00'), sh('2026-11-27T17:00'), sh('2026-12-25T17:00')]);
  });

  it('Scenario: a Quartz start event of a year that has passed schedules nothing', async () => {
    const t = testEngine({ zone: 'Asia/Shanghai', start: '2027-01-01T00:00:00+08:00' });
    await t.engine.deploy({ bpmn: bpmn('camunda-cron-start-year.bpmn') });
    await t.clock.advance('P30D');
    expect(t.events.filter((e) => e.type === 'process.started')).toEqual([]);
  });
});

describe('Feature: bad cron is refused at deploy with INVALID_TIMER', () => {
  it.each([
    ['bad-cron.bpmn', /not a valid Spring cron expression \(.*hour.*\) \(attribute timeCycle\)/, /0 0 9 \* \* MON-FRI/],
    ['ambiguous-cron.bpmn', /numeric day-of-week is ambiguous/, /write day names \(MON-FRI\), or declare the dialect/],
    ['quartz-both-days.bpmn', /cannot restrict both day-of-month and day-of-week/, /put \? in one of them/],
  ])('Scenario: %s', async (file, message, hint) => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: bpmn(file) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    const [p] = (err as DeployError).problems;
    expect(p).toMatchObject({ code: 'INVALID_TIMER', elementId: 'wait' });
    expect(p!.message).toMatch(message);
    expect(p!.hint).toMatch(hint);
  });
});

describe('Feature: the next firing never reads the wall clock', () => {
  it('Scenario: computing next firings with a Date that throws when asked for "now"', () => {
    // given Date replaced by one whose no-argument form (the wall clock) throws
    const RealDate = Date;
    class NoNow extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) throw new Error('the wall clock was read');
        super(...(args as [number]));
      }
      static override now(): number {
        throw new Error('the wall clock was read');
      }
    }
    globalThis.Date = NoNow as DateConstructor;
    try {
      // when next firings are computed, in both dialects, for new and cached expressions
      const a = nextCron('0 15 10 ? * MON-FRI', 'quartz', RealDate.parse('2026-03-07T00:00:00Z'), 'Europe/Berlin');
      const b = nextCron('0 */7 * * * *', 'spring', RealDate.parse('2026-03-02T09:00:00Z'), 'UTC');
      const c = nextCron('0 */7 * * * *', 'spring', b!, 'UTC');
      // then they come from the given instants alone
      globalThis.Date = RealDate;
      expect([iso(a!), iso(b!), iso(c!)]).toEqual(['2026-03-09T09:15:00.000Z', '2026-03-02T09:07:00.000Z', '2026-03-02T09:14:00.000Z']);
    } finally {
      globalThis.Date = RealDate;
    }
  });
});
