/**
 * Candidate users, task dates and priorities, in the Camunda 7 and Camunda 8 dialects: the
 * same claim-review process drawn both ways (`fixtures/c7-claim-review.bpmn`,
 * `fixtures/c8-claim-review.bpmn`) behaves the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployError, ForbiddenError, businessCalendar, type SlaPolicyConfig } from '../../src/index';
import { actor, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const HOUR = 60 * MIN;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

const ann = actor('ann'); // listed as a candidate user, no role
const carl = actor('carl', 'claims'); // holds the candidate group
const dave = actor('dave', 'sales'); // neither

const DIALECTS = [
  { dialect: 'Camunda 7', file: 'c7-claim-review.bpmn' },
  { dialect: 'Camunda 8', file: 'c8-claim-review.bpmn' },
];

/** A claim-review case in `file`, on an engine in Asia/Shanghai (zone-less dates are read there). */
async function claimCase(file: string, vars: Record<string, unknown> = {}, sla?: SlaPolicyConfig[]) {
  const t = testEngine({ zone: 'Asia/Shanghai' });
  await t.engine.deploy({ bpmn: fixture(file), ...(sla ? { sla } : {}) });
  const inst = await t.engine.start('claimReview', { receivedAt: '2026-03-02T09:00:00+08:00', approvers: ['bob', 'cy'], deadline: '2026-03-02T11:00:00+08:00', urgency: 90, ...vars });
  const task = async (elementId: string) => {
    const [x] = await t.engine.tasks.query({ instanceId: inst.id, elementId, state: ['open', 'claimed'] });
    return x!;
  };
  return { ...t, inst, task };
}

describe.each(DIALECTS)('Feature: candidate users ($dialect)', ({ file }) => {
  it('Scenario: a listed candidate user without the role claims and completes the task', async () => {
    // given
    const t = await claimCase(file);
    const review = await t.task('review');
    expect(review).toMatchObject({ candidateGroups: ['claims'], candidateUsers: ['ann', 'bob'], state: 'open' });
    // when
    await t.engine.tasks.claim(review.id, ann);
    await t.engine.tasks.complete(review.id, ann, {});
    // then
    expect(await t.store.getTask(review.id)).toMatchObject({ state: 'completed', completedBy: 'ann' });
    expect((await t.task('approve')).elementId).toBe('approve');
  });

  it('Scenario: the role still counts — a holder of the candidate group completes it', async () => {
    const t = await claimCase(file);
    const review = await t.task('review');
    await t.engine.tasks.complete(review.id, carl, {});
    expect(await t.store.getTask(review.id)).toMatchObject({ state: 'completed', completedBy: 'carl' });
  });

  it('Scenario: an actor neither listed nor holding the role is refused with ForbiddenError, and nothing changes', async () => {
    // given
    const t = await claimCase(file);
    const review = await t.task('review');
    // when
    const claim = await t.engine.tasks.claim(review.id, dave).catch((e: unknown) => e);
    const complete = await t.engine.tasks.complete(review.id, dave, {}).catch((e: unknown) => e);
    // then
    for (const err of [claim, complete]) {
      expect(err).toBeInstanceOf(ForbiddenError);
      expect(err).toMatchObject({ code: 'FORBIDDEN', elementId: 'review', requiredRoles: ['claims'], candidateUsers: ['ann', 'bob'] });
      expect((err as ForbiddenError).message).toContain("or to be one of the candidate users [ann, bob]");
      expect((err as ForbiddenError).hint).toMatch(/\.$/);
    }
    expect(await t.task('review')).toEqual(review);
  });

  it('Scenario: candidate users from an expression (a FEEL list of ids): only those listed may act', async () => {
    // given the review is done and the approval lists approvers = [bob, cy]
    const t = await claimCase(file);
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    const approve = await t.task('approve');
    expect(approve.candidateUsers).toEqual(['bob', 'cy']);
    // when ann (listed on the review, not here) tries, then cy
    const err = await t.engine.tasks.claim(approve.id, ann).catch((e: unknown) => e);
    await t.engine.tasks.claim(approve.id, actor('cy'));
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(await t.task('approve')).toMatchObject({ state: 'claimed', assignee: 'cy' });
  });

  it('Scenario: tasks.query({ candidateUser }) lists the tasks naming that user', async () => {
    const t = await claimCase(file);
    const review = await t.task('review');
    expect((await t.engine.tasks.query({ candidateUser: 'bob' })).map((x) => x.id)).toEqual([review.id]);
    expect(await t.engine.tasks.query({ candidateUser: 'carl' })).toEqual([]);
  });
});

