/**
 * Feature: a canceling task listener in flight on a terminated instance survives a restart on
 * a file-backed PGlite store (decision 0032). The instance is cancelled, its cancelled task's
 * canceling listener job is handed out and the node dies before it answers; a new engine on the
 * same data directory hands the same job out again when its lease ends — on the terminated
 * instance — and the detached execution then ends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, sequentialIds, virtualClock, type JobContext } from '@handoff/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'handoff-pglite-canceling-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BPMN = readFileSync(join(import.meta.dirname, '../../engine/test/fixtures/listeners/c8-task-update-cancel.bpmn'), 'utf8');

describe('Feature: canceling listener jobs on a PGlite data directory', () => {
  it('Scenario: the node dies while a canceling listener runs on a terminated instance; after the restart the listener is handed out again and the execution ends', async () => {
    // given an engine whose release-hold handler never answers (its node is about to die)
    const store1 = postgresStore({ dataDir: dir });
    const clock1 = virtualClock('2026-03-02T09:00:00+08:00');
    const engine1 = createEngine({ store: store1, clock: clock1, ids: sequentialIds('case') });
    const first: JobContext[] = [];
    let reached!: () => void;
    const inFlight = new Promise<void>((r) => (reached = r));
    engine1.jobs.register('release-hold', (job) => {
      first.push(job);
      reached();
      return new Promise(() => undefined); // never answers
    });
    await engine1.deploy({ bpmn: BPMN, name: 'c8-task-update-cancel.bpmn' });
    const inst = await engine1.start('c8TaskUpdateCancel', { claim: 3 });
    await engine1.idle();
    await engine1.instances.cancel(inst.id, 'withdrawn');
    await inFlight;
    expect((await engine1.instances.get(inst.id))?.status).toBe('terminated');
    // when the node dies and a new one opens the directory 6 minutes later
    await store1.close();
    const store2 = postgresStore({ dataDir: dir });
    const clock2 = virtualClock('2026-03-02T09:06:00+08:00');
    const engine2 = createEngine({ store: store2, clock: clock2, ids: sequentialIds('case') });
    const second: JobContext[] = [];
    for (const type of ['release-hold', 'notify-cancel']) engine2.jobs.register(type, (job) => void second.push(job));
    await engine2.idle();
    await clock2.advance('PT1S');
    await engine2.idle();
    // then the same listener job runs again, then the second listener; the detached execution is gone
    expect(second.map((j) => j.type)).toEqual(['release-hold', 'notify-cancel']);
    expect(second[0]).toMatchObject({ jobId: first[0]!.jobId, attempt: first[0]!.attempt, listener: { kind: 'task', eventType: 'canceling', reason: 'withdrawn', task: { state: 'cancelled' } } });
    const state = await store2.getInstance(inst.id);
    expect(JSON.parse(JSON.stringify(state)).ex).toEqual([]);
    expect(state?.status).toBe('terminated');
    await engine2.close();
    await store2.close();
  }, 120_000);
});
