/** Camunda 7 habits: gateway flows without a condition, camunda:initiator (decision 0022). */
import { describe, expect, it } from 'vitest';
import { testEngine } from '../support';
import { dialectFixture } from './support';

const visited = (t: ReturnType<typeof testEngine>) => t.trail((e) => e.type === 'activity.left').map((s) => s.split(':')[1]);

describe('Feature: Camunda 7 habits', () => {
  it('Scenario: an exclusive gateway takes the first flow whose condition holds or is absent, in document order; an inclusive gateway takes every flow without a condition', async () => {
    // given a Camunda 7 file whose gateways have flows without conditions
    const t = testEngine();
    const [id] = await t.engine.deploy({ bpmn: dialectFixture('camunda7-gateways.bpmn') });
    // then the deploy warns about each such flow
    const model = await t.engine.processes.model(id!);
    expect(model.warnings?.filter((w) => w.code === 'IMPLICIT_CONDITION').map((w) => w.elementId)).toEqual(['toFirst', 'toSecond', 'toA', 'toB']);
    // when not vip: the first flow without a condition wins
    const a = await t.engine.start('c7Gateways', { vip: false });
    await t.engine.idle();
    expect(visited(t)).toEqual(expect.arrayContaining(['first', 'a', 'b']));
    expect(visited(t)).not.toContain('second');
    expect((await t.engine.instances.get(a.id))?.status).toBe('completed');
  });

  it('Scenario: an exclusive gateway whose earlier flow holds takes it', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-gateways.bpmn') });
    await t.engine.start('c7Gateways', { vip: true });
    await t.engine.idle();
    expect(visited(t)).toContain('vip');
    expect(visited(t)).not.toContain('first');
  });

  it('Scenario: the same flows in a plain BPMN file are still refused', async () => {
    const xml = dialectFixture('camunda7-gateways.bpmn').replace(' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', '').replace(' camunda:initiator="starter"', '');
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    expect((err as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain('MISSING_CONDITION');
  });

  it('Scenario: a plain file that a Camunda Modeler older than 4.7 saved is a Camunda 7 file (those modelers drew for Camunda 7 only)', async () => {
    // given the same flows in files without the camunda namespace, saved by modelers of each era
    const plain = dialectFixture('camunda7-gateways.bpmn').replace(' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', '').replace(' camunda:initiator="starter"', '');
    const savedBy = (attrs: string) => plain.replace('id="defs"', `id="defs" ${attrs}`);
    /** The first warning of the deployed file, or the first problem of its refusal. */
    const outcome = async (xml: string) => {
      const t = testEngine();
      try {
        const [id] = await t.engine.deploy({ bpmn: xml });
        return (await t.engine.processes.model(id!)).warnings?.[0]?.code;
      } catch (err) {
        return (err as { problems: { code: string }[] }).problems[0]?.code;
      }
    };
    // then Camunda Modeler 3.5 and the Eclipse camunda modeler 2.6, or execution platform "Camunda Platform": taken as true, with the warning
    expect(await outcome(savedBy('exporter="Camunda Modeler" exporterVersion="3.5.0"'))).toBe('IMPLICIT_CONDITION');
    expect(await outcome(savedBy('exporter="camunda modeler" exporterVersion="2.6.0"'))).toBe('IMPLICIT_CONDITION');
    expect(await outcome(savedBy('xmlns:modeler="http://camunda.org/schema/modeler/1.0" exporter="Camunda Modeler" exporterVersion="5.2.0" modeler:executionPlatform="Camunda Platform"'))).toBe('IMPLICIT_CONDITION');
    // and Camunda Modeler 4.7+ without a platform, a Camunda Cloud file, or another modeler: refused (Camunda 8 refuses such flows)
    expect(await outcome(savedBy('exporter="Camunda Modeler" exporterVersion="4.7.0"'))).toBe('MISSING_CONDITION');
    expect(await outcome(savedBy('xmlns:modeler="http://camunda.org/schema/modeler/1.0" exporter="Camunda Modeler" exporterVersion="3.5.0" modeler:executionPlatform="Camunda Cloud"'))).toBe('MISSING_CONDITION');
    expect(await outcome(savedBy('exporter="bpmn-js (https://demo.bpmn.io)" exporterVersion="3.5.0"'))).toBe('MISSING_CONDITION');
  });

  it('Scenario: deploy { strict: true } refuses the implicit conditions', async () => {
    const err = await testEngine().engine.deploy({ bpmn: dialectFixture('camunda7-gateways.bpmn') }, { strict: true }).catch((e: unknown) => e);
    expect((err as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain('IMPLICIT_CONDITION');
  });

  it('Scenario: camunda:initiator stores the start option initiator in the named variable (null without one)', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-gateways.bpmn') });
    const a = await t.engine.start('c7Gateways', { vip: true }, { initiator: 'mary' });
    const b = await t.engine.start('c7Gateways', { vip: true });
    await t.engine.idle();
    expect((await t.engine.instances.get(a.id))?.variables).toEqual({ vip: true, starter: 'mary' });
    expect((await t.engine.instances.get(b.id))?.variables).toEqual({ vip: true, starter: null });
  });
});
