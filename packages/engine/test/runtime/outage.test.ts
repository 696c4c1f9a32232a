/**
 * A store outage seen from one node on a virtual clock (the real database faults run on
 * PostgreSQL and PGlite in packages/store-postgres/test/{outage,proxy}.postgres.test.ts and
 * fullDisk.pglite.test.ts): background work — timer rounds, job outcomes — reports each
 * failure on `engine.error` and tries again with a bounded backoff, so timers due during the
 * outage fire once after it and a handler's answer is applied once the store is back; a
 * command gets the typed error; a commit whose outcome is unknown is never reported as
 * success, and the timers it may have put still fire.
 */
import { describe, expect, it } from 'vitest';
import { CommitUnknownError, StoreUnavailableError } from '../../src/index';
import { OUTAGE_BACKOFF, outageDelay } from '../../src/runtime/work';
import { fixture, testEngine } from '../support';
import { flakyStore } from './flakyStore';

/** start → a 10-minute timer → end. */
const WAIT_BPMN = fixture('runtime/wait-10m.bpmn');

describe('Feature: the engine rides out a store outage', () => {
  it('Scenario: timers due during an outage are retried with a bounded backoff and fire once after it; each failed round is reported', async () => {
    // given three instances waiting on a 10-minute timer
    const { store, state } = flakyStore();
    const t = testEngine({ store });
    const errors: { error: unknown; context: string }[] = [];
    t.engine.on('engine.error', (e) => errors.push(e));
    await t.engine.deploy({ bpmn: WAIT_BPMN });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await t.engine.start('wait', {})).id);
    // when the store goes down before the timers are due, and stays down for a minute
    state.down = true;
    await t.clock.advance('PT10M');
    await t.clock.advance('PT1M');
    // then each failed round was reported as a typed error, and the backoff stayed bounded
    expect(errors.length).toBeGreaterThan(3);
    expect(errors.every((e) => e.error instanceof StoreUnavailableError && /^(firing due timers|reading the next due timer)/.test(e.context))).toBe(true);
    // 60 s at a backoff capped at 5 s: about a dozen rounds (100, 200, … 5000, 5000, …), not thousands
    expect(errors.length).toBeLessThan(25);
    expect(outageDelay(1)).toBe(OUTAGE_BACKOFF.first);
    expect(outageDelay(50)).toBe(OUTAGE_BACKOFF.max);
    // when the store is back
    state.down = false;
    await t.clock.advance(OUTAGE_BACKOFF.max);
    await t.engine.idle();
    // then every timer fired once and every instance completed
    for (const id of ids) expect((await t.engine.instances.get(id))?.status).toBe('completed');
    expect(t.events.filter((e) => e.type === 'timer.fired')).toHaveLength(3);
    expect(await t.store.nextDue()).toBeUndefined();
  });

  it('Scenario: a job handler answers during an outage; its answer is applied once the store is back, and the handler ran once', async () => {
    // given a service task whose handler answers while the store is down
    const { store, state } = flakyStore();
    let calls = 0;
    const t = testEngine({
      store,
      handlers: {
        'crm.lookup': () => {
          calls++;
          state.down = true;
          return { found: true };
        },
      },
    });
    const errors: { error: unknown; context: string }[] = [];
    t.engine.on('engine.error', (e) => errors.push(e));
    await t.deploy('scenarios/service-single.bpmn');
    const inst = await t.engine.start('serviceSingle', {});
    // when the outage lasts a second (the answer is tried again at 100, 200, 400 ms…)
    for (let i = 0; i < 50 && errors.length < 2; i++) await new Promise((r) => setTimeout(r, 0)).then(() => t.clock.advance(100));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((e) => e.error instanceof StoreUnavailableError && e.context.startsWith('job '))).toBe(true);
    state.down = false;
    await t.clock.advance(OUTAGE_BACKOFF.max);
    await t.engine.idle();
    // then the answer was applied once and the instance completed
    expect(calls).toBe(1);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(1);
  });

  it('Scenario: a command during an outage gets STORE_UNAVAILABLE and changes nothing; the engine serves the next one', async () => {
    // given
    const { store, state } = flakyStore();
    const t = testEngine({ store });
    await t.engine.deploy({ bpmn: WAIT_BPMN });
    // when the store is down
    state.down = true;
    const refused = await t.engine.start('wait', {}).catch((e: unknown) => e);
    // then
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
    expect((refused as StoreUnavailableError).hint).toMatch(/send the command again/);
    state.down = false;
    expect(await t.engine.instances.list()).toEqual([]);
    expect((await t.engine.start('wait', {})).status).toBe('active');
  });

  it('Scenario: a commit whose answer is lost is reported as COMMIT_UNKNOWN, never success; when it had landed, its timer still fires once', async () => {
    // given
    const { store, state } = flakyStore();
    const t = testEngine({ store });
    await t.engine.deploy({ bpmn: WAIT_BPMN });
    // when the start's commit lands but its answer is lost
    state.landThenLose = true;
    const refused = await t.engine.start('wait', {}, { businessKey: 'lost-answer' }).catch((e: unknown) => e);
    state.landThenLose = false;
    // then the caller is told the outcome is unknown
    expect(refused).toBeInstanceOf(CommitUnknownError);
    expect((refused as CommitUnknownError).code).toBe('COMMIT_UNKNOWN');
    // and the instance is wholly there (it had landed), and its timer fires once when due
    const [inst] = await t.engine.instances.list({ businessKey: 'lost-answer' });
    expect(inst?.status).toBe('active');
    await t.engine.idle();
    await t.clock.advance('PT10M');
    await t.engine.idle();
    expect((await t.engine.instances.get(inst!.id))?.status).toBe('completed');
    expect(t.events.filter((e) => e.type === 'timer.fired')).toHaveLength(1);
  });
});
