import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, MigrationError, sequentialIds, virtualClock } from '@handoff/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'handoff-pglite-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(new URL(`../../engine/test/fixtures/migration/${name}`, import.meta.url), 'utf8');
const ana = { id: 'ana', roles: ['clerk'] };

describe('Feature: instance migration on a file-backed PGlite store', () => {
  it('Scenario: a refused plan writes nothing; a valid one commits atomically and survives a restart, with task, timer and SLA clock', async () => {
    // given a claim under review on version 1, claimed by ana 30 minutes ago
    const store1 = postgresStore({ dataDir: dir });
    const clock1 = virtualClock('2026-03-02T09:00:00Z');
    const engine1 = createEngine({ store: store1, clock: clock1, ids: sequentialIds('claim') });
    await engine1.deploy({ bpmn: fixture('claim-v1.bpmn') });
    const inst = await engine1.start('claim', {});
    const [task] = await engine1.tasks.query({ instanceId: inst.id });
    await engine1.tasks.claim(task!.id, ana);
    await clock1.advance('PT30M');
    const stateBefore = JSON.stringify(await store1.getInstance(inst.id));
    // when a version that removed the review is the target, the plan is refused and the stored state is untouched
    await engine1.deploy({ bpmn: fixture('claim-v2-removed.bpmn') });
    await expect(engine1.instances.migrate([inst.id], { toVersion: 2 })).rejects.toBeInstanceOf(MigrationError);
    expect(JSON.stringify(await store1.getInstance(inst.id))).toBe(stateBefore);
    // when the renamed version 3 is the target, the instance migrates
    await engine1.deploy({ bpmn: fixture('claim-v2-renamed.bpmn') });
    expect(await engine1.instances.migrate([inst.id], { toVersion: 3, mapping: { review: 'check', reviewLate: 'checkLate' } })).toEqual({ migrated: [inst.id] });
    const timerId = `${inst.id}/${(await store1.getInstance(inst.id))!.timers.find((t) => t.s === undefined)!.id}`;
    const due = (await store1.getTimer(timerId))!.dueAt;
    await engine1.close();
    await store1.close();
    // then a new engine on the reopened directory sees version 3, the same task, timer and clock
    const store2 = postgresStore({ dataDir: dir });
    const clock2 = virtualClock('2026-03-02T09:30:00Z');
    const engine2 = createEngine({ store: store2, clock: clock2, ids: sequentialIds('claim2') });
    await engine2.idle();
    expect(await engine2.instances.get(inst.id)).toMatchObject({ processVersion: 3, activeElements: ['check'] });
    expect(await engine2.tasks.get(task!.id)).toMatchObject({ elementId: 'check', assignee: 'ana', state: 'claimed' });
    expect((await store2.getTimer(timerId))!.dueAt).toBe(due);
    expect((await engine2.sla.clocks(inst.id))[0]).toMatchObject({ elapsed: 30 * 60_000, slaElementId: 'check' });
    expect((await engine2.history(inst.id, { types: ['instance.migrated'] })).map((h) => JSON.parse(JSON.stringify(h)))).toEqual([
      expect.objectContaining({ fromVersion: 1, toVersion: 3, mapping: { review: 'check', reviewLate: 'checkLate' } }),
    ]);
    // and the renamed boundary timer fires on time; completing check leads to the payout
    await clock2.advance('PT90M');
    expect((await engine2.tasks.query({ instanceId: inst.id, state: 'open' })).map((t) => t.elementId)).toEqual(['remind']);
    await engine2.tasks.complete(task!.id, ana);
    expect((await engine2.instances.get(inst.id))!.activeElements.sort()).toEqual(['remind', 'ship']);
    await engine2.close();
    await store2.close();
  }, 180_000);
});
