/**
 * Crash test on a file-backed PGlite data directory: a child process runs the mixed workload
 * (crashWorkload.ts) on the system clock and is SIGKILLed at seeded random moments (at least
 * 20 times), restarted on the same directory each time; at the end the store must show every
 * case completed once, every task, timer and message handled once, exact SLA times and no
 * history recorded twice. Replay a run with HANDOFF_SEED=<seed> (printed).
 *
 * What is covered: kills while the engine works and while PGlite opens / recovers an existing
 * directory. Not covered: a kill while PGlite creates a new directory (the parent creates it
 * first), and power loss (README: PGlite and durability).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';
import { bundleChild, CRASH_CHILD, crashRun, crashSeed, describeRun, killAllChildren, removeBundles } from './crashHarness';

const dir = mkdtempSync(join(tmpdir(), 'handoff-crash-pglite-'));
const dataDir = join(dir, 'data');
/** Set when the data directory is kept for inspection (a child could not open it). */
let keep = false;
afterAll(() => {
  killAllChildren();
  removeBundles();
  if (keep) console.warn(`[crash pglite] kept the data directory for inspection: ${dataDir}`);
  else rmSync(dir, { recursive: true, force: true });
});

const CASES = 40;
const KILLS = 20;

describe('Feature: a process on a PGlite data directory is killed with SIGKILL again and again', () => {
  it('Scenario: after 20+ kills and restarts every case completes once, with every task, timer and message handled once and exact SLA times', async () => {
    // given a migrated data directory (created before the kills: creation is not a crash point here)
    const seed = crashSeed();
    console.info(`[crash pglite] seed ${seed} (replay: HANDOFF_SEED=${seed} npx vitest run packages/store-postgres/test/crash.pglite)`);
    const created = postgresStore({ dataDir });
    await created.ready;
    await created.close();
    // when a child runs the workload and is killed 20 times at random moments, then finishes
    const result = await crashRun({
      name: 'pglite',
      child: await bundleChild(CRASH_CHILD),
      store: { dataDir },
      seed,
      cases: CASES,
      startEveryMs: 120,
      kills: KILLS,
      startupShare: 0.2,
      readyTimeoutMs: 120_000,
      open: async () => {
        const store = postgresStore({ dataDir });
        await store.ready;
        return { db: store, close: () => store.close() };
      },
    });
    console.info(describeRun('pglite', seed, result));
    keep = result.failure !== undefined;
    // then
    expect(result.failure).toBeUndefined();
    expect(result.kills.length).toBeGreaterThanOrEqual(KILLS);
    expect(result.report.problems).toEqual([]);
    expect(result.report.stats.instances).toBe(CASES);
    // and some timers fell due while no process was running, and fired (once) after a restart
    expect(result.report.stats.timersDueWhileDown).toBeGreaterThan(0);
  }, 600_000);
});
