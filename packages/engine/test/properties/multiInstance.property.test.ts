/**
 * Property: multi-instance user tasks (each inner instance keeps its task's `out` in a
 * local made by an input mapping). For random collections, parallel or sequential,
 * random completion conditions over the counters (both dialects' names) and random
 * interleavings of the inner completions, compared with a reference model written out once
 * more here:
 * - the output collection is by index (input order), `null` where an instance never completed;
 * - no token, task or timer is left behind, and the instance completes;
 * - the counters are consistent: instances = completed + terminated + never started, the
 *   body's events say so, and each terminated instance's task was cancelled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/index';
import { fcParams } from '../fc';
import { actor, testEngine } from '../support';

/** A completion condition and the reference model's reading of it. */
interface Condition {
  feel?: string;
  /** Met after a completion, given the counters as the engine counts them then. */
  met(c: { n: number; active: number; done: number; terminated: number; loopCounter: number }): boolean;
}

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.constant<Condition>({ met: () => false }),
  fc.integer({ min: 1, max: 7 }).map((k): Condition => ({ feel: `numberOfCompletedInstances >= ${k}`, met: (c) => c.done >= k })),
  fc.integer({ min: 1, max: 7 }).map((k): Condition => ({ feel: `nrOfCompletedInstances >= ${k}`, met: (c) => c.done >= k })),
  fc.integer({ min: 0, max: 5 }).map((m): Condition => ({ feel: `numberOfActiveInstances <= ${m}`, met: (c) => c.active <= m })),
  fc.integer({ min: 1, max: 6 }).map((j): Condition => ({ feel: `loopCounter = ${j}`, met: (c) => c.loopCounter === j })),
  // true at once in parallel (nothing is left unstarted), only at the end in sequence
  fc.constant<Condition>({ feel: 'numberOfInstances = numberOfCompletedInstances + numberOfActiveInstances + numberOfTerminatedInstances', met: (c) => c.n === c.done + c.active + c.terminated }),
);

function bpmn(sequential: boolean, cond: Condition): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
    <bpmn:userTask id="work">
      <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=null" target="out" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="={item: item, at: loopCounter, out: out}" />
        </bpmn:extensionElements>
        ${cond.feel ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=${cond.feel.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</bpmn:completionCondition>` : ''}
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** The reference model: which instance completes when, what the output is, how it is counted. */
function model(items: number[], sequential: boolean, cond: Condition, picks: number[], outs: number[]) {
  const n = items.length;
  const results: unknown[] = items.map(() => null);
  let started = sequential ? Math.min(1, n) : n;
  let active = Array.from({ length: started }, (_, i) => i);
  let done = 0;
  let terminated = 0;
  const order: number[] = [];
  for (let step = 0; active.length; step++) {
    const i = active[picks[step % picks.length]! % active.length]!;
    order.push(i);
    active = active.filter((x) => x !== i);
    done++;
    results[i] = { item: items[i], at: i + 1, out: outs[i % outs.length] };
    if (cond.met({ n, active: active.length, done, terminated, loopCounter: i + 1 })) {
      terminated = active.length;
      active = [];
      break;
    }
    if (sequential && started < n) active.push(started++);
  }
  return { results, order, done, terminated, started };
}

describe('Property: multi-instance output collections, completion conditions and interleavings', () => {
  it('matches the reference model: output by index, nothing left behind, consistent counters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 6 }),
        fc.boolean(),
        condition,
        fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 6 }),
        async (items, sequential, cond, picks, outs) => {
          const expected = model(items, sequential, cond, picks, outs);
          const t = testEngine();
          await t.engine.deploy({ bpmn: bpmn(sequential, cond) });
          const inst = await t.engine.start('p', { items });
          // the tasks are completed in the model's order, each picked among the open ones
          for (const i of expected.order) {
            const open = await t.openTasks(inst.id);
            const loopCounters = await Promise.all(open.map(async (x) => (await t.engine.tasks.variables(x.id)).loopCounter));
            expect(loopCounters.length, 'open tasks').toBeGreaterThan(0);
            if (sequential) expect(loopCounters).toEqual([i + 1]);
            const task = open[loopCounters.indexOf(i + 1)];
            expect(task, `task of instance ${i + 1} is open`).toBeDefined();
            await t.engine.tasks.complete(task!.id, actor('ana'), { out: outs[i % outs.length] });
          }
          const info = await t.engine.instances.get(inst.id);
          // output by index; nothing left behind
          expect(info?.status).toBe('completed');
          expect(info?.activeElements).toEqual([]);
          expect(info?.incidents).toEqual([]);
          expect(info?.variables).toEqual({ items, results: expected.results });
          expect(await t.openTasks(inst.id)).toEqual([]);
          // consistent counters
          const of = <T extends EngineEvent['type']>(type: T) => t.events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
          const [end] = of('multiInstance.completed');
          expect(end).toMatchObject({ instances: items.length, completed: expected.done, terminated: expected.terminated, sequential });
          expect(end!.completed + end!.terminated + (items.length - expected.started)).toBe(items.length);
          expect(of('activity.entered').filter((e) => e.elementId === 'work')).toHaveLength(expected.started);
          expect(of('activity.left').filter((e) => e.elementId === 'work')).toHaveLength(expected.done);
          expect(of('task.cancelled')).toHaveLength(expected.terminated);
          expect(of('activity.cancelled')).toHaveLength(expected.terminated);
          expect(new Set(of('task.created').map((e) => e.executionId)).size).toBe(expected.started);
        },
      ),
      fcParams('multi-instance', 'packages/engine/test/properties/multiInstance.property.test.ts', 60),
    );
  }, 120_000);
});
