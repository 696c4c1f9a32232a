import { describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidArgumentError, ValidationError } from '@handoff/engine';
import { recordChannelOrder, type RecommendationChannel } from '../src/index';
import { aCall, agentLi, agentWang, hotlineEngine, reviewer, ROUTED } from './support';

const issues = (e: unknown) => (e as ValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('Feature: a call, the CRM suggestion and the agent\'s marketing', () => {
  it('Scenario: the CRM decision suggests a type and product from the call; the agent sees it', async () => {
    // given
    const t = await hotlineEngine();
    // when a customer complains about data overage, the CRM recommends the SMS product, the key product is P001
    const id = await t.call(aCall({ request: { kind: 'complaint', problem: '流量超支' }, crm: { productId: ROUTED.sms.id } }));
    // then cross-selling wins (FIRST rule order), and every candidate is on the case
    const v = await t.variables(id);
    expect(v.candidates).toEqual({ crossSell: 'P001', precision: ROUTED.sms.id, active: 'P001' });
    expect(v.suggestion).toEqual({ type: 'crossSell', productId: 'P001' });
    expect(await t.at(id)).toEqual(['handleRequest']);
  });

  it('Scenario: no marketing, or an offer the customer declines, ends the call without a channel', async () => {
    const t = await hotlineEngine();
    const quiet = await t.call(aCall({ callId: 'C-quiet' }));
    await t.complete(quiet, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'none' } });
    const declined = await t.call(aCall({ callId: 'C-declined' }));
    await t.complete(declined, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'active', productId: 'P001', accepted: false } });
    for (const id of [quiet, declined]) {
      expect((await t.engine.instances.get(id))!.status).toBe('completed');
      const ends = (await t.engine.history(id)).filter((e) => e.type === 'activity.entered' && (e as { elementId?: string }).elementId === 'callEnded');
      expect(ends).toHaveLength(1);
      expect((await t.variables(id)).route).toBeUndefined();
    }
  });

  it('Scenario: the agent completes what the agent can on the call (or books it): business handled', async () => {
    const t = await hotlineEngine();
    const id = await t.call();
    await t.complete(id, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'precision', productId: ROUTED.hotline.id, accepted: true } });
    expect(await t.variables(id)).toMatchObject({ offer: { productId: ROUTED.hotline.id, channels: ROUTED.hotline.channels }, route: { channel: 'hotline', rule: 'agent-completes' } });
    expect(await t.at(id)).toEqual(['completeOnHotline']);
    await t.complete(id, 'completeOnHotline', agentWang, { result: 'booked', orderNo: 'BOSS-1' });
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
  });

  it.each([
    ['ivr', 'ivrOrder', 'ivrOrdered', 'ivr-self-service'],
    ['sms', 'smsHallOrder', 'smsHallOrdered', 'simple-to-sms-hall'],
    ['app', 'appHallOrder', 'appHallOrdered', 'app-hall-can'],
    ['web', 'webHallOrder', 'webHallOrdered', 'content-to-web-hall'],
  ] as const)('Scenario: a product the agent cannot complete goes to the %s channel, which reports the order', async (channel, task, end, rule) => {
    // given an accepted offer of a product only that channel completes
    const t = await hotlineEngine();
    const id = await t.call(aCall({ callId: `C-${channel}` }));
    await t.complete(id, 'handleRequest', agentLi, { resolved: true, marketing: { type: 'precision', productId: ROUTED[channel].id, accepted: true } });
    expect((await t.variables(id)).route).toEqual({ channel, rule: ROUTED[channel].profile === 'data' && channel === 'app' ? 'data-to-app-hall' : rule });
    expect(await t.at(id)).toEqual([task]);
    // a report from another channel is not credited and changes nothing
    const other: RecommendationChannel = channel === 'sms' ? 'app' : 'sms';
    expect(await recordChannelOrder(t.engine, { callId: `C-${channel}`, channel: other })).toEqual({ credited: false });
    expect(await t.at(id)).toEqual([task]);
    // when the channel reports the order
    await t.advance('PT1M');
    const r = await recordChannelOrder(t.engine, { callId: `C-${channel}`, channel, orderNo: 'SMS-7' });
    await t.engine.idle();
    // then
    expect(r).toEqual({ credited: true, instanceId: id });
    const hist = await t.engine.history(id);
    expect(hist.some((e) => e.type === 'activity.entered' && (e as { elementId?: string }).elementId === end)).toBe(true);
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
  });

  it.each([
    ['ivr', 'PT10M', 'ivrNotOrdered', 'ivrWindow'],
    ['sms', 'PT72H', 'smsHallNotOrdered', 'smsHallWindow'],
    ['app', 'PT72H', 'appHallNotOrdered', 'appHallWindow'],
    ['web', 'PT72H', 'webHallNotOrdered', 'webHallWindow'],
  ] as const)('Scenario: no %s order within the window (%s): the recommendation expires, its clock breaches, a late order is not credited', async (channel, window, end, sla) => {
    const t = await hotlineEngine();
    const id = await t.call(aCall({ callId: `C-${channel}` }));
    await t.complete(id, 'handleRequest', agentLi, { resolved: true, marketing: { type: 'precision', productId: ROUTED[channel].id, accepted: true } });
    // one second before the window: still waiting
    await t.advance(window === 'PT10M' ? 'PT9M59S' : 'PT71H59M59S');
    expect(await t.at(id)).toEqual([`${channel === 'ivr' ? 'ivr' : `${channel}Hall`}Order`]);
    // when the window passes
    await t.advance('PT1S');
    // then
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
    const hist = await t.engine.history(id);
    expect(hist.some((e) => e.type === 'activity.entered' && (e as { elementId?: string }).elementId === end)).toBe(true);
    expect(hist.filter((e) => e.type === 'sla.breached').map((e) => (e as { slaId?: string }).slaId)).toEqual([sla]);
    expect(await recordChannelOrder(t.engine, { callId: `C-${channel}`, channel })).toEqual({ credited: false });
  });

  it('Scenario: business no channel completes becomes a capability requirement for the business review team', async () => {
    const t = await hotlineEngine();
    const id = await t.call(aCall({ request: { kind: 'order', productId: ROUTED.none.id } }));
    expect((await t.variables(id)).suggestion).toEqual({ type: 'service', productId: ROUTED.none.id });
    await t.complete(id, 'handleRequest', agentWang, { resolved: false, marketing: { type: 'service', productId: ROUTED.none.id, accepted: true } });
    expect((await t.variables(id)).route).toEqual({ channel: 'none', rule: 'no-channel' });
    expect(await t.at(id)).toEqual(['raiseRequirement']);
    // only the review team may record it
    await expect(t.complete(id, 'raiseRequirement', agentWang, { requirement: '短厅支持办理', channel: 'sms' })).rejects.toBeInstanceOf(ForbiddenError);
    await t.complete(id, 'raiseRequirement', reviewer, { requirement: '短厅支持办理该业务', channel: 'sms' });
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
  });
});

