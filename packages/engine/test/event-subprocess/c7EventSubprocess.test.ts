/**
 * Feature: event subprocesses in a Camunda 7 file (camunda:topic external task,
 * camunda:candidateGroups, a message start without a correlation key — the business key
 * correlates). A non-interrupting message event subprocess inside a subprocess, an
 * interrupting timer event subprocess and an error event subprocess at process level.
 */
import { describe, expect, it } from 'vitest';
import { BpmnError } from '../../src/index';
import { actor, testEngine } from '../support';

const adj = actor('ada', 'adjuster');
const lead = actor('lee', 'lead');
const open = async (t: ReturnType<typeof testEngine>, id: string) => (await t.openTasks(id)).map((x) => x.elementId).sort();

describe('Feature: event subprocesses in Camunda 7 files', () => {
  it('Scenario: notes arrive while the claim is handled, each in its own event subprocess; the claim settles', async () => {
    // given an assessed claim in handling
    const t = testEngine();
    await t.deploy('event-subprocess/c7-claim.bpmn', { handlers: { assess: () => ({ score: 3 }) } });
    const claim = await t.engine.start('c7claim', {}, { businessKey: 'c-1' });
    await t.engine.idle();
    expect(await open(t, claim.id)).toEqual(['decide']);
    // when two notes arrive
    await t.engine.messages.correlate('claimNote', { businessKey: 'c-1' }, { text: 'photos sent' });
    await t.engine.messages.correlate('claimNote', { businessKey: 'c-1' }, { text: 'called back' });
    // then each is logged by its own event subprocess instance, with its own payload, and the decision stays open
    const logs = (await t.openTasks(claim.id)).filter((x) => x.elementId === 'logNote');
    expect(logs).toHaveLength(2);
    expect(await open(t, claim.id)).toEqual(['decide', 'logNote', 'logNote']);
    // when the decision and the notes are done, the subprocess completes and the claim settles
    for (const task of await t.openTasks(claim.id)) await t.engine.tasks.complete(task.id, adj, {});
    const done = await t.engine.instances.get(claim.id);
    expect(done?.status).toBe('completed');
    expect(done?.variables).toEqual({ score: 3 });
    expect(t.trail((e) => e.type === 'activity.entered').slice(-1)).toEqual(['activity.entered:settled']);
  });

  it('Scenario: two hours without a decision interrupt the handling and escalate to the lead', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/c7-claim.bpmn', { handlers: { assess: () => ({}) } });
    const claim = await t.engine.start('c7claim', {}, { businessKey: 'c-2' });
    await t.engine.idle();
    await t.clock.advance('PT2H');
    expect(await open(t, claim.id)).toEqual(['escalate']);
    expect(t.trail((e) => e.type === 'activity.cancelled')).toEqual(['activity.cancelled:decide', 'activity.cancelled:handling']);
    // the notes event subprocess ended with its subprocess: a note now reaches nobody
    expect((await t.engine.messages.correlate('claimNote', { businessKey: 'c-2' }, {})).correlated).toEqual([]);
    await t.completeTask(claim.id, 'escalate', lead);
    expect((await t.engine.instances.get(claim.id))?.status).toBe('completed');
  });

  it('Scenario: an assessment that finds fraud ends the claim through the error event subprocess', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/c7-claim.bpmn', {
      handlers: {
        assess: () => {
          throw new BpmnError('FRAUD', 'duplicate invoice');
        },
      },
    });
    const claim = await t.engine.start('c7claim', {});
    await t.engine.idle();
    const done = await t.engine.instances.get(claim.id);
    expect(done?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'error.thrown' || e.type === 'activity.left').slice(-4)).toEqual(['error.thrown:assess', 'activity.left:fraudFound', 'activity.left:fraudEnd', 'activity.left:fraud']);
    // the timer event subprocess is disarmed (what remains due is the 30-day history retention)
    expect((await t.store.getInstance(claim.id))?.timers).toEqual([]);
    expect(await t.store.nextDue()).toBe(t.clock.now() + 30 * 86_400_000);
  });
});
