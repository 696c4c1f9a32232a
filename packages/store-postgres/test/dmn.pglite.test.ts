import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, virtualClock } from '@handoff/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'handoff-pglite-dmn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(new URL(`../../engine/test/dmn/fixtures/${name}`, import.meta.url), 'utf8');

describe('Feature: DMN decisions in a PGlite store', () => {
  it('Scenario: decision versions survive a restart; a business rule task on the new engine evaluates the stored decision', async () => {
    // given two versions of the dish decisions and the dinner process, deployed to a file-backed store
    const store1 = postgresStore({ dataDir: dir });
    const clock = virtualClock('2026-03-02T09:00:00Z');
    const engine1 = createEngine({ store: store1, clock });
    await engine1.deploy({ bpmn: fixture('dinner-zeebe.bpmn'), dmn: fixture('dish.dmn') });
    await engine1.deploy({ dmn: fixture('dish.dmn').replace('"Spareribs"', '"Ribs"') });
    await engine1.close();
    await store1.close();
    // when a new engine opens the same directory
    const store2 = postgresStore({ dataDir: dir });
    const engine2 = createEngine({ store: store2, clock });
    // then the versions are there, and the process's task evaluates the latest one
    expect((await engine2.decisions.list()).map((d) => d.key)).toEqual(['dish:1', 'dish:2', 'season:1', 'season:2']);
    expect((await engine2.processes.list()).map((p) => p.id)).toEqual(['dinner']);
    const inst = await engine2.start('dinner', { month: 10, guestCount: 2 });
    expect((await engine2.instances.get(inst.id))?.variables.dish).toBe('Ribs');
    expect((await engine2.decisions.evaluate('dish', { month: 10, guestCount: 2 }, { version: 1 })).value).toBe('Spareribs');
    await engine2.close();
    await store2.close();
  }, 180_000);
});
