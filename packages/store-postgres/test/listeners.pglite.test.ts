/**
 * Feature: a listener job in flight survives a restart on a file-backed PGlite store. The
 * node running a start listener's handler dies before it answers; a new engine on the same
 * data directory hands the same listener job out again when its lease ends (same job id and
 * attempt), and the element continues after it — the listener's wait state is in the
 * persisted instance state, not in memory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, sequentialIds, virtualClock, type JobContext } from '@handoff/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'handoff-pglite-listeners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BPMN = readFileSync(join(import.meta.dirname, '../../engine/test/fixtures/listeners/c8-execution.bpmn'), 'utf8');
const TYPES = ['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end'];

describe('Feature: listener jobs on a PGlite data directory', () => {
  it('Scenario: the node dies while a start listener runs; after the restart the listener is handed out again and the instance completes', async () => {
    // given an engine whose audit-start handler never answers (its node is about to die)
    const store1 = postgresStore({ dataDir: dir });
    const clock1 = virtualClock('2026-03-02T09:00:00+08:00');
    const engine1 = createEngine({ store: store1, clock: clock1, ids: sequentialIds('case') });
    const first: JobContext[] = [];
    let reached!: () => void;
    const inFlight = new Promise<void>((r) => (reached = r));
    for (const type of TYPES) {
      engine1.jobs.register(type, (job) => {
        first.push(job);
        if (type !== 'audit-start') return {};
        reached();
        return new Promise(() => undefined); // never answers
      });
    }
    await engine1.deploy({ bpmn: BPMN, name: 'c8-execution.bpmn' });
    const inst = await engine1.start('c8Listeners', { amount: 5 });
    await inFlight;
    // when the node dies (its store goes away without the handler's answer) and a new one opens the directory 6 minutes later
    await store1.close();
    const store2 = postgresStore({ dataDir: dir });
    const clock2 = virtualClock('2026-03-02T09:06:00+08:00');
    const engine2 = createEngine({ store: store2, clock: clock2, ids: sequentialIds('case') });
    const second: JobContext[] = [];
    for (const type of TYPES) engine2.jobs.register(type, (job) => void second.push(job));
    await engine2.idle(); // the lease (5 minutes) has ended: the new node hands the listener job out again
    await clock2.advance('PT1S');
    await engine2.idle();
    // then: the same listener job (id, attempt) runs again, then the rest once each
    const dead = first.find((j) => j.type === 'audit-start')!;
    expect(second.map((j) => j.type)).toEqual(['audit-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    expect(second[0]).toMatchObject({ jobId: dead.jobId, attempt: dead.attempt, listener: { kind: 'execution', eventType: 'start', index: 0 } });
    expect(second[0]!.variables).toMatchObject({ doubled: 10 });
    const done = await engine2.instances.get(inst.id);
    expect(done?.status).toBe('completed');
    expect((await engine2.history(inst.id)).filter((h) => h.type === 'job.completed').map((h) => ('jobType' in h ? h.jobType : ''))).toEqual(TYPES);
    await engine2.close();
    await store2.close();
  }, 120_000);
});
