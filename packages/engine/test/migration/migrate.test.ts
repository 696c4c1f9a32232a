/**
 * Feature: running instances move onto a new version of their process
 * (`engine.instances.migrate`, docs/migration.md, decision 0029).
 */
import { describe, expect, it } from 'vitest';
import { MigrationError, type InstanceMigratedEvent } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const ana = actor('ana', 'clerk');
const file = (name: string) => `migration/${name}`;

/** Everything the store holds about an instance, as JSON (to prove that nothing changed). */
async function snapshot(t: ReturnType<typeof testEngine>, id: string): Promise<string> {
  const { store, engine } = t;
  return JSON.stringify({ state: await store.getInstance(id), history: await engine.history(id), tasks: await engine.tasks.query({ instanceId: id }), next: await store.nextDue() });
}

/** Given an instance of claim v1 whose review ana claimed, 30 minutes ago. */
async function claimUnderReview() {
  const t = testEngine();
  await t.deploy(file('claim-v1.bpmn'));
  const inst = await t.engine.start('claim', {}, { businessKey: 'C-1' });
  const [task] = await t.openTasks(inst.id);
  await t.engine.tasks.claim(task!.id, ana);
  await t.clock.advance('PT30M');
  return { ...t, inst, task: task! };
}

describe('Feature: instance migration', () => {
  it('Scenario: a simple rename — the task keeps its id, assignee and claim; the timer its due time; the SLA clock its elapsed time', async () => {
    // given a claim under review, claimed by ana 30 minutes ago, with its 2-hour SLA timer
    const t = await claimUnderReview();
    const { engine, store, inst, task } = t;
    const timerBefore = (await store.getInstance(inst.id))!.timers.filter((x) => x.s === undefined);
    const dueBefore = (await store.getTimer(`${inst.id}/${timerBefore[0]!.id}`))!.dueAt;
    const [clockBefore] = await engine.sla.clocks(inst.id);
    const seen: InstanceMigratedEvent[] = [];
    engine.on('instance.migrated', (e) => seen.push(e));
    // when version 2 renames review to check (and its boundary timer), and the instance migrates with that mapping
    await t.deploy(file('claim-v2-renamed.bpmn'));
    const result = await engine.instances.migrate([inst.id], { toVersion: 2, mapping: { review: 'check', reviewLate: 'checkLate' } });
    // then it runs version 2, on check, with the same task
    expect(result).toEqual({ migrated: [inst.id] });
    const info = (await engine.instances.get(inst.id))!;
    expect(info.processVersion).toBe(2);
    expect(info.activeElements).toEqual(['check']);
    const [moved] = await t.openTasks(inst.id);
    expect(moved).toMatchObject({ id: task.id, elementId: 'check', name: 'Check the claim', assignee: 'ana', state: 'claimed', role: 'clerk', createdAt: task.createdAt });
    // and the timer is the same timer, due when it was
    const timerAfter = (await store.getInstance(inst.id))!.timers.filter((x) => x.s === undefined);
    expect(timerAfter.map((x) => x.id)).toEqual(timerBefore.map((x) => x.id));
    expect((await store.getTimer(`${inst.id}/${timerAfter[0]!.id}`))!.dueAt).toBe(dueBefore);
    // and the SLA clock kept its start and its 30 minutes
    const [clockAfter] = await engine.sla.clocks(inst.id);
    expect(clockAfter).toMatchObject({ clockId: clockBefore!.clockId, startedAt: clockBefore!.startedAt, elapsed: 30 * 60_000, dueAt: clockBefore!.dueAt, slaElementId: 'check' });
    // and history and the bus record the migration with the mapping used
    const [record] = await engine.history(inst.id, { types: ['instance.migrated'] });
    expect(record).toMatchObject({ type: 'instance.migrated', fromVersion: 1, toVersion: 2, mapping: { review: 'check', reviewLate: 'checkLate' } });
    expect(seen).toHaveLength(1);
    // when the 2 hours pass, the renamed boundary fires on version 2's path; completing check pays out
    await t.clock.advance('PT90M');
    expect(t.trail((e) => e.type === 'timer.fired' || e.type === 'sla.breached')).toEqual(['sla.breached', 'timer.fired:checkLate']);
    await engine.tasks.complete(task.id, ana);
    expect((await engine.instances.get(inst.id))!.activeElements.sort()).toEqual(['remind', 'ship']);
    // and the SLA report counts the clock (started on version 1's review) in the clerk lane
    const byLane = await engine.sla.report({ groupBy: 'lane' });
    expect(byLane.rows.map((r) => [r.key, r.count, r.breached])).toEqual([['clerk', 1, 1]]);
  });

  it('Scenario: an added step — the instance takes it after its current task, and a new boundary event is armed', async () => {
    // given a claim under review on version 1
    const t = await claimUnderReview();
    const { engine, inst, task } = t;
    // when version 2 adds an approval step and a "withdrawn" message boundary on review, and the instance migrates by same ids
    await t.deploy(file('claim-v2-added.bpmn'));
    await engine.instances.migrate([inst.id], { toVersion: 2 });
    // then the new boundary listens: its subscription was opened in the migration
    expect(t.trail((e) => e.type === 'instance.migrated')).toEqual(['instance.migrated']);
    expect((await t.store.getInstance(inst.id))!.subs.map((s) => s.m)).toEqual(['withdraw']);
    // and completing review leads to the added approval, not to the payout
    await engine.tasks.complete(task.id, ana);
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['approve']);
  });

  it('Scenario: the new message boundary of an added step catches its message after migration', async () => {
    const t = await claimUnderReview();
    await t.deploy(file('claim-v2-added.bpmn'));
    await t.engine.instances.migrate([t.inst.id], { toVersion: 2 });
    // when the claim is withdrawn
    const r = await t.engine.messages.correlate('withdraw', { businessKey: 'C-1' }, {});
    // then the interrupting boundary ends the review and the instance
    expect(r.correlated).toEqual([{ instanceId: t.inst.id, elementId: 'withdrawn' }]);
    expect((await t.engine.instances.get(t.inst.id))!.status).toBe('completed');
    expect((await t.engine.tasks.get(t.task.id))!.state).toBe('cancelled');
  });

  it('Scenario: a removed step with a token on it is refused, and no instance changes — not even one that could move', async () => {
    // given one claim under review and one already at the payout
    const t = await claimUnderReview();
    const { engine, inst, task } = t;
    const other = await engine.start('claim', {});
    const [otherTask] = await t.openTasks(other.id);
    await engine.tasks.complete(otherTask!.id, ana);
    const before = [await snapshot(t, inst.id), await snapshot(t, other.id)];
    // when version 2 removes the review step and both instances are migrated
    await t.deploy(file('claim-v2-removed.bpmn'));
    const err = await engine.instances.migrate([inst.id, other.id], { toVersion: 2 }).catch((e: unknown) => e);
    // then a MigrationError names the instance, the element and how to fix it
    expect(err).toBeInstanceOf(MigrationError);
    const problems = (err as MigrationError).problems;
    expect(problems.map((p) => [p.code, p.instanceId, p.elementId])).toEqual([
      ['ELEMENT_REMOVED', inst.id, 'review'],
      ['SLA_POLICY_REMOVED', inst.id, 'review'],
    ]);
    expect(problems[0]!.hint).toMatch(/map review to an element of the same kind/);
    expect((err as MigrationError).code).toBe('MIGRATION_INVALID');
    // and nothing changed for either instance
    expect([await snapshot(t, inst.id), await snapshot(t, other.id)]).toEqual(before);
    expect((await engine.tasks.get(task.id))!.elementId).toBe('review');
  });

  it('Scenario: an invalid plan changes nothing and lists every problem of every instance', async () => {
    // given two claims under review
    const t = await claimUnderReview();
    const { engine, inst } = t;
    const second = await engine.start('claim', {});
    const before = [await snapshot(t, inst.id), await snapshot(t, second.id)];
    await t.deploy(file('claim-v2-added.bpmn'));
    // when the plan maps review onto an end event, its timer onto a message boundary, and names unknown elements
    const err = (await engine.instances.migrate([inst.id, second.id, 'nope'], { toVersion: 2, mapping: { review: 'done', reviewLate: 'withdrawn', ghost: 'approve', ship: 'missing' } }).catch((e: unknown) => e)) as MigrationError;
    // then every problem is listed, with instance id, element id and a hint
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.problems.map((p) => [p.code, p.instanceId ?? null, p.elementId, p.targetElementId ?? null])).toEqual([
      ['MAPPING_SOURCE_UNKNOWN', null, 'ghost', null],
      ['MAPPING_TARGET_UNKNOWN', null, 'ship', 'missing'],
      ['KIND_MISMATCH', inst.id, 'review', 'done'],
      ['KIND_MISMATCH', second.id, 'review', 'done'],
      ['INSTANCE_NOT_FOUND', 'nope', undefined, null],
    ]);
    for (const p of err.problems) expect(p.hint.length).toBeGreaterThan(10);
    expect(err.message).toContain('no instance was changed');
    // and nothing changed
    expect([await snapshot(t, inst.id), await snapshot(t, second.id)]).toEqual(before);
  });

  it('Scenario: a timer mapped onto an event of another kind is refused; mapped to null it ends, recorded as cancelled', async () => {
    const t = await claimUnderReview();
    const { engine, inst } = t;
    await t.deploy(file('claim-v2-added.bpmn'));
    const err = (await engine.instances.migrate([inst.id], { toVersion: 2, mapping: { reviewLate: 'withdrawn' } }).catch((e: unknown) => e)) as MigrationError;
    expect(err.problems.map((p) => [p.code, p.elementId, p.targetElementId])).toEqual([['WAIT_TARGET_MISMATCH', 'reviewLate', 'withdrawn']]);
    // when the timer is mapped to null instead
    await engine.instances.migrate([inst.id], { toVersion: 2, mapping: { reviewLate: null } });
    // then it was cancelled (its source element named) and a fresh 2-hour timer armed for the target's reviewLate
    const trail = t.trail((e) => e.type.startsWith('timer.'));
    expect(trail.slice(-2)).toEqual(['timer.cancelled:reviewLate', 'timer.scheduled:reviewLate']);
    const [timer] = (await t.store.getInstance(inst.id))!.timers.filter((x) => x.s === undefined);
    expect(timer!.due).toBe(t.clock.now() + 2 * 3_600_000);
  });

  it('Scenario: planMigration shows what would change and writes nothing', async () => {
    const t = await claimUnderReview();
    const before = await snapshot(t, t.inst.id);
    await t.deploy(file('claim-v2-added.bpmn'));
    const [preview] = await t.engine.instances.planMigration([t.inst.id], { toVersion: 2 });
    expect(preview).toMatchObject({ instanceId: t.inst.id, fromVersion: 1, toVersion: 2, tokens: [{ from: 'review', to: 'review' }], tasks: [t.task.id], cancelled: [], armed: [{ kind: 'subscription', elementId: 'withdrawn' }] });
    expect(preview!.history.map((h) => h.type)).toEqual(['instance.migrated']);
    expect(await snapshot(t, t.inst.id)).toEqual(before);
  });

  it('Scenario: malformed arguments are typed errors', async () => {
    const t = await claimUnderReview();
    await expect(t.engine.instances.migrate([], { toVersion: 2 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('instanceIds') });
    await expect(t.engine.instances.migrate([t.inst.id], { toVersion: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(t.engine.instances.migrate([t.inst.id], { toVersion: 9 })).rejects.toMatchObject({ problems: [{ code: 'TARGET_VERSION_UNKNOWN', instanceId: t.inst.id }] });
    await expect(t.engine.instances.migrate([t.inst.id], { toVersion: 1 })).rejects.toMatchObject({ problems: [{ code: 'SAME_VERSION' }] });
  });

  it('Scenario: a shorter SLA in the target applies from the migration on — the elapsed time is kept, and the stages it already reached fire at once, in order', async () => {
    // given a claim under review for 30 minutes of its 2-hour SLA
    const t = await claimUnderReview();
    const { engine, inst } = t;
    const [before] = await engine.sla.clocks(inst.id);
    // when version 2 makes the SLA 20 minutes, and the instance migrates
    await engine.deploy({ bpmn: fixture('migration/claim-v1.bpmn').replace('PT2H', 'PT20M') });
    await engine.instances.migrate([inst.id], { toVersion: 2 });
    // then its warning (at 16 minutes) and breach (at 20) are recorded now, after the migration
    const types = (await engine.history(inst.id)).map((h) => h.type);
    expect(types.slice(types.indexOf('instance.migrated'))).toEqual(['instance.migrated', 'sla.warning', 'sla.breached']);
    const [after] = await engine.sla.clocks(inst.id);
    expect(after).toMatchObject({ clockId: before!.clockId, startedAt: before!.startedAt, elapsed: 30 * 60_000, limit: 20 * 60_000, breached: true, remaining: -10 * 60_000 });
    // and the boundary timer keeps its due time (2 hours after the start), as a mapped timer does
    expect((await t.store.getInstance(inst.id))!.timers.filter((x) => x.s === undefined).map((x) => x.due)).toEqual([before!.startedAt + 2 * 3_600_000]);
  });
});
