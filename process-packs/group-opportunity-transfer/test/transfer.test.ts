/**
 * Claim, return, re-dispatch, automatic return on the claim SLA (in working time across a
 * weekend and a holiday), first contact, forbidden role actions, incomplete records, and
 * the contact channel's status query.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '@handoff/engine';
import { captureOpportunity, getOpportunityStatus, logFirstContact } from '../src/index';
import { accountManager, agent, anOpportunity, dispatcher, expoGuide, groupEngine, hallClerk, local, phoneManager } from './support';

/** The SLA events as `MM-dd HH:mm type:slaId`, Beijing time. */
function slaTrail(t: { events: readonly { type: string; at: number }[] }): string[] {
  return t.events.filter((e) => e.type.startsWith('sla.')).map((e) => `${local(e.at)} ${e.type}:${(e as { slaId?: string }).slaId}`);
}

const AM = { enterprise: { class: 'A' as const, accountManagerFlag: true } };

describe('Feature: the receiving channel claims or returns (认领 / 退回)', () => {
  it('Scenario: the account manager claims; responsibility moves; the follow-up closes the opportunity', async () => {
    // given an opportunity transferred to the account manager
    const t = await groupEngine();
    const id = await t.capture(anOpportunity(AM));
    // when the account manager claims it
    await t.complete(id, 'claimByAccountManager', accountManager, { accepted: true });
    // then the follow-up is theirs and the status says so
    expect(await t.holders(id)).toEqual(['followUpByAccountManager@accountManager']);
    const s = await getOpportunityStatus(t.engine, id);
    expect([s.stage, s.owner, s.claimed]).toEqual(['followingUp', 'accountManager', true]);
    // when they close it after negotiation
    await t.complete(id, 'followUpByAccountManager', accountManager, { stage: 'execution', won: true });
    // then
    expect((await getOpportunityStatus(t.engine, id)).stage).toBe('closed');
    expect(t.trail(['activity.entered']).at(-1)).toBe('activity.entered:closedByAccountManager');
  });

  it('Scenario: the core agent returns it; the operations center re-dispatches it to the account manager (second transfer)', async () => {
    // given an opportunity at the core agent (dual coverage running)
    const t = await groupEngine();
    const id = await t.capture();
    // when the agent returns it
    await t.complete(id, 'claimBySocialChannel', agent, { accepted: false, returnReason: '客户需要行业方案,代理商无能力' });
    // then it waits for a person at the operations center, the coverage goes on
    expect(await t.holders(id)).toEqual(['coverByPhoneManager@phoneAccountManager', 'dispatchByOperations@operationsCenter']);
    // when the dispatcher chooses the account manager
    await t.complete(id, 'dispatchByOperations', dispatcher, { dispatchTo: 'accountManager', reason: '行业方案' });
    await t.complete(id, 'claimByAccountManager', accountManager, { accepted: true });
    // then the history shows the first and the second transfer
    const s = await getOpportunityStatus(t.engine, id);
    expect(s.history.map((e) => e.event + ('to' in e ? `>${e.to}` : '') + ('by' in e ? `(${e.by})` : ''))).toEqual([
      'captured',
      'dualCoverage>phoneAccountManager',
      'transferred>socialChannel(system)',
      'returned',
      'toOperationsCenter',
      'dispatched>accountManager',
      'transferred>accountManager(operationsCenter)',
      'claimed',
    ]);
    expect(s.history[3]).toMatchObject({ event: 'returned', from: 'socialChannel', actor: 'agent-wang', reason: '客户需要行业方案,代理商无能力' });
    expect(s.history[4]).toMatchObject({ reason: 'returned' });
    expect([s.owner, s.claimed, s.coverageOpen]).toEqual(['accountManager', true, true]);
  });

  it('Scenario: a return without a reason is refused, naming the field', async () => {
    const t = await groupEngine();
    const id = await t.capture();
    const err = await t.complete(id, 'claimBySocialChannel', agent, { accepted: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([['returnReason', 'returnReason is required when you return the opportunity: why your channel cannot handle it']]);
    expect(await t.holders(id)).toEqual(['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager']);
  });

  it('Scenario: the telephone account manager finishes the dual coverage independently', async () => {
    const t = await groupEngine();
    const id = await t.capture();
    await t.complete(id, 'coverByPhoneManager', phoneManager, { contacted: true });
    expect(await t.holders(id)).toEqual(['claimBySocialChannel@socialChannel']);
    expect((await getOpportunityStatus(t.engine, id)).coverageOpen).toBe(false);
  });
});

describe('Feature: an unclaimed opportunity returns to the operations center on the claim SLA (working time)', () => {
  it('Scenario: captured Friday 15:00 before a Monday holiday, it returns Tuesday 15:00 (3 h Friday + 6 h Tuesday)', async () => {
    // given Friday 2026-04-03 15:00; Monday 2026-04-06 is a holiday on the calendar
    const t = await groupEngine({ start: '2026-04-03T15:00:00+08:00' });
    const id = await t.capture(anOpportunity(AM));
    // when the clock reaches Tuesday 14:59, nobody has claimed it
    await t.advanceTo('2026-04-07T14:59:00+08:00');
    // then it still waits for the account manager
    expect(await t.holders(id)).toEqual(['claimByAccountManager@accountManager']);
    // when Tuesday 15:00 comes
    await t.advanceTo('2026-04-07T15:00:00+08:00');
    // then it is back at the operations center, the breach and the timer at the same instant
    expect(await t.holders(id)).toEqual(['dispatchByOperations@operationsCenter']);
    const fired = t.events.filter((e) => e.type === 'timer.fired' || e.type === 'sla.breached').map((e) => `${local(e.at)} ${e.type}:${'slaId' in e ? e.slaId : (e as { elementId: string }).elementId}`);
    // the breach is recorded first, then the timer's path cancels the claim task, which stops the clock
    expect(fired).toEqual(['04-07 15:00 sla.breached:claimAccountManager', '04-07 15:00 timer.fired:claimAccountManagerOverdue']);
    expect(slaTrail(t).filter((e) => e.includes('claimAccountManager'))).toEqual([
      '04-03 15:00 sla.started:claimAccountManager',
      '04-07 13:12 sla.warning:claimAccountManager',
      '04-07 15:00 sla.breached:claimAccountManager',
      '04-07 15:00 sla.stopped:claimAccountManager',
    ]);
    const s = await getOpportunityStatus(t.engine, id);
    expect(s.history.slice(-2)).toEqual([
      { at: Date.parse('2026-04-07T15:00:00+08:00'), event: 'claimTimedOut', from: 'accountManager' },
      { at: Date.parse('2026-04-07T15:00:00+08:00'), event: 'toOperationsCenter', reason: 'claimTimedOut' },
    ]);
    // and the re-dispatch clock runs 4 working hours: 3 on Tuesday, 1 on Wednesday; the claim clock has stopped
    expect(s.sla.map((c) => [c.slaId, local(c.dueAt!), c.breached])).toEqual([['redispatch', '04-08 10:00', false]]);
  });

  it('Scenario: claiming in time stops the clock: sla.met, no return', async () => {
    const t = await groupEngine({ start: '2026-04-03T15:00:00+08:00' });
    const id = await t.capture(anOpportunity(AM));
    await t.advanceTo('2026-04-07T09:30:00+08:00');
    await t.complete(id, 'claimByAccountManager', accountManager, { accepted: true });
    await t.advance('P3D');
    expect(slaTrail(t).filter((e) => e.includes('claim'))).toEqual(['04-03 15:00 sla.started:claimAccountManager', '04-07 09:30 sla.met:claimAccountManager']);
    expect(t.trail(['timer.fired'])).toEqual([]);
    expect(await t.holders(id)).toEqual(['followUpByAccountManager@accountManager']);
  });

  it('Scenario: the host shortens the claim limit to 4 working hours on its own calendar', async () => {
    const { groupOpportunityCalendar } = await import('../src/index');
    const t = await groupEngine({ pack: { claimLimit: 'PT4H', calendar: 'host-cal' }, calendars: [groupOpportunityCalendar({ name: 'host-cal' })] });
    const id = await t.capture();
    await t.advanceTo('2026-03-02T13:00:00+08:00');
    expect(await t.holders(id)).toEqual(['coverByPhoneManager@phoneAccountManager', 'dispatchByOperations@operationsCenter']);
  });

  it('Scenario: first contact within 2 working days is met when logged; the clock is visible in the status', async () => {
    const t = await groupEngine();
    const id = await t.capture(anOpportunity(AM));
    await t.complete(id, 'claimByAccountManager', accountManager, { accepted: true });
    expect((await getOpportunityStatus(t.engine, id)).sla.map((c) => [c.slaId, local(c.dueAt!)])).toEqual([['firstContactAccountManager', '03-04 09:00']]);
    await t.advance('PT2H');
    await logFirstContact(t.engine, id);
    await t.engine.idle();
    expect(slaTrail(t)).toEqual([
      '03-02 09:00 sla.started:claimAccountManager',
      '03-02 09:00 sla.met:claimAccountManager',
      '03-02 09:00 sla.started:firstContactAccountManager',
      '03-02 11:00 sla.met:firstContactAccountManager',
    ]);
  });

  it('Scenario: claimed Monday 10:00, first contact "2 working days" breaches Wednesday 10:00 (not Tuesday 17:00)', async () => {
    // given an opportunity captured Monday 09:00 and claimed at 10:00
    const t = await groupEngine();
    const id = await t.capture(anOpportunity(AM));
    await t.advance('PT1H');
    await t.complete(id, 'claimByAccountManager', accountManager, { accepted: true });
    // when nobody logs a first contact until Thursday
    await t.advance('P3D');
    // then the first-contact clock breached on Wednesday at 10:00
    expect(slaTrail(t).filter((s) => s.includes('firstContact'))).toEqual([
      '03-02 10:00 sla.started:firstContactAccountManager',
      '03-03 15:24 sla.warning:firstContactAccountManager',
      '03-04 10:00 sla.breached:firstContactAccountManager',
    ]);
  });

  it('Scenario: claimed Friday 17:00, the claim clock of a new opportunity would end Monday 17:00 — P1D keeps the local time', async () => {
    // given an opportunity captured Friday 17:00
    const t = await groupEngine({ start: '2026-03-06T17:00:00+08:00' });
    const id = await t.capture(anOpportunity(AM));
    // then the claim task is due on Monday at 17:00 (the next working day)
    expect((await getOpportunityStatus(t.engine, id)).sla.map((c) => [c.slaId, local(c.dueAt!)])).toEqual([['claimAccountManager', '03-09 17:00']]);
  });
});

describe('Feature: channels act only on their own tasks', () => {
  it.each([
    ['a core agent claiming for the account manager', 'claimByAccountManager', agent, AM],
    ['a hall clerk claiming for the account manager', 'claimByAccountManager', hallClerk, AM],
    ['the experience hall claiming for the core agent', 'claimBySocialChannel', expoGuide, {}],
    ['the telephone account manager claiming for the core agent', 'claimBySocialChannel', phoneManager, {}],
  ] as const)('Scenario: %s is forbidden', async (_, elementId, actor, over) => {
    const t = await groupEngine();
    const id = await t.capture(anOpportunity(over));
    const err = await t.complete(id, elementId, actor, { accepted: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect([(err as ForbiddenError).code, (err as ForbiddenError).elementId, (err as ForbiddenError).requiredRoles]).toEqual(['FORBIDDEN', elementId, [elementId === 'claimByAccountManager' ? 'accountManager' : 'socialChannel']]);
  });

  it('Scenario: only the operations center dispatches a second transfer', async () => {
    const t = await groupEngine();
    const id = await t.capture(anOpportunity({ enterprise: { class: 'unknown' } }));
    const err = await t.complete(id, 'dispatchByOperations', accountManager, { dispatchTo: 'accountManager', reason: '我来' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(await t.holders(id)).toEqual(['dispatchByOperations@operationsCenter']);
  });
});

describe('Feature: incomplete records are refused at the point of entry (六要素)', () => {
  it('Scenario: a record without key person and contact phone is refused, naming each field', async () => {
    const t = await groupEngine();
    const { keyPerson: _k, ...rest } = anOpportunity();
    const record = { ...rest, contact: { name: '陈静' } };
    const err = await captureOpportunity(t.engine, record as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['contact.phone', 'phone is required'],
      ['keyPerson', 'keyPerson (key person) is required'],
    ]);
    expect(await t.engine.instances.list()).toEqual([]);
  });

  it('Scenario: an opportunity must name its product and requirements; a lead must not name a product', async () => {
    const t = await groupEngine();
    const opp = await captureOpportunity(t.engine, anOpportunity({ need: { product: undefined, requirements: undefined } })).catch((e: unknown) => e);
    expect((opp as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['need.product', 'need.requirements']);
    const lead = await captureOpportunity(t.engine, { ...anOpportunity(), kind: 'lead' }).catch((e: unknown) => e);
    expect((lead as ValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([['need.product', 'a lead names no product (the need is unclear); capture an opportunity when the customer names one']]);
  });

  it('Scenario: engine.start alone validates too (the pack registers the start schema), and unknown fields are refused', async () => {
    const t = await groupEngine();
    const err = await t.engine.start('groupOpportunityTransfer', { ...anOpportunity(), contactChanel: 'website' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.message)).toEqual(["unknown field 'contactChanel' in the opportunity record; check the spelling"]);
    const bad = await t.engine.start('groupOpportunityTransfer', { ...anOpportunity(), enterprise: { name: 'X', class: 'E', accountManagerFlag: false } }).catch((e: unknown) => e);
    expect((bad as ValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([['enterprise.class', `enterprise.class must be one of 'A', 'B', 'C', 'D', 'potential', 'unknown', not "E"`]]);
  });
});

describe('Feature: the contact channel queries the status at any time', () => {
  it('Scenario: right after capture the opportunity awaits the claim at the core agent, with its clocks', async () => {
    const t = await groupEngine();
    const id = await t.capture();
    const s = await getOpportunityStatus(t.engine, id);
    expect({ ...s, history: s.history.map((e) => e.event), openTasks: s.openTasks.map((o) => `${o.elementId}@${o.channel}`).sort(), sla: s.sla.map((c) => `${c.slaId} ${local(c.dueAt!)}`) }).toEqual({
      instanceId: id,
      status: 'active',
      contactChannel: 'groupHotline',
      kind: 'opportunity',
      rule: 'social-channel-dual-coverage',
      stage: 'awaitingClaim',
      owner: 'socialChannel',
      claimed: false,
      coverageOpen: true,
      openTasks: ['claimBySocialChannel@socialChannel', 'coverByPhoneManager@phoneAccountManager'],
      history: ['captured', 'dualCoverage', 'transferred'],
      sla: ['claimSocialChannel 03-03 09:00'],
    });
  });

  it('Scenario: an unknown id is a NotFoundError', async () => {
    const t = await groupEngine();
    const err = await getOpportunityStatus(t.engine, 'inst-404').catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('NOT_FOUND');
  });
});
