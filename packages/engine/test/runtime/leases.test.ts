/**
 * Leases, seen from one node on a virtual clock: a job with no result when its lease ends is
 * handed out again (same job id and attempt), the late first answer changes nothing, and
 * lease options are validated. The many-node behaviour runs on PostgreSQL in
 * packages/store-postgres/test/cluster*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type JobContext } from '../../src/index';
import { testEngine } from '../support';

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
});
