/**
 * Faults of the network between an engine and its PostgreSQL server, through a loopback
 * TCP proxy (tcpProxy.ts): connections stalled (nothing flows, no reset) must become a typed
 * error within the store's statement timeout instead of a hang; connections dropped under
 * load must give callers typed errors only, and the engine must reconnect, lose nothing
 * acknowledged and fire every timer once. The engine runs in this process: an unhandled
 * rejection fails the run.
 */
import { createEngine, HandoffError, StoreUnavailableError, type Engine } from '@handoff/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore, type PostgresStore } from '../src/index';
import { checkCases, settle } from './faultChecks';
import { MULTINODE_BPMN } from './multinodeWorkload';
import { startPostgres, type PgServer } from './pgServer';
import { skippedWithoutPostgres } from './support';
import { startProxy, type TcpProxy } from './tcpProxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STATEMENT_TIMEOUT = 1_000;

/** Settles within `ms`, or rejects saying it hung. */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let t: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`hung: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

if (!skippedWithoutPostgres('connections to the PostgreSQL server drop and stall')) {
  describe('Feature: connections between the engine and its PostgreSQL server drop and stall', () => {
    let server: PgServer | undefined;
    let proxy: TcpProxy | undefined;
    let store: PostgresStore | undefined;
    let direct: PostgresStore | undefined;
    let engine: Engine | undefined;
    const engineErrors: unknown[] = [];
    beforeAll(async () => {
      server = await startPostgres();
      proxy = await startProxy(server.url);
      store = postgresStore({ url: proxy.url, nodeId: 'proxied', maxConnections: 4, statementTimeoutMs: STATEMENT_TIMEOUT, connectTimeoutMs: 1_000, catchUpMs: 500 });
      await store.ready;
      engine = createEngine({ store, timerLease: 1_500, jobLease: 1_500, handlers: { work: async () => ({ done: true }) } });
      engine.on('engine.error', (e) => engineErrors.push(e.error));
      await engine.deploy({ bpmn: MULTINODE_BPMN });
      direct = postgresStore({ url: server.url, cluster: false });
      await direct.ready;
    }, 60_000);
    afterAll(async () => {
      proxy?.resume();
      await engine?.close().catch(() => undefined);
      await store?.close().catch(() => undefined);
      await direct?.close().catch(() => undefined);
      await proxy?.close();
      server?.stop();
    }, 60_000);

    it('Scenario: a stalled connection becomes STORE_UNAVAILABLE / COMMIT_UNKNOWN within the statement timeout, and work goes on once it flows again', async () => {
      // given a working engine
      await engine!.start('multinode', { waitFor: 'PT0.2S', needsApproval: false }, { businessKey: 'before-stall' });
      // when every connection stalls
      proxy!.stall();
      const t0 = Date.now();
      const refused = await within(10_000, engine!.start('multinode', { waitFor: 'PT0.2S', needsApproval: false }, { businessKey: 'during-stall' }).then(() => undefined, (e: unknown) => e));
      const read = await within(10_000, engine!.tasks.query({ processId: 'multinode' }).then(() => undefined, (e: unknown) => e));
      const took = Date.now() - t0;
      // then both calls fail with a typed error in about the client deadline, not a hang
      expect(refused).toBeInstanceOf(StoreUnavailableError);
      expect(['STORE_UNAVAILABLE', 'COMMIT_UNKNOWN']).toContain((refused as HandoffError).code);
      expect(read).toBeInstanceOf(StoreUnavailableError);
      expect(took).toBeLessThan(8_000);
      // and when the network flows again, commands go through and both cases complete (the stalled one if it landed)
      proxy!.resume();
      let after: unknown = 'not yet';
      for (let i = 0; i < 40 && after !== undefined; i++) {
        after = await engine!.start('multinode', { waitFor: 'PT0.2S', needsApproval: false }, { businessKey: 'after-stall' }).then(() => undefined, (e: unknown) => e);
        if (after !== undefined) await sleep(250);
      }
      expect(after).toBeUndefined();
      expect(await settle(direct!, 20_000)).toBe(0);
      const { problems } = await checkCases(direct!, {
        acknowledged: ['before-stall', 'after-stall'],
        unavailable: (refused as HandoffError).code === 'STORE_UNAVAILABLE' ? ['during-stall'] : [],
        unknown: (refused as HandoffError).code === 'COMMIT_UNKNOWN' ? ['during-stall'] : [],
      });
      expect(problems).toEqual([]);
    }, 60_000);

    it('Scenario: connections dropped and stalled under load: typed errors only, nothing acknowledged lost, every timer fires once after recovery', async () => {
      // given load: a start every 15 ms, timers of 0.3–1.5 s
      const answers = { acknowledged: [] as string[], unavailable: [] as string[], unknown: [] as string[] };
      const untyped: unknown[] = [];
      let loading = true;
      const calls: Promise<void>[] = [];
      const load = (async () => {
        for (let i = 0; loading; i++) {
          const key = `load-${i}`;
          calls.push(
            engine!.start('multinode', { waitFor: `PT${(300 + ((i * 7919) % 1_200)) / 1000}S`, needsApproval: false }, { businessKey: key }).then(
              () => void answers.acknowledged.push(key),
              (e: unknown) => {
                if (e instanceof HandoffError && e.code === 'STORE_UNAVAILABLE') answers.unavailable.push(key);
                else if (e instanceof HandoffError && e.code === 'COMMIT_UNKNOWN') answers.unknown.push(key);
                else untyped.push(e);
              },
            ),
          );
          await sleep(15);
        }
      })();
      // when connections are cut three times, then stall for longer than the timers' waits
      let dropped = 0;
      for (let round = 0; round < 3; round++) {
        await sleep(700);
        dropped += proxy!.drop();
      }
      await sleep(500);
      proxy!.stall();
      await sleep(2_500);
      proxy!.resume();
      await sleep(1_000);
      loading = false;
      await load;
      await within(30_000, Promise.all(calls));
      // then callers saw only typed errors, and everything the store holds completes
      console.info(`[proxy] ${dropped} connections dropped; ${answers.acknowledged.length} starts acknowledged, ${answers.unavailable.length} STORE_UNAVAILABLE, ${answers.unknown.length} COMMIT_UNKNOWN; ${engineErrors.length} engine.error`);
      expect(untyped).toEqual([]);
      expect(answers.unavailable.length + answers.unknown.length).toBeGreaterThan(0);
      expect(await settle(direct!, 30_000)).toBe(0);
      const { problems } = await checkCases(direct!, {
        acknowledged: ['before-stall', 'after-stall', ...answers.acknowledged],
        unavailable: answers.unavailable,
        unknown: answers.unknown,
      });
      // (the first scenario's stalled start was checked there)
      expect(problems.filter((p) => !p.startsWith('during-stall:'))).toEqual([]);
      // and background failures were reported as typed errors on engine.error, never thrown
      expect(engineErrors.filter((e) => !(e instanceof StoreUnavailableError))).toEqual([]);
    }, 90_000);
  });
}
