/**
 * The decision table retentionCriteria row by row, with the boundaries of the binding
 * numbers (seed 001): a fall of exactly 20% is not "more than 20%", exactly 50 yuan is not
 * "more than 50", 2 complaints is high risk, 3 repeated faults is; and the grade table.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '@handoff/engine';
import { defaultProgrammes, retentionDmn } from '../src/index';

const engine = createEngine();
await engine.deploy({ dmn: retentionDmn() });

const steady = { status: 'active', localCallSpend: [60, 60, 60, 60], ipSpendOtherNetwork: 0, complaints3m: 0, repeatedFaults3m: 0, arpu: 80 };
const criteria = async (over: Record<string, unknown>) => {
  const ev = await engine.decisions.evaluate('retentionCriteria', { customer: { ...steady, ...over } });
  return { rules: ev.matchedRules.map((r) => r.id), criteria: (ev.value as { criterion: string }[]).map((v) => v.criterion) };
};

describe('Feature: local-call spend fell by more than 20% in each of 3 consecutive months', () => {
  it.each([
    ['falls of 25%, 25%, 25%', [100, 75, 56.25, 42.19], ['fallingSpend']],
    ['falls of exactly 20% each month: not more than 20%', [100, 80, 64, 51.2], []],
    ['20.01% each month (in fen)', [100, 79.99, 63.98, 51.18], ['fallingSpend']],
    ['two months over 20%, the third exactly 20%', [100, 70, 49, 39.2], []],
    ['two falls over 20% then a rise', [100, 70, 49, 60], []],
    ['only the last 3 changes of 6 months count', [200, 220, 100, 75, 56, 42], ['fallingSpend']],
    ['an old fall then steady', [100, 70, 49, 34, 34, 34], []],
    ['a spend of 0 cannot fall further', [0, 0, 0, 0], []],
    ['35.00 → 28.00 is exactly 20% (no float noise)', [35, 28, 22.4, 17.92], []],
  ])('Scenario: %s', async (_name, localCallSpend, expected) => {
    expect((await criteria({ localCallSpend })).criteria).toEqual(expected);
  });
});

describe('Feature: more than 50 yuan a month on another network’s IP service', () => {
  it.each([
    [50, []],
    [50.01, ['otherNetworkIp']],
    [49.99, []],
    [120, ['otherNetworkIp']],
  ])('Scenario: %s yuan', async (ipSpendOtherNetwork, expected) => {
    expect((await criteria({ ipSpendOtherNetwork })).criteria).toEqual(expected);
  });
});

describe('Feature: 2 or more complaints, or 3 or more repeated fault reports, in the last 3 months', () => {
  it.each([
    [1, 0, [], []],
    [2, 0, ['complaints'], ['complaintsOrFaults']],
    [0, 2, [], []],
    [0, 3, ['repeatedFaults'], ['complaintsOrFaults']],
    [1, 3, ['repeatedFaults'], ['complaintsOrFaults']],
    [2, 3, ['complaints'], ['complaintsOrFaults']], // one criterion, not two
    [5, 0, ['complaints'], ['complaintsOrFaults']],
  ])('Scenario: %s complaints and %s repeated faults', async (complaints3m, repeatedFaults3m, rules, expected) => {
    const r = await criteria({ complaints3m, repeatedFaults3m });
    expect(r.rules).toEqual(rules);
    expect(r.criteria).toEqual(expected);
  });
});

describe('Feature: churned users are for win-back only; several criteria collect in table order', () => {
  it('Scenario: a churned user with complaints and a falling spend gets the win-back row alone', async () => {
    expect(await criteria({ status: 'churned', complaints3m: 4, localCallSpend: [100, 50, 25, 10] })).toEqual({ rules: ['churned'], criteria: ['churned'] });
  });
  it('Scenario: an active user meeting all three criteria gets the three, in table order', async () => {
    expect((await criteria({ localCallSpend: [100, 50, 25, 10], ipSpendOtherNetwork: 60, complaints3m: 2 })).criteria).toEqual(['fallingSpend', 'otherNetworkIp', 'complaintsOrFaults']);
  });
  it('Scenario: a status outside active / churned is refused (input values)', async () => {
    await expect(engine.decisions.evaluate('retentionCriteria', { customer: { ...steady, status: 'gone' } })).rejects.toMatchObject({ code: 'DECISION_INPUT_NOT_ALLOWED' });
  });
});

describe('Feature: the targeted actions on the work order (binding numbers of seed 001)', () => {
  it('Scenario: every row names its actions and the offer text', async () => {
    const plan = async (over: Record<string, unknown>) => (await engine.decisions.evaluate('retentionPlan', { customer: { ...steady, ...over } })).value as { criteria: string[]; actions: string[]; offer: string; grade: string };
    expect(await plan({ localCallSpend: [100, 75, 56, 42] })).toEqual({ criteria: ['fallingSpend'], actions: ['callToLearnWhy', 'packageOffer30for40', 'freeMinutes30'], offer: '呼出了解下降原因; 优惠资费套餐: 30元打40元市话; 每月免费赠送30分钟', grade: 'silver' });
    expect(await plan({ ipSpendOtherNetwork: 51 })).toMatchObject({ actions: ['callerIpService', 'removeDialer'], offer: '开通其主叫IP业务, 拆拨号器' });
    expect(await plan({ repeatedFaults3m: 3 })).toMatchObject({ actions: ['apologyCall', 'gift', 'oneOffDiscount'], offer: '道歉电话; 礼品; 一次性折扣(下个月月租费减免等)' });
    expect(await plan({ status: 'churned' })).toMatchObject({ actions: ['winBack'] });
    expect(await plan({})).toEqual({ criteria: [], actions: [], offer: '', grade: 'silver' });
    // actions of two criteria are merged without repeats
    expect((await plan({ complaints3m: 2, ipSpendOtherNetwork: 70 })).actions).toEqual(['callerIpService', 'removeDialer', 'apologyCall', 'gift', 'oneOffDiscount']);
  });

  it('Scenario: every action the table names is a programme of the pack data, with the source numbers', () => {
    const byId = new Map(defaultProgrammes().map((p) => [p.id, p]));
    for (const id of ['callToLearnWhy', 'packageOffer30for40', 'freeMinutes30', 'callerIpService', 'removeDialer', 'apologyCall', 'gift', 'oneOffDiscount', 'winBack']) expect(byId.has(id), id).toBe(true);
    expect(byId.get('packageOffer30for40')!.terms).toEqual({ payYuan: 30, localCallValueYuan: 40 });
    expect(byId.get('freeMinutes30')!.terms).toEqual({ freeMinutesPerMonth: 30 });
    expect(byId.get('oneOffDiscount')!.terms).toEqual({ rentalWaivedMonths: 1 });
  });
});

describe('Feature: the grade (gold / silver / bronze by ARPU; thresholds are pack defaults)', () => {
  it.each([
    [100, 'gold'],
    [99.99, 'silver'],
    [50, 'silver'],
    [49.99, 'bronze'],
    [0, 'bronze'],
  ])('Scenario: ARPU %s yuan is %s', async (arpu, grade) => {
    expect((await engine.decisions.evaluate('customerGrade', { customer: { arpu } })).value).toBe(grade);
  });
});
