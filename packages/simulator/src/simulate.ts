/**
 * A deterministic discrete-event simulator: arrivals start cases on a Handoff engine that
 * runs on a `virtualClock`, and pools of simulated staff work the user tasks (FIFO per
 * pool, a fixed number of workers each), so a month of cases runs in seconds and the same
 * seed always gives the same result.
 *
 * @module
 */
import { toEpochMs, type Actor, type Engine, type EngineEvent, type Instant, type TaskRecord, type VirtualClock } from '@handoff/engine';
import { seededRandom, type SeededRandom } from './random';

export { seededRandom, type SeededRandom } from './random';

// ------------------------------------------------------------------ profile and options

/** What profile hooks can do while the simulation runs. */
export interface SimulationContext {
  engine: Engine;
  clock: VirtualClock;
  /** The profile's random source (one stream for every hook, in simulation order). */
  rng: SeededRandom;
  /** The virtual time, epoch ms. */
  now(): number;
  /** Run `action` `minutes` from now (e.g. the customer calls the hotline); the engine is idle after it. */
  after(minutes: number, action: () => unknown | Promise<unknown>): void;
}

/** A simulated task as a worker sees it. */
export type SimulatedTask = TaskRecord;

/** How cases arrive and how staff work them. */
export interface SimulationProfile {
  /** The process the arrivals start (its none start event). */
  processId: string;
  /** A Poisson process: mean cases per day, optionally weighted by the local hour of day. */
  arrivals: {
    perDay: number;
    /** 24 weights, hour 0..23 local time in `zone` (e.g. 0 outside 09:00–20:00). Default: flat. */
    hourlyWeights?: readonly number[];
    /** IANA zone of the hourly weights. Default `UTC`. */
    zone?: string;
    /**
     * 7 weights, Monday..Sunday (local time in `zone`), multiplying the day's rate: e.g.
     * `[1, 1, 1, 1, 1, 0, 0]` for working days only. `perDay` is the rate of a day of weight 1.
     * Default: every day 1.
     */
    weekdayWeights?: readonly number[];
  };
  /** Start variables of the `i`-th case (0-based). */
  caseData(rng: SeededRandom, i: number): Record<string, unknown>;
  /** Business key of the `i`-th case. */
  businessKey?(rng: SeededRandom, i: number, data: Record<string, unknown>): string | undefined;
  /**
   * Workers per pool, e.g. `{ hotline: 10, installer: 25 }`; `'engine'` for a role the
   * engine's resource pool staffs (`createEngine({ resources })`, docs/resources.md): the
   * engine decides who waits, and a task is worked from the moment it is granted.
   */
  pools: Readonly<Record<string, number | 'engine'>>;
  /**
   * The pool that works a task, or undefined to leave it open (nobody works it). Default: the
   * first of the task's candidate groups that is a pool, else its lane role if that is a pool.
   */
  pool?(task: SimulatedTask): string | undefined;
  /**
   * Minutes from a task's creation until it joins its pool's queue (default 0): an
   * appointment, the customer walking to the hall, an agent not yet looking at the work list.
   * Queue waits are counted from then.
   */
  readyAfterMinutes?(rng: SeededRandom, task: SimulatedTask): number;
  /**
   * The actor of worker `n` (1-based) of `pool`, e.g. an agent's staff number and team.
   * Default `{ id: '<pool>-<n>', roles: [<pool>] }`. It must hold a role (or be a candidate
   * user) of the tasks the pool works.
   */
  worker?(pool: string, n: number): Actor;
  /**
   * Which free worker takes the next task: `lowest` (default) the lowest-numbered one, so work
   * concentrates on the first workers when a pool is lightly loaded; `longestIdle` the one
   * free the longest, as a call centre's ACD spreads calls over its agents.
   */
  workerOrder?: 'lowest' | 'longestIdle';
  /** How long a worker spends on a task, in minutes (> 0); `worker` is who works it (workers may differ in speed). */
  serviceMinutes(rng: SeededRandom, task: SimulatedTask, worker: Actor): number;
  /** The task's output; `variables` are the case's variables when the worker finishes; `worker` is who completes it (workers may differ in skill). */
  output(rng: SeededRandom, task: SimulatedTask, variables: Record<string, unknown>, worker: Actor): Record<string, unknown>;
  /**
   * Called once at the simulation's start instant, before the first arrival: schedule work
   * that is not a Poisson arrival through `ctx.after` (a monthly list, a shift change, cases
   * of another process).
   */
  onStart?(ctx: SimulationContext): void | Promise<void>;
  /** A case was started. */
  onCaseStarted?(ctx: SimulationContext, instanceId: string, data: Record<string, unknown>): void | Promise<void>;
  /** A worker completed a task (the engine is idle). */
  onTaskCompleted?(ctx: SimulationContext, task: SimulatedTask, output: Record<string, unknown>): void | Promise<void>;
  /**
   * Every engine event while the simulation runs (e.g. an SLA warning). Synchronous, inside
   * the engine's publish: act through `ctx.after(0, …)`, never by awaiting the engine here.
   */
  onEvent?(ctx: SimulationContext, event: EngineEvent): void;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** An engine on `clock` with the process deployed. */
  engine: Engine;
  clock: VirtualClock;
  profile: SimulationProfile;
  seed: number;
  /** Days of arrivals. */
  days: number;
  /** First instant of arrivals; default `clock.now()` (must not be before it). Put it on the hour. */
  start?: Instant;
  /** Days after the last arrival in which staff keep working (no new cases). Default 0. */
  drainDays?: number;
  /**
   * Stop arrivals after this many cases (within `days`); the drain days then count from the
   * last arrival. Default: no limit.
   */
  maxCases?: number;
}

