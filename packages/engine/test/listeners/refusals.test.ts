/**
 * Feature: listeners that cannot run are refused at deploy, each with its element and a hint
 * (a table of cases over one fixture); listeners that can run deploy in every dialect.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, type DeployProblem } from '../../src/index';
import { testEngine } from '../support';

async function problemsOf(file: string): Promise<readonly DeployProblem[]> {
  const t = testEngine();
  try {
    await t.deploy(file);
  } catch (err) {
    if (err instanceof DeployError) return err.problems;
    throw err;
  }
  return [];
}

describe('Feature: listener refusals at deploy', () => {
  it.each([
    { case: 'a Camunda 7 timeout task listener without a timer', element: 'review', code: 'INVALID_ATTRIBUTE', says: /timeout task listener has no timer/, hint: /timerEventDefinition/ },
    { case: 'a listener with two implementations', element: 'review', code: 'INVALID_ATTRIBUTE', says: /names class and expression/, hint: /set one of class/ },
    { case: 'a take listener on an activity', element: 'review', code: 'INVALID_ATTRIBUTE', says: /'take' is only valid on a sequence flow/, hint: /start' or 'end'/ },
    { case: 'a zeebe listener without a type', element: 'work', code: 'INVALID_ATTRIBUTE', says: /no job type/, hint: /set type/ },
    { case: 'retries="0"', element: 'work', code: 'INVALID_ATTRIBUTE', says: /retries="0"/, hint: /1 or more/ },
    { case: 'a task listener on a service task', element: 'work', code: 'UNSUPPORTED_FEATURE', says: /only valid on a user task/, hint: /execution listener/ },
    { case: 'a start listener on a boundary event', element: 'late', code: 'UNSUPPORTED_FEATURE', says: /start execution listener on a boundary event/, hint: /end listener/ },
  ])('Scenario: $case is refused with the element and a hint', async ({ element, code, says, hint }) => {
    // given / when
    const problems = await problemsOf('listeners/refusals.bpmn');
    // then
    const p = problems.find((x) => x.elementId === element && says.test(x.message));
    expect(p, JSON.stringify(problems, null, 1)).toBeDefined();
    expect(p!.code).toBe(code);
    expect(p!.hint).toMatch(hint);
    expect(p!.line).toBeGreaterThan(0);
  });

  it.each([
    { case: 'an end listener on an event-based gateway', element: 'wait', says: /end execution listener on an event-based gateway/ },
    { case: 'a take listener on a flow out of an event-based gateway', element: 'f2', says: /take listener on a flow out of an event-based gateway/ },
    { case: 'a start listener on an event after an event-based gateway', element: 'paid', says: /start execution listener on an event after an event-based gateway/ },
  ])('Scenario: $case is refused (the gateway moves the token past it)', async ({ element, says }) => {
    const problems = await problemsOf('listeners/refusals-gateway.bpmn');
    expect(problems.filter((p) => p.elementId === element && says.test(p.message)).map((p) => p.code)).toEqual(['UNSUPPORTED_FEATURE']);
    expect(problems).toHaveLength(3);
  });

  it('Scenario: the refusal lists every problem of the file, nothing else', async () => {
    // (the delete listener in it deploys: it runs when the task is cancelled)
    expect(await problemsOf('listeners/refusals.bpmn')).toHaveLength(7);
  });

  it.each(['listeners/c8-execution.bpmn', 'listeners/c7-execution.bpmn', 'listeners/c8-task.bpmn', 'listeners/c7-task.bpmn', 'listeners/flowable-task.bpmn', 'listeners/c8-multi.bpmn', 'listeners/c8-task-update-cancel.bpmn', 'listeners/c7-task-update-delete-timeout.bpmn', 'listeners/flowable-task-delete.bpmn20.xml'])('Scenario: %s deploys', async (file) => {
    expect(await problemsOf(file)).toEqual([]);
  });
});
