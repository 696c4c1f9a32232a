/**
 * The tasklist under hostile input, as a table of request → expected status: malformed
 * request targets, encodings and bodies, cross-origin writes and login CSRF, a wrong Host,
 * missing sessions and wrong roles, strict forms and server-side fields, the demo clock's
 * bounds — every answer with the security headers, the server alive after each. Requests a
 * client library would normalise go over raw `node:net` sockets. Loopback only, free ports,
 * every request time-bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, sendRaw, type RawAnswer, type RawRequest } from './rawHttp';
import { broadbandCase, Client, lead, openStream, signIn, startTestTasklist } from './support';

let app: Awaited<ReturnType<typeof startTestTasklist>>;
let port: number;
/** Another origin on the same host (same site, other port): what SameSite=Strict does not stop. */
let evil: string;
const people: Record<string, Client> = {};
let caseId: string;

const raw = (method: string, target: string, o: RawRequest = {}) => sendRaw(port, request(port, method, target, o));
const cookie = (who: string) => people[who]!.cookie;
/** Headers of a request the tasklist page itself sends as `who`. */
const json = (who?: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...(who ? { cookie: cookie(who) } : {}), ...extra });
const phones = async () => (await app.engine.instances.list({ processId: 'broadbandFieldSales' })).map((i) => i.businessKey);

beforeAll(async () => {
  app = await startTestTasklist();
  port = Number(new URL(app.url).port);
  evil = `http://127.0.0.1:${port === 65535 ? 1 : port + 1}`;
  for (const who of ['ana', 'bo', 'dai', 'he', 'qi', 'ren']) people[who] = await signIn(app.url, who);
  caseId = (await people.ana!.post('/api/actions/broadband.openCase', broadbandCase(1))).body.instanceId;
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]); // no request above made the server fail
});

/** One row: a request and the status it must get (and, optionally, its error code and more checks). */
interface Row {
  name: string;
  send: () => Promise<RawAnswer>;
  status: number;
  code?: string;
  then?: (r: RawAnswer) => unknown;
}

function expectSecurityHeaders(r: RawAnswer | { headers: Record<string, string> }): void {
  expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.headers['referrer-policy']).toBe('no-referrer');
  expect(r.headers['x-frame-options']).toBe('DENY');
}

function runTable(rows: Row[]): void {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const r = await row.send();
    expect(r.status, JSON.stringify(r.body)).toBe(row.status);
    if (row.code) expect(r.body.error.code).toBe(row.code);
    if (r.status >= 400 && typeof r.body === 'object') expect(r.body.error.hint.length).toBeGreaterThan(10);
    expectSecurityHeaders(r);
    await row.then?.(r);
    // and the server still answers
    expect((await raw('GET', '/api/people')).status).toBe(200);
  });
}

