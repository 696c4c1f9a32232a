/**
 * The designer's API without a browser: who may use it, hostile and malformed requests,
 * deploy problems returned with their elements, a refused deploy that changes nothing, and
 * a deploy that becomes the next version new cases start on — also after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog';
import { Client, lead, signIn, startTestTasklist } from './support';

const GROUP = 'groupOpportunityTransfer';
const api = (id: string, what = '') => `/api/designer/processes/${encodeURIComponent(id)}${what}`;

let app: Awaited<ReturnType<typeof startTestTasklist>>;
let wu: Client;
let original = '';

beforeAll(async () => {
  app = await startTestTasklist();
  wu = await signIn(app.url, 'wu');
  original = (await wu.get(api(GROUP))).body.bpmn;
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]);
});

/** The pack file with the claim SLA's limit (P1D on the working-day calendar) replaced. */
const withClaimLimit = (xml: string, limit: string) => xml.replace(/(<bpmn:boundaryEvent id="claimAccountManagerOverdue"[\s\S]*?<bpmn:timeDuration[^>]*>)[^<]+</, `$1${limit}<`);
/** The pack file with an exclusive gateway appended to the claim task and left without a way out. */
const withDeadEndGateway = (xml: string) =>
  xml.replace(/(<bpmn:process id="groupOpportunityTransfer"[^>]*>)/, '$1<bpmn:exclusiveGateway id="deadEnd"><bpmn:incoming>toDeadEnd</bpmn:incoming></bpmn:exclusiveGateway><bpmn:sequenceFlow id="toDeadEnd" sourceRef="claimByAccountManager" targetRef="deadEnd" />');

