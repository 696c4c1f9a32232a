/**
 * Property: random process shapes — parallel branches of user tasks and embedded subprocesses,
 * each task (and some subprocesses) compensable with a handler of its own — completed in a
 * random interleaving, then compensated by one throw (an end event, or an intermediate throw
 * before it). Every compensable unit that completed — a task, or a subprocess with its own
 * handler (which then replaces its content's) — has its handler run exactly once, one at a
 * time, in reverse order of completion; the instance completes and keeps no compensation
 * record; every intermediate state round-trips through JSON. Driven through `apply`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, type InstanceState, type ProcessModel } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const worker = { id: 'ana', roles: ['w'] };

interface Task { kind: 'task'; comp: boolean }
interface Sub { kind: 'sub'; comp: boolean; tasks: { comp: boolean }[] }
type Item = Task | Sub;
interface Shape { branches: Item[][]; throwFirst: boolean }

const itemArb: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ kind: fc.constant('task' as const), comp: fc.boolean() }),
  fc.record({ kind: fc.constant('sub' as const), comp: fc.boolean(), tasks: fc.array(fc.record({ comp: fc.boolean() }), { minLength: 1, maxLength: 2 }) }),
);
const shapeArb: fc.Arbitrary<Shape> = fc.record({ branches: fc.array(fc.array(itemArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), throwFirst: fc.boolean() });

const userTask = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="w" /></bpmn:extensionElements></bpmn:userTask>`;
/** A compensation boundary on `id` and its handler `h_<id>` (a plain task), associated. */
const compensable = (id: string) =>
  `<bpmn:boundaryEvent id="cb_${id}" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent><bpmn:task id="h_${id}" isForCompensation="true" /><bpmn:association id="a_${id}" sourceRef="cb_${id}" targetRef="h_${id}" />`;

function bpmn(shape: Shape): string {
  let flows = 0;
  const flow = (s: string, t: string) => `<bpmn:sequenceFlow id="fl${++flows}" sourceRef="${s}" targetRef="${t}" />`;
  const parts: string[] = ['<bpmn:startEvent id="start" />', '<bpmn:parallelGateway id="fork" />', '<bpmn:parallelGateway id="join" />', flow('start', 'fork')];
  shape.branches.forEach((items, i) => {
    let prev = 'fork';
    items.forEach((item, j) => {
      const id = `b${i}_${j}`;
      if (item.kind === 'task') {
        parts.push(userTask(id), item.comp ? compensable(id) : '');
      } else {
        const inner: string[] = [`<bpmn:startEvent id="${id}_s" />`, `<bpmn:endEvent id="${id}_e" />`];
        let p = `${id}_s`;
        item.tasks.forEach((t, k) => {
          const tid = `${id}_${k}`;
          inner.push(userTask(tid), t.comp ? compensable(tid) : '', flow(p, tid));
          p = tid;
        });
        inner.push(flow(p, `${id}_e`));
        parts.push(`<bpmn:subProcess id="${id}">${inner.join('')}</bpmn:subProcess>`, item.comp ? compensable(id) : '');
      }
      parts.push(flow(prev, id));
      prev = id;
    });
    parts.push(flow(prev, 'join'));
  });
  if (shape.throwFirst) parts.push('<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>', '<bpmn:endEvent id="end" />', flow('join', 'undo'), flow('undo', 'end'));
  else parts.push('<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>', flow('join', 'end'));
  return `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true">${parts.join('')}</bpmn:process></bpmn:definitions>`;
}

/** The compensable units in reverse order of completion, from the order the user tasks completed. */
function expectedHandlers(shape: Shape, completed: readonly string[]): string[] {
  const units: string[] = [];
  const subDone = new Map<string, number>(); // subprocess id → tasks left
  shape.branches.forEach((items, i) => items.forEach((it, j) => it.kind === 'sub' && subDone.set(`b${i}_${j}`, it.tasks.length)));
  const itemOf = (id: string): Item => {
    const [b, j] = id.slice(1).split('_').map(Number);
    return shape.branches[b!]![j!]!;
  };
  for (const id of completed) {
    const parts = id.split('_');
    if (parts.length === 2) {
      if ((itemOf(id) as Task).comp) units.push(id);
      continue;
    }
    const subId = `${parts[0]}_${parts[1]}`;
    const sub = itemOf(subId) as Sub;
    if (!sub.comp && sub.tasks[Number(parts[2])]!.comp) units.push(id);
    const left = subDone.get(subId)! - 1;
    subDone.set(subId, left);
    if (left === 0 && sub.comp) units.push(subId);
  }
  return units.reverse().map((u) => `h_${u}`);
}

describe('Property: compensation handlers run once each, in reverse order of completion', () => {
  it('holds for random shapes and completion orders', async () => {
    const models = new Map<string, ProcessModel>();
    const modelOf = async (xml: string) => {
      let m = models.get(xml);
      if (!m) {
        const t = testEngine();
        await t.engine.deploy({ bpmn: xml, name: 'p' });
        models.set(xml, (m = await t.engine.processes.model('p')));
      }
      return m;
    };
    await fc.assert(
      fc.asyncProperty(shapeArb, fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), async (shape, picks) => {
        const m = await modelOf(bpmn(shape));
        const s0: InstanceState = { v: 1, id: 'i', processId: 'p', processVersion: m.version, status: 'active', variables: {}, rev: 0, seq: 0, startedAt: T0, ex: [], timers: [], subs: [], incidents: [] };
        let r = apply(m, s0, { type: 'start', startNode: m.noneStart! }, T0);
        const handlers: string[] = [];
        const collect = () => {
          for (const e of r.effects) if (e.type === 'history') for (const rec of e.records) if (rec.type === 'activity.entered' && rec.elementId.startsWith('h_')) handlers.push(rec.elementId);
        };
        collect();
        const completed: string[] = [];
        for (let i = 0; ; i++) {
          const open = r.state.ex.filter((e) => e.task);
          if (!open.length) break;
          const e = open[picks[i % picks.length]! % open.length]!;
          completed.push(m.nodes[e.n]!.id);
          r = apply(m, r.state, { type: 'task.complete', task: e.task!.id, taskId: `i/${e.task!.id}`, actor: worker, output: {} }, T0);
          expect(JSON.parse(JSON.stringify(r.state))).toEqual(r.state);
          collect();
        }
        expect(r.state.status).toBe('completed');
        expect(r.state.comp).toBeUndefined();
        expect(handlers).toEqual(expectedHandlers(shape, completed));
      }),
      fcParams('compensation', 'packages/engine/test/compensation/compensation.property.test.ts', 60),
    );
  });
});
