/**
 * Leases, seen from one node on a virtual clock: a job with no result when its lease ends is
 * handed out again (same job id and attempt), the late first answer changes nothing, and
 * lease options are validated. The many-node behaviour runs on PostgreSQL in
 * packages/store-postgres/test/cluster*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, InvalidArgumentError, memoryStore, sequentialIds, type Clock, type CommitBatch, type JobContext, type Store } from '../../src/index';
import { fixture, testEngine } from '../support';

/** start → a 10-minute timer → end. */
const WAIT_BPMN = fixture('runtime/wait-10m.bpmn');

describe('Feature: job and timer leases', () => {
  it('Scenario: a job with no result when its lease ends is handed out again; the first late answer is ignored', async () => {
    // given a handler whose first call answers only when the second call comes
    const calls: Pick<JobContext, 'jobId' | 'attempt' | 'now'>[] = [];
    let releaseFirst: (v: Record<string, unknown>) => void = () => undefined;
    const t = testEngine({
      jobLease: 'PT2M',
      handlers: {
        'crm.lookup': (job) => {
          calls.push({ jobId: job.jobId, attempt: job.attempt, now: job.now });
          if (calls.length === 1) return new Promise((resolve) => (releaseFirst = resolve));
          releaseFirst({ answeredBy: 'first (late)' });
          return { answeredBy: 'second' };
        },
      },
    });
    await t.deploy('scenarios/service-single.bpmn');
    const inst = await t.engine.start('serviceSingle', {});
    expect(calls).toHaveLength(1);
    // when the lease runs out (the node that ran it might have died)
    await t.clock.advance('PT2M');
    await t.engine.idle();
    // then the job ran again with the same id and attempt, and the instance completed once
    expect(calls.map((c) => [c.jobId, c.attempt])).toEqual([[calls[0]!.jobId, 1], [calls[0]!.jobId, 1]]);
    expect(calls[1]!.now! - calls[0]!.now!).toBe(120_000);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail((e) => e.type.startsWith('job.') || e.type === 'process.completed')).toEqual(['job.created:lookup', 'job.completed:lookup', 'process.completed']);
    // and no lease timer is left behind
    expect(await t.store.nextDue()).toBeUndefined();
  });

  it('Scenario: a job that answers within its lease leaves no lease timer; one cancelled with its activity neither', async () => {
    // given
    const t = testEngine({ handlers: { 'crm.lookup': () => ({ ok: true }) } });
    await t.deploy('scenarios/service-single.bpmn');
    // when
    await t.engine.start('serviceSingle', {});
    await t.engine.idle();
    // then
    expect(await t.store.nextDue()).toBeUndefined();
    // given a handler that never answers, when the instance is cancelled
    let answer: (v: Record<string, unknown>) => void = () => undefined;
    t.engine.jobs.register('crm.lookup', () => new Promise((r) => (answer = r)));
    const inst = await t.engine.start('serviceSingle', {});
    expect(await t.store.nextDue()).toBe(t.clock.now() + 5 * 60_000);
    await t.engine.instances.cancel(inst.id);
    // then its lease timer went with it
    expect(await t.store.nextDue()).toBeUndefined();
    answer({ late: true });
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.status).toBe('terminated');
  });

  it.each([
    ['timerLease', 0],
    ['timerLease', 'P'],
    ['jobLease', -5],
  ] as const)('Scenario: %s = %j is refused with a clear error', (option, value) => {
    // when / then
    let err: unknown;
    try {
      testEngine({ [option]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe(option);
    expect((err as InvalidArgumentError).hint).toMatch(/ISO 8601/);
  });

  it('Scenario: a node whose timer lease runs out while it is still firing acquires again, and fires nothing outside a lease it holds', async () => {
    // given a hand-driven clock, a store that records the leases taken, and an engine with a 1-minute timer lease
    const t0 = Date.parse('2026-03-02T09:00:00+08:00');
    let now = t0;
    const wakes: { at: number; cb: () => void | Promise<void> }[] = [];
    const clock: Clock = { now: () => now, wakeAt: (at, cb) => (wakes.push({ at, cb }), () => undefined) };
    const inner = memoryStore();
    let leaseUntil = -Infinity;
    const firedOutsideLease: string[] = [];
    let release: () => void = () => undefined;
    let block = false;
    const store: Store = Object.assign(Object.create(inner) as Store, {
      acquireTimers: async (until: number, limit: number, lease: { owner: string; until: number }) => {
        leaseUntil = lease.until;
        return inner.acquireTimers!(until, limit, lease);
      },
      getInstance: async (id: string) => {
        if (block) {
          block = false;
          await new Promise<void>((r) => (release = r));
        }
        return inner.getInstance(id);
      },
      commit: async (b: CommitBatch) => {
        for (const e of b.history) if (e.type === 'timer.fired' && e.at >= leaseUntil) firedOutsideLease.push(`${e.instanceId} at +${(e.at - t0) / 60_000} min`);
        return inner.commit(b);
      },
    });
    const engine = createEngine({ store, clock, ids: sequentialIds('inst'), timerLease: 'PT1M', instanceCache: 0 });
    await engine.deploy({ bpmn: WAIT_BPMN });
    const ids = [(await engine.start('wait')).id, (await engine.start('wait')).id, (await engine.start('wait')).id];
    // when the timers fall due and the node acquires them (leased until +11 min), but reading the first instance takes until +12 min
    now = t0 + 10 * 60_000;
    block = true;
    const wake = wakes.filter((w) => w.at <= now).at(-1)!;
    const round = wake.cb();
    await new Promise((r) => setTimeout(r, 10));
    now = t0 + 12 * 60_000;
    release();
    await round;
    await engine.idle();
    // then nothing was fired under the expired lease: the node acquired again (until +13 min) and fired all three once
    expect(firedOutsideLease).toEqual([]);
    expect(leaseUntil).toBe(t0 + 13 * 60_000);
    for (const id of ids) {
      expect((await engine.instances.get(id))?.status).toBe('completed');
      expect((await engine.history(id)).filter((e) => e.type === 'timer.fired').map((e) => e.at - t0)).toEqual([12 * 60_000]);
    }
    await engine.close();
  });
});
