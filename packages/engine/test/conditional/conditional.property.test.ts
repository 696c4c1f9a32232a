/**
 * Property: a user task with a non-interrupting conditional boundary (`x > 5`) and an
 * interrupting one (`x = 9`), then a random sequence of variable writes (`x` or an unrelated
 * `y`, random values, sometimes the same value again). The non-interrupting boundary fires
 * exactly once on activation if its condition holds, then once per write that changes `x` to a
 * value above 5 — never for `y`, never for an equal value — until the interrupting one fires
 * (on the first write that makes `x` 9, or at activation); after that nothing fires. Driven
 * through `apply`; every state round-trips through JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, newInstanceState, type ProcessModel } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="watch" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
    <bpmn:userTask id="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" /><bpmn:endEvent id="e" />
    <bpmn:boundaryEvent id="high" attachedToRef="work" cancelActivity="false"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 5</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="high" targetRef="noted" /><bpmn:task id="noted" /><bpmn:sequenceFlow id="f4" sourceRef="noted" targetRef="e2" /><bpmn:endEvent id="e2" />
    <bpmn:boundaryEvent id="stop" attachedToRef="work"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x = 9</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="stop" targetRef="e3" /><bpmn:endEvent id="e3" />
  </bpmn:process>
</bpmn:definitions>`;

const writeArb = fc.record({ name: fc.constantFrom('x', 'x', 'y'), value: fc.integer({ min: 0, max: 9 }) });

describe('Property: conditional boundaries fire once per relevant change while true', () => {
  it('holds for random start values and write sequences', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: XML, name: 'watch' });
    const m: ProcessModel = await t.engine.processes.model('watch');
    await fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(writeArb, { maxLength: 25 }), (x0, writes) => {
        const fired: string[] = [];
        const collect = (effects: ReturnType<typeof apply>['effects']) => {
          for (const e of effects) if (e.type === 'history') for (const r of e.records) if (r.type === 'activity.entered' && (r.elementId === 'high' || r.elementId === 'stop')) fired.push(r.elementId);
        };
        let r = apply(m, newInstanceState(m, 'i', { x: x0 }, undefined, T0), { type: 'start', startNode: m.noneStart! }, T0);
        collect(r.effects);
        // the model: what should fire
        const expected: string[] = [];
        let x = x0;
        let running = true;
        if (x > 5) expected.push('high');
        if (x === 9) {
          expected.push('stop');
          running = false;
        }
        for (const w of writes) {
          if (r.state.status !== 'active') break;
          r = apply(m, r.state, { type: 'variables.set', variables: { [w.name]: w.value } }, T0);
          expect(JSON.parse(JSON.stringify(r.state))).toEqual(r.state);
          collect(r.effects);
          if (w.name !== 'x' || w.value === x) continue;
          x = w.value;
          if (!running) continue;
          if (x > 5) expected.push('high');
          if (x === 9) {
            expected.push('stop');
            running = false;
          }
        }
        expect(fired).toEqual(expected);
      }),
      fcParams('conditional', 'packages/engine/test/conditional/conditional.property.test.ts', 100),
    );
  });
});
