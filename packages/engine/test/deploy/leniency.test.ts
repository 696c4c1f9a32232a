/**
 * What no engine runs deploys with a warning, not a refusal (decision 0031): a stale diagram
 * (DI) or pool, and Camunda 7 attributes on elements Camunda 7 does not read them on. A
 * reference the process runs on (a message, an error, a flow's target) is still refused.
 */
import { describe, expect, it } from 'vitest';
import { actor, testEngine } from '../support';
import { deployError, deployFixture } from './support';

describe('Feature: what only draws or is not read deploys with a warning', () => {
  it('Scenario: a diagram and a pool that name elements the file no longer has', async () => {
    // given a process renamed after its pool and diagram were drawn
    const t = testEngine();
    // when it is deployed
    const [id] = await t.engine.deploy({ bpmn: deployFixture('leniency/stale-diagram.bpmn') });
    // then every stale reference is a warning naming the diagram element
    const model = await t.engine.processes.model(id!);
    expect(model.warnings?.map((w) => [w.code, w.elementId])).toEqual([
      ['PARTICIPANT_REFERENCE', 'pool'],
      ['DI_REFERENCE', 'plane'],
      ['DI_REFERENCE', 'review_di'],
      ['DI_REFERENCE', 'f1_di'],
    ]);
    expect(model.warnings?.[1]).toMatchObject({ message: expect.stringContaining("'invoiceOld'"), hint: expect.stringContaining('save it again') });
    // and the process runs as its elements say
    const inst = await t.engine.start('invoice', {});
    await t.completeTask(inst.id, 'review', actor('ann'));
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: deploy { strict: true } refuses the stale references', async () => {
    const strict = await testEngine().engine.deploy({ bpmn: deployFixture('leniency/stale-diagram.bpmn') }, { strict: true }).catch((e: unknown) => e);
    expect((strict as { problems: { code: string }[] }).problems.map((p) => p.code)).toEqual(['PARTICIPANT_REFERENCE', 'DI_REFERENCE', 'DI_REFERENCE', 'DI_REFERENCE']);
  });

  it('Scenario: a reference the process runs on is still refused', async () => {
    // given a flow whose target the file does not have
    const xml = deployFixture('leniency/stale-diagram.bpmn').replace('targetRef="review"', 'targetRef="reviewOld"');
    // then
    const err = await deployError(testEngine().engine, { bpmn: xml });
    expect(err.problems.map((p) => p.code)).toContain('BROKEN_REFERENCE');
  });

  it('Scenario: Camunda 7 attributes on elements Camunda 7 does not read them on', async () => {
    // given historyTimeToLive on the definitions and a subprocess, an assignee on a service task, a misspelt variableEvents
    const t = testEngine();
    const [id] = await t.engine.deploy({ bpmn: deployFixture('leniency/camunda7-unread-attributes.bpmn') });
    // then each is a warning that names the attribute and the element
    const model = await t.engine.processes.model(id!);
    expect(model.warnings?.filter((w) => w.code === 'UNREAD_EXTENSION').map((w) => [w.elementId, /^(\S+) on <(\S+)>/.exec(w.message)?.slice(1)])).toEqual([
      ['defs', ['camunda:historyTimeToLive', 'bpmn:Definitions']],
      ['sub', ['camunda:historyTimeToLive', 'bpmn:SubProcess']],
      ['log', ['camunda:assignee', 'bpmn:ServiceTask']],
      ['cond', ['camunda:variableEvent', 'bpmn:ConditionalEventDefinition']],
    ]);
    // and the process runs without them: the conditional event reacts to any change of paid, as Camunda 7 does without variableEvents
    t.engine.jobs.register('org.acme.Log', () => ({}));
    const inst = await t.engine.start('c7Unread', { paid: false });
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['sub', 'paid']);
    await t.engine.instances.setVariables(inst.id, { paid: true });
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    // and strict refuses them
    const strict = await testEngine().engine.deploy({ bpmn: deployFixture('leniency/camunda7-unread-attributes.bpmn') }, { strict: true }).catch((e: unknown) => e);
    expect((strict as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain('UNREAD_EXTENSION');
  });

  it('Scenario: an unknown handoff: attribute is still refused (our own namespace: a typo must not pass)', async () => {
    const xml = deployFixture('leniency/camunda7-unread-attributes.bpmn')
      .replace('xmlns:camunda=', 'xmlns:handoff="http://handoff.dev/schema/bpmn/1.0" xmlns:camunda=')
      .replace('id="log" ', 'id="log" handoff:slaa="x" ');
    const err = await deployError(testEngine().engine, { bpmn: xml });
    expect(err.problems.map((p) => [p.code, p.elementId])).toContainEqual(['PARSER_WARNING', 'log']);
  });
});
