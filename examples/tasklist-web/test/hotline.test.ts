/**
 * The hotline marketing pack in the web tasklist: an agent takes a call (action), works the
 * call's task with the form from the pack's schema, and the electronic channels report the
 * order back; roles are checked by the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleProducts } from '@handoff/pack-hotline-service-marketing';
import { signIn, startTestTasklist } from './support';

let app: Awaited<ReturnType<typeof startTestTasklist>>;

beforeAll(async () => {
  app = await startTestTasklist();
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]);
});

const smsOnly = sampleProducts().find((p) => p.channels.sms && !p.channels.hotline && !p.channels.ivr && !p.channels.app && !p.channels.web && p.profile === 'simple' && p.marketingTypes.includes('precision') && !p.marketingTypes.includes('crossSell'))!;

describe('Feature: hotline service marketing in the tasklist', () => {
  it('Scenario: the agent takes a call, offers the CRM product, the customer orders in the SMS hall, the channel operator reports it', async () => {
    // given the 10086 agent
    const hu = await signIn(app.url, 'hu');
    const forms = (await hu.get('/api/forms')).body;
    expect(forms.actions.map((a: any) => a.id)).toEqual(['hotline.receiveCall']);
    expect(forms.actions[0].schema.properties.request.properties.kind.enum).toEqual(['order', 'consult', 'query', 'complaint', 'fault']);
    // when a call comes in with a CRM recommendation
    const call = await hu.post('/api/actions/hotline.receiveCall', { callId: 'WEB-1', customer: { msisdn: '13800000009' }, request: { kind: 'query' }, crm: { productId: smsOnly.id } });
    expect(call.status).toBe(201);
    const task = (await hu.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === call.body.instanceId);
    expect(task.elementId).toBe('handleRequest');
    // a product that does not suit the type is refused with the field named
    const wrong = await hu.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { resolved: true, marketing: { type: 'crossSell', productId: smsOnly.id, accepted: true } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.issues.map((i: any) => i.field)).toEqual(['marketing.type']);
    expect((await hu.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { resolved: true, marketing: { type: 'precision', productId: smsOnly.id, accepted: true } })).status).toBe(200);
    // then the electronic channels' operator reports the order
    const zhu = await signIn(app.url, 'zhu');
    const order = await zhu.post('/api/actions/hotline.channelOrder', { callId: 'WEB-1', channel: 'sms' });
    expect(order.status).toBe(201);
    expect(order.body.message).toBe('Order credited to call WEB-1.');
    expect((await app.engine.instances.get(call.body.instanceId))?.status).toBe('completed');
    // a second report is not credited
    expect((await zhu.post('/api/actions/hotline.channelOrder', { callId: 'WEB-1', channel: 'sms' })).body.message).toBe('No open sms recommendation for call WEB-1: not credited.');
  }, 60_000);

  it('Scenario: only agents take calls and only channel operators report orders', async () => {
    const tang = await signIn(app.url, 'tang');
    expect((await tang.post('/api/actions/hotline.receiveCall', { callId: 'WEB-2', customer: { msisdn: '13800000009' }, request: { kind: 'query' } })).status).toBe(403);
    expect((await tang.post('/api/actions/hotline.channelOrder', { callId: 'WEB-2', channel: 'web' })).status).toBe(403);
  }, 60_000);
});