describe.each(DIALECTS)('Feature: task dates and priority ($dialect)', ({ dialect, file }) => {
  it('Scenario: due and follow-up dates and the priority are on the task when it is created', async () => {
    // when
    const t = await claimCase(file);
    // then: due 4 h after receipt (C7: a duration from creation; C8: FEEL on the variable), follow-up 14:00 Shanghai time
    const created = t.events.find((e) => e.type === 'task.created');
    const review = await t.task('review');
    expect(review).toMatchObject({ dueAt: T0 + 4 * HOUR, followUpAt: Date.parse('2026-03-02T14:00:00+08:00'), priority: 70 });
    expect(created).toMatchObject({ task: { dueAt: T0 + 4 * HOUR, followUpAt: T0 + 5 * HOUR, priority: 70 } });
    // and the filters find it
    expect((await t.engine.tasks.query({ dueBefore: T0 + 4 * HOUR + 1 })).map((x) => x.id)).toEqual([review.id]);
    expect(await t.engine.tasks.query({ dueBefore: T0 + 4 * HOUR })).toEqual([]);
    expect((await t.engine.tasks.query({ dueAfter: T0, followUpBefore: T0 + 6 * HOUR })).map((x) => x.id)).toEqual([review.id]);
  });

  it('Scenario: the due date and priority computed by expressions from the variables', async () => {
    const t = await claimCase(file);
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    expect(await t.task('approve')).toMatchObject({ dueAt: T0 + 2 * HOUR, priority: 90 });
    expect((await t.task('approve')).followUpAt).toBeUndefined();
  });

  it('Scenario: tasks.query sorts by priority, highest first with -priority', async () => {
    // given three approvals of urgency 20, 90 and 55 (the reviews have 70)
    const t = testEngine({ zone: 'Asia/Shanghai' });
    await t.engine.deploy({ bpmn: fixture(file) });
    for (const urgency of [20, 90, 55]) {
      const inst = await t.engine.start('claimReview', { receivedAt: '2026-03-02T09:00:00+08:00', approvers: ['bob'], deadline: '2026-03-03T09:00:00Z', urgency });
      const [review] = await t.engine.tasks.query({ instanceId: inst.id });
      await t.engine.tasks.complete(review!.id, ann, {});
    }
    // when / then
    const open = await t.engine.tasks.query({ state: 'open', sort: '-priority' });
    expect(open.map((x) => x.priority)).toEqual([90, 55, 20]);
    expect((await t.engine.tasks.query({ state: 'open', sort: 'priority', limit: 1 })).map((x) => x.priority)).toEqual([20]);
  });

  it('Scenario: an expression giving a value that is not a date raises an incident naming the element; a retry with a date goes on', async () => {
    // given
    const t = await claimCase(file, { deadline: 'soon' });
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    // then
    const [incident] = await t.engine.incidents.list(t.inst.id);
    expect(incident).toMatchObject({ elementId: 'approve', code: 'INVALID_TASK_DATE' });
    expect(incident!.message).toContain("due date '=deadline' gave 'soon' is not a task date");
    expect(await t.engine.tasks.query({ instanceId: t.inst.id, state: ['open', 'claimed'] })).toEqual([]);
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { deadline: '2026-03-02T12:00:00+08:00' } });
    // then
    expect(await t.task('approve')).toMatchObject({ dueAt: T0 + 3 * HOUR });
  });

  it(`Scenario: a duration as the due date's value is ${dialect === 'Camunda 7' ? 'counted from the task\'s creation (Camunda 7)' : 'an incident (Camunda 8 takes date-times only)'}`, async () => {
    const t = await claimCase(file, { deadline: 'PT30M' });
    await t.clock.advance('PT10M');
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    if (dialect === 'Camunda 7') expect(await t.task('approve')).toMatchObject({ dueAt: T0 + 40 * MIN });
    else expect((await t.engine.incidents.list(t.inst.id))[0]).toMatchObject({ elementId: 'approve', code: 'INVALID_TASK_DATE', message: expect.stringContaining('is a duration') });
  });

  it(`Scenario: priority 150 from an expression is ${dialect === 'Camunda 7' ? 'kept (Camunda 7 takes any integer)' : 'an incident (Camunda 8 takes 0–100)'}; 2.5 is an incident in both`, async () => {
    const t = await claimCase(file, { urgency: 150 });
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    if (dialect === 'Camunda 7') expect(await t.task('approve')).toMatchObject({ priority: 150 });
    else expect((await t.engine.incidents.list(t.inst.id))[0]).toMatchObject({ elementId: 'approve', code: 'INVALID_PRIORITY', message: expect.stringContaining('150 is outside 0..100') });
    const u = await claimCase(file, { urgency: 2.5 });
    await u.engine.tasks.complete((await u.task('review')).id, ann, {});
    expect((await u.engine.incidents.list(u.inst.id))[0]).toMatchObject({ elementId: 'approve', code: 'INVALID_PRIORITY', message: expect.stringContaining('2.5 is not an integer') });
  });

  it('Scenario: an SLA with limit dueDate breaches at the task\'s due date on the virtual clock, warning at 80% of the time to it', async () => {
    // given the approval is due at 11:00, two hours after it opens
    const sla: SlaPolicyConfig[] = [{ id: 'approval', start: { on: 'task.created', elementId: 'approve' }, stop: { on: 'task.completed', elementId: 'approve' }, limit: 'dueDate' }];
    const t = await claimCase(file, {}, sla);
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    // when
    await t.clock.advance('PT3H');
    // then
    const at = (type: string) => t.events.find((e) => e.type === type)?.at;
    expect(at('sla.started')).toBe(T0);
    expect(at('sla.warning')).toBe(T0 + 96 * MIN);
    expect(at('sla.breached')).toBe(T0 + 2 * HOUR);
    expect(t.events.find((e) => e.type === 'sla.breached')).toMatchObject({ slaId: 'approval', limit: 2 * HOUR, dueAt: T0 + 2 * HOUR, slaElementId: 'approve' });
    expect((await t.task('approve')).dueAt).toBe(T0 + 2 * HOUR);
  });

  it('Scenario: an SLA with limit dueDate whose task has no due date (the expression gave null) starts no clock', async () => {
    const sla: SlaPolicyConfig[] = [{ id: 'approval', start: { on: 'task.created', elementId: 'approve' }, stop: { on: 'task.completed', elementId: 'approve' }, limit: 'dueDate' }];
    const t = await claimCase(file, { deadline: null }, sla);
    await t.engine.tasks.complete((await t.task('review')).id, ann, {});
    await t.clock.advance('P1D');
    expect((await t.task('approve')).dueAt).toBeUndefined();
    expect(t.events.filter((e) => e.type.startsWith('sla.'))).toEqual([]);
  });
});