describe('Feature: bad input is refused with the field at fault, and changes nothing', () => {
  it('Scenario: a call naming products that are not on the list, or not tagged for their type', async () => {
    const t = await hotlineEngine();
    const err = await t.engine.start('hotlineServiceMarketing', { ...aCall(), request: { kind: 'order', productId: 'X999' }, crm: { productId: ROUTED.none.id }, keyProductId: ROUTED.sms.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(issues(err)).toEqual([
      'request.productId: request.productId X999 is not on the product list; use an id of the list (e.g. P001)',
      `crm.productId: crm.productId ${ROUTED.none.id} (${ROUTED.none.name}) is not tagged for 精准营销 (precision); tag it on the product list or name another product`,
      ...(ROUTED.sms.marketingTypes.includes('active') ? [] : [`keyProductId: keyProductId ${ROUTED.sms.id} (${ROUTED.sms.name}) is not tagged for 主动营销 (active); tag it on the product list or name another product`]),
    ]);
    const bad = await t.engine.start('hotlineServiceMarketing', { callId: 'C', customer: { msisdn: '0571-1' }, request: { kind: 'chat' }, extra: 1 }).catch((e: unknown) => e);
    expect(issues(bad)).toEqual([
      'customer.msisdn: customer.msisdn must be a mainland mobile number: 11 digits starting with 1',
      "request.kind: request.kind must be one of 'order', 'consult', 'query', 'complaint', 'fault', not \"chat\"",
      ": unknown field 'extra' in the call; check the spelling",
    ]);
    expect(await t.engine.instances.list({ processId: 'hotlineServiceMarketing' })).toEqual([]);
  });

  it('Scenario: an offer of a product that does not suit the type, or without the customer\'s answer, is refused; the task stays open', async () => {
    const t = await hotlineEngine();
    const id = await t.call();
    const notCross = ROUTED.none; // tagged service only
    const cases: [Record<string, unknown>, string[]][] = [
      [{ resolved: true, marketing: { type: 'crossSell', productId: notCross.id, accepted: true } }, [`marketing.type: ${notCross.id} (${notCross.name}) does not suit 交叉营销 (crossSell); it suits service — offer it as one of those, or offer another product`]],
      [{ resolved: true, marketing: { type: 'active', productId: 'P001' } }, ['marketing.accepted: marketing.accepted is required when an offer was made: did the customer accept it (true or false)?']],
      [{ resolved: true, marketing: { type: 'precision', accepted: true } }, ['marketing.productId: marketing.productId is required for 精准营销: the product offered']],
      [{ resolved: true, marketing: { type: 'none', productId: 'P001' } }, ["marketing.type: marketing.type is 'none' but a product or an answer is given; name the marketing type of the offer, or leave productId and accepted out"]],
      [{ resolved: true, marketing: { type: 'service', productId: 'NOPE', accepted: true } }, ['marketing.productId: marketing.productId NOPE is not on the product list; pick a product of the list']],
      [{ marketing: { type: 'none' } }, ["resolved: resolved is required: was the customer's request resolved on the call? (true or false)"]],
    ];
    for (const [output, expected] of cases) {
      const err = await t.complete(id, 'handleRequest', agentWang, output).catch((e: unknown) => e);
      expect(err, JSON.stringify(output)).toBeInstanceOf(ValidationError);
      expect(issues(err)).toEqual(expected);
    }
    expect(await t.at(id)).toEqual(['handleRequest']);
    // a failed hotline completion needs a reason
    await t.complete(id, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'precision', productId: ROUTED.hotline.id, accepted: true } });
    expect(issues(await t.complete(id, 'completeOnHotline', agentWang, { result: 'failed' }).catch((e: unknown) => e))).toEqual(["reason: reason is required when result is 'failed': why the business was not completed"]);
    await t.complete(id, 'completeOnHotline', agentWang, { result: 'failed', reason: '客户未带证件' });
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
  });

  it('Scenario: a channel report with an unknown channel or without a call id is refused', async () => {
    const t = await hotlineEngine();
    await expect(recordChannelOrder(t.engine, { callId: 'C', channel: 'hall' as RecommendationChannel })).rejects.toThrow(InvalidArgumentError);
    await expect(recordChannelOrder(t.engine, { callId: ' ', channel: 'sms' })).rejects.toThrow(/callId/);
  });

  it('Scenario: only hotline agents handle calls', async () => {
    const t = await hotlineEngine();
    const id = await t.call();
    await expect(t.complete(id, 'handleRequest', reviewer, { resolved: true, marketing: { type: 'none' } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
