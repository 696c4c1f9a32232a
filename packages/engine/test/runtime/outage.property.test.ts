/**
 * Property: whatever the outages — when they begin and end, whether the store refuses
 * everything or writes commits and loses their answers — once the store is back, every
 * instance's timer fires exactly once, its job completes exactly once, it completes, and
 * nothing is left waiting; background failures are reported as typed errors only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, type HistoryRecord } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';
import { flakyStore } from './flakyStore';

/** start → a timer of `=waitFor` → service task `work` → end. */
const TIMER_JOB_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_tj" targetNamespace="https://handoff.dev/test">
  <bpmn:process id="timerJob" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pause" />
    <bpmn:intermediateCatchEvent id="pause">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=waitFor</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pause" targetRef="work" />
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="work" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const outage = fc.record({
  /** Seconds after the previous outage ended (or after the starts). */
  after: fc.integer({ min: 0, max: 120 }),
  /** How long it lasts, seconds. */
  lasts: fc.integer({ min: 1, max: 90 }),
  /** `down`: every call refused; `lose`: commits written, their answers lost. */
  mode: fc.constantFrom('down', 'lose'),
});

describe('Feature: recovery from store outages (property)', () => {
  it('Property: after any outages, every timer fires once and every job completes once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 240 }), { minLength: 1, maxLength: 5 }), fc.array(outage, { minLength: 1, maxLength: 4 }), async (waits, outages) => {
        // given instances waiting on timers of 1–240 s, each followed by a job
        const { store, state } = flakyStore();
        let handled = 0;
        const t = testEngine({ store, handlers: { work: () => ({ done: ++handled }) } });
        const reported: unknown[] = [];
        t.engine.on('engine.error', (e) => reported.push(e.error));
        await t.engine.deploy({ bpmn: TIMER_JOB_BPMN });
        const ids: string[] = [];
        for (const w of waits) ids.push((await t.engine.start('timerJob', { waitFor: `PT${w}S` })).id);
        // when the outages come and go
        for (const o of outages) {
          await t.clock.advance(o.after * 1000);
          if (o.mode === 'down') state.down = true;
          else state.landThenLose = true;
          await t.clock.advance(o.lasts * 1000);
          state.down = false;
          state.landThenLose = false;
        }
        // and the store stays up long enough for the backoff and the job lease to come round
        await t.clock.advance('PT10M');
        await t.engine.idle();
        await t.clock.advance('PT10M');
        await t.engine.idle();
        // then every instance completed, with one timer firing and one job completion
        for (const id of ids) {
          const history: HistoryRecord[] = await t.store.history(id);
          const count = (type: HistoryRecord['type']) => history.filter((r) => r.type === type).length;
          expect((await t.engine.instances.get(id))?.status, id).toBe('completed');
          expect(count('timer.fired'), `${id} timer.fired`).toBe(1);
          expect(count('job.completed'), `${id} job.completed`).toBe(1);
        }
        expect(await t.store.nextDue()).toBeUndefined();
        expect(reported.filter((e) => !(e instanceof StoreUnavailableError))).toEqual([]);
        await t.engine.close();
      }),
      fcParams('outage', 'packages/engine/test/runtime/outage.property.test.ts', 40),
    );
  }, 60_000);
});