describe('Feature: an SLA due at the task\'s due date, counted on a business calendar', () => {
  it('Scenario: due at 20:00 after an 18:00 close — the limit is the working time to it, so the breach falls at 18:00 and the warning at 80% of it', async () => {
    // given the office calendar (09:00–12:00, 13:30–18:00) and an approval due at 20:00 on Monday
    const office = businessCalendar({ name: 'cn-office', zone: 'Asia/Shanghai', hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-12:00', '13:30-18:00']])) });
    const t = testEngine({ zone: 'Asia/Shanghai', calendars: [office] });
    await t.engine.deploy({ bpmn: fixture('c8-claim-review.bpmn'), sla: [{ id: 'approval', start: { on: 'task.created', elementId: 'approve' }, stop: { on: 'task.completed', elementId: 'approve' }, calendar: 'cn-office', limit: 'dueDate' }] });
    const inst = await t.engine.start('claimReview', { receivedAt: '2026-03-02T09:00:00+08:00', approvers: ['bob'], deadline: '2026-03-02T20:00:00+08:00', urgency: 1 });
    await t.engine.tasks.complete((await t.engine.tasks.query({ instanceId: inst.id }))[0]!.id, ann, {});
    // when
    await t.clock.advance('PT12H');
    // then: 7.5 working hours to the due date; 80% of them (6 h) ends at 16:30
    const at = (type: string) => t.events.find((e) => e.type === type)?.at;
    expect(t.events.find((e) => e.type === 'sla.started')).toMatchObject({ limit: 7.5 * HOUR });
    expect(at('sla.warning')).toBe(Date.parse('2026-03-02T16:30:00+08:00'));
    expect(at('sla.breached')).toBe(Date.parse('2026-03-02T18:00:00+08:00'));
  });
});

describe('Feature: bad task attributes are deploy problems with the element, the attribute and a hint', () => {
  const deploy = async (attrs: string) => {
    const xml = fixture('c7-claim-review.bpmn').replace('camunda:dueDate="PT4H" camunda:followUpDate="2026-03-02T14:00:00" camunda:priority="70"', attrs);
    const t = testEngine();
    return t.engine.deploy({ bpmn: xml }).then(() => undefined, (e: unknown) => e as DeployError);
  };

  it.each([
    ['camunda:dueDate="tomorrow"', 'INVALID_TASK_DATE', "camunda:dueDate: 'tomorrow' is not a task date"],
    ['camunda:followUpDate="2026-02-30T09:00:00"', 'INVALID_TASK_DATE', 'camunda:followUpDate'],
    ['camunda:dueDate="2026-13-01"', 'INVALID_TASK_DATE', "'2026-13-01' is not a real date"],
    ['camunda:priority="high"', 'INVALID_PRIORITY', 'camunda:priority: "high" is not an integer'],
    ['camunda:priority="=urgency +"', 'FEEL_SYNTAX', 'camunda:priority'],
  ])('Scenario: %s', async (attrs, code, says) => {
    const err = await deploy(attrs);
    expect(err).toBeInstanceOf(DeployError);
    const [p] = (err as DeployError).problems;
    expect(p).toMatchObject({ code, elementId: 'review', elementType: 'bpmn:UserTask', line: 7 });
    expect(p!.message).toContain(says);
    expect(p!.hint).toMatch(/\.$/);
  });

  it('Scenario: a literal date, date alone, or Camunda 7 duration deploys', async () => {
    for (const attrs of ['camunda:dueDate="2026-03-05"', 'camunda:dueDate="2026-03-05T17:00:00Z"', 'camunda:dueDate="P2D" camunda:followUpDate="2026-03-04T09:00:00[Asia/Shanghai]"', 'camunda:priority="-5"']) {
      expect(await deploy(attrs), attrs).toBeUndefined();
    }
  });

  it("Scenario: a zeebe:taskSchedule duration is refused (Camunda 8 takes date-times)", async () => {
    const xml = fixture('c8-claim-review.bpmn').replace('followUpDate="2026-03-02T14:00:00+08:00"', 'followUpDate="P1D"');
    const err = (await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e)) as DeployError;
    expect(err.problems[0]).toMatchObject({ code: 'INVALID_TASK_DATE', elementId: 'review' });
    expect(err.problems[0]!.message).toContain("zeebe:taskSchedule followUpDate: 'P1D' is a duration");
  });

  it("Scenario: an SLA with limit 'dueDate' about a task without a due date is refused", async () => {
    const t = testEngine();
    const err = (await t.engine
      .deploy({ bpmn: fixture('c7-claim-review.bpmn').replace(' camunda:dueDate="=deadline"', ''), sla: [{ id: 'approval', start: { on: 'task.created', elementId: 'approve' }, stop: { on: 'task.completed', elementId: 'approve' }, limit: 'dueDate' }] })
      .catch((e: unknown) => e)) as DeployError;
    expect(err).toBeInstanceOf(DeployError);
    expect(err.problems[0]).toMatchObject({ code: 'INVALID_SLA', elementId: 'approve' });
    expect(err.problems[0]!.message).toContain("limit 'dueDate' needs the SLA to be about a user task with a due date");
  });
});
