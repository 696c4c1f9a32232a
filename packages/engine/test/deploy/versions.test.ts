/**
 * Process versions: an unchanged file keeps its version, a changed one becomes the next
 * version; new instances start on the newest, running ones finish on the version they
 * started on — also after a restart on the same store.
 */
import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../src/index';
import { actor, testEngine } from '../support';
import { deployError, deployFixture } from './support';

const V1 = deployFixture('versions/parcel-v1.bpmn');
const V2 = deployFixture('versions/parcel-v2.bpmn');
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const HOUR = 3_600_000;

describe('Feature: process versions', () => {
  it('Scenario: deploying the same file twice keeps version 1', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    await t.clock.advance('PT1H');
    // when
    const ids = await t.engine.deploy({ bpmn: V1 });
    // then
    expect(ids).toEqual(['parcel']);
    expect(await t.engine.processes.list()).toEqual([{ id: 'parcel', name: 'Parcel', version: 1, key: 'parcel:1', deployedAt: T0 }]);
    expect((await t.engine.processes.model('parcel')).version).toBe(1);
    expect((await t.engine.start('parcel', {})).processVersion).toBe(1);
  });

  it('Scenario: a changed file becomes version 2 and new instances use it', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    await t.clock.advance('PT1H');
    // when
    const ids = await t.engine.deploy({ bpmn: V2 });
    const inst = await t.engine.start('parcel', {});
    // then
    expect(ids).toEqual(['parcel']);
    expect(await t.engine.processes.list()).toEqual([
      { id: 'parcel', name: 'Parcel', version: 1, key: 'parcel:1', deployedAt: T0 },
      { id: 'parcel', name: 'Parcel (labelled)', version: 2, key: 'parcel:2', deployedAt: T0 + HOUR },
    ]);
    const model = await t.engine.processes.model('parcel');
    expect({ version: model.version, key: model.key, name: model.name, roles: model.roles }).toEqual({ version: 2, key: 'parcel:2', name: 'Parcel (labelled)', roles: ['packer', 'labeller'] });
    expect(inst.processVersion).toBe(2);
    expect((await t.engine.instances.get(inst.id))?.processVersion).toBe(2);
  });

  it('Scenario: an instance of version 1 finishes on version 1 while a new one runs version 2', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    const old = await t.engine.start('parcel', {});
    await t.engine.deploy({ bpmn: V2 });
    const fresh = await t.engine.start('parcel', {});
    // when
    await t.completeTask(old.id, 'pack', actor('pia', 'packer'));
    await t.completeTask(fresh.id, 'pack', actor('pia', 'packer'));
    const [label] = await t.openTasks(fresh.id);
    await t.engine.tasks.complete(label!.id, actor('lou', 'labeller'), {});
    // then
    expect(await t.engine.instances.get(old.id)).toMatchObject({ processVersion: 1, status: 'completed' });
    expect(await t.engine.instances.get(fresh.id)).toMatchObject({ processVersion: 2, status: 'completed' });
    expect(label).toMatchObject({ elementId: 'label', role: 'labeller' });
    const entered = async (id: string) => (await t.engine.history(id)).filter((e) => e.type === 'activity.entered').map((e) => ('elementId' in e ? e.elementId : ''));
    expect(await entered(old.id)).toEqual(['received', 'pack', 'sent']);
    expect(await entered(fresh.id)).toEqual(['received', 'pack', 'label', 'sent']);
    expect((await t.engine.history(old.id))[0]).toMatchObject({ type: 'process.started', processVersion: 1 });
    expect((await t.engine.history(fresh.id))[0]).toMatchObject({ type: 'process.started', processVersion: 2 });
  });

  it('Scenario: after a restart on the same store, version 1 instances still finish on version 1', async () => {
    // given
    const before = testEngine();
    await before.engine.deploy({ bpmn: V1 });
    const old = await before.engine.start('parcel', {});
    await before.engine.deploy({ bpmn: V2 });
    await before.engine.close();
    // when
    const after = testEngine({ store: before.store, ids: sequentialIds('after') });
    await after.completeTask(old.id, 'pack', actor('pia', 'packer'));
    const fresh = await after.engine.start('parcel', {});
    // then
    expect(await after.engine.instances.get(old.id)).toMatchObject({ processVersion: 1, status: 'completed' });
    expect(fresh).toMatchObject({ id: 'after-1', processVersion: 2 });
    expect((await after.engine.processes.list()).map((p) => p.key)).toEqual(['parcel:1', 'parcel:2']);
  });

  it('Scenario: a changed file that fails to deploy leaves the current version in place', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    // when
    const err = await deployError(t.engine, { bpmn: deployFixture('versions/parcel-v2-broken.bpmn') });
    const inst = await t.engine.start('parcel', {});
    // then
    expect(err.problems.map((p) => `${p.code}:${p.elementId}`)).toEqual(['UNSUPPORTED_ELEMENT:label']);
    expect((await t.engine.processes.list()).map((p) => p.key)).toEqual(['parcel:1']);
    expect(inst.processVersion).toBe(1);
  });

  it('Scenario: deploying the version 1 file again after version 2 makes it version 3', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    await t.engine.deploy({ bpmn: V2 });
    // when
    await t.engine.deploy({ bpmn: V1 });
    const inst = await t.engine.start('parcel', {});
    await t.completeTask(inst.id, 'pack', actor('pia', 'packer'));
    // then
    expect((await t.engine.processes.list()).map((p) => p.key)).toEqual(['parcel:1', 'parcel:2', 'parcel:3']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ processVersion: 3, status: 'completed' });
  });

  it('Scenario: the same file with a different lane-to-role mapping is a new version', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: V1 });
    // when
    await t.engine.deploy({ bpmn: V1, roles: { packer: 'warehouse' } });
    await t.engine.deploy({ bpmn: V1, roles: { packer: 'warehouse' } });
    const inst = await t.engine.start('parcel', {});
    const [pack] = await t.openTasks(inst.id);
    // then
    expect((await t.engine.processes.list()).map((p) => p.key)).toEqual(['parcel:1', 'parcel:2']);
    expect(inst.processVersion).toBe(2);
    expect(pack).toMatchObject({ elementId: 'pack', role: 'warehouse' });
  });

  describe('Starting a chosen version', () => {
    /** The file with a Camunda 7 version tag on its process. */
    const tagged = (xml: string, tag: string) =>
      xml.replace('xmlns:xsi=', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi=').replace('<bpmn:process id="parcel"', `<bpmn:process id="parcel" camunda:versionTag="${tag}"`);

    it('Scenario: { version } starts that version, the latest stays the default', async () => {
      // given versions 1 and 2
      const t = testEngine();
      await t.engine.deploy({ bpmn: V1 });
      await t.engine.deploy({ bpmn: V2 });
      // when one instance starts on version 1 and one without a version
      const old = await t.engine.start('parcel', {}, { version: 1 });
      const latest = await t.engine.start('parcel', {});
      // then each runs its version
      expect([old.processVersion, latest.processVersion]).toEqual([1, 2]);
      expect((await t.engine.instances.get(old.id))?.activeElements).toEqual(['pack']);
    });

    it('Scenario: { versionTag } starts the latest version carrying the tag', async () => {
      // given 2026.1 deployed twice (versions 1 and 2, a changed file) and 2026.2 as version 3
      const t = testEngine();
      await t.engine.deploy({ bpmn: tagged(V1, '2026.1') });
      await t.engine.deploy({ bpmn: tagged(V2, '2026.1') });
      await t.engine.deploy({ bpmn: tagged(V1, '2026.2') });
      // when / then
      expect((await t.engine.start('parcel', {}, { versionTag: '2026.1' })).processVersion).toBe(2);
      expect((await t.engine.start('parcel', {}, { versionTag: '2026.2' })).processVersion).toBe(3);
      expect((await t.engine.start('parcel', {})).processVersion).toBe(3);
    });

    it('Scenario: an unknown version or tag, or a bad option, is refused and starts nothing', async () => {
      // given version 1
      const t = testEngine();
      await t.engine.deploy({ bpmn: V1 });
      // when / then
      await expect(t.engine.start('parcel', {}, { version: 4 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(t.engine.start('parcel', {}, { versionTag: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("version tag 'nope'") });
      await expect(t.engine.start('parcel', {}, { version: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'version' });
      await expect(t.engine.start('parcel', {}, { version: 1, versionTag: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'version' });
      await expect(t.engine.start('parcel', {}, { versionTag: ' ' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'versionTag' });
      expect(await t.engine.instances.list()).toEqual([]);
    });
  });
});
