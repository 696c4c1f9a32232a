/**
 * The API without a browser: sessions, the server-side role checks, the engine's errors as
 * HTTP answers, forms from the packs' schemas, SLA colours and the live event stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadbandCase, Client, lead, openStream, signIn, startTestTasklist } from './support';

let app: Awaited<ReturnType<typeof startTestTasklist>>;
let n = 0;

beforeAll(async () => {
  app = await startTestTasklist();
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]);
});

/** A rep opens a case in G01 and reports the visit (interested); returns the case id and the rep. */
async function caseWaitingForCall() {
  const ana = await signIn(app.url, 'ana');
  const c = broadbandCase(++n);
  const opened = await ana.post('/api/actions/broadband.openCase', c);
  expect(opened.status).toBe(201);
  const visit = (await ana.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === opened.body.instanceId);
  expect((await ana.post(`/api/tasks/${encodeURIComponent(visit.id)}/complete`, { interested: true })).status).toBe(200);
  return { ana, instanceId: opened.body.instanceId as string, phone: c.phone };
}

/** …and the customer's call reaches the hotline: the callback task is open. */
async function callbackOpen() {
  const base = await caseWaitingForCall();
  const bo = await signIn(app.url, 'bo');
  const call = await bo.post('/api/actions/broadband.customerCall', { phone: base.phone });
  expect(call.status).toBe(201);
  const task = (await bo.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === base.instanceId && t.elementId === 'callBack');
  expect(task).toBeDefined();
  return { ...base, bo, task };
}

describe('Feature: sessions are held by the server', () => {
  it('Scenario: without a session every API call is refused with 401', async () => {
    const anon = new Client(app.url);
    for (const [m, p] of [['GET', '/api/tasks'], ['GET', '/api/forms'], ['POST', '/api/tasks/x%2F1/claim'], ['GET', '/api/events'], ['POST', '/api/clock/advance']] as const) {
      const r = await anon.request(m, p, m === 'POST' ? {} : undefined);
      expect(r.status, `${m} ${p}`).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
      expect(r.body.error.hint).toMatch(/sign in/);
    }
  });

  it('Scenario: signing in sets an HttpOnly SameSite cookie with a fresh random id each time', async () => {
    const a = new Client(app.url);
    const r = await a.post('/api/session', { personId: 'bo' });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const b = await signIn(app.url, 'bo');
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.cookie.split('=')[1]!.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
  });

  it('Scenario: roles sent by the client are ignored; a forged session id is not signed in', async () => {
    // given ana asks for the hotline role while signing in
    const ana = new Client(app.url);
    const r = await ana.post('/api/session', { personId: 'ana', roles: ['hotline', 'admin'] });
    // then she has the directory's roles only
    expect(r.body.person.roles).toEqual(['grid:G01']);
    expect((await ana.get('/api/session')).body.person.roles).toEqual(['grid:G01']);
    // and a made-up cookie is no session
    const forged = new Client(app.url);
    forged.cookie = 'handoff_session=' + 'A'.repeat(43);
    expect((await forged.get('/api/tasks')).status).toBe(401);
  });

  it('Scenario: an unknown person cannot sign in; signing out ends the session', async () => {
    const c = new Client(app.url);
    const r = await c.post('/api/session', { personId: 'mallory' });
    expect(r.status).toBe(400);
    expect(r.body.error.hint).toMatch(/ana, bo/);
    const bo = await signIn(app.url, 'bo');
    const stale = bo.cookie;
    expect((await bo.request('DELETE', '/api/session')).status).toBe(200);
    const again = new Client(app.url);
    again.cookie = stale;
    expect((await again.get('/api/tasks')).status).toBe(401);
  });
});

