/**
 * The programmes are pack data with the source's numbers (seed 001's table of the retention
 * programmes international operators use), extendable by the host: a host programme with a
 * default id replaces it, a malformed one is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError } from '@handoff/engine';
import { createRetentionPack, defaultProgrammes, mergeProgrammes, suspensionGraceUntil, type Programme } from '../src/index';

const byId = new Map(defaultProgrammes().map((p) => [p.id, p]));

describe('Feature: the international retention programmes of the source, with their numbers', () => {
  it.each<[string, Programme['terms'] | undefined]>([
    ['welcomeCall', { creditUsdMax: 25, firstBillMultiple: 2 }], // 最多25美元的赊欠; 首份账单金额高出资费计划预期一倍
    ['faultApology', undefined],
    ['promotionRenewal', { renewalMonthsMin: 6, renewalMonthsMax: 12 }], // 更新促销6–12个月
    ['problemResolution', undefined],
    ['usageChange', undefined],
    ['suspensionGrace', { graceDays: 10 }], // 将付费期临时延长10天
    ['specialDatePromotion', { loyaltyMonths: 3 }], // 忠诚期达到3个月
    ['planChange', undefined],
    ['contractRenewal', { tiers: ['gold', 'silver', 'bronze'], contractMonths: 12 }], // 金、银、铜; 一年期合同
    ['winBack', undefined],
  ])('Scenario: %s', (id, terms) => {
    const p = byId.get(id);
    expect(p?.origin).toBe('international');
    expect(p?.terms).toEqual(terms);
  });

  it('Scenario: the grace period is 10 calendar days at the same local time, across a month end and a DST-free zone', () => {
    expect(suspensionGraceUntil('2026-03-31T23:59:59+08:00')).toBe(Date.parse('2026-04-10T23:59:59+08:00'));
    expect(suspensionGraceUntil('2026-12-25T12:00:00+08:00')).toBe(Date.parse('2027-01-04T12:00:00+08:00'));
  });
});

describe('Feature: the host extends and replaces the programmes', () => {
  const grace15: Programme = { ...byId.get('suspensionGrace')!, origin: 'host', terms: { graceDays: 15 } };

  it('Scenario: a host programme with a default id replaces it (a 15-day grace period); the others stay', () => {
    const merged = mergeProgrammes([grace15]);
    expect(merged).toHaveLength(defaultProgrammes().length);
    expect(suspensionGraceUntil('2026-03-31T23:59:59+08:00', { programmes: merged })).toBe(Date.parse('2026-04-15T23:59:59+08:00'));
    expect(createRetentionPack({ programmes: [grace15] }).programmes.find((p) => p.id === 'suspensionGrace')?.terms).toEqual({ graceDays: 15 });
  });

  it('Scenario: a grace period that is not a whole number of days is refused naming the programmes', () => {
    const err = (() => {
      try {
        suspensionGraceUntil('2026-03-31T23:59:59+08:00', { programmes: mergeProgrammes([{ ...grace15, terms: { graceDays: 1.5 } }]) });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ argument: 'programmes' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an id that is not a camelCase word', { id: 'family plan' }, 'programmes.18.id'],
    ['an unknown origin', { origin: 'partner' }, 'programmes.18.origin'],
    ['an empty name', { name: ' ' }, 'programmes.18.name'],
    ['an unknown field', { price: 30 }, 'programmes.18'],
  ])('Scenario: a host programme with %s is refused naming the field', (_name, over, path) => {
    const bad = { id: 'familyPlan', name: '亲情号码套餐', origin: 'host', target: '家庭用户', benefit: '亲情号码免费通话', english: 'Family numbers', ...over } as Programme;
    const err = (() => {
      try {
        createRetentionPack({ programmes: [bad] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', subject: 'the programmes' });
    expect((err as ValidationError).issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
