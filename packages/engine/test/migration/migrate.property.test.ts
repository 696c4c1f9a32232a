/**
 * Property: migration keeps what it must. A random process (parallel branches of user tasks
 * — some with a non-interrupting SLA boundary timer —, timer catches and message catches)
 * runs to a random point (tasks claimed and completed, time passing, messages arriving); a
 * random second version renames elements (the plan maps them), inserts steps, adds and
 * removes boundary timers, removes elements and changes kinds. Then `migrate`:
 * - either succeeds, and every token is on an element of the same kind, every open task is
 *   there with its id, assignee and state, every kept timer keeps its id and due time, every
 *   SLA clock its id, start and elapsed time, nothing is duplicated (one timer per element
 *   and owner), and exactly the boundary timers the target added are new;
 * - or is refused with a MigrationError — exactly when a token sits on a removed element or
 *   on one whose kind changed, waits at the join by a flow the target no longer has, or an
 *   SLA clock's policy is gone — and then nothing changed at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MigrationError, migrationKind, type InstanceState, type ProcessModel } from '../../src/index';
import { fcParams } from '../fc';
import { actor, testEngine } from '../support';

type StepKind = 'user' | 'userSla' | 'timer' | 'message';
/** One element of a branch in version 1, and what version 2 does with it. */
interface Elem {
  kind: StepKind;
  minutes: number;
  edit: 'keep' | 'rename' | 'remove' | 'retype' | 'insertAfter' | 'toggleTimer';
}

