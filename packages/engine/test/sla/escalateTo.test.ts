/**
 * `handoff:slaEscalateTo` on an SLA boundary: the role the breach notifies — what a pack's
 * config writes as `escalations: [{ notify }]`, set in the BPMN file so an analyst can edit it
 * in a modeler (@handoff/modeler's Handoff group).
 */
import { describe, expect, it } from 'vitest';
import { checkDefinitions, DeployError, parseBpmn } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const MIN = 60_000;
const ana = actor('ana', 'fieldSales');
const withEscalation = (value: string) => fixture('sla/callback-sla.bpmn').replace('handoff:slaWarning="80%"', `handoff:slaWarning="80%" handoff:slaEscalateTo="${value}"`);

async function callbackCase(bpmn: string, sla?: unknown[]) {
  const t = testEngine();
  await t.engine.deploy({ bpmn, ...(sla ? { sla: sla as never } : {}) });
  const inst = await t.engine.start('callbackSla', {});
  await t.completeTask(inst.id, 'report', ana);
  return { ...t, inst };
}

describe('Feature: the role an SLA escalates to, declared in the BPMN file', () => {
  it('Scenario: a breach of an SLA with handoff:slaEscalateTo notifies that role at the breach', async () => {
    // given
    const t = await callbackCase(withEscalation('supervisor'));
    // when
    await t.clock.advance('PT31M');
    // then
    const escalated = t.events.filter((e) => e.type === 'sla.escalated');
    expect(escalated).toEqual([expect.objectContaining({ slaId: 'callback', step: 0, notify: 'supervisor', elapsed: 30 * MIN, slaElementId: 'callBack' })]);
    const model = await t.engine.processes.model('callbackSla');
    expect(model.slas?.[0]?.stages.map((s) => s.kind)).toEqual(['warning', 'breach', 'escalation']);
  });

  it('Scenario: a pack config with escalations replaces the BPMN role (field by field merge)', async () => {
    const t = await callbackCase(withEscalation('supervisor'), [{ id: 'callback', escalations: [{ after: 'PT5M', notify: 'manager' }] }]);
    await t.clock.advance('PT40M');
    expect(t.events.filter((e) => e.type === 'sla.escalated').map((e) => (e as { notify?: string }).notify)).toEqual(['manager']);
  });

  it.each([
    ['a role with a space', 'hotline supervisor', /handoff:slaEscalateTo="hotline supervisor" is not a role name/],
    ['two roles', 'a,b', /is not a role name/],
  ])('Scenario: %s is refused at deploy with the element and a hint', async (_what, value, message) => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: withEscalation(value) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    const [p] = (err as DeployError).problems;
    expect(p).toMatchObject({ code: 'INVALID_SLA', elementId: 'late', message: expect.stringMatching(message), hint: expect.stringMatching(/e\.g\. hotlineSupervisor/) });
  });

  it('Scenario: a blank handoff:slaEscalateTo is none (as a blank handoff:sla is), so an element template that writes it empty deploys', async () => {
    const t = await callbackCase(withEscalation('  '));
    await t.clock.advance('PT31M');
    expect(t.events.filter((e) => e.type === 'sla.escalated')).toEqual([]);
    expect(t.events.some((e) => e.type === 'sla.breached')).toBe(true);
  });

  it('Scenario: handoff:slaEscalateTo without handoff:sla is refused, not ignored; checkDefinitions says the same', async () => {
    const xml = withEscalation('supervisor').replace(' handoff:sla="callback"', '');
    const parsed = await parseBpmn(xml);
    const { problems } = checkDefinitions(parsed.definitions!);
    expect(problems).toEqual([expect.objectContaining({ code: 'INVALID_SLA', elementId: 'late', message: expect.stringMatching(/without handoff:sla: there is no SLA to escalate/) })]);
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    expect((err as DeployError).problems.map((p) => p.message)).toEqual(problems.map((p) => p.message));
  });
});
