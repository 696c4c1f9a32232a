/**
 * Property: variable scopes. For random input mappings on a subprocess and on a user task
 * inside it, random task outputs and optional output mappings, the instance's variables at
 * the end equal a reference model of Camunda 8's rules — in particular no local variable
 * ever reaches the root without an output mapping.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { actor, testEngine } from '../support';

const NAMES = ['a', 'b', 'c', 'l1', 't1', 'x'] as const;
const name = fc.constantFrom(...NAMES);
const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('p', 'q'));
const vars = fc.dictionary(name, value, { maxKeys: 4 });
const inputs = fc.array(fc.tuple(name, fc.constantFrom('v1', 'v2', 'v3')), { maxLength: 3 });

function xml(sub: [string, string][], task: [string, string][], outputs: [string, string][] | undefined): string {
  const io = (ins: [string, string][], outs?: [string, string][]) =>
    ins.length || outs?.length
      ? `<bpmn:extensionElements><zeebe:ioMapping>${ins.map(([t, v]) => `<zeebe:input source="${v}" target="${t}" />`).join('')}${(outs ?? []).map(([t, s]) => `<zeebe:output source="=${s}" target="${t}" />`).join('')}</zeebe:ioMapping></bpmn:extensionElements>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
    <bpmn:subProcess id="sub">${io(sub)}
      <bpmn:startEvent id="is" /><bpmn:sequenceFlow id="g1" sourceRef="is" targetRef="task" />
      <bpmn:userTask id="task">${io(task, outputs)}</bpmn:userTask>
      <bpmn:sequenceFlow id="g2" sourceRef="task" targetRef="ie" /><bpmn:endEvent id="ie" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** The reference model: scopes as plain maps, the rules written out once more. */
function expected(root0: Record<string, unknown>, sub: [string, string][], task: [string, string][], output: Record<string, unknown>, outputs: [string, string][] | undefined): Record<string, unknown> {
  const root = { ...root0 };
  const S: Record<string, unknown> = {};
  for (const [t, v] of sub) S[t] = v;
  const T: Record<string, unknown> = {};
  for (const [t, v] of task) T[t] = v;
  const write = (chain: Record<string, unknown>[], k: string, v: unknown) => ((chain.find((s) => k in s) ?? root)[k] = v);
  if (outputs?.length) {
    Object.assign(T, output);
    const view = { ...root, ...S, ...T };
    for (const [target, source] of outputs) write([S], target, view[source]);
  } else for (const [k, v] of Object.entries(output)) write([T, S], k, v);
  return root;
}

test.prop([vars, inputs, inputs, vars, fc.option(fc.array(fc.tuple(name, name), { minLength: 1, maxLength: 2 }), { nil: undefined })], { numRuns: 60 })(
  'no local reaches the root without an output mapping; results merge where the name lives',
  async (root0, sub, task, output, outputsRaw) => {
    // outputs read names the task's scope surely has
    const known = new Set([...Object.keys(root0), ...sub.map((s) => s[0]), ...task.map((s) => s[0]), ...Object.keys(output)]);
    const outputs = outputsRaw?.filter(([, s]) => known.has(s));
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml(sub, task, outputs) });
    const inst = await t.engine.start('p', root0);
    const [open] = await t.openTasks(inst.id);
    expect(open).toBeDefined();
    await t.engine.tasks.complete(open!.id, actor('ana'), output);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual(expected(root0, sub, task, output, outputs));
  },
);