describe('Feature: the API enforces what the engine enforces', () => {
  it('Scenario: a wrong-role claim, sent straight to the API, gets 403 with the engine message and hint; nothing changes', async () => {
    // given the hotline's callback task
    const { task } = await callbackOpen();
    // when the installer claims it directly
    const dai = await signIn(app.url, 'dai');
    const r = await dai.post(`/api/tasks/${encodeURIComponent(task.id)}/claim`);
    // then
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'FORBIDDEN', elementId: 'callBack', requiredRoles: ['hotline'] });
    expect(r.body.error.message).toContain(`Actor 'dai' may not claim task ${task.id} (callBack): it requires one of the roles [hotline]`);
    expect(r.body.error.hint).toMatch(/sign in as an actor holding one of \[hotline\]/);
    expect((await app.engine.tasks.get(task.id))?.state).toBe('open');
  });

  it('Scenario: a wrong-role completion is refused before the form is looked at', async () => {
    const { task } = await callbackOpen();
    const dai = await signIn(app.url, 'dai');
    const r = await dai.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { nonsense: 1 });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(r.body.error.issues).toBeUndefined();
    expect((await app.engine.tasks.get(task.id))?.state).toBe('open');
  });

  it('Scenario: a task claimed by a colleague cannot be completed by another agent of the same role', async () => {
    const { task, bo } = await callbackOpen();
    expect((await bo.post(`/api/tasks/${encodeURIComponent(task.id)}/claim`)).status).toBe(200);
    const chen = await signIn(app.url, 'chen');
    const r = await chen.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { installable: true });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/claimed by 'bo'/);
  });

  it('Scenario: a task completed twice gets 409 TASK_NOT_OPEN', async () => {
    const { task, bo } = await callbackOpen();
    const path = `/api/tasks/${encodeURIComponent(task.id)}/complete`;
    expect((await bo.post(path, { installable: true })).status).toBe(200);
    const again = await bo.post(path, { installable: true });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TASK_NOT_OPEN');
    expect(again.body.error.message).toMatch(/it is completed/);
  });

  it('Scenario: an invalid form gets 422 with one error per field, in the schema’s words', async () => {
    const { task, bo } = await callbackOpen();
    const r = await bo.post(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { instalable: true });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(r.body.error.issues.map((i: any) => [i.field, i.message]));
    expect(byField.installable).toMatch(/installable is required/);
    expect(byField['']).toMatch(/unknown field 'instalable'/);
    expect((await app.engine.tasks.get(task.id))?.state).toBe('open');
  });

  it('Scenario: nested fields of a start form are named by their path (need.product)', async () => {
    const he = await signIn(app.url, 'he');
    const r = await he.post('/api/actions/group.capture', {
      kind: 'opportunity',
      contactChannel: 'accountManager',
      opportunity: { title: '专线', passive: true },
      enterprise: { name: '某集团', class: 'A', accountManagerFlag: true },
      contact: { name: '张三', phone: '13900000000' },
      keyPerson: { name: '李四', title: '总经理' },
      need: { type: '通信', willingToTalk: true },
      informatisation: { current: '无' },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: any) => i.field)).toEqual(expect.arrayContaining(['need.product', 'need.requirements']));
  });

  it('Scenario: actions need their roles, and the host checks the input against the person (own grid, own channel)', async () => {
    const bo = await signIn(app.url, 'bo');
    const open = await bo.post('/api/actions/broadband.openCase', broadbandCase(900));
    expect(open.status).toBe(403);
    expect(open.body.error.message).toMatch(/requires one of the roles \[fieldSales, grid:\*\]/);
    const ana = await signIn(app.url, 'ana');
    const other = await ana.post('/api/actions/broadband.openCase', { ...broadbandCase(901), grid: 'G02' });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/own grid \[G01\]/);
    const he = await signIn(app.url, 'he');
    const channel = await he.post('/api/actions/group.capture', { ...lead(), contactChannel: 'website' });
    expect(channel.status).toBe(403);
    expect(channel.body.error.message).toMatch(/may not capture for channel website/);
    expect((await he.post('/api/actions/group.capture', lead())).status).toBe(201);
    expect((await app.engine.instances.list({ processId: 'broadbandFieldSales' })).some((i) => i.businessKey === broadbandCase(900).phone || i.businessKey === broadbandCase(901).phone)).toBe(false);
  });

  it('Scenario: unknown tasks are 404, malformed bodies 400', async () => {
    const bo = await signIn(app.url, 'bo');
    expect((await bo.post('/api/tasks/nope%2F1/claim')).status).toBe(404);
    const bad = await bo.request('POST', '/api/tasks/nope%2F1/complete', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
  });
});

describe('Feature: forms come from the packs’ zod schemas', () => {
  it('Scenario: every task schema of both packs is a JSON Schema form; actions are listed by role', async () => {
    const ana = await signIn(app.url, 'ana');
    const forms = (await ana.get('/api/forms')).body;
    expect(Object.keys(forms.tasks)).toEqual(expect.arrayContaining(['broadbandFieldSales/visitCustomer', 'broadbandFieldSales/callBack', 'broadbandFieldSales/install', 'groupOpportunityTransfer/claimByAccountManager']));
    expect(forms.tasks['broadbandFieldSales/callBack']).toMatchObject({ type: 'object', required: ['installable'], properties: { installable: { type: 'boolean' } }, additionalProperties: false });
    expect(forms.tasks['broadbandFieldSales/install'].properties.installed).toEqual({ type: 'boolean', const: true });
    expect(forms.actions.map((a: any) => a.id)).toEqual(['broadband.openCase']);
    expect(forms.actions[0].schema.properties.channel.enum).toEqual(['door-to-door', 'hotline', 'hall']);
    const he = await signIn(app.url, 'he');
    const capture = (await he.get('/api/forms')).body.actions;
    expect(capture.map((a: any) => a.id)).toEqual(['group.capture']);
    expect(capture[0].schema.properties.need.required).toEqual(['type', 'willingToTalk']);
  });
});

