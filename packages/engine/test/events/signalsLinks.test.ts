/**
 * Feature: signal events (start, intermediate catch / throw, boundary, end) broadcast with
 * `engine.signals.broadcast`; link events; message throw and end events run as jobs.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, type JobContext } from '../../src/index';
import { actor, testEngine } from '../support';

const anyone = actor('ana');

describe('Feature: signals', () => {
  it('Scenario: one broadcast reaches every waiting catch once and starts every signal-start process once', async () => {
    // given two field visits waiting in their task (a non-interrupting storm boundary armed)
    const t = testEngine();
    await t.deploy('events/signals.bpmn');
    const a = await t.engine.start('fieldWork', {});
    const b = await t.engine.start('fieldWork', {});
    // when
    const result = await t.engine.signals.broadcast('storm warning', { level: 3 });
    // then
    expect(result.received.map((r) => [r.instanceId, r.elementId]).sort()).toEqual([[a.id, 'storm'], [b.id, 'storm']]);
    expect(result.started).toHaveLength(1);
    expect((await t.openTasks(a.id)).map((x) => x.elementId).sort()).toEqual(['shelter', 'visit']);
    expect((await t.engine.instances.get(a.id))?.variables).toEqual({ level: 3 });
    const desk = result.started[0]!;
    expect((await t.engine.instances.get(desk))?.processId).toBe('stormDesk');
    // a non-interrupting boundary stays armed: a second broadcast fires it again
    await t.engine.signals.broadcast('storm warning');
    expect((await t.openTasks(a.id)).filter((x) => x.elementId === 'shelter')).toHaveLength(2);
    expect(t.events.filter((e) => e.type === 'signal.received')).toHaveLength(4);
  });

  it('Scenario: a signal throw event broadcasts after its commit, with its input mappings as variables', async () => {
    // given a visit waiting for "all clear"
    const t = testEngine();
    await t.deploy('events/signals.bpmn');
    const visit = await t.engine.start('fieldWork', {});
    await t.completeTask(visit.id, 'visit', anyone);
    const { started } = await t.engine.signals.broadcast('storm warning');
    // when the desk coordinates and announces "all clear"
    await t.completeTask(started[0]!, 'coordinate', anyone, { crews: 4 });
    await t.engine.idle();
    // then the waiting visit received it and ended
    expect((await t.engine.instances.get(visit.id))?.status).toBe('completed');
    expect((await t.engine.instances.get(visit.id))?.variables).toEqual({ crews: 4 });
    expect((await t.engine.instances.get(started[0]!))?.status).toBe('completed');
  });

  it('Scenario: a signal is not buffered; a name nobody waits for reaches nobody', async () => {
    const t = testEngine();
    await t.deploy('events/signals.bpmn');
    expect(await t.engine.signals.broadcast('all clear')).toEqual({ received: [], started: [] });
    const visit = await t.engine.start('fieldWork', {});
    await t.completeTask(visit.id, 'visit', anyone);
    expect((await t.engine.instances.get(visit.id))?.activeElements).toEqual(['waitClear']);
    await expect(t.engine.signals.broadcast('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('Feature: links and message throw events', () => {
  it('Scenario: a throw link jumps to its catch; message throw and end events are jobs for handlers', async () => {
    // given
    const t = testEngine();
    const jobs: string[] = [];
    await t.deploy('events/links-and-sends.bpmn', {
      handlers: {
        sms: (j: JobContext) => (jobs.push(`${j.type}@${j.elementId}`), { smsSent: true }),
        confirm: (j: JobContext) => (jobs.push(`${j.type}@${j.elementId}`), {}),
      },
    });
    // when
    const inst = await t.engine.start('linked', {});
    await t.engine.idle();
    // then
    expect(jobs).toEqual(['sms@notify', 'confirm@confirm']);
    expect(t.trail((e) => e.type === 'activity.entered')).toEqual(['activity.entered:start', 'activity.entered:toPage2', 'activity.entered:page2', 'activity.entered:notify', 'activity.entered:confirm']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ smsSent: true });
  });

  it.each([
    ['a throw link without its catch', '<bpmn:intermediateThrowEvent id="a"><bpmn:linkEventDefinition id="l" name="nowhere" /></bpmn:intermediateThrowEvent>', 'INVALID_LINK', /No catch link event named 'nowhere'/],
    ['a signal without a name', '<bpmn:intermediateCatchEvent id="a"><bpmn:signalEventDefinition id="s1" /></bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" /><bpmn:endEvent id="e" />', 'MISSING_SIGNAL', /signal reference is missing/],
  ])('Scenario: %s is refused at deploy', async (_case, element, code, says) => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />${element}</bpmn:process>
</bpmn:definitions>`;
    const err = (await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e)) as DeployError;
    expect(err).toBeInstanceOf(DeployError);
    expect(err.problems.find((p) => p.code === code)).toMatchObject({ elementId: 'a', message: expect.stringMatching(says) });
  });
});

describe('Feature: implicit end', () => {
  it('Scenario: a task with no outgoing flow ends its token there, as Camunda and Flowable run it', async () => {
    const t = testEngine();
    await t.deploy('core/implicit-end.bpmn');
    const inst = await t.engine.start('deadTask', {});
    await t.completeTask(inst.id, 'review', anyone);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: files refused before signals and links ran now deploy and run', () => {
  it.each(['events/signal-catch.bpmn', 'events/signal-start.bpmn', 'events/link-events.bpmn'])('Scenario: %s deploys', async (file) => {
    const t = testEngine();
    const ids = await t.deploy(file);
    expect(ids.length).toBeGreaterThan(0);
  });
});