/**
 * Per-pool results. Waits are from task creation to a worker taking it (for an engine pool:
 * from the grant, the engine's own queue wait is in `task.granted.waitedMs`).
 */
export interface PoolSummary {
  /** Workers; for an `'engine'` pool, the engine pool's capacity at the end. */
  workers: number;
  /** Tasks a worker took. */
  started: number;
  completed: number;
  /** Tasks still waiting for a worker at the end. */
  waiting: number;
  busyMinutes: number;
  /** busyMinutes / (workers × simulated minutes). */
  utilisation: number;
  meanWaitMinutes: number;
  maxWaitMinutes: number;
}

/** What {@link simulate} returns. Everything but `wallSeconds` depends on the seed alone. */
export interface SimulationSummary {
  seed: number;
  /** ISO 8601 (UTC) of the first arrival instant and of the end. */
  start: string;
  end: string;
  days: number;
  drainDays: number;
  casesStarted: number;
  /** Cases that reached an end event, by its id (a case that reaches several counts under each). */
  outcomes: Record<string, number>;
  /** Cases still active at the end. */
  active: number;
  pools: Record<string, PoolSummary>;
  /** Real time the run took. */
  wallSeconds: number;
}

// ------------------------------------------------------------------ the simulator

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Action {
  at: number;
  seq: number;
  run: () => unknown | Promise<unknown>;
}