describe('Feature: only process analysts use the designer', () => {
  it('Scenario: without a session every designer route is 401', async () => {
    const anon = new Client(app.url);
    for (const [m, p] of [['GET', '/api/designer/processes'], ['GET', api(GROUP)], ['POST', api(GROUP, '/check')], ['POST', api(GROUP, '/deploy')]] as const) {
      const r = await anon.request(m, p, m === 'POST' ? { bpmn: original } : undefined);
      expect(r.status, `${m} ${p}`).toBe(401);
    }
  });

  it('Scenario: a person of the process (the account manager, a supervisor) gets 403 on every route, before the body is read', async () => {
    for (const who of ['he', 'chen', 'lu']) {
      const c = await signIn(app.url, who);
      for (const [m, p] of [['GET', '/api/designer/processes'], ['GET', api(GROUP)], ['POST', api(GROUP, '/check')], ['POST', api(GROUP, '/deploy')]] as const) {
        const r = await c.request(m, p, m === 'POST' ? { bpmn: original } : undefined);
        expect(r.status, `${who}: ${m} ${p}`).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
        expect(r.body.error.requiredRoles).toEqual(['processAnalyst']);
      }
    }
    // a body over the designer's limit is refused for the role (403), not read (413)
    const he = await signIn(app.url, 'he');
    const big = await he.post(api(GROUP, '/deploy'), { bpmn: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(403);
    expect((await app.engine.processes.model(GROUP)).version).toBe(1);
  });

  it('Scenario: the analyst lists the five packs’ processes with their versions, and opens one', async () => {
    const list = await wu.get('/api/designer/processes');
    expect(list.status).toBe(200);
    expect(list.body.map((p: any) => p.processId).sort()).toEqual(['broadbandFieldSales', GROUP, 'hallWalkRoutes', 'hotlineServiceMarketing', 'hotlineVisit', 'retentionWinBack']);
    expect(list.body.find((p: any) => p.processId === GROUP)).toMatchObject({ pack: 'group-opportunity-transfer', version: 1 });
    const one = await wu.get(api(GROUP));
    expect(one.body).toMatchObject({ processId: GROUP, version: 1, calendars: ['24/7', 'group-opportunity-workdays', 'retention-workdays', 'hotline-review-workdays'] });
    expect(one.body.bpmn).toBe(await app.engine.processes.bpmn(GROUP));
    expect((await wu.get(api('noSuchProcess'))).status).toBe(404);
  });
});

describe('Feature: a file is checked as deploy would check it', () => {
  it('Scenario: the pack’s own file has no problems', async () => {
    const r = await wu.post(api(GROUP, '/check'), { bpmn: original });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ processId: GROUP, problems: [], warnings: [] });
  });

  it.each([
    ['malformed XML', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="x">', 'XML_MALFORMED'],
    ['a DOCTYPE with entities', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'XML_DOCTYPE'],
    ['not BPMN at all', 'hello', 'XML_MALFORMED'],
  ])('Scenario: %s is answered with its problem (200), and the server keeps serving', async (_what, bpmn, code) => {
    const r = await wu.post(api(GROUP, '/check'), { bpmn });
    expect(r.status).toBe(200);
    expect(r.body.problems.map((p: any) => p.code)).toContain(code);
    expect((await wu.get('/api/session')).status).toBe(200);
  });

  it('Scenario: a gateway drawn without a way out is reported on its element, with a line and a hint', async () => {
    const r = await wu.post(api(GROUP, '/check'), { bpmn: withDeadEndGateway(original) });
    expect(r.body.problems).toEqual([expect.objectContaining({ code: 'NO_OUTGOING', elementId: 'deadEnd', line: expect.any(Number), message: expect.stringMatching(/cannot be left/), hint: expect.any(String) })]);
  });

  it('Scenario: the pack’s SLA config is part of the check: deleting the task a config SLA is anchored on is a problem', async () => {
    // the redispatch SLA (pack config, not BPMN) starts on dispatchByOperations: rename that task's id away
    const renamed = original.replaceAll('"dispatchByOperations"', '"dispatchByOps"').replaceAll('>dispatchByOperations<', '>dispatchByOps<');
    const r = await wu.post(api(GROUP, '/check'), { bpmn: renamed });
    expect(r.body.problems.map((p: any) => p.message).join('\n')).toMatch(/SLA 'redispatch'.*'dispatchByOperations', which is not in process/);
  });

  it('Scenario: a file that drops the process, or adds another pack’s, is refused by the host’s rules', async () => {
    const missing = await wu.post(api(GROUP, '/check'), { bpmn: original.replaceAll(`"${GROUP}"`, '"somethingElse"') });
    expect(missing.body.problems.map((p: any) => p.code)).toEqual(expect.arrayContaining(['PROCESS_MISSING', 'FOREIGN_PROCESS']));
    const hijack = original.replace('</bpmn:definitions>', '<bpmn:process id="hallWalkRoutes" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process></bpmn:definitions>');
    const r = await wu.post(api(GROUP, '/check'), { bpmn: hijack });
    expect(r.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'FOREIGN_PROCESS', elementId: 'hallWalkRoutes', message: expect.stringMatching(/belongs to 'hall-walk-routes'/) })]));
  });

  it.each([
    ['no bpmn', {}, 400, /has no BPMN/],
    ['bpmn not a string', { bpmn: 42 }, 400, /has no BPMN/],
    ['an unknown field', { bpmn: '<x/>', version: 3 }, 400, /Unknown field 'version'/],
    ['a JSON array', [1], 400, /must be a JSON object/],
    ['bad JSON', '{"bpmn": ', 400, /not valid JSON/],
    ['JSON nested too deep', '['.repeat(100) + ']'.repeat(100), 400, /levels deep/],
    ['a body over 1 MiB', { bpmn: 'x'.repeat(1024 * 1024 + 1) }, 413, /larger than 1048576 bytes/],
  ])('Scenario: a malformed designer request (%s) gets a typed 4xx', async (_what, body, status, message) => {
    const r = await wu.post(api(GROUP, '/check'), body);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
    expect(r.body.error.hint).toBeTruthy();
    if (status === 413) expect(r.body.error.hint).toMatch(/maxDesignerBodyBytes/);
  });

  it('Scenario: a state-changing designer request from another origin, or not as JSON, is refused', async () => {
    const cross = await wu.request('POST', api(GROUP, '/deploy'), { bpmn: original }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('CROSS_ORIGIN');
    const form = await wu.request('POST', api(GROUP, '/deploy'), `bpmn=${encodeURIComponent(original)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });
});

describe('Feature: deploying from the designer', () => {
  it('Scenario: a file with problems is refused with them (422) and nothing is deployed', async () => {
    const r = await wu.post(api(GROUP, '/deploy'), { bpmn: withDeadEndGateway(original) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('DEPLOY_FAILED');
    expect(r.body.error.problems).toEqual([expect.objectContaining({ code: 'NO_OUTGOING', elementId: 'deadEnd' })]);
    expect((await app.engine.processes.model(GROUP)).version).toBe(1);
  });

  it('Scenario: a 20-minute claim SLA becomes version 2; a new case gets 20 minutes, the diagram serves the version each case runs', async () => {
    // given a case started on version 1
    const he = await signIn(app.url, 'he');
    const old = await he.post('/api/actions/group.capture', lead());
    expect(old.status).toBe(201);
    // when the analyst deploys the 20-minute limit
    const changed = withClaimLimit(original, 'PT20M');
    const r = await wu.post(api(GROUP, '/deploy'), { bpmn: changed });
    // then it is version 2
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ processId: GROUP, version: 2, previousVersion: 1, changed: true });
    // and a new case's claim task has 20 minutes on its clock, the old one its working day
    const fresh = await he.post('/api/actions/group.capture', lead());
    const tasks = (await he.get('/api/tasks')).body.tasks.filter((t: any) => t.elementId === 'claimByAccountManager');
    const clockOf = (instanceId: string) => tasks.find((t: any) => t.instanceId === instanceId)?.sla;
    expect(clockOf(fresh.body.instanceId)).toMatchObject({ slaId: 'claimAccountManager', limit: 20 * 60_000, remaining: 20 * 60_000, colour: 'green' });
    expect(clockOf(old.body.instanceId)?.limit).toBeGreaterThan(20 * 60_000);
    // and the XML of each version is served
    expect((await he.get(`/api/processes/${GROUP}/bpmn`)).body).toBe(changed);
    expect((await he.get(`/api/processes/${GROUP}/versions/1/bpmn`)).body).toBe(original);
    expect((await he.get(`/api/processes/${GROUP}/versions/0/bpmn`)).status).toBe(400);
    expect((await he.get(`/api/processes/${GROUP}/versions/9/bpmn`)).status).toBe(404);
    expect((await he.get(`/api/cases/${encodeURIComponent(old.body.instanceId)}`)).body.processVersion).toBe(1);
    // and deploying the same file again changes nothing
    expect((await wu.post(api(GROUP, '/deploy'), { bpmn: changed })).body).toEqual({ processId: GROUP, version: 2, previousVersion: 2, changed: false });
  });
});

describe('Feature: a lane changed in the designer is a role changed for new cases', () => {
  it('Scenario: the claim task moved to the telephone account manager’s lane is that role’s task in the next case', async () => {
    // given the latest file, with claimByAccountManager (and its SLA boundary) moved from lane accountManager to phoneAccountManager
    const latest = (await wu.get(api(GROUP))).body.bpmn as string;
    const moved = latest
      .replace(/(<bpmn:lane id="accountManager"[\s\S]*?)<bpmn:flowNodeRef>claimByAccountManager<\/bpmn:flowNodeRef>\s*<bpmn:flowNodeRef>claimAccountManagerOverdue<\/bpmn:flowNodeRef>/, '$1')
      .replace(/(<bpmn:lane id="phoneAccountManager"[^>]*>)/, '$1<bpmn:flowNodeRef>claimByAccountManager</bpmn:flowNodeRef><bpmn:flowNodeRef>claimAccountManagerOverdue</bpmn:flowNodeRef>');
    expect(moved).not.toBe(latest);
    // when it is checked and deployed
    expect((await wu.post(api(GROUP, '/check'), { bpmn: moved })).body.problems).toEqual([]);
    const r = await wu.post(api(GROUP, '/deploy'), { bpmn: moved });
    expect(r.status).toBe(201);
    // then the next case's claim task is for the telephone account manager, and the account manager may not claim it
    const started = await (await signIn(app.url, 'he')).post('/api/actions/group.capture', lead());
    const [task] = await app.engine.tasks.query({ instanceId: started.body.instanceId, elementId: 'claimByAccountManager' });
    expect(task?.role).toBe('phoneAccountManager');
    const jin = await signIn(app.url, 'jin');
    expect((await jin.get('/api/tasks')).body.tasks.map((t: any) => t.id)).toContain(task!.id);
    expect((await (await signIn(app.url, 'he')).post(`/api/tasks/${encodeURIComponent(task!.id)}/claim`)).status).toBe(403);
  });
});

describe('Feature: a designer’s version survives a restart', () => {
  it('Scenario: on a data directory, the restarted server keeps version 2 instead of redeploying the pack’s file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tasklist-designer-'));
    try {
      let server = await startTestTasklist({ dataDir });
      const analyst = await signIn(server.url, 'wu');
      const file = (await analyst.get(api(GROUP))).body.bpmn as string;
      expect((await analyst.post(api(GROUP, '/deploy'), { bpmn: withClaimLimit(file, 'PT20M') })).body.version).toBe(2);
      await server.close();
      server = await startTestTasklist({ dataDir });
      try {
        expect((await server.engine.processes.model(GROUP)).version).toBe(2);
        expect(await server.engine.processes.bpmn(GROUP)).toBe(withClaimLimit(file, 'PT20M'));
        expect((await server.engine.processes.list()).filter((p) => p.id === GROUP).map((p) => p.version)).toEqual([1, 2]);
        expect(server.errors).toEqual([]);
      } finally {
        await server.close();
      }
      // when the pack is upgraded (it ships a file the store has not seen) and the server restarts
      const packs = catalog().packs.map((p) => (p.name === 'group-opportunity-transfer' ? { ...p, deploy: { ...p.deploy, bpmn: withClaimLimit(p.deploy.bpmn, 'PT4H') } } : p));
      server = await startTestTasklist({ dataDir, packs });
      try {
        // then the pack's file is version 3, and the log says it replaced the designer's version
        expect((await server.engine.processes.model(GROUP)).version).toBe(3);
        expect(await server.engine.processes.bpmn(GROUP)).toBe(withClaimLimit(file, 'PT4H'));
        expect(server.logged).toEqual([expect.stringMatching(/pack group-opportunity-transfer ships a file this store has not seen: .*replacing version 2 \(changed in the designer\)/)]);
        server.errors.length = 0; // the notice is expected
        server.logged.length = 0;
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