describe('Feature: a malformed request never crashes the server: it gets a 4xx', () => {
  runTable([
    { name: 'GET //x:99999/ (a request target new URL() refuses) → 404', send: () => raw('GET', '//x:99999/'), status: 404, code: 'NOT_FOUND' },
    { name: 'GET //x:99999/api/tasks with a session → 404', send: () => raw('GET', '//x:99999/api/tasks', { headers: { cookie: cookie('bo') } }), status: 404 },
    { name: 'GET http://x:99999/ (absolute-form: no proxy here) → 400', send: () => raw('GET', 'http://x:99999/'), status: 400, code: 'BAD_REQUEST' },
    { name: 'not HTTP at all → 400 from clientError, with the headers', send: () => sendRaw(port, 'HELLO THERE\r\n\r\n'), status: 400 },
    { name: 'a header line without a colon → 400', send: () => sendRaw(port, 'GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n'), status: 400 },
    { name: 'Host of another name (DNS rebinding) → 421', send: () => raw('GET', '/api/people', { host: `rebind.example:${port}` }), status: 421, code: 'MISDIRECTED' },
    { name: 'malformed percent-encoding in a path → 400', send: () => raw('GET', '/api/cases/%E0%A4%A', { headers: { cookie: cookie('bo') } }), status: 400, code: 'BAD_REQUEST' },
    { name: 'malformed percent-encoding in a task id → 400', send: () => raw('POST', '/api/tasks/%ZZ/claim', { headers: json('bo') }), status: 400, code: 'BAD_REQUEST' },
    {
      name: 'malformed percent-encoding in the session cookie → 400, and the answer clears it',
      send: () => raw('GET', '/api/tasks', { headers: { cookie: 'handoff_session=%E0%A4%A' } }),
      status: 400,
      code: 'BAD_REQUEST',
      then: (r) => expect(r.headers['set-cookie']).toMatch(/^handoff_session=;.*Max-Age=0/),
    },
    { name: 'a session cookie that is no session id → 400', send: () => raw('GET', '/api/tasks', { headers: { cookie: 'handoff_session=short' } }), status: 400 },
    { name: "another app's malformed cookie is not read → 401", send: () => raw('GET', '/api/tasks', { headers: { cookie: 'other=%E0%A4%A' } }), status: 401, code: 'UNAUTHENTICATED' },
    { name: 'sign-in with a malformed cookie replaces it → 200', send: () => raw('POST', '/api/session', { headers: json(undefined, { cookie: 'handoff_session=%E0' }), body: '{"personId":"bo"}' }), status: 200 },
    { name: 'JSON nested 20,000 levels (arrays) → 400', send: () => raw('POST', '/api/session', { headers: json(), body: '['.repeat(20_000) + ']'.repeat(20_000) }), status: 400, code: 'BAD_REQUEST' },
    { name: 'JSON nested 40 levels (objects) in a form → 400', send: () => raw('POST', '/api/actions/broadband.openCase', { headers: json('ana'), body: '{"a":'.repeat(40) + '1' + '}'.repeat(40) }), status: 400 },
    { name: 'brackets inside strings do not count as nesting → 400 only for the unknown person', send: () => raw('POST', '/api/session', { headers: json(), body: JSON.stringify({ personId: '[[[['.repeat(100) }) }), status: 400, then: (r) => expect(r.body.error.message).toMatch(/No person/) },
    { name: 'a 70 KB body → 413', send: () => raw('POST', '/api/session', { headers: json(), body: JSON.stringify({ personId: 'x'.repeat(70_000) }) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'invalid JSON → 400', send: () => raw('POST', '/api/session', { headers: json(), body: '{' }), status: 400 },
    { name: 'PUT on a GET route → 405 with Allow', send: () => raw('PUT', '/api/tasks', { headers: json('bo'), body: '{}' }), status: 405, code: 'METHOD_NOT_ALLOWED', then: (r) => expect(r.headers.allow).toBe('GET') },
    {
      name: 'a CORS preflight from another origin → 403, no Access-Control-Allow-Origin',
      send: () => raw('OPTIONS', '/api/session', { headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }),
      status: 403,
      then: (r) => expect(r.headers['access-control-allow-origin']).toBeUndefined(),
    },
  ]);
});

describe('Feature: state-changing requests come from the page’s own origin, as application/json', () => {
  const post = (path: string, o: RawRequest) => raw('POST', path, o);
  runTable([
    {
      name: 'a text/plain form POST from another port creating a case as the signed-in rep → 403, no case',
      send: () => post('/api/actions/broadband.openCase', { headers: { 'content-type': 'text/plain', origin: evil, 'sec-fetch-site': 'same-site', cookie: cookie('ana') }, body: JSON.stringify(broadbandCase(101)) }),
      status: 403,
      code: 'CROSS_ORIGIN',
      then: async () => expect(await phones()).not.toContain(broadbandCase(101).phone),
    },
    {
      name: 'the same as application/json from another origin (no Sec-Fetch-Site) → 403, no case',
      send: () => post('/api/actions/broadband.openCase', { headers: json('ana', { origin: evil }), body: JSON.stringify(broadbandCase(102)) }),
      status: 403,
      code: 'CROSS_ORIGIN',
      then: async () => expect(await phones()).not.toContain(broadbandCase(102).phone),
    },
    {
      name: 'Sec-Fetch-Site: cross-site without Origin → 403',
      send: () => post('/api/actions/broadband.openCase', { headers: json('ana', { 'sec-fetch-site': 'cross-site' }), body: JSON.stringify(broadbandCase(103)) }),
      status: 403,
      code: 'CROSS_ORIGIN',
    },
    { name: 'Origin: null (a sandboxed frame) → 403', send: () => post('/api/tasks/x%2F1/claim', { headers: json('bo', { origin: 'null' }), body: '{}' }), status: 403, code: 'CROSS_ORIGIN' },
    {
      name: 'a text/plain POST from no browser at all → 415, no case',
      send: () => post('/api/actions/broadband.openCase', { headers: { 'content-type': 'text/plain', cookie: cookie('ana') }, body: JSON.stringify(broadbandCase(104)) }),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      then: async () => expect(await phones()).not.toContain(broadbandCase(104).phone),
    },
    { name: 'a body-less claim without content-type → 415', send: () => post('/api/tasks/x%2F1/claim', { headers: { cookie: cookie('bo') } }), status: 415 },
    {
      name: 'login CSRF: a cross-site text/plain form to /api/session → 403, no cookie set, the victim still signed in as themselves',
      send: () => post('/api/session', { headers: { 'content-type': 'text/plain', origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site', cookie: cookie('bo') }, body: '{"personId":"gao"}' }),
      status: 403,
      code: 'CROSS_ORIGIN',
      then: async (r) => {
        expect(r.headers['set-cookie']).toBeUndefined();
        expect((await people.bo!.get('/api/session')).body.person.id).toBe('bo');
      },
    },
    { name: 'login CSRF as application/x-www-form-urlencoded from the same origin → 415', send: () => post('/api/session', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'personId=gao' }), status: 415 },
    {
      name: 'sign-out from another origin → 403, the session lives',
      send: () => raw('DELETE', '/api/session', { headers: json('bo', { origin: evil }) }),
      status: 403,
      then: async () => expect((await people.bo!.get('/api/session')).status).toBe(200),
    },
    { name: 'the clock moved from another origin → 403', send: () => post('/api/clock/advance', { headers: json('bo', { origin: evil }), body: '{"by":"PT1M"}' }), status: 403 },
    { name: 'sign-in from the page’s own origin → 200', send: () => post('/api/session', { headers: json(undefined, { origin: app.url, 'sec-fetch-site': 'same-origin' }), body: '{"personId":"bo"}' }), status: 200 },
    { name: 'sign-in from localhost (the same loopback server) → 200', send: () => post('/api/session', { headers: json(undefined, { origin: `http://localhost:${port}` }), body: '{"personId":"bo"}', host: `localhost:${port}` }), status: 200 },
  ]);
});

describe('Feature: every route checks the session and the roles', () => {
  const anonymous: [string, string][] = [
    ['GET', '/api/session'],
    ['GET', '/api/forms'],
    ['GET', '/api/tasks'],
    ['GET', '/api/cases'],
    ['GET', '/api/cases/x'],
    ['GET', '/api/processes/broadbandFieldSales/bpmn'],
    ['GET', '/api/events'],
    ['POST', '/api/tasks/x%2F1/claim'],
    ['POST', '/api/tasks/x%2F1/unclaim'],
    ['POST', '/api/tasks/x%2F1/complete'],
    ['POST', '/api/actions/broadband.openCase'],
    ['POST', '/api/clock/advance'],
  ];
  runTable([
    ...anonymous.map(([m, p]): Row => ({ name: `${m} ${p} without a session → 401`, send: () => raw(m, p, m === 'GET' ? {} : { headers: json(), body: '{}' }), status: 401, code: 'UNAUTHENTICATED' })),
    { name: 'a forged session id → 401', send: () => raw('GET', '/api/tasks', { headers: { cookie: `handoff_session=${'A'.repeat(43)}` } }), status: 401 },
    { name: 'the hotline opens a broadband case (needs fieldSales or a grid) → 403', send: () => raw('POST', '/api/actions/broadband.openCase', { headers: json('bo'), body: JSON.stringify(broadbandCase(201)) }), status: 403, code: 'FORBIDDEN' },
    { name: 'a rep opens a case in another grid → 403', send: () => raw('POST', '/api/actions/broadband.openCase', { headers: json('ana'), body: JSON.stringify({ ...broadbandCase(202), grid: 'G02' }) }), status: 403 },
    { name: 'an account manager views a broadband case → 403', send: () => raw('GET', `/api/cases/${encodeURIComponent(caseId)}`, { headers: { cookie: cookie('he') } }), status: 403, code: 'FORBIDDEN' },
    { name: 'the rep views her own case → 200', send: () => raw('GET', `/api/cases/${encodeURIComponent(caseId)}`, { headers: { cookie: cookie('ana') } }), status: 200 },
    {
      name: "the installer claims the rep's visit task → 403, still open",
      send: async () => raw('POST', `/api/tasks/${encodeURIComponent((await app.engine.tasks.query({ instanceId: caseId }))[0]!.id)}/claim`, { headers: json('dai'), body: '{}' }),
      status: 403,
      then: async () => expect((await app.engine.tasks.query({ instanceId: caseId }))[0]!.state).toBe('open'),
    },
    { name: 'an unknown action → 404', send: () => raw('POST', '/api/actions/nope', { headers: json('ana'), body: '{}' }), status: 404 },
  ]);
});

describe('Feature: forms are strict and server-side fields come from the session', () => {
  runTable([
    {
      name: 'hall.welcome with unknown fields (junk for the case variables) → 422, no case',
      send: () => raw('POST', '/api/actions/hall.welcome', { headers: json('qi'), body: JSON.stringify({ ticket: 'J001', junk: 'x'.repeat(1000), more: { deep: [1, 2, 3] } }) }),
      status: 422,
      code: 'VALIDATION_FAILED',
      then: async (r) => {
        expect(JSON.stringify(r.body.error.issues)).toMatch(/junk/);
        expect((await app.engine.instances.list({ processId: 'hallWalkRoutes' })).map((i) => i.businessKey)).not.toContain('J001');
      },
    },
    {
      name: 'group.capture naming someone else as capturedBy → 422',
      send: () => raw('POST', '/api/actions/group.capture', { headers: json('he'), body: JSON.stringify({ ...lead(), capturedBy: 'mallory' }) }),
      status: 422,
      then: (r) => expect(r.body.error.issues).toEqual([expect.objectContaining({ field: 'capturedBy', message: expect.stringMatching(/set by the server/) })]),
    },
    {
      name: 'group.capture without capturedBy → 201, and the case says who captured it: the signed-in person',
      send: () => raw('POST', '/api/actions/group.capture', { headers: json('he'), body: JSON.stringify(lead()) }),
      status: 201,
      then: async (r) => expect((await app.engine.instances.get(r.body.instanceId))!.variables.capturedBy).toBe('he'),
    },
    {
      name: "the capture form does not offer capturedBy → 200",
      send: () => raw('GET', '/api/forms', { headers: { cookie: cookie('he') } }),
      status: 200,
      then: (r) => expect(Object.keys(r.body.actions[0].schema.properties)).not.toContain('capturedBy'),
    },
  ]);

  it('Scenario: a task without a form (serveAtCounter) takes {} only: junk fields never reach the case', async () => {
    // given a customer the greeter sends to the counter
    expect((await people.qi!.post('/api/actions/hall.welcome', { ticket: 'C001' })).status).toBe(201);
    const needs = (await people.qi!.get('/api/tasks')).body.tasks.find((t: any) => t.businessKey === 'C001' && t.elementId === 'identifyNeeds');
    expect((await people.qi!.post(`/api/tasks/${encodeURIComponent(needs.id)}/complete`, { need: 'counterOnly', spendingTier: 'low' })).status).toBe(200);
    const counter = (await people.ren!.get('/api/tasks')).body.tasks.find((t: any) => t.businessKey === 'C001' && t.elementId === 'serveAtCounter');
    expect(counter).toBeDefined();
    // when the clerk completes it with fields that would overwrite the case
    const path = `/api/tasks/${encodeURIComponent(counter.id)}/complete`;
    const r = await people.ren!.post(path, { ticket: 'HIJACK', route: 'complaint' });
    // then it is refused, and nothing changed
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: any) => i.field).sort()).toEqual(['route', 'ticket']);
    expect((await app.engine.instances.get(counter.instanceId))!.variables.ticket).toBe('C001');
    expect((await app.engine.tasks.get(counter.id))!.state).toBe('open');
    // and {} completes it, recorded as completed by the signed-in clerk
    expect((await people.ren!.post(path, {})).status).toBe(200);
    expect((await app.engine.tasks.get(counter.id))!.completedBy).toBe('ren');
  });
});

describe('Feature: the demo clock moves in bounded steps', () => {
  const advance = (by: unknown) => () => raw('POST', '/api/clock/advance', { headers: json('bo'), body: JSON.stringify({ by }) });
  runTable([
    { name: 'by 1e308 ms → 400', send: advance(1e308), status: 400, code: 'BAD_REQUEST' },
    { name: 'by P99999Y → 400', send: advance('P99999Y'), status: 400 },
    { name: 'by P32D (over the 31-day step) → 400', send: advance('P32D'), status: 400, then: (r) => expect(r.body.error.hint).toMatch(/at most/) },
    { name: 'by -5 ms → 400', send: advance(-5), status: 400 },
    { name: 'by "yesterday" → 400', send: advance('yesterday'), status: 400, code: 'INVALID_TIMER' },
    { name: 'by {} → 400', send: advance({}), status: 400 },
    { name: 'by PT1M → 200', send: advance('PT1M'), status: 200 },
    {
      name: 'after the refused steps a case still starts → 201',
      send: () => raw('POST', '/api/actions/hall.welcome', { headers: json('qi'), body: '{"ticket":"T001"}' }),
      status: 201,
    },
  ]);
});

describe('Feature: every response carries the security headers', () => {
  it.each(['/', '/index.html', '/app.js', '/style.css', '/vendor/bpmn-js.css', '/favicon.ico', '/api/people', '/nothing'])('Scenario: GET %s', async (path) => {
    expectSecurityHeaders(await raw('GET', path));
  });

  it('Scenario: the event stream and the BPMN XML', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${app.url}/api/events`, { headers: { cookie: cookie('bo') }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    expectSecurityHeaders({ headers: Object.fromEntries(res.headers) });
    ctrl.abort();
    const xml = await raw('GET', '/api/processes/broadbandFieldSales/bpmn', { headers: { cookie: cookie('bo') } });
    expect(xml.headers['content-type']).toMatch(/xml/);
    expectSecurityHeaders(xml);
  });
});

describe('Feature: live events reach only people who may see them, for every event type', () => {
  it('Scenario: a case that completes and one that is cancelled are told to its viewers only', async () => {
    const { ana, bo, he } = people as Record<string, Client>;
    const [anaLive, boLive, heLive] = await Promise.all([openStream(ana!), openStream(bo!), openStream(he!)]);
    try {
      for (const s of [anaLive, boLive, heLive]) await s.waitFor((e) => e.event === 'hello');
      // when the rep records a refusal (the case completes) and another case is cancelled
      const done = (await ana!.post('/api/actions/broadband.openCase', broadbandCase(301))).body.instanceId as string;
      const visit = (await app.engine.tasks.query({ instanceId: done }))[0]!;
      expect((await ana!.post(`/api/tasks/${encodeURIComponent(visit.id)}/complete`, { interested: false })).status).toBe(200);
      const cancelled = (await ana!.post('/api/actions/broadband.openCase', broadbandCase(302))).body.instanceId as string;
      await app.engine.instances.cancel(cancelled, 'test: the customer moved away');
      // and the account manager captures a lead of his own (his own events: the control)
      const own = (await he!.post('/api/actions/group.capture', lead())).body.instanceId as string;
      // then the rep (participant) and the hotline (a lane of the process) hear of both ends
      for (const s of [anaLive, boLive]) {
        await s.waitFor((e) => e.data.type === 'process.completed' && e.data.instanceId === done);
        await s.waitFor((e) => e.data.type === 'process.terminated' && e.data.instanceId === cancelled);
      }
      await heLive.waitFor((e) => e.data.type === 'task.created' && e.data.instanceId === own);
      // and the account manager hears nothing of the broadband cases, of any type
      await app.engine.idle();
      expect(heLive.events.filter((e) => e.data.instanceId === done || e.data.instanceId === cancelled)).toEqual([]);
      // and no stream hears of a case its person may not view
      for (const [who, s] of [['ana', anaLive], ['bo', boLive], ['he', heLive]] as const) {
        for (const e of s.events.filter((x) => x.event === 'engine')) {
          const view = await people[who]!.get(`/api/cases/${encodeURIComponent(e.data.instanceId)}`);
          expect(view.status, `${who} got ${e.data.type} of ${e.data.instanceId}`).toBe(200);
        }
      }
    } finally {
      for (const s of [anaLive, boLive, heLive]) s.close();
    }
  });

  it('Scenario: one session holds at most 4 streams: a fifth closes the oldest', async () => {
    const streams = [];
    for (let i = 0; i < 5; i++) {
      const s = await openStream(people.he!);
      await s.waitFor((e) => e.event === 'hello');
      streams.push(s);
    }
    try {
      await streams[0]!.ended; // closed by the server
      expect((await people.he!.post('/api/clock/advance', { by: 'PT1M' })).status).toBe(200);
      for (const s of streams.slice(1)) await s.waitFor((e) => e.event === 'clock');
    } finally {
      for (const s of streams) s.close();
    }
  });
});
