/**
 * Faults of the database, not only of the node: an engine node (its own process,
 * outageChild.ts) works under load on a PostgreSQL 15 server that is crashed with
 * `pg_ctl stop -m immediate` and restarted, three times. The node must stay up (no
 * unhandled rejection, no exit), its callers must see only typed errors (`STORE_UNAVAILABLE`,
 * `COMMIT_UNKNOWN`) while the server is down, every acknowledged start must survive and
 * complete with its timer fired exactly once, a start refused as unavailable must have left
 * nothing and one whose outcome was unknown must be wholly there or absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/index';
import { bundleChild, killAllChildren, removeBundles, spawnTs } from './crashHarness';
import { checkCases, settle } from './faultChecks';
import type { Outcome, OutageChildArgs } from './outageChild';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres } from './support';

const OUTAGE_CHILD = new URL('./outageChild.ts', import.meta.url).pathname;
const CRASHES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!skippedWithoutPostgres('the PostgreSQL server crashes under load')) {
  describe('Feature: the PostgreSQL server crashes and restarts under a working engine node', () => {
    let server: PgServer | undefined;
    let db: PostgresStore | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(async () => {
      killAllChildren();
      removeBundles();
      await db?.close().catch(() => undefined);
      server?.stop();
    }, 30_000);

    it(`Scenario: ${CRASHES} crashes (-m immediate) under load: the node stays up, callers get typed errors only, nothing acknowledged is lost, every timer fires once`, async () => {
      // given an engine node under load in its own process
      const script = await bundleChild(OUTAGE_CHILD);
      const messages: Record<string, unknown>[] = [];
      const waiters: { pick: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
      const args: OutageChildArgs = { url: server!.url, nodeId: 'outage-node' };
      const child = spawnTs(script, args, () => undefined, true);
      let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      void child.exit.then((e) => (exited = e));
      child.proc.on('message', (m: Record<string, unknown>) => {
        messages.push(m);
        for (const w of waiters.splice(0)) if (w.pick(m)) w.resolve(m);
        else waiters.push(w);
      });
      const next = (key: string, timeoutMs: number) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const had = messages.find((m) => key in m);
          if (had) return resolve(had);
          const t = setTimeout(() => reject(new Error(`no '${key}' from the node within ${timeoutMs} ms; exited: ${JSON.stringify(exited)}; stderr: ${child.stderr().slice(-3000)}`)), timeoutMs);
          waiters.push({ pick: (m) => key in m, resolve: (m) => (clearTimeout(t), resolve(m)) });
        });
      await next('ready', 60_000);

      // when the server crashes and comes back three times while the node works
      for (let round = 0; round < CRASHES; round++) {
        await sleep(1_500);
        server!.crash();
        await sleep(700);
        server!.restart();
        expect(exited, `the node exited during the outage: ${child.stderr().slice(-3000)}`).toBeUndefined();
      }
      await sleep(1_500);
      child.proc.send({ cmd: 'stop' });
      await next('stopped', 60_000);

      // then every case the store holds completes (timers due during the outages fire after it)
      db = postgresStore({ url: server!.url, cluster: false });
      await db.ready;
      const running = await settle(db, 45_000);
      child.proc.send({ cmd: 'report' });
      const { report } = (await next('report', 10_000)) as { report: { outcomes: Outcome[]; engineErrors: number; errorContexts: Record<string, number> } };
      const starts = report.outcomes.filter((o) => o.op === 'start');
      const refused = report.outcomes.filter((o) => !o.ok);
      const byCode = (code: string) => starts.filter((o) => !o.ok && o.code === code).map((o) => o.key);
      console.info(
        `[outage] ${starts.length} starts: ${starts.filter((o) => o.ok).length} acknowledged, ${byCode('STORE_UNAVAILABLE').length} STORE_UNAVAILABLE, ${byCode('COMMIT_UNKNOWN').length} COMMIT_UNKNOWN; ${refused.length} refused calls in all; engine.error ${report.engineErrors} × ${JSON.stringify(report.errorContexts)}`,
      );
      // and the node never exited
      expect(exited, `the node exited: ${child.stderr().slice(-3000)}`).toBeUndefined();
      // and the callers saw typed outage errors only
      const untyped = refused.filter((o) => !o.typed || (o.code !== 'STORE_UNAVAILABLE' && o.code !== 'COMMIT_UNKNOWN'));
      expect(untyped).toEqual([]);
      expect(refused.length, 'the outages refused some calls').toBeGreaterThan(0);
      expect(running).toBe(0);
      // and the store holds every acknowledged case whole, nothing refused as unavailable, each unknown one whole or not at all
      const { problems, unknownLanded } = await checkCases(db, {
        acknowledged: starts.filter((o) => o.ok).map((o) => o.key),
        unavailable: byCode('STORE_UNAVAILABLE'),
        unknown: byCode('COMMIT_UNKNOWN'),
      });
      console.info(`[outage] ${unknownLanded} of ${byCode('COMMIT_UNKNOWN').length} unknown-outcome starts had landed`);
      expect(problems).toEqual([]);
      // and the node closes cleanly
      child.proc.send({ cmd: 'close' });
      expect(await child.exit).toEqual({ code: 0, signal: null });
    }, 150_000);
  });
}
