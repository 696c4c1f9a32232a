/**
 * The routing rules (商机转移原则) and each contact channel's capabilities, one scenario each:
 * who gets a task after the opportunity is captured, and what the rule recorded.
 */
import { describe, expect, it } from 'vitest';
import { aLead, anOpportunity, groupEngine, hallClerk, hotlineAgent, phoneManager, webDesk } from './support';

async function routed(record = anOpportunity(), pack = {}) {
  const t = await groupEngine({ pack });
  const id = await t.capture(record);
  const info = await t.engine.instances.get(id);
  return { t, id, routing: info!.variables.routing as Record<string, unknown>, holders: await t.holders(id) };
}

describe('Feature: rule 2, route by customer class (按客户分类转移)', () => {
  it('Scenario: a group with an account-manager flag goes to the account manager only', async () => {
    // given a class-A group carrying the flag
    // when it is captured at the hotline
    const { routing, holders } = await routed(anOpportunity({ enterprise: { class: 'A', accountManagerFlag: true } }));
    // then
    expect(holders).toEqual(['claimByAccountManager@accountManager']);
    expect(routing).toEqual({ isOpportunity: true, capable: false, selfHandler: null, serving: 'accountManager', salesServiceChannel: 'accountManager', owner: 'accountManager', dualCoverage: false, rule: 'account-manager-flag' });
  });

  it('Scenario: a group without the flag goes to the core agent, and the telephone account manager covers it too (双重覆盖)', async () => {
    // given a class-C group without the flag
    // when
    const { routing, holders } = await routed(anOpportunity({ enterprise: { class: 'C' } }));
    // then both get a task
    expect(holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
    expect([routing.owner, routing.dualCoverage, routing.rule]).toEqual(['socialChannel', true, 'social-channel-dual-coverage']);
  });

  it('Scenario: a potential group goes to the core agent with dual coverage', async () => {
    const { routing, holders } = await routed(anOpportunity({ enterprise: { class: 'potential' } }));
    expect(holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
    expect(routing.owner).toBe('socialChannel');
  });

  it('Scenario: a class-A group without the flag also goes to the core agent (no flag → core agent)', async () => {
    const { holders } = await routed(anOpportunity({ enterprise: { class: 'A', accountManagerFlag: false } }));
    expect(holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
  });

  it('Scenario: an existing customer goes back to the channel that serves it, even when its class is unknown', async () => {
    // given a group of unknown class already served by a core agent
    const social = await routed(anOpportunity({ enterprise: { class: 'unknown', servingChannel: 'socialChannel' } }));
    // and one served by an account manager (no flag recorded)
    const am = await routed(anOpportunity({ enterprise: { class: 'unknown', servingChannel: 'accountManager' } }));
    // then
    expect(social.holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
    expect(am.holders).toEqual(['claimByAccountManager@accountManager']);
  });

  it('Scenario: rule 6, an undecidable opportunity goes to the operations center, where a person dispatches', async () => {
    // given a group the contact channel cannot classify, served by nobody
    const { routing, holders } = await routed(anOpportunity({ enterprise: { class: 'unknown' } }));
    // then
    expect(holders).toEqual(['dispatchByOperations@operationsCenter']);
    expect([routing.owner, routing.rule]).toEqual(['operationsCenter', 'operations-center-dispatch']);
  });

  it('Scenario: a lead (no product named) is transferred by customer class, never handled by the contact channel', async () => {
    // given a lead captured on the website, whose recommended product the website could open
    const { routing, holders } = await routed(aLead({ contactChannel: 'website' }));
    // then
    expect(routing.selfHandler).toBeNull();
    expect(holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
  });
});

describe('Feature: rule 3, the contact channel completes what it can (非首问负责制)', () => {
  it.each([
    ['website', '企信通', 'handleOnWebsite@website', webDesk],
    ['website', '企业邮箱', 'handleOnWebsite@website', webDesk],
    ['groupHotline', '短号集群网成员增删', 'handleOnHotline@groupHotline', hotlineAgent],
    ['groupHotline', '集团门户账号变更', 'handleOnHotline@groupHotline', hotlineAgent],
    ['phoneAccountManager', '短号集群网', 'handleByPhoneManager@phoneAccountManager', phoneManager],
    ['phoneAccountManager', '集团VPMN', 'handleByPhoneManager@phoneAccountManager', phoneManager],
  ] as const)('Scenario: %s completes %s itself and the opportunity ends there', async (channel, product, holder, actor) => {
    // given
    const { t, id, routing, holders } = await routed(anOpportunity({ contactChannel: channel, need: { product } }));
    expect(holders).toEqual([holder]);
    expect([routing.owner, routing.salesServiceChannel, routing.rule]).toEqual([channel, null, 'contact-channel-completes']);
    // when the channel handles it
    await t.complete(id, holder.split('@')[0]!, actor, { handled: true, orderNo: 'BOSS-1' });
    // then nobody else gets it
    expect(await t.holders(id)).toEqual([]);
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
    expect(t.trail(['activity.entered']).at(-1)).toBe('activity.entered:handledByContactChannel');
  });

  it.each([
    ['website', '专线'],
    ['groupHotline', '集团彩铃'],
    ['phoneAccountManager', '集团彩铃'],
    ['phoneAccountManager', '企信通'],
    ['serviceHall', '专线'],
    ['serviceHall', 'MAS'],
    ['experienceHall', '企信通'],
  ] as const)('Scenario: %s cannot complete %s, so it is transferred to the sales-service channel', async (channel, product) => {
    const { routing, holders } = await routed(anOpportunity({ contactChannel: channel, need: { product } }));
    expect(routing.selfHandler).toBeNull();
    expect(holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
  });

  it('Scenario: rule 4, the service hall handles a BOSS-direct product and a sales-service channel still follows up', async () => {
    // given a flagged group at the hall, insisting on the counter, for 集团VPMN
    const { t, id, routing, holders } = await routed(anOpportunity({ contactChannel: 'serviceHall', enterprise: { class: 'B', accountManagerFlag: true }, need: { product: '集团VPMN' } }));
    expect(holders).toEqual(['handleAtServiceHall@serviceHall']);
    expect([routing.selfHandler, routing.salesServiceChannel, routing.owner, routing.rule]).toEqual(['serviceHall', 'accountManager', 'accountManager', 'hall-insists-follow-up']);
    // when the hall handles it
    await t.complete(id, 'handleAtServiceHall', hallClerk, { handled: true });
    // then the account manager is still dispatched for the follow-up
    expect(await t.holders(id)).toEqual(['claimByAccountManager@accountManager']);
  });

  it('Scenario: the product list is pack data: a host list lets the website open 集团彩铃 too', async () => {
    // given the host's own product list
    const capabilities = { website: ['集团彩铃'], serviceHall: [], groupHotline: [], phoneAccountManager: [] };
    // when
    const { holders } = await routed(anOpportunity({ contactChannel: 'website', need: { product: '集团彩铃' } }), { capabilities });
    const other = await routed(anOpportunity({ contactChannel: 'website', need: { product: '企信通' } }), { capabilities });
    // then
    expect(holders).toEqual(['handleOnWebsite@website']);
    expect(other.holders).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
  });

  it('Scenario: the record keeps its contact channel', async () => {
    const { t, id } = await routed(anOpportunity({ contactChannel: 'experienceHall' }));
    expect((await t.engine.instances.get(id))!.variables.contactChannel).toBe('experienceHall');
  });
});
