/**
 * The test engine: `createEngine` on a virtual clock with sequential ids and a memory
 * store, packs deployed, every event recorded.
 *
 * @module
 */
import {
  createEngine,
  memoryStore,
  sequentialIds,
  virtualClock,
  type Actor,
  type DeployInput,
  type Engine,
  type EngineEvent,
  type EngineEventType,
  type EngineOptions,
  type Instant,
  type MemoryStore,
  type TaskRecord,
  type VirtualClock,
} from '@handoff/engine';

/** Options of {@link createTestEngine}. */
export interface TestEngineOptions extends Omit<EngineOptions, 'clock' | 'store'> {
  /** Packs (or `{ bpmn }` inputs) to deploy. */
  packs?: readonly DeployInput[];
  /** Where the virtual clock starts: ISO 8601 with offset, `Date` or epoch ms. Default `2026-03-02T09:00:00+08:00` (a Monday). */
  start?: Instant;
  /** Zone for calendar parts of `advance('P1D')`. Default the engine `zone`, else UTC. */
  clockZone?: string;
  /** Start from a store's content (`memoryStore().snapshot()`). */
  snapshot?: string;
}

/** A test engine and its helpers. */
export interface TestEngine {
  engine: Engine;
  clock: VirtualClock;
  store: MemoryStore;
  /** Every event published so far, in order. */
  events: EngineEvent[];
  /** Move the virtual clock: fires due timers and SLA stages in order, and waits for the work they cause. */
  advance(by: string | number): Promise<void>;
  /** Move to an instant. */
  advanceTo(t: Instant): Promise<void>;
  /** `type:elementId` strings of the trail (only `types` when given). */
  trail(types?: readonly EngineEventType[]): string[];
  /** Open (or claimed) tasks, filtered like `engine.tasks.query`. */
  openTasks(q?: { instanceId?: string; elementId?: string; role?: string }): Promise<TaskRecord[]>;
  /** Complete the one open task on `elementId` of the instance as `actor`; throws when there is not exactly one. */
  complete(instanceId: string, elementId: string, actor: Actor, output?: Record<string, unknown>): Promise<TaskRecord>;
  /** Stop timers and wait for running work. */
  close(): Promise<void>;
}

/**
 * Create a test engine with packs deployed.
 *
 * @example
 * ```ts
 * const t = await createTestEngine({ packs: [{ bpmn: xml }] });
 * const inst = await t.engine.start('saleCallback', {});
 * await t.complete(inst.id, 'reportSale', { id: 'ana', roles: ['fieldSales'] });
 * await t.advance('PT31M');
 * expect(t.trail(['timer.fired'])).toEqual(['timer.fired:callbackLate']);
 * ```
 */
export async function createTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const { packs = [], start = '2026-03-02T09:00:00+08:00', clockZone, snapshot, ...engineOptions } = options;
  const zone = clockZone ?? engineOptions.zone;
  const clock = virtualClock(start, zone ? { zone } : {});
  const store = memoryStore(snapshot ? { snapshot } : {});
  const engine = createEngine({ ids: sequentialIds('inst'), ...engineOptions, clock, store });
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  for (const pack of packs) await engine.deploy(pack);
  await engine.idle();
  const openTasks = (q: { instanceId?: string; elementId?: string; role?: string } = {}) => engine.tasks.query({ ...q, state: ['open', 'claimed'] });
  return {
    engine,
    clock,
    store,
    events,
    async advance(by) {
      await clock.advance(by);
      await engine.idle();
    },
    async advanceTo(t) {
      await clock.advanceTo(t);
      await engine.idle();
    },
    trail(types) {
      const set = types ? new Set<string>(types) : undefined;
      return events.filter((e) => !set || set.has(e.type)).map((e) => ('elementId' in e ? `${e.type}:${e.elementId}` : e.type));
    },
    openTasks,
    async complete(instanceId, elementId, actor, output = {}) {
      const tasks = await openTasks({ instanceId, elementId });
      if (tasks.length !== 1) throw new Error(`expected one open task on ${elementId} of ${instanceId}, found ${tasks.length}`);
      const done = await engine.tasks.complete(tasks[0]!.id, actor, output);
      await engine.idle();
      return done;
    },
    close: () => engine.close(),
  };
}
