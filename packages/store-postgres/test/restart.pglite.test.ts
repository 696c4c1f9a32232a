import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, sequentialIds, virtualClock, type EngineEvent } from '@handoff/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore, SCHEMA_VERSION } from '../src/index';
import { ana, bo, handlers } from './quickstartFlow';
import { CALLBACK_BPMN } from './support';

const dir = mkdtempSync(join(tmpdir(), 'handoff-pglite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Feature: a file-backed PGlite store survives a restart', () => {
  it('Scenario: an instance parked at a user task is completed by a new engine on the reopened data directory, and its timer still fires', async () => {
    // given an engine on a PGlite data directory: li's sale is reported and the callback task is open
    const store1 = postgresStore({ dataDir: dir });
    const clock1 = virtualClock('2026-03-02T09:00:00+08:00', { zone: 'Asia/Shanghai' });
    const engine1 = createEngine({ store: store1, clock: clock1, ids: sequentialIds('case'), handlers });
    expect(await engine1.deploy({ bpmn: CALLBACK_BPMN, name: 'callback.bpmn' })).toEqual(['saleCallback']);
    const li = await engine1.start('saleCallback', { customer: 'li' }, { businessKey: 'li' });
    const [report] = await engine1.tasks.query({ role: 'fieldSales', state: 'open' });
    await engine1.tasks.complete(report!.id, ana, { reportedBy: 'ana' });
    const [call] = await engine1.tasks.query({ instanceId: li.id, elementId: 'callBack', state: 'open' });
    expect(call).toMatchObject({ role: 'hotline', state: 'open', businessKey: 'li' });
    // when the engine and the store close, and a new engine opens the same directory at 09:10
    await engine1.close();
    await store1.close();
    const store2 = postgresStore({ dataDir: dir });
    const clock2 = virtualClock('2026-03-02T09:10:00+08:00', { zone: 'Asia/Shanghai' });
    const engine2 = createEngine({ store: store2, clock: clock2, ids: sequentialIds('case'), handlers });
    const trail: EngineEvent[] = [];
    engine2.on('event', (e) => trail.push(e));
    await engine2.idle();
    // then the deployment, the instance and its open task are all there
    expect((await engine2.instances.get(li.id))?.status).toBe('active');
    expect(await engine2.tasks.query({ role: 'hotline', state: 'open' })).toEqual([call]);
    // when 25 minutes pass, the 30-minute callback timer (armed before the restart) fires at 09:30
    await clock2.advance('PT25M');
    const [chase] = await engine2.tasks.query({ role: 'supervisor', state: 'open' });
    expect(chase).toMatchObject({ instanceId: li.id, elementId: 'chaseCallback' });
    expect(trail.filter((e) => e.type === 'timer.fired').map((e) => [e.instanceId, 'elementId' in e ? e.elementId : '', e.at])).toEqual([
      [li.id, 'callbackLate', Date.parse('2026-03-02T09:30:00+08:00')],
    ]);
    // and the hotline completes the callback; the account is opened on the new engine
    await engine2.tasks.complete(call!.id, bo, { interested: true });
    await engine2.idle();
    const done = await engine2.instances.get(li.id);
    expect(done?.variables).toMatchObject({ customer: 'li', reportedBy: 'ana', interested: true, accountNo: 'BB-LI' });
    expect((await engine2.history(li.id)).filter((h) => h.type === 'task.completed').map((h) => 'elementId' in h && h.elementId)).toEqual(['reportSale', 'callBack']);
    await engine2.close();
    await store2.close();
  }, 120_000);

  it('Scenario: reopening a migrated directory keeps the schema version and applies nothing twice', async () => {
    // given the directory from the previous scenario (already migrated)
    const store = postgresStore({ dataDir: dir });
    // when
    await store.ready;
    // then
    const versions = await store.query<{ version: number }>('SELECT version FROM handoff_schema_version ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    expect((await store.getDeployments()).map((d) => d.key)).toEqual(['saleCallback:1']);
    await store.close();
  }, 60_000);
});
