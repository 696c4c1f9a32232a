/**
 * Property: for random arrivals, completions, departures, clock moves and capacity changes,
 * a pool never grants a unit while it is full, grants in FIFO order, and never leaves a
 * unit idle while a ticket waits (once the engine is idle).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../src/index';
import { fcParams } from './fc';
import { actor, fixture, testEngine } from './support';

type Op =
  | { kind: 'arrive' }
  | { kind: 'complete'; pick: number }
  | { kind: 'leave'; pick: number }
  | { kind: 'advance'; minutes: number }
  | { kind: 'capacity'; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'arrive' } as Op), weight: 4 },
  { arbitrary: fc.nat(20).map((pick) => ({ kind: 'complete', pick }) as Op), weight: 3 },
  { arbitrary: fc.nat(20).map((pick) => ({ kind: 'leave', pick }) as Op), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 15 }).map((minutes) => ({ kind: 'advance', minutes }) as Op), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 4 }).map((n) => ({ kind: 'capacity', n }) as Op), weight: 1 },
);

describe('Property: resource pools', () => {
  it('never grant while full, grant in FIFO order, and leave no unit idle while a ticket waits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.array(op, { minLength: 1, maxLength: 40 }), async (initial, ops) => {
        const t = testEngine({ resources: { counter: { capacity: initial } } });
        await t.engine.deploy({ bpmn: fixture('resources/counter-queue.bpmn') });
        let capacity = initial;
        // the pool as the events tell it
        const busy = new Set<string>();
        const waiting: string[] = [];
        const violations: string[] = [];
        t.engine.on('event', (e: EngineEvent) => {
          if (!('task' in e) || e.task.role !== 'counter') return;
          const id = e.task.id;
          if (e.type === 'task.created') waiting.push(id);
          else if (e.type === 'task.granted') {
            if (busy.size >= capacity) violations.push(`granted ${id} with ${busy.size} busy of ${capacity}`);
            if (waiting[0] !== id) violations.push(`granted ${id} before ${waiting[0]}`);
            waiting.splice(waiting.indexOf(id), 1);
            busy.add(id);
          } else if (e.type === 'task.completed' || e.type === 'task.cancelled') {
            busy.delete(id);
            const w = waiting.indexOf(id);
            if (w >= 0) waiting.splice(w, 1);
          }
        });
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'arrive') {
            const key = `c${++n}`;
            const inst = await t.engine.start('counterQueue', {}, { businessKey: key });
            await t.completeTask(inst.id, 'welcome', actor('gina', 'greeter'));
          } else if (o.kind === 'complete' && busy.size) {
            const id = [...busy][o.pick % busy.size]!;
            await t.engine.tasks.complete(id, actor('clerk', 'counter'));
          } else if (o.kind === 'leave' && waiting.length) {
            const task = await t.engine.tasks.get(waiting[o.pick % waiting.length]!);
            await t.engine.messages.correlate('leave', { businessKey: task!.businessKey! });
          } else if (o.kind === 'advance') await t.clock.advance(o.minutes * 60_000);
          else if (o.kind === 'capacity') {
            capacity = o.n;
            await t.engine.resources.setCapacity('counter', o.n);
          }
          await t.engine.idle();
          expect(violations).toEqual([]);
          // work-conserving: at rest, a ticket waits only while every unit is busy
          const status = await t.engine.resources.status('counter');
          expect(status.busy.length < capacity && status.waiting.length > 0).toBe(false);
          expect(status.waiting).toEqual(waiting);
          expect(new Set(status.busy)).toEqual(busy);
        }
      }),
      fcParams('resources', 'packages/engine/test/resources.property.test.ts', 40),
    );
  }, 60_000);
});
