import { describe, expect, it } from 'vitest';
import { DeployError, createEngine } from '@handoff/engine';
import { createHotlineMarketingPack, hotlineMarketingDmn } from '../src/index';
import { aCall, agentWang, hotlineEngine, reviewer, ROUTED } from './support';

const breaches = async (t: Awaited<ReturnType<typeof hotlineEngine>>, id: string) => (await t.engine.history(id)).filter((e) => e.type === 'sla.breached').map((e) => (e as { slaId?: string }).slaId);

describe('Feature: service levels (defaults the source leaves open)', () => {
  it('Scenario: a call not handled within 10 minutes breaches callHandling at exactly 10 minutes', async () => {
    const t = await hotlineEngine();
    const id = await t.call();
    await t.advance('PT9M59S');
    expect(await breaches(t, id)).toEqual([]);
    await t.advance('PT1S');
    expect(await breaches(t, id)).toEqual(['callHandling']);
  });

  it('Scenario: completing on the hotline within 5 minutes meets hotlineCompletion; after 5 it breaches', async () => {
    const t = await hotlineEngine();
    const id = await t.call();
    await t.complete(id, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'precision', productId: ROUTED.hotline.id, accepted: true } });
    await t.advance('PT5M');
    expect(await breaches(t, id)).toEqual(['hotlineCompletion']);
    const rows = await t.engine.sla.report({ groupBy: 'sla' });
    expect(rows.rows.find((r) => r.key === 'callHandling')).toMatchObject({ count: 1, met: 1, breached: 0 });
  });

  it('Scenario: a capability requirement raised on Friday 16:00 is due 5 working days later, Friday 16:00 (review calendar Mon–Fri 09:00–12:00, 13:30–17:30)', async () => {
    const t = await hotlineEngine({ start: '2012-10-12T16:00:00+08:00' });
    const id = await t.call(aCall({ request: { kind: 'order', productId: ROUTED.none.id } }));
    await t.complete(id, 'handleRequest', agentWang, { resolved: false, marketing: { type: 'service', productId: ROUTED.none.id, accepted: true } });
    await t.advanceTo('2012-10-19T15:59:00+08:00');
    expect(await breaches(t, id)).not.toContain('requirementReview');
    await t.advanceTo('2012-10-19T16:00:00+08:00');
    expect(await breaches(t, id)).toContain('requirementReview');
    await t.complete(id, 'raiseRequirement', reviewer, { requirement: '网厅支持办理该业务', channel: 'web' });
  });

  it('Scenario: the windows are options written into the BPMN timers, so timer and clock agree', async () => {
    const t = await hotlineEngine({ pack: { hallWindow: 'PT24H', ivrWindow: 'PT5M' } });
    const id = await t.call();
    await t.complete(id, 'handleRequest', agentWang, { resolved: true, marketing: { type: 'precision', productId: ROUTED.sms.id, accepted: true } });
    await t.advance('PT24H');
    expect(await breaches(t, id)).toEqual(['smsHallWindow']);
    expect((await t.engine.instances.get(id))!.status).toBe('completed');
    const xml = createHotlineMarketingPack({ hallWindow: 'PT24H', ivrWindow: 'PT5M' }).bpmn;
    expect([...xml.matchAll(/<bpmn:boundaryEvent id="(\w+)"[\s\S]*?<bpmn:timeDuration[^>]*>(\w+)</g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['ivrExpired PT5M', 'smsHallExpired PT24H', 'appHallExpired PT24H', 'webHallExpired PT24H']);
  });

  it('Scenario: without the review calendar the deploy is refused, naming the SLA', async () => {
    const err = await createEngine().deploy(createHotlineMarketingPack()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems.map((p) => p.code)).toEqual(['INVALID_SLA']);
    expect(hotlineMarketingDmn()).toContain('hitPolicy="FIRST"');
  });
});
