/**
 * Feature: a service task's `camunda:expression` (`flowable:` / `activiti:`) that the JUEL
 * translator reads is evaluated by the engine as FEEL, its value written into
 * `camunda:resultVariable` (discarded without one, as in Camunda 7); bean and method calls
 * stay jobs named by their text (decision 0032, docs/juel.md).
 */
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/index';
import { compileDefinitions } from '../../src/model/compile';
import { parseBpmn } from '../../src/model/parse';
import { testEngine } from '../support';
import { dialectFixture } from './support';

describe('Feature: translatable camunda:expression runs in the engine', () => {
  it('Scenario: Camunda 7 — sums, mixed text and a ternary are evaluated in order; a bean call and a bare getter stay jobs', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-expression-tasks.bpmn') });
    const jobs: JobContext[] = [];
    t.engine.jobs.register('${archiver.archive(execution)}', (job) => {
      jobs.push(job);
      return { archived: true };
    });
    t.engine.jobs.register('${mailer.send}', (job) => {
      jobs.push(job);
    });
    // when
    const inst = await t.engine.start('c7ExpressionTasks', { net: 100, tax: 19, number: 'A-7' });
    await t.engine.idle();
    // then the engine evaluated the expressions: no jobs for them
    expect(jobs.map((j) => [j.type, j.elementId])).toEqual([
      ['${archiver.archive(execution)}', 'archive'],
      ['${mailer.send}', 'getter'],
    ]);
    const info = await t.engine.instances.get(inst.id);
    // and #{true} without a result variable left nothing behind
    expect(info).toMatchObject({ status: 'completed', variables: { net: 100, tax: 19, number: 'A-7', gross: 119, label: 'invoice-A-7', route: 'review', archived: true } });
    expect(Object.keys(info!.variables).sort()).toEqual(['archived', 'gross', 'label', 'net', 'number', 'route', 'tax']);
    // and the history shows the tasks as activities entered and left, without job events
    const trail = t.trail((e) => e.type === 'activity.left' || e.type === 'job.created');
    expect(trail).toEqual(['activity.left:start', 'activity.left:sum', 'activity.left:label', 'activity.left:noop', 'activity.left:rule', 'job.created:archive', 'activity.left:archive', 'job.created:getter', 'activity.left:getter', 'activity.left:end']);
  });

  it('Scenario: the compiled model says which elements the engine evaluates (expression task) and which are jobs', async () => {
    // given
    const parsed = await parseBpmn(dialectFixture('camunda7-expression-tasks.bpmn'));
    // when
    const { processes: [model], problems } = compileDefinitions(parsed.definitions!, parsed.lineOf, { version: () => 1 });
    expect(problems).toEqual([]);
    // then
    const kinds = Object.fromEntries(model!.nodes.map((n) => [n.id, [n.kind, n.resultVariable ?? n.job?.type ?? null]]));
    expect(kinds).toMatchObject({
      sum: ['expressionTask', 'gross'],
      label: ['expressionTask', 'label'],
      noop: ['expressionTask', null],
      rule: ['expressionTask', 'route'],
      archive: ['serviceTask', '${archiver.archive(execution)}'],
      getter: ['serviceTask', '${mailer.send}'],
    });
    expect(model!.nodes.find((n) => n.id === 'sum')!.expression!.juel).toBe('${net + tax}');
  });

  it('Scenario: Flowable — flowable:expression with a result variable is evaluated; a method call is a job', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('flowable-expression-tasks.bpmn20.xml') });
    const types: string[] = [];
    t.engine.jobs.register('${notifier.send(order)}', (job) => {
      types.push(job.type);
      expect(job.variables).toMatchObject({ price: 45 });
    });
    // when
    const inst = await t.engine.start('flowableExpressionTasks', { order: { total: 50 } });
    await t.engine.idle();
    // then
    expect(types).toEqual(['${notifier.send(order)}']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { price: 45 } });
  });

  it('Scenario: Activiti — activiti:expression is evaluated; where JUEL would throw (a zero divisor) it is an incident naming the JUEL text, and retrying with a fixed variable goes on', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('activiti-expression-tasks.bpmn20.xml') });
    // when
    const inst = await t.engine.start('activitiExpressionTasks', { amount: 80, limit: 100, zero: 0 });
    await t.engine.idle();
    // then the comparison was written, the division stopped with an incident
    expect((await t.engine.instances.get(inst.id))?.variables).toMatchObject({ withinLimit: true });
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'EXPRESSION_FAILED', elementId: 'fail' });
    expect(incident!.message).toContain("Expression '${amount div zero}' of fail failed");
    // when the host fixes the variable and retries
    await t.engine.incidents.retry(incident!.id, { variables: { zero: 4 } });
    await t.engine.idle();
    // then
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { ratio: 20 } });
  });
});