describe('Feature: SLA colours and case diagrams', () => {
  it('Scenario: the callback turns amber at the warning and red at the breach as the virtual clock advances', async () => {
    const { bo, task, instanceId } = await callbackOpen();
    const sla = async () => (await bo.get('/api/tasks')).body.tasks.find((t: any) => t.id === task.id).sla;
    expect(await sla()).toMatchObject({ slaId: 'callback', colour: 'green', remaining: 30 * 60_000 });
    await bo.post('/api/clock/advance', { by: 'PT24M' });
    expect(await sla()).toMatchObject({ colour: 'amber', remaining: 6 * 60_000 });
    await bo.post('/api/clock/advance', { by: 'PT7M' });
    expect(await sla()).toMatchObject({ colour: 'red', remaining: -60_000 });
    const view = (await bo.get(`/api/cases/${encodeURIComponent(instanceId)}`)).body;
    expect(view.activeElements).toEqual(['callBack']);
    expect(view.clocks).toEqual([expect.objectContaining({ slaId: 'callback', elementId: 'callBack', colour: 'red' })]);
  });

  it('Scenario: a case is visible to its lanes and participants, refused to others; its BPMN is served', async () => {
    const { ana, instanceId } = await caseWaitingForCall();
    const view = await ana.get(`/api/cases/${encodeURIComponent(instanceId)}`);
    expect(view.status).toBe(200);
    expect(view.body.activeElements).toEqual(['customerReport']);
    const he = await signIn(app.url, 'he');
    const refused = await he.get(`/api/cases/${encodeURIComponent(instanceId)}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may not view case/);
    const xml = await ana.get('/api/processes/broadbandFieldSales/bpmn');
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    expect(xml.body).toContain('<bpmn:lane id="hotline"');
    expect((await ana.get('/api/cases')).body.some((c: any) => c.id === instanceId)).toBe(true);
    expect((await he.get('/api/cases')).body.some((c: any) => c.id === instanceId)).toBe(false);
  });
});

describe('Feature: live updates over server-sent events, per role', () => {
  it('Scenario: the hotline sees the callback task appear and its SLA breach; the rep and the account manager do not', async () => {
    // given three people listening
    const { ana, phone, instanceId } = await caseWaitingForCall();
    const bo = await signIn(app.url, 'bo');
    const he = await signIn(app.url, 'he');
    const [boLive, anaLive, heLive] = await Promise.all([openStream(bo), openStream(ana), openStream(he)]);
    expect(boLive.status).toBe(200);
    try {
      await boLive.waitFor((e) => e.event === 'hello');
      // when the customer's call reaches the case
      await bo.post('/api/actions/broadband.customerCall', { phone });
      // then the hotline is told about the new task
      const created = await boLive.waitFor((e) => e.data.type === 'task.created' && e.data.instanceId === instanceId);
      expect(created.data).toMatchObject({ elementId: 'callBack', state: 'open' });
      expect(created.data).not.toHaveProperty('variables');
      // and when the limit passes, about the breach
      await bo.post('/api/clock/advance', { by: 'PT31M' });
      await boLive.waitFor((e) => e.data.type === 'sla.breached' && e.data.instanceId === instanceId);
      await heLive.waitFor((e) => e.event === 'clock');
      await anaLive.waitFor((e) => e.event === 'clock');
      // the others saw neither
      for (const other of [anaLive, heLive]) {
        expect(other.events.filter((e) => e.data.instanceId === instanceId && ['task.created', 'sla.breached'].includes(e.data.type) && e.data.elementId === 'callBack')).toEqual([]);
      }
    } finally {
      for (const s of [boLive, anaLive, heLive]) s.close();
    }
  });
});

describe('Feature: the hall pack on engine resource pools', () => {
  it('Scenario: with two greeters on duty, the third customer’s task waits; claiming it is 409 TASK_WAITING until a greeter is free', async () => {
    // given the greeter welcomes three customers (2 greeters on duty)
    const qi = await signIn(app.url, 'qi');
    const tickets = ['A001', 'A002', 'A003'];
    for (const ticket of tickets) expect((await qi.post('/api/actions/hall.welcome', { ticket })).status).toBe(201);
    const needs = async () => (await qi.get('/api/tasks')).body.tasks.filter((t: any) => t.elementId === 'identifyNeeds' && tickets.includes(t.businessKey));
    const states = (await needs()).map((t: any) => `${t.businessKey}:${t.state}`).sort();
    expect(states).toEqual(['A001:open', 'A002:open', 'A003:waiting']);
    // when the greeter tries the waiting one
    const waiting = (await needs()).find((t: any) => t.state === 'waiting');
    const r = await qi.post(`/api/tasks/${encodeURIComponent(waiting.id)}/claim`);
    // then
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('TASK_WAITING');
    expect(r.body.error.message).toMatch(/waits for a free 'greeter' resource/);
    // and once a greeter finishes with A001, A003 is granted
    const first = (await needs()).find((t: any) => t.businessKey === 'A001');
    expect((await qi.post(`/api/tasks/${encodeURIComponent(first.id)}/complete`, { need: 'billQuery', spendingTier: 'low' })).status).toBe(200);
    expect((await needs()).map((t: any) => `${t.businessKey}:${t.state}`).sort()).toEqual(['A002:open', 'A003:open']);
    expect((await qi.post(`/api/tasks/${encodeURIComponent(waiting.id)}/claim`)).status).toBe(200);
  });
});
