/**
 * Property: random sets of instances waiting on random signal names — an intermediate catch,
 * a user task with an interrupting signal boundary event, a user task with a non-interrupting
 * one — with random broadcasts interleaved with new instances and task completions. Every
 * broadcast reaches exactly the subscriptions open at that moment, once each: a
 * non-interrupting boundary fires once per broadcast of its signal while its task is open,
 * an intermediate catch or interrupting boundary fires once in total (the first broadcast
 * after it opened) and is then gone; every process with a signal start event of that name
 * starts once per broadcast; at the end no subscription is left waiting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, sequentialIds, virtualClock } from '../../src/index';
import { fcParams } from '../fc';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const SIGNALS = ['red', 'green', 'blue'] as const;
/** Signals that also start a process (blue starts none). */
const STARTING: readonly Signal[] = ['red', 'green'];
const KINDS = ['catch', 'interrupting', 'nonInterrupting'] as const;
type Signal = (typeof SIGNALS)[number];
type Kind = (typeof KINDS)[number];
const worker = { id: 'ana', roles: [] };

/** One process per (kind, signal) and one signal-start process per starting signal (element ids are unique in the file: prefixed with the process id). */
function bpmn(): string {
  const signals = SIGNALS.map((s) => `<bpmn:signal id="Sig_${s}" name="${s}" />`).join('');
  const waiters = KINDS.flatMap((kind) =>
    SIGNALS.map((s) => {
      const p = `${kind}_${s}`;
      const def = `<bpmn:signalEventDefinition id="${p}_def" signalRef="Sig_${s}" />`;
      const body =
        kind === 'catch'
          ? `<bpmn:intermediateCatchEvent id="${p}_wait">${def}</bpmn:intermediateCatchEvent>`
          : `<bpmn:userTask id="${p}_wait" name="Work" /><bpmn:boundaryEvent id="${p}_sig" attachedToRef="${p}_wait" cancelActivity="${kind === 'interrupting'}">${def}</bpmn:boundaryEvent>
             <bpmn:endEvent id="${p}_signalled" /><bpmn:sequenceFlow id="${p}_fs" sourceRef="${p}_sig" targetRef="${p}_signalled" />`;
      return `<bpmn:process id="${p}" isExecutable="true"><bpmn:startEvent id="${p}_start" /><bpmn:sequenceFlow id="${p}_f1" sourceRef="${p}_start" targetRef="${p}_wait" />${body}
        <bpmn:sequenceFlow id="${p}_f2" sourceRef="${p}_wait" targetRef="${p}_end" /><bpmn:endEvent id="${p}_end" /></bpmn:process>`;
    }),
  );
  const starts = STARTING.map((s) => `<bpmn:process id="start_${s}" isExecutable="true"><bpmn:startEvent id="start_${s}_on"><bpmn:signalEventDefinition id="start_${s}_def" signalRef="Sig_${s}" /></bpmn:startEvent><bpmn:sequenceFlow id="start_${s}_f" sourceRef="start_${s}_on" targetRef="start_${s}_done" /><bpmn:endEvent id="start_${s}_done" /></bpmn:process>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">${signals}${waiters.join('\n')}${starts.join('\n')}</bpmn:definitions>`;
}

type Op = { op: 'start'; kind: Kind; signal: Signal } | { op: 'broadcast'; signal: Signal } | { op: 'complete'; pick: number };
const signal = fc.constantFrom(...SIGNALS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('start' as const), kind: fc.constantFrom(...KINDS), signal }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('broadcast' as const), signal }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('complete' as const), pick: fc.nat() }) },
);

/** The model's view of one waiting instance. */
interface Waiter {
  id: string;
  kind: Kind;
  signal: Signal;
  /** Its subscription is open (not yet fired if it fires once; its task still open if not). */
  open: boolean;
  /** Broadcasts it must have received. */
  expected: number;
}

describe('Property: each signal subscription fires exactly once per broadcast it was open for', () => {
  it('holds for random waiters, broadcasts and completions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        // given
        const clock = virtualClock(T0);
        const store = memoryStore();
        const engine = createEngine({ clock, store, ids: sequentialIds() });
        await engine.deploy({ bpmn: bpmn() });
        const received = new Map<string, number>();
        engine.on('signal.received', (e) => received.set(e.instanceId, (received.get(e.instanceId) ?? 0) + 1));
        const waiters: Waiter[] = [];
        const startedBy = new Map<Signal, number>();
        const broadcast = async (s: Signal) => {
          const reached = waiters.filter((w) => w.open && w.signal === s);
          const result = await engine.signals.broadcast(s, { n: 1 });
          await engine.idle();
          // then it reached exactly the open subscriptions, once each, and started the signal-start process once
          expect(result.received.map((r) => r.instanceId).sort()).toEqual(reached.map((w) => w.id).sort());
          expect(result.started).toHaveLength(STARTING.includes(s) ? 1 : 0);
          startedBy.set(s, (startedBy.get(s) ?? 0) + 1);
          for (const w of reached) {
            w.expected++;
            if (w.kind !== 'nonInterrupting') w.open = false;
          }
        };
        // when
        for (const o of ops) {
          if (o.op === 'start') {
            const inst = await engine.start(`${o.kind}_${o.signal}`);
            waiters.push({ id: inst.id, kind: o.kind, signal: o.signal, open: true, expected: 0 });
          } else if (o.op === 'broadcast') {
            await broadcast(o.signal);
          } else {
            const withTask = waiters.filter((w) => w.open && w.kind !== 'catch');
            const w = withTask[o.pick % Math.max(1, withTask.length)];
            if (!w) continue;
            const [task] = await engine.tasks.query({ instanceId: w.id, state: 'open' });
            expect(task, `${w.id}'s task`).toBeDefined();
            await engine.tasks.complete(task!.id, worker, {});
            await engine.idle();
            w.open = false;
          }
          // then (after every step): every instance received what the model says, and the open ones wait
          for (const w of waiters) {
            expect(received.get(w.id) ?? 0, `${w.kind} ${w.signal} ${w.id}`).toBe(w.expected);
            const info = await engine.instances.get(w.id);
            expect(info?.status, `${w.kind} ${w.id}`).toBe(w.open ? 'active' : 'completed');
          }
        }
        // and finally: one broadcast of every signal, every task completed → nothing left waiting
        for (const s of SIGNALS) await broadcast(s);
        for (const w of waiters.filter((x) => x.open)) {
          const [task] = await engine.tasks.query({ instanceId: w.id, state: 'open' });
          await engine.tasks.complete(task!.id, worker, {});
          w.open = false;
        }
        await engine.idle();
        for (const s of SIGNALS) expect(await store.findSubscriptions(s, 'signal', '')).toEqual([]);
        for (const w of waiters) expect(received.get(w.id) ?? 0).toBe(w.expected);
        for (const w of waiters) if (w.kind !== 'nonInterrupting') expect(w.expected).toBeLessThanOrEqual(1);
        for (const s of STARTING) {
          const started = await engine.instances.list({ processId: `start_${s}` });
          expect(started).toHaveLength(startedBy.get(s) ?? 0);
          expect(started.every((i) => i.status === 'completed')).toBe(true);
        }
        expect((await engine.instances.list({ status: 'active' })).map((i) => i.id)).toEqual([]);
        await engine.close();
      }),
      fcParams('signal property', 'packages/engine/test/properties/signals.property.test.ts', 40) as never,
    );
  });
});
