import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { memoryDoNotDisturbRegister, suppressedUntil } from '../src/index';

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();
const PHONE = '13800000001';

describe('Feature: the do-not-disturb window is 3 calendar months in Asia/Shanghai', () => {
  it.each([
    // refusal, visit, suppressed?
    ['2026-01-02T09:00:00+08:00', '2026-03-02T09:00:00+08:00', true], // 2 months
    ['2025-12-02T09:00:00+08:00', '2026-03-02T08:59:59+08:00', true], // 1 s before the window ends
    ['2025-12-02T09:00:00+08:00', '2026-03-02T09:00:00+08:00', false], // exactly 3 months: the window has ended
    ['2025-12-01T09:00:00+08:00', '2026-03-02T09:00:00+08:00', false], // 3 months and 1 day
    ['2025-11-30T10:00:00+08:00', '2026-02-28T09:59:00+08:00', true], // 30 Nov + 3 months = 28 Feb (month end clamps)
    ['2025-11-30T10:00:00+08:00', '2026-02-28T10:00:00+08:00', false],
    ['2026-03-31T23:30:00+08:00', '2026-06-30T23:29:00+08:00', true], // Beijing date, not the UTC one (31 Mar 15:30 UTC)
    ['2026-03-31T23:30:00+08:00', '2026-06-30T23:30:00+08:00', false],
  ])('Scenario: refused at %s, visited at %s → suppressed %s', async (refusal, visit, suppressed) => {
    // given
    const register = memoryDoNotDisturbRegister();
    await register.recordRefusal(PHONE, ms(refusal));
    // when / then
    expect(await register.isSuppressed(PHONE, ms(visit))).toBe(suppressed);
    expect(await register.isSuppressed('13900000000', ms(visit))).toBe(false);
  });

  it('Scenario: the latest refusal counts; an older one recorded later does not shorten the window', async () => {
    const register = memoryDoNotDisturbRegister();
    await register.recordRefusal(PHONE, ms('2026-02-01T09:00:00+08:00'));
    await register.recordRefusal(PHONE, ms('2025-10-01T09:00:00+08:00'));
    expect([...register.refusals()]).toEqual([[PHONE, ms('2026-02-01T09:00:00+08:00')]]);
    expect(await register.isSuppressed(PHONE, ms('2026-04-30T09:00:00+08:00'))).toBe(true);
  });

  it('Scenario: suppressedUntil names the end of the window', () => {
    expect(DateTime.fromMillis(suppressedUntil(ms('2026-03-02T09:00:00+08:00')), { zone: 'Asia/Shanghai' }).toISO()).toBe('2026-06-02T09:00:00.000+08:00');
  });
});