const elem: fc.Arbitrary<Elem> = fc.record({
  kind: fc.constantFrom<StepKind>('user', 'userSla', 'timer', 'message'),
  minutes: fc.integer({ min: 5, max: 180 }),
  edit: fc.constantFrom<Elem['edit']>('keep', 'keep', 'rename', 'remove', 'retype', 'insertAfter', 'toggleTimer'),
});
const branches = fc.array(fc.array(elem, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
const action = fc.oneof(
  fc.record({ type: fc.constant('complete' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('claim' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ type: fc.constant('message' as const), pick: fc.nat() }),
);

const id = (b: number, i: number) => `e${b}_${i}`;

/** The XML of one version: `v2` applies the edits. Returns the mapping the plan needs (renames). */
function build(spec: Elem[][], v2: boolean): { xml: string; mapping: Record<string, string> } {
  const mapping: Record<string, string> = {};
  const parts: string[] = [];
  const flows: string[] = [];
  let fl = 0;
  const flow = (a: string, b: string) => flows.push(`<bpmn:sequenceFlow id="g${fl++}_${a}_${b}" sourceRef="${a}" targetRef="${b}" />`);
  const el = (eid: string, kind: StepKind, minutes: number, timer: boolean) => {
    if (kind === 'timer') parts.push(`<bpmn:intermediateCatchEvent id="${eid}"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${minutes}M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
    else if (kind === 'message') parts.push(`<bpmn:intermediateCatchEvent id="${eid}"><bpmn:messageEventDefinition messageRef="m_${eid.replace(/_v2$/, '')}" /></bpmn:intermediateCatchEvent>`);
    else {
      parts.push(`<bpmn:userTask id="${eid}" />`);
      if (timer) {
        parts.push(`<bpmn:boundaryEvent id="${eid}_late" attachedToRef="${eid}" cancelActivity="false"${kind === 'userSla' ? ` handoff:sla="sla_${eid.replace(/_v2$/, '')}"` : ''}><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${minutes}M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`);
        parts.push(`<bpmn:endEvent id="${eid}_lateEnd" />`);
        flow(`${eid}_late`, `${eid}_lateEnd`);
      }
    }
  };
  const messages = new Set<string>();
  spec.forEach((branch, b) => {
    let prev = 'split';
    branch.forEach((x, i) => {
      messages.add(`m_${id(b, i)}`);
      if (v2 && x.edit === 'remove') return;
      let eid = id(b, i);
      let kind = x.kind;
      if (v2 && x.edit === 'rename') mapping[eid] = eid = `${eid}_v2`;
      if (v2 && x.edit === 'retype') kind = kind === 'timer' ? 'user' : 'timer';
      const timer = kind === 'userSla' || (kind === 'user' && x.minutes % 2 === 0);
      // an SLA task keeps its boundary (and its policy id, sla_<v1 id>, when renamed); a plain task's may come or go
      const withTimer = v2 && x.edit === 'toggleTimer' && kind === 'user' ? !timer : timer;
      if (v2 && x.edit === 'rename' && timer) mapping[`${id(b, i)}_late`] = `${eid}_late`;
      el(eid, kind, x.minutes, withTimer);
      flow(prev, eid);
      prev = eid;
      if (v2 && x.edit === 'insertAfter') {
        el(`${eid}_added`, 'user', 30, false);
        flow(prev, `${eid}_added`);
        prev = `${eid}_added`;
      }
    });
    flow(prev, 'join');
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:handoff="http://handoff.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  ${[...messages].map((m) => `<bpmn:message id="${m}" name="${m}" />`).join('\n  ')}
  <bpmn:process id="gen" name="${v2 ? 'version 2' : 'version 1'}" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:parallelGateway id="split" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="fs" sourceRef="start" targetRef="split" /><bpmn:sequenceFlow id="fe" sourceRef="join" targetRef="end" />
    ${parts.join('\n    ')}
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
  return { xml, mapping };
}

const worker = actor('w', 'gen');

describe('Property: migration keeps tokens on elements of their kind, and loses or duplicates no task, timer or clock', () => {
  it('holds for random processes, random progress and random second versions', async () => {
    await fc.assert(
      fc.asyncProperty(branches, fc.array(action, { maxLength: 8 }), async (spec, actions) => {
        const t = testEngine({ start: '2026-03-02T09:00:00Z' });
        const { engine, store } = t;
        const v1 = build(spec, false);
        await engine.deploy({ bpmn: v1.xml, roles: {} });
        const inst = await engine.start('gen', {}, { businessKey: 'k' });
        for (const a of actions) {
          const open = await t.openTasks(inst.id);
          if (a.type === 'advance') await t.clock.advance(a.minutes * 60_000);
          else if (a.type === 'message') await engine.messages.correlate(`m_${id(a.pick % spec.length, 0)}`, { businessKey: 'k' }, {});
          else if (open.length) {
            const task = open[a.pick % open.length]!;
            if (a.type === 'complete') await engine.tasks.complete(task.id, { ...worker, roles: [task.role ?? 'gen'] });
            else if (task.state === 'open') await engine.tasks.claim(task.id, { ...worker, roles: [task.role ?? 'gen'] });
          }
        }
        const before = (await store.getInstance(inst.id))!;
        if (before.status !== 'active') return;
        const snapshot = JSON.stringify({ state: before, tasks: await engine.tasks.query({ instanceId: inst.id }), history: await engine.history(inst.id) });
        const source = await engine.processes.model('gen');
        const v2 = build(spec, true);
        await engine.deploy({ bpmn: v2.xml, roles: {} });
        const target = await engine.processes.model('gen');
        const clocksBefore = await engine.sla.clocks(inst.id);
        // the reference: which tokens cannot move (removed or retyped element)
        const blocked = before.ex.filter((e) => {
          const sid = source.nodes[e.n]!.id;
          const tid = v2.mapping[sid] ?? sid;
          const tn = target.byId.get(tid);
          if (tn === undefined || migrationKind(target.nodes[tn]!) !== migrationKind(source.nodes[e.n]!)) return true;
          // a token waiting at the join counts the flow it arrived by: that flow must still lead there
          return e.w === 'join' && !target.flows.some((f) => f.id === source.flows[e.f!]!.id && f.target === tn);
        });
        const clockBlocked = (before.sla ?? []).some((c) => !target.slas?.some((p) => p.id === c.p));
        const outcome = await engine.instances.migrate([inst.id], { toVersion: 2, mapping: v2.mapping }).catch((e: unknown) => e);
        if (blocked.length || clockBlocked) {
          if (!(outcome instanceof MigrationError)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
          expect(outcome).toBeInstanceOf(MigrationError);
          const problems = (outcome as MigrationError).problems;
          for (const e of blocked) expect(problems.some((p) => p.elementId === source.nodes[e.n]!.id)).toBe(true);
          expect(problems.every((p) => p.instanceId === inst.id && p.hint.length > 0)).toBe(true);
          expect(JSON.stringify({ state: await store.getInstance(inst.id), tasks: await engine.tasks.query({ instanceId: inst.id }), history: await engine.history(inst.id) })).toBe(snapshot);
          return;
        }
        if (outcome instanceof Error) throw outcome;
        expect(outcome).toEqual({ migrated: [inst.id] });
        const after = JSON.parse(JSON.stringify((await store.getInstance(inst.id))!)) as InstanceState;
        checkKept(before, after, source, target, v2.mapping);
        // tasks: the same ids, assignees and states, now on the mapped elements
        const tasksAfter = await engine.tasks.query({ instanceId: inst.id, state: ['open', 'claimed', 'waiting'] });
        expect(tasksAfter.map((x) => [x.id, x.assignee, x.state]).sort()).toEqual(before.ex.filter((e) => e.task).map((e) => [`${inst.id}/${e.task!.id}`, e.task!.a, e.task!.st]).sort());
        // SLA clocks: the same clocks, with their start and elapsed time
        const clocksAfter = await engine.sla.clocks(inst.id);
        expect(clocksAfter.map((c) => [c.clockId, c.startedAt, c.elapsed])).toEqual(clocksBefore.map((c) => [c.clockId, c.startedAt, c.elapsed]));
        // and every stored timer record belongs to a timer of the state, once
        const due = await store.dueTimers(Number.MAX_SAFE_INTEGER, 1000);
        const instanceTimers = due.filter((r) => r.kind === 'instance' && r.instanceId === inst.id).map((r) => r.localId).sort();
        expect(instanceTimers).toEqual(after.timers.map((x) => x.id).sort());
      }),
      fcParams('migration', 'packages/engine/test/migration/migrate.property.test.ts', 60),
    );
  }, 300_000);
});

/** Tokens keep their kind; kept timers their ids and due times; no wait is duplicated; new boundary timers only where the target added one. */
function checkKept(before: InstanceState, after: InstanceState, source: ProcessModel, target: ProcessModel, mapping: Record<string, string>): void {
  expect(after.processVersion).toBe(2);
  expect(after.ex.map((e) => e.id)).toEqual(before.ex.map((e) => e.id));
  for (const e of before.ex) {
    const moved = after.ex.find((x) => x.id === e.id)!;
    expect(migrationKind(target.nodes[moved.n]!)).toBe(migrationKind(source.nodes[e.n]!));
    const sid = source.nodes[e.n]!.id;
    expect(target.nodes[moved.n]!.id).toBe(mapping[sid] ?? sid);
  }
  const key = (m: ProcessModel, x: { ex: number; n: number; s?: number }) => (x.s !== undefined ? `sla:${x.s}` : `${x.ex}:${m.nodes[x.n]!.id}`);
  const keysAfter = after.timers.map((x) => key(target, x));
  expect(new Set(keysAfter).size).toBe(keysAfter.length);
  for (const x of before.timers) {
    if (x.s !== undefined) continue;
    const sid = source.nodes[x.n]!.id;
    const tid = mapping[sid] ?? sid;
    const kept = after.timers.find((y) => y.id === x.id);
    if (target.byId.has(tid) && (x.ex === 0 || target.nodes[after.ex.find((e) => e.id === x.ex)!.n]!.boundaries.includes(target.byId.get(tid)!) || after.ex.some((e) => e.id === x.ex && e.n === target.byId.get(tid)))) {
      expect(kept).toMatchObject({ due: x.due, n: target.byId.get(tid) });
    } else expect(kept).toBeUndefined();
  }
  for (const y of after.timers) {
    if (y.s !== undefined || before.timers.some((x) => x.id === y.id)) continue;
    // a new timer: a boundary timer of the target on a host that had none under that element before
    const node = target.nodes[y.n]!;
    expect(node.kind).toBe('boundaryEvent');
    const host = after.ex.find((e) => e.id === y.ex)!;
    expect(node.attachedTo).toBe(host.n);
  }
  const clocks = (s: InstanceState) => (s.sla ?? []).map((c) => c.id).sort();
  expect(clocks(after)).toEqual(clocks(before));
}
