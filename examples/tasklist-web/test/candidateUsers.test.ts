/**
 * Candidate users in the web tasklist: a person listed on a task (without its role) sees it in
 * the list with its due date and priority, claims and completes it; a person neither listed
 * nor holding the role does not see it and is refused (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestTasklist } from './support';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_tlCandidates" targetNamespace="http://handoff.dev/test">
  <bpmn:process id="tlCandidates" name="Second opinion" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="opinion" />
    <bpmn:userTask id="opinion" name="Give a second opinion">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="hallManager" candidateUsers="ren" />
        <zeebe:taskSchedule dueDate="2026-03-02T17:00:00+08:00" />
        <zeebe:priorityDefinition priority="80" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="opinion" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let app: Awaited<ReturnType<typeof startTestTasklist>>;
beforeAll(async () => {
  app = await startTestTasklist();
  await app.engine.deploy({ bpmn: BPMN });
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]);
});

describe('Feature: candidate users in the web tasklist', () => {
  it('Scenario: a listed person without the role sees the task with its due date and priority, claims and completes it', async () => {
    // given a case whose task lists ren (counter clerk) beside the duty managers
    const inst = await app.engine.start('tlCandidates');
    const ren = await signIn(app.url, 'ren');
    const bo = await signIn(app.url, 'bo');
    // when
    const list = await ren.request<{ tasks: { id: string; instanceId: string; dueAt?: number; priority?: number }[] }>('GET', '/api/tasks');
    const task = list.body.tasks.find((t) => t.instanceId === inst.id);
    // then ren sees it; bo (hotline) does not, and may not claim it
    expect(task).toMatchObject({ dueAt: Date.parse('2026-03-02T17:00:00+08:00'), priority: 80 });
    expect((await bo.request<{ tasks: { instanceId: string }[] }>('GET', '/api/tasks')).body.tasks.some((t) => t.instanceId === inst.id)).toBe(false);
    expect((await bo.request('POST', `/api/tasks/${encodeURIComponent(task!.id)}/claim`)).status).toBe(403);
    expect((await bo.request('POST', `/api/tasks/${encodeURIComponent(task!.id)}/complete`, {})).status).toBe(403);
    // when ren claims and completes
    expect((await ren.request('POST', `/api/tasks/${encodeURIComponent(task!.id)}/claim`)).status).toBe(200);
    expect((await ren.request('POST', `/api/tasks/${encodeURIComponent(task!.id)}/complete`, {})).status).toBe(200);
    // then
    expect((await app.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});
