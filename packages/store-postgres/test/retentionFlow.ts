/**
 * History retention through the engine on a PostgreSQL store: 150 instances end (more than one
 * scheduler round of 100 timers), some stay running; past the time to live every ended one is
 * gone from every table, the running ones untouched.
 */
import { createEngine, sequentialIds, virtualClock } from '@handoff/engine';
import { expect } from 'vitest';
import type { PostgresStore } from '../src/index';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_kept" targetNamespace="http://handoff.dev/test">
  <bpmn:process id="kept" isExecutable="true" camunda:historyTimeToLive="P7D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" camunda:candidateGroups="desk" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`;

const count = async (store: PostgresStore, table: string) => Number((await store.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

export async function runRetention(store: PostgresStore): Promise<void> {
  const clock = virtualClock('2026-03-02T09:00:00+08:00');
  const engine = createEngine({ store, clock, ids: sequentialIds('case') });
  await engine.deploy({ bpmn: BPMN });
  const clerk = { id: 'ana', roles: ['desk'] };
  const running: string[] = [];
  for (let i = 0; i < 160; i++) {
    const inst = await engine.start('kept');
    if (i % 16 === 0) {
      running.push(inst.id);
      continue;
    }
    const [task] = await engine.tasks.query({ instanceId: inst.id });
    await engine.tasks.complete(task!.id, clerk);
  }
  expect(await count(store, 'handoff_timers')).toBe(150);
  // inside the time to live: untouched
  await clock.advance(7 * 86_400_000 - 1_000);
  expect((await engine.instances.list({ status: 'completed' })).length).toBe(150);
  await clock.advance(1_000);
  // past it: every ended instance gone from every table, the running ones untouched
  expect(await engine.instances.list({ status: 'completed' })).toEqual([]);
  expect((await engine.instances.list({})).map((i) => i.id)).toEqual(running);
  expect(await count(store, 'handoff_timers')).toBe(0);
  expect(await count(store, 'handoff_tasks')).toBe(running.length);
  expect(Number((await store.query<{ n: number | string }>('SELECT count(DISTINCT instance_id) AS n FROM handoff_history')).rows[0]!.n)).toBe(running.length);
  expect((await engine.tasks.query({ role: 'desk', state: 'open' })).map((t) => t.instanceId)).toEqual(running);
  await engine.close();
}
