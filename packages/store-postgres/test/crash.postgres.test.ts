/**
 * Crash test on a PostgreSQL server: a child process runs the mixed workload
 * (crashWorkload.ts) on the system clock and is SIGKILLed at seeded random moments (at least
 * 20 times), restarted on the same database each time; at the end the store must show every
 * case completed once, every task, timer and message handled once, exact SLA times and no
 * history recorded twice. Replay a run with HANDOFF_SEED=<seed> (printed).
 *
 * The server itself is not killed (its crash safety is PostgreSQL's); it runs with
 * fsync=off (pgServer.ts), which does not matter for a killed client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../src/index';
import { bundleChild, CRASH_CHILD, crashRun, crashSeed, describeRun, killAllChildren, removeBundles } from './crashHarness';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres } from './support';

const CASES = 60;
const KILLS = 20;

if (!skippedWithoutPostgres('a process on a PostgreSQL server is killed with SIGKILL')) {
  describe('Feature: a process on a PostgreSQL server is killed with SIGKILL again and again', () => {
    let server: PgServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(() => {
      killAllChildren();
      removeBundles();
      server?.stop();
    }, 30_000);

    it('Scenario: after 20+ kills and restarts every case completes once, with every task, timer and message handled once and exact SLA times', async () => {
      // given a migrated database
      const seed = crashSeed();
      console.info(`[crash postgres] seed ${seed} (replay: HANDOFF_SEED=${seed} npx vitest run packages/store-postgres/test/crash.postgres)`);
      const url = server!.url;
      const created = postgresStore({ url, cluster: false });
      await created.ready;
      await created.close();
      // when a child runs the workload and is killed at random moments, then finishes
      const result = await crashRun({
        name: 'postgres',
        child: await bundleChild(CRASH_CHILD),
        store: { url },
        seed,
        cases: CASES,
        startEveryMs: 100,
        kills: KILLS,
        startupShare: 0.2,
        readyTimeoutMs: 60_000,
        open: async () => {
          const store = postgresStore({ url, cluster: false });
          await store.ready;
          return { db: store, close: () => store.close() };
        },
      });
      console.info(describeRun('postgres', seed, result));
      // then
      expect(result.failure).toBeUndefined();
      expect(result.kills.length).toBeGreaterThanOrEqual(KILLS);
      expect(result.report.problems).toEqual([]);
      expect(result.report.stats.instances).toBe(CASES);
      // and some timers fell due while no process was running, and fired (once) after a restart
      expect(result.report.stats.timersDueWhileDown).toBeGreaterThan(0);
    }, 600_000);
  });
}
