/**
 * Property: random sets of duration, date and cycle timers, with random `advance` steps
 * on the virtual clock. Every timer fires exactly once (a cycle exactly n times), never
 * before its due time and never late, and all firings come in due order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, sequentialIds, virtualClock, type EngineEvent } from '../../src/index';
import { fcParams } from '../fc';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;

type TimerCase = { kind: 'duration'; minutes: number } | { kind: 'date'; minutes: number } | { kind: 'cycle'; times: number; every: number };

const timerCase: fc.Arbitrary<TimerCase> = fc.oneof(
  fc.record({ kind: fc.constant('duration' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('date' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('cycle' as const), times: fc.integer({ min: 1, max: 4 }), every: fc.integer({ min: 1, max: 120 }) }),
);

/** A process: a parallel split into one branch per timer. Cycles are non-interrupting boundary timers on a user task. */
function bpmnFor(cases: TimerCase[]): string {
  const branches = cases.map((c, i) => {
    if (c.kind === 'cycle') {
      return `<bpmn:userTask id="hold${i}" /><bpmn:boundaryEvent id="t${i}" attachedToRef="hold${i}" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R${c.times}/PT${c.every}M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:endEvent id="e${i}" /><bpmn:endEvent id="h${i}" />
        <bpmn:sequenceFlow id="s${i}" sourceRef="split" targetRef="hold${i}" /><bpmn:sequenceFlow id="b${i}" sourceRef="t${i}" targetRef="e${i}" /><bpmn:sequenceFlow id="x${i}" sourceRef="hold${i}" targetRef="h${i}" />`;
    }
    const body = c.kind === 'duration' ? `<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${c.minutes}M</bpmn:timeDuration>` : `<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${new Date(T0 + c.minutes * MIN).toISOString()}</bpmn:timeDate>`;
    return `<bpmn:intermediateCatchEvent id="t${i}"><bpmn:timerEventDefinition>${body}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="e${i}" />
      <bpmn:sequenceFlow id="s${i}" sourceRef="split" targetRef="t${i}" /><bpmn:sequenceFlow id="b${i}" sourceRef="t${i}" targetRef="e${i}" />`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="timers" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    ${branches.join('\n')}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Expected due times (epoch ms) per timer element id. */
function expectedDues(cases: TimerCase[]): Map<string, number[]> {
  return new Map(
    cases.map((c, i) => [`t${i}`, c.kind === 'cycle' ? Array.from({ length: c.times }, (_, k) => T0 + (k + 1) * c.every * MIN) : [T0 + c.minutes * MIN]]),
  );
}

describe('Property: timers fire exactly once, never early, never late, in due order', () => {
  it('holds for random timers and random advance steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(timerCase, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }), async (cases, steps) => {
        // given
        const clock = virtualClock(T0);
        const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds() });
        const fired: EngineEvent[] = [];
        engine.on('timer.fired', (e) => fired.push(e));
        await engine.deploy({ bpmn: bpmnFor(cases) });
        await engine.start('timers');
        const dues = expectedDues(cases);
        const all = [...dues.entries()].flatMap(([id, ts]) => ts.map((t) => ({ id, t })));
        const horizon = Math.max(...all.map((x) => x.t));
        // when: random steps, then one final step past the last due time
        for (const s of [...steps, Math.ceil((horizon - T0) / MIN) + 1]) {
          await clock.advance(s * MIN);
          // then (after every step): everything due so far has fired, nothing more
          const dueSoFar = all.filter((x) => x.t <= clock.now()).length;
          expect(fired.length).toBe(dueSoFar);
        }
        // then: exact firing times per timer, and global due order
        for (const [id, ts] of dues) {
          expect(fired.filter((e) => 'elementId' in e && e.elementId === id).map((e) => e.at)).toEqual(ts);
        }
        const times = fired.map((e) => e.at);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        for (const e of fired) expect(e.at).toBe((e as { dueAt: number }).dueAt);
      }),
      fcParams('timer property', 'packages/engine/test/properties/timers.property.test.ts', 60) as never,
    );
  });
});
