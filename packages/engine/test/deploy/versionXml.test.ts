/**
 * What a designer needs from the engine: the XML of each deployed version
 * (`engine.processes.bpmn`), and deploy's checks including the pack's SLA config
 * (`checkDefinitions(…, { sla })`), so a check before deploying says what deploy would say.
 */
import { describe, expect, it } from 'vitest';
import { checkDefinitions, DeployError, InvalidArgumentError, NotFoundError, parseBpmn } from '../../src/index';
import { fixture, testEngine } from '../support';
import { deployFixture } from './support';

const V1 = deployFixture('versions/parcel-v1.bpmn');
const V2 = deployFixture('versions/parcel-v2.bpmn');

describe('Feature: the BPMN of every deployed version', () => {
  it('Scenario: the latest by default, an older one by number, refusals typed', async () => {
    // given two versions
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    await t.engine.deploy({ bpmn: V2 });
    // then
    expect(await t.engine.processes.bpmn('parcel')).toBe(V2);
    expect(await t.engine.processes.bpmn('parcel', { version: 1 })).toBe(V1);
    await expect(t.engine.processes.bpmn('parcel', { version: 3 })).rejects.toThrow(NotFoundError);
    await expect(t.engine.processes.bpmn('parcel', { version: 3 })).rejects.toThrow(/deployed versions of 'parcel': \[1, 2\]/);
    await expect(t.engine.processes.bpmn('nothing')).rejects.toThrow(/deploy a BPMN file containing process 'nothing' first/);
    await expect(t.engine.processes.bpmn('parcel', { version: 0 })).rejects.toThrow(InvalidArgumentError);
  });

  it('Scenario: after a restart on the same store, the versions are read back with their XML', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    await t.engine.deploy({ bpmn: V2 });
    const again = testEngine({ store: t.store });
    expect(await again.engine.processes.bpmn('parcel', { version: 1 })).toBe(V1);
    expect(await again.engine.processes.bpmn('parcel')).toBe(V2);
  });
});

describe('Feature: an unchanged pack keeps its version after a restart on a store that reorders JSON keys', () => {
  it('Scenario: SLA config and roles read back with their keys in another order (as PostgreSQL jsonb returns them) are the same config', async () => {
    // given a deploy with roles and an SLA config, on a store whose records come back with keys reordered
    const bpmn = fixture('sla/callback-sla.bpmn');
    const sla = [{ id: 'callback', warning: 0.5, escalations: [{ after: 'PT10M', notify: 'supervisor' }] }];
    const roles = { supervisor: 'hotlineSupervisor', hotline: 'hotline' };
    const t = testEngine();
    await t.engine.deploy({ bpmn, sla, roles });
    const reorder = (v: unknown): unknown => (Array.isArray(v) ? v.map(reorder) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v);
    const store = Object.assign(Object.create(t.store), { getDeployments: async () => (await t.store.getDeployments()).map((r) => reorder(JSON.parse(JSON.stringify(r)))) });
    // when a restarted engine deploys the same pack again
    const again = testEngine({ store });
    await again.engine.deploy({ bpmn, sla, roles });
    // then it is still version 1
    expect((await again.engine.processes.list()).map((p) => p.key)).toEqual(['callbackSla:1']);
  });
});

describe('Feature: checkDefinitions with the SLA config deploy gets', () => {
  it('Scenario: a config policy naming an element the file does not have is a problem, as at deploy', async () => {
    // given the callback process and a config SLA whose stop anchor names a task that is not there
    const xml = fixture('sla/callback-sla.bpmn');
    const sla = [{ id: 'chasing', start: { on: 'task.created', elementId: 'chase' }, stop: { on: 'task.completed', elementId: 'chaseAgain' }, limit: 'PT1H' }];
    const parsed = await parseBpmn(xml);
    // when
    const checked = checkDefinitions(parsed.definitions!, { sla });
    const deployed = await testEngine().engine.deploy({ bpmn: xml, sla: sla as never }).catch((e: unknown) => e);
    // then both name the same problem
    expect(checked.problems.map((p) => p.message)).toEqual([expect.stringMatching(/SLA 'chasing': anchor task.completed names element 'chaseAgain', which is not in process 'callbackSla'/)]);
    expect((deployed as DeployError).problems.map((p) => p.message)).toEqual(checked.problems.map((p) => p.message));
    // and a policy of another process is not applied to this one
    expect(checkDefinitions(parsed.definitions!, { sla: sla.map((c) => ({ ...c, processId: 'other' })) }).problems).toEqual([]);
    expect(checkDefinitions(parsed.definitions!).problems).toEqual([]);
  });
});
