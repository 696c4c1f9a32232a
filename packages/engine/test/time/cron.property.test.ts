/**
 * Property: a cron timer cycle's next firing (`firstDue` / `nextDue` of a parsed cron spec,
 * Spring and Quartz) equals the first matching instant strictly after the start found by an
 * independent day-then-minute scan (`cronReference.ts`), for random expressions of a bounded
 * grammar and random start instants in zones with and without daylight saving (many next
 * to the changes).
 *
 * Replay: `HANDOFF_SEED=<seed> npx vitest run packages/engine/test/time/cron.property.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDue, nextDue, parseTimerSpec } from '../../src/time/timerSpec';
import { CHANGES } from '../calendar/arbitraries';
import { fcParams } from '../fc';
import { parseCron, referenceNext } from './cronReference';

const params = fcParams('cron properties', 'packages/engine/test/time/cron.property.test.ts', 100);
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'] as const;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
const n = (min: number, max: number) => fc.integer({ min, max }).map(String);
const range = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).filter(([a, b]) => a < b).map(([a, b]) => `${a}-${b}`);
const list = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((xs) => xs.sort((a, b) => a - b).join(','));

const second = fc.oneof(fc.constant('0'), n(0, 59), fc.constant('*/30'), fc.constant('15,45'));
const minute = fc.oneof(fc.constant('*'), n(0, 59), fc.constant('*/15'), range(0, 59), list(0, 59), fc.constant('5/20'));
const hour = fc.oneof(fc.constant('*'), n(0, 23), range(0, 23), fc.constant('*/6'), list(0, 23), n(1, 3)); // 1–3: near the DST changes
const dom = fc.oneof(n(1, 28), range(1, 28), fc.constant('L'), n(1, 28).map((d) => `${d}W`));
const month = fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, n(1, 12), range(1, 12), fc.constant('JAN-JUN'));
const springDow = fc.oneof(fc.constant('MON-FRI'), fc.constant('SAT,SUN'), n(0, 7), range(0, 6), fc.constant('FRI#2'), n(1, 5).map((d) => `${d}#1`));
const quartzDow = fc.oneof(fc.constant('MON-FRI'), n(1, 7), range(1, 7), n(1, 7).map((d) => `${d}#3`), n(1, 7).map((d) => `${d}L`));
const year = fc.oneof(fc.constant('*'), fc.constant('2026-2028'), fc.constant('2027'));

/** A Spring expression: day-of-month and day-of-week each `*`, `?` or restricted (AND when both are). */
const spring = fc
  .tuple(second, minute, hour, fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, fc.constant('?'), dom), month, fc.oneof({ weight: 3, arbitrary: fc.constant('*') }, springDow))
  .map((f) => f.join(' '));
/** A Quartz expression: `?` in day-of-month or day-of-week, optional year. */
const quartz = fc
  .tuple(second, minute, hour, fc.boolean(), dom, quartzDow, month, fc.option(year))
  .map(([s, m, h, byDom, d, w, mo, y]) => [s, m, h, byDom ? d : '?', mo, byDom ? '?' : w, ...(y ? [y] : [])].join(' '));

const start = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 })).map(([c, dt]) => c + dt),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -12, max: 12 }), fc.integer({ min: -1, max: 1 })).map(([c, q, ms]) => c + q * 900_000 + ms),
);

const iso = (t: number | undefined) => (t === undefined ? 'none' : new Date(t).toISOString());

describe('Property: cron cycles fire at the first matching instant strictly after the start', () => {
  it.each([
    ['Spring (Camunda 8)', 'zeebe', 'spring', spring],
    ['Quartz (Camunda 7)', 'camunda', 'quartz', quartz],
  ] as const)('%s: firstDue and two nextDue agree with the minute-by-minute reference', (_name, file, dialect, expression) => {
    fc.assert(
      fc.property(expression, fc.constantFrom(...ZONES), start, (text, zone, t) => {
        const spec = parseTimerSpec('cycle', text, { dialect: file });
        expect(spec).toMatchObject({ kind: 'cycle', dialect });
        const ref = parseCron(text, dialect);
        const first = firstDue(spec, t, zone);
        expect(iso(first), `${text} in ${zone} after ${iso(t)}`).toBe(iso(referenceNext(ref, t, zone)));
        if (first === undefined) return;
        expect(first).toBeGreaterThan(t); // never early, never the start itself
        const second = nextDue(spec, first, 1, zone);
        expect(iso(second), `${text} in ${zone} after ${iso(first)}`).toBe(iso(referenceNext(ref, first, zone)));
      }),
      params,
    );
  });

  it('fixed-time and interval jobs at the hours of the daylight-saving changes (gap: end of the gap; repeated: once / both)', () => {
    const dstZones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney'] as const;
    const nearChange = fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36, max: 12 })).map(([c, h]) => c + h * 3_600_000);
    const job = fc.oneof(
      fc.tuple(n(0, 59), n(0, 59), n(0, 4)).map(([sec, min, h]) => `${sec} ${min} ${h} * * *`),
      fc.tuple(n(0, 59), fc.constantFrom('*/20', '*/30', '0,30', '10-20')).map(([sec, min]) => `${sec} ${min} * * * *`),
    );
    fc.assert(
      fc.property(job, fc.constantFrom(...dstZones), nearChange, fc.boolean(), (text, zone, t, camunda) => {
        const spec = parseTimerSpec('cycle', text, { dialect: camunda ? 'camunda' : 'zeebe' });
        const ref = parseCron(text, camunda ? 'quartz' : 'spring');
        let at = t;
        for (let i = 0; i < 3; i++) {
          const next = i === 0 ? firstDue(spec, at, zone) : nextDue(spec, at, i, zone);
          expect(iso(next), `${text} in ${zone} after ${iso(at)}`).toBe(iso(referenceNext(ref, at, zone)));
          at = next!;
        }
      }),
      params,
    );
  });
});