/** Binary min-heap of actions by (at, seq). */
class ActionHeap {
  private items: Action[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Action | undefined {
    return this.items[0];
  }
  push(a: Action): void {
    const h = this.items;
    h.push(a);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Action | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Action, b: Action) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

interface Pool {
  name: string;
  /** Staffed by the engine's resource pool: a worker is always free here. */
  engine: boolean;
  /** Next worker number of an engine pool. */
  hired: number;
  free: number[]; // worker numbers, lowest first
  queue: { task: TaskRecord; since: number }[];
  head: number; // index of the queue's first live entry
  started: number;
  completed: number;
  busy: number; // ms
  waitSum: number;
  waitMax: number;
}

/** The local weekday (0 = Monday .. 6 = Sunday) of `t` in `zone`. */
function weekdayIn(zone: string): (t: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' });
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return (t) => days.indexOf(fmt.format(t));
}

/** The local hour (0..23) of `t` in `zone`. */
function hourIn(zone: string): (t: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
  return (t) => Number(fmt.format(t)) % 24;
}

/**
 * Run a profile on an engine for `days` of virtual time (plus `drainDays` without arrivals)
 * and summarise it. Arrivals, service times and outputs come from `seed` alone.
 *
 * Each user task the engine creates joins its pool's FIFO queue (tasks of no pool are left
 * open); a free worker (`<pool>-<n>`, roles `[<pool>]`, or `profile.worker(pool, n)`) takes the head, works
 * `serviceMinutes` and completes it with `output`. A task cancelled while queued leaves the
 * queue; one cancelled while worked is dropped when the worker finishes. The clock moves
 * from action to action with `advanceTo`, so engine timers and SLA stages fire on the way;
 * work they cause (tasks, worker completions) is placed on the clock at its exact time.
 *
 * @example
 * ```ts
 * const t = await createTestEngine({ packs: [pack] });
 * const summary = await simulate({ engine: t.engine, clock: t.clock, profile, seed: 1, days: 2 });
 * summary.pools.hotline.utilisation; summary.outcomes.activated;
 * ```
 */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const wallStart = performance.now();
  const { engine, clock, profile, seed, days } = options;
  const drainDays = options.drainDays ?? 0;
  const start = options.start === undefined ? clock.now() : toEpochMs(options.start, 'simulation start');
  if (start < clock.now()) throw new RangeError('the simulation cannot start before the clock’s current time');
  if (!(days > 0) || !(drainDays >= 0)) throw new RangeError('days must be > 0 and drainDays >= 0');
  let arrivalsEnd = start + days * 24 * HOUR;
  let end = arrivalsEnd + drainDays * 24 * HOUR;
  const maxCases = options.maxCases ?? Number.POSITIVE_INFINITY;
  if (!(maxCases >= 1)) throw new RangeError('maxCases must be >= 1');
  const weights = profile.arrivals.hourlyWeights ?? Array.from({ length: 24 }, () => 1);
  if (weights.length !== 24) throw new RangeError('arrivals.hourlyWeights must have 24 entries');
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const hour = hourIn(profile.arrivals.zone ?? 'UTC');
  const dayWeights = profile.arrivals.weekdayWeights ?? [1, 1, 1, 1, 1, 1, 1];
  if (dayWeights.length !== 7 || dayWeights.some((w) => !(w >= 0))) throw new RangeError('arrivals.weekdayWeights must have 7 entries >= 0 (Monday..Sunday)');
  const weekday = weekdayIn(profile.arrivals.zone ?? 'UTC');

  const arrivalRng = seededRandom(seed);
  const rng = seededRandom((seed ^ 0x9e3779b9) >>> 0);
  const heap = new ActionHeap();
  let seq = 0;
  /** The target of the advance running now (wake-ups up to it go on the clock). */
  let advancingTo: number | undefined;

  const runAction = async (run: () => unknown | Promise<unknown>) => {
    await run();
    await engine.idle();
  };
  const schedule = (at0: number, run: () => unknown | Promise<unknown>) => {
    const at = Math.round(at0); // whole milliseconds: durable stores keep instants as integers
    if (at > end) return;
    if (advancingTo !== undefined && at <= advancingTo) clock.wakeAt(at, () => runAction(run));
    else heap.push({ at, seq: seq++, run });
  };
  const ctx: SimulationContext = {
    engine,
    clock,
    rng,
    now: () => clock.now(),
    after: (minutes, action) => schedule(clock.now() + Math.max(0, minutes) * MINUTE, action),
  };

  // pools
  const pools = new Map<string, Pool>();
  for (const [name, count] of Object.entries(profile.pools)) {
    const byEngine = count === 'engine';
    if (byEngine && !engine.resources.roles().includes(name)) throw new RangeError(`pool ${name}: 'engine' needs an engine resource pool for role ${name} (createEngine({ resources }))`);
    if (!byEngine && (!Number.isInteger(count) || count < 0)) throw new RangeError(`pool ${name}: worker count must be a whole number >= 0 or 'engine'`);
    const workers = byEngine ? 0 : count;
    pools.set(name, { name, engine: byEngine, hired: 0, free: Array.from({ length: workers }, (_, i) => i + 1), queue: [], head: 0, started: 0, completed: 0, busy: 0, waitSum: 0, waitMax: 0 });
  }
  const poolOf =
    profile.pool ??
    ((task: TaskRecord) => task.candidateGroups.find((g) => pools.has(g)) ?? (task.role !== undefined && pools.has(task.role) ? task.role : undefined));
  const cancelled = new Set<string>();
  const actors = new Map<string, Actor>();
  /** The actor of worker `n` of `pool`, asked of the profile once. */
  const actorOf = (pool: string, n: number): Actor => {
    const key = `${pool}\u0000${n}`;
    let a = actors.get(key);
    if (!a) actors.set(key, (a = profile.worker?.(pool, n) ?? { id: `${pool}-${n}`, roles: [pool] }));
    return a;
  };

  const dispatch = (pool: Pool) => {
    if (pool.engine && !pool.free.length) pool.free.push(++pool.hired);
    while (pool.free.length && pool.head < pool.queue.length) {
      const { task, since } = pool.queue[pool.head]!;
      pool.queue[pool.head++] = undefined as never;
      if (cancelled.delete(task.id)) continue;
      if (pool.head > 1024 && pool.head * 2 > pool.queue.length) {
        pool.queue = pool.queue.slice(pool.head);
        pool.head = 0;
      }
      const worker = pool.free.shift()!;
      const now = clock.now();
      const wait = now - since;
      pool.started++;
      pool.waitSum += wait;
      pool.waitMax = Math.max(pool.waitMax, wait);
      const actor = actorOf(pool.name, worker);
      const minutes = profile.serviceMinutes(rng, task, actor);
      if (!(minutes > 0)) throw new RangeError(`serviceMinutes of ${task.elementId} must be > 0, got ${minutes}`);
      const done = now + minutes * MINUTE;
      pool.busy += Math.min(done, end) - now;
      schedule(done, async () => {
        if (!cancelled.delete(task.id)) {
          const info = await engine.instances.get(task.instanceId);
          const output = profile.output(rng, task, info?.variables ?? {}, actor);
          await engine.tasks.complete(task.id, actor, output);
          pool.completed++;
          await engine.idle();
          if (profile.onTaskCompleted) await profile.onTaskCompleted(ctx, task, output);
        }
        if (profile.workerOrder === 'longestIdle') pool.free.push(worker);
        else insertFree(pool.free, worker);
        if (pool.engine) pool.free.splice(1); // engine pools keep one idle worker at hand; the engine bounds them
        dispatch(pool);
      });
    }
  };

  // engine events
  const outcomes: Record<string, number> = {};
  const listener = (e: EngineEvent) => {
    profile.onEvent?.(ctx, e);
    // A task waiting for an engine resource pool joins the queue when the engine grants it a unit.
    if ((e.type === 'task.created' && e.task.state !== 'waiting') || e.type === 'task.granted') {
      const pool = pools.get(poolOf(e.task) ?? '');
      if (!pool) return;
      const task = e.task;
      const delay = profile.readyAfterMinutes?.(rng, task) ?? 0;
      const enqueue = () => {
        pool.queue.push({ task, since: clock.now() });
        dispatch(pool);
      };
      if (delay > 0) schedule(e.at + delay * MINUTE, enqueue);
      else enqueue();
    } else if (e.type === 'task.cancelled') {
      cancelled.add(e.task.id);
    } else if (e.type === 'activity.entered' && e.elementType.endsWith('EndEvent') && e.processId === profile.processId) {
      outcomes[e.elementId] = (outcomes[e.elementId] ?? 0) + 1;
    }
  };
  engine.on('event', listener);

  // arrivals: a Poisson process, piecewise constant per hour
  let casesStarted = 0;
  const ids: string[] = [];
  const nextArrival = (from: number): number | undefined => {
    let t = from;
    while (t < arrivalsEnd) {
      const hourEnd = Math.min(arrivalsEnd, start + (Math.floor((t - start) / HOUR) + 1) * HOUR);
      const rate = weightSum > 0 ? (profile.arrivals.perDay * weights[hour(t)]! * dayWeights[weekday(t)]!) / weightSum : 0; // per hour
      if (rate > 0) {
        const gap = arrivalRng.exponential(HOUR / rate);
        if (t + gap < hourEnd) return t + gap;
      }
      t = hourEnd;
    }
    return undefined;
  };
  const arrive = async () => {
    const i = casesStarted++;
    const data = profile.caseData(arrivalRng, i);
    const key = profile.businessKey?.(arrivalRng, i, data);
    const inst = await engine.start(profile.processId, data, key !== undefined ? { businessKey: key } : {});
    ids.push(inst.id);
    await engine.idle();
    if (profile.onCaseStarted) await profile.onCaseStarted(ctx, inst.id, data);
    if (casesStarted >= maxCases) {
      // the last case: staff drain for drainDays from now
      arrivalsEnd = clock.now();
      end = Math.min(end, arrivalsEnd + drainDays * 24 * HOUR);
      return;
    }
    const t = nextArrival(clock.now());
    if (t !== undefined) schedule(Math.round(t), arrive);
  };
  if (profile.onStart) heap.push({ at: start, seq: seq++, run: () => profile.onStart!(ctx) });
  const first = nextArrival(start);
  if (first !== undefined) schedule(Math.round(first), arrive);

  try {
    for (let a = heap.pop(); a; a = heap.pop()) {
      if (a.at > end) break; // maxCases moved the end earlier
      advancingTo = a.at;
      await clock.advanceTo(a.at);
      advancingTo = undefined;
      await runAction(a.run);
    }
    advancingTo = end;
    await clock.advanceTo(end);
    advancingTo = undefined;
    await engine.idle();
  } finally {
    engine.off('event', listener);
  }

  let active = 0;
  for (const id of ids) if ((await engine.instances.get(id))?.status === 'active') active++;
  const minutes = (end - start) / MINUTE;
  const poolSummary: Record<string, PoolSummary> = {};
  for (const p of pools.values()) {
    const workers = p.engine ? (await engine.resources.status(p.name)).capacity : (profile.pools[p.name] as number);
    poolSummary[p.name] = {
      workers,
      started: p.started,
      completed: p.completed,
      waiting: p.queue.length - p.head - [...p.queue.slice(p.head)].filter((q) => cancelled.has(q.task.id)).length,
      busyMinutes: round(p.busy / MINUTE),
      utilisation: workers && minutes ? round(p.busy / MINUTE / (workers * minutes), 4) : 0,
      meanWaitMinutes: p.started ? round(p.waitSum / p.started / MINUTE) : 0,
      maxWaitMinutes: round(p.waitMax / MINUTE),
    };
  }
  return {
    seed,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    days,
    drainDays,
    casesStarted,
    outcomes: Object.fromEntries(Object.entries(outcomes).sort(([a], [b]) => a.localeCompare(b))),
    active,
    pools: poolSummary,
    wallSeconds: round((performance.now() - wallStart) / 1000),
  };
}

function insertFree(free: number[], worker: number): void {
  let i = free.length;
  while (i > 0 && free[i - 1]! > worker) i--;
  free.splice(i, 0, worker);
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
