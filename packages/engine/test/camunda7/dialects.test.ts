/** Flowable and Activiti namespaces read like Camunda 7's (decision 0022). */
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/index';
import { actor, testEngine } from '../support';
import { dialectFixture } from './support';

describe('Feature: Flowable and Activiti files', () => {
  it('Scenario: a Flowable file: initiator, assignee, candidate groups, form key, class and fields are read', async () => {
    // given
    const t = testEngine();
    const [id] = await t.engine.deploy({ bpmn: dialectFixture('flowable-order.bpmn20.xml') });
    const jobs: JobContext[] = [];
    t.engine.jobs.register('org.acme.Ship', (job) => {
      jobs.push(job);
      return { shipped: true };
    });
    // then a Flowable-only attribute is a deploy warning, not silence
    const model = await t.engine.processes.model(id!);
    expect(model.warnings).toContainEqual(expect.objectContaining({ code: 'UNREAD_EXTENSION', elementId: 'ship', message: expect.stringContaining('flowable:triggerable') }));
    // when kermit's order is started and reviewed
    const inst = await t.engine.start('flowableOrder', {}, { initiator: 'fozzie' });
    const [task] = await t.openTasks(inst.id);
    expect(task).toMatchObject({ elementId: 'review', assignee: 'kermit', candidateGroups: ['sales', 'managers'], formKey: 'order-review' });
    await t.completeTask(inst.id, 'review', actor('kermit', 'sales'), { approved: true });
    await t.engine.idle();
    // then the approved flow (no condition: true, as in Flowable) ran the Ship class with its fields
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'org.acme.Ship', headers: { class: 'org.acme.Ship', carrier: 'DHL', priority: '${order.priority}' } });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { initiator: 'fozzie', approved: true, shipped: true } });
  });

  it('Scenario: strict deploys refuse Flowable-only attributes', async () => {
    const err = await testEngine().engine.deploy({ bpmn: dialectFixture('flowable-order.bpmn20.xml') }, { strict: true }).catch((e: unknown) => e);
    expect((err as { problems: { code: string }[] }).problems.map((p) => p.code)).toContain('UNREAD_EXTENSION');
  });

  it('Scenario: an Activiti file: expression with result variable, candidate groups and a Groovy script run as jobs and tasks', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('activiti-loan.bpmn20.xml') });
    const seen: string[] = [];
    t.engine.jobs.register('${scoring.score(applicant)}', (job) => {
      seen.push(job.type);
      return { [job.headers.resultVariable!]: 710 };
    });
    t.engine.jobs.register('script:groovy', (job) => {
      seen.push(`${job.type} ${job.headers.script}`);
      return { [job.headers.resultVariable!]: `Dear ${String(job.variables.applicant)}` };
    });
    // when
    const inst = await t.engine.start('activitiLoan', { applicant: 'Gonzo' });
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    expect(task).toMatchObject({ elementId: 'approve', candidateGroups: ['credit'] });
    await t.completeTask(inst.id, 'approve', actor('ann', 'credit'));
    await t.engine.idle();
    // then
    expect(seen).toEqual(['${scoring.score(applicant)}', 'script:groovy "Dear " + applicant']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { applicant: 'Gonzo', score: 710, letter: 'Dear Gonzo' } });
  });

  it('Scenario: an Activiti task listener is read like a Camunda 7 one and runs as a job before the task exists', async () => {
    // given the loan file with an activiti:taskListener on the approval
    const xml = dialectFixture('activiti-loan.bpmn20.xml').replace(
      '<userTask id="approve" name="Approve loan" activiti:candidateGroups="credit" />',
      '<userTask id="approve" name="Approve loan" activiti:candidateGroups="credit"><extensionElements><activiti:taskListener event="create" class="org.acme.OnCreate" /></extensionElements></userTask>',
    );
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml });
    const seen: string[] = [];
    t.engine.jobs.register('${scoring.score(applicant)}', (job) => ({ [job.headers.resultVariable!]: 710 }));
    t.engine.jobs.register('script:groovy', (job) => ({ [job.headers.resultVariable!]: 'Dear Gonzo' }));
    t.engine.jobs.register('org.acme.OnCreate', (job) => {
      seen.push(`${job.type} ${job.listener?.eventType ?? ''}`);
      return {};
    });
    // when an application comes in
    const inst = await t.engine.start('activitiLoan', { applicant: 'Gonzo' });
    await t.engine.idle();
    // then the class ran as the create listener's job, and the approval task was created after it
    expect(seen).toEqual([expect.stringMatching(/^org\.acme\.OnCreate/)]);
    expect((await t.engine.tasks.query({ instanceId: inst.id, state: 'open' })).map((x) => x.elementId)).toEqual(['approve']);
  });
});
