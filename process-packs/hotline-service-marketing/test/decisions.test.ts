/**
 * The two decision tables, row by row (each rule with the inputs that reach it, and the
 * neighbouring inputs that must not), then every input combination against a plain reading
 * of the source's channel fit.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, DecisionError } from '@handoff/engine';
import { hotlineMarketingDmn, PROFILES, type Profile } from '../src/index';

async function decisions() {
  const engine = createEngine();
  await engine.deploy({ dmn: hotlineMarketingDmn(), name: 'hotline-service-marketing.dmn' });
  return engine;
}
type Ch = { hotline: boolean; ivr: boolean; sms: boolean; app: boolean; web: boolean };
const ch = (s: string): Ch => ({ hotline: s.includes('H'), ivr: s.includes('I'), sms: s.includes('S'), app: s.includes('A'), web: s.includes('W') });

describe('Feature: recommendationChannel — the channel that completes the offered product (FIRST)', () => {
  // [channels (H hotline, I ivr, S sms, A app, W web), profile, channel, rule id]
  const ROWS: readonly [string, Profile, string, string][] = [
    ['H', 'complex', 'hotline', 'agentCompletes'],
    ['HISAW', 'simple', 'hotline', 'agentCompletes'], // the agent first, even when every channel can
    ['I', 'complex', 'ivr', 'ivrSelfService'],
    ['ISAW', 'data', 'ivr', 'ivrSelfService'], // the IVR before the halls: the customer is still on the call
    ['SA', 'data', 'app', 'dataToAppHall'],
    ['A', 'data', 'app', 'dataToAppHall'],
    ['SW', 'content', 'web', 'contentToWebHall'],
    ['W', 'content', 'web', 'contentToWebHall'],
    ['SAW', 'simple', 'sms', 'simpleToSmsHall'],
    ['S', 'simple', 'sms', 'simpleToSmsHall'],
    ['S', 'data', 'sms', 'otherSmsHall'], // data, but the app hall cannot: the SMS hall can
    ['SW', 'complex', 'sms', 'otherSmsHall'],
    ['S', 'content', 'sms', 'otherSmsHall'],
    ['AW', 'simple', 'app', 'otherAppHall'],
    ['A', 'complex', 'app', 'otherAppHall'],
    ['AW', 'content', 'web', 'contentToWebHall'],
    ['W', 'simple', 'web', 'otherWebHall'],
    ['W', 'data', 'web', 'otherWebHall'],
    ['', 'simple', 'none', 'noChannel'],
    ['', 'complex', 'none', 'noChannel'],
  ];
  it.each(ROWS)('Scenario: channels %s, profile %s → %s (rule %s)', async (channels, profile, channel, rule) => {
    const engine = await decisions();
    const r = await engine.decisions.evaluate('recommendationChannel', { offer: { channels: ch(channels), profile } });
    expect((r.value as { channel: string }).channel).toBe(channel);
    expect(r.matchedRules[0]!.id).toBe(rule);
  });

  it('Scenario: every rule is reached by some row above', async () => {
    expect(new Set(ROWS.map((r) => r[3]))).toEqual(new Set(['agentCompletes', 'ivrSelfService', 'dataToAppHall', 'contentToWebHall', 'simpleToSmsHall', 'otherSmsHall', 'otherAppHall', 'otherWebHall', 'noChannel']));
  });

  it('Scenario: all 128 combinations of channels and profiles match the source\'s order — agent, IVR, the fitting hall, any hall that can, none', async () => {
    const engine = await decisions();
    const fit: Record<Profile, keyof Ch | undefined> = { data: 'app', content: 'web', simple: 'sms', complex: undefined };
    for (let bits = 0; bits < 32; bits++) {
      const c: Ch = { hotline: !!(bits & 1), ivr: !!(bits & 2), sms: !!(bits & 4), app: !!(bits & 8), web: !!(bits & 16) };
      for (const profile of PROFILES) {
        const f = fit[profile];
        const want = c.hotline ? 'hotline' : c.ivr ? 'ivr' : f && c[f] ? f : c.sms ? 'sms' : c.app ? 'app' : c.web ? 'web' : 'none';
        const r = await engine.decisions.evaluate('recommendationChannel', { offer: { channels: c, profile } });
        expect((r.value as { channel: string }).channel, `${JSON.stringify(c)} ${profile}`).toBe(want);
      }
    }
  });

  it('Scenario: a profile outside the table\'s input values is an error, not a guess', async () => {
    const engine = await decisions();
    const err = await engine.decisions.evaluate('recommendationChannel', { offer: { channels: ch('S'), profile: 'fancy' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecisionError);
    expect((err as DecisionError).code).toBe('DECISION_INPUT_NOT_ALLOWED');
  });
});

describe('Feature: marketingSuggestion — which of the four marketing types the call offers (FIRST)', () => {
  // [request kind, asked product, cross-sell candidate, CRM product, key product, type, product, rule]
  const ROWS: readonly [string, string | null, string | null, string | null, string | null, string, string | null, string][] = [
    ['order', 'P010', 'P020', 'P030', 'P001', 'service', 'P010', 'customerAsks'], // the customer's own request first
    ['order', null, 'P020', 'P030', 'P001', 'precision', 'P030', 'crmRecommends'], // order without a product: no cross-selling on an order call
    ['consult', 'P010', 'P020', 'P030', 'P001', 'crossSell', 'P020', 'solvesProblem'], // a product named on a consult call is not a purchase
    ['query', null, 'P020', null, null, 'crossSell', 'P020', 'solvesProblem'],
    ['complaint', null, 'P020', null, 'P001', 'crossSell', 'P020', 'solvesProblem'],
    ['fault', null, 'P020', 'P030', null, 'crossSell', 'P020', 'solvesProblem'],
    ['fault', null, null, 'P030', 'P001', 'precision', 'P030', 'crmRecommends'],
    ['query', null, null, null, 'P001', 'active', 'P001', 'keyProduct'],
    ['order', null, null, null, 'P001', 'active', 'P001', 'keyProduct'],
    ['consult', null, null, null, null, 'none', null, 'nothingToOffer'],
    ['order', null, null, null, null, 'none', null, 'nothingToOffer'],
  ];
  it.each(ROWS)('Scenario: %s call, asked %s, cross-sell %s, CRM %s, key %s → %s %s (rule %s)', async (kind, asked, cross, crm, key, type, productId, rule) => {
    const engine = await decisions();
    const r = await engine.decisions.evaluate('marketingSuggestion', { request: { kind, ...(asked ? { productId: asked } : {}) }, candidates: { crossSell: cross, precision: crm, active: key } });
    expect(r.value).toEqual({ type, productId });
    expect(r.matchedRules[0]!.id).toBe(rule);
  });

  it('Scenario: a request kind outside the table\'s input values is an error', async () => {
    const engine = await decisions();
    const err = await engine.decisions.evaluate('marketingSuggestion', { request: { kind: 'chat' }, candidates: { crossSell: null, precision: null, active: null } }).catch((e: unknown) => e);
    expect((err as DecisionError).code).toBe('DECISION_INPUT_NOT_ALLOWED');
  });
});
