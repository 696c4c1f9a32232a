/**
 * Resource pools: a capacity per role (counters, greeters, kiosks). A user task whose lane's
 * role has a pool is created `waiting` by the deterministic step, which knows nothing of
 * other instances. After each commit the runtime grants free units here: under one lock per
 * pool it counts the pool's busy tasks (`open` or `claimed` tasks of the role, from the
 * store's task projection) and grants the oldest waiting tasks — FIFO by creation time,
 * then by the order this engine saw them created — each through a normal instance command
 * (`waiting → open`, event `task.granted`). See docs/resources.md.
 *
 * Pools are coordinated within one engine node: two engines sharing a store each enforce
 * the capacity on their own (decision record 0005).
 *
 * @module
 */
import { InvalidArgumentError, NotFoundError } from '../errors';
import type { Work } from '../runtime/work';
import type { Store } from '../store/types';
import type { TaskRecord } from '../tasks/types';

/** One pool's configuration. */
export interface ResourcePoolConfig {
  /** Units (people, desks, machines) that can work tasks of the role at once: a whole number ≥ 0. */
  capacity: number;
}

/** Pools by role, e.g. `{ counter: { capacity: 3 }, greeter: { capacity: 2 } }`. */
export type ResourcePoolsConfig = Readonly<Record<string, ResourcePoolConfig>>;

/** A pool as `engine.resources.status(role)` shows it. */
export interface ResourcePoolStatus {
  role: string;
  capacity: number;
  /** Tasks holding a unit (`open` or `claimed`), oldest first. May exceed `capacity` right after it was lowered. */
  busy: string[];
  /** Tasks waiting for a unit, in the order they will be granted (FIFO). */
  waiting: string[];
}

/** `engine.resources`: inspect pools and change their capacity at run time. */
export interface ResourcesApi {
  /** The roles that have a pool. */
  roles(): string[];
  /**
   * The pool of `role` now: capacity, busy and waiting task ids.
   * @throws NotFoundError when `role` has no pool.
   */
  status(role: string): Promise<ResourcePoolStatus>;
  /**
   * Change the capacity of `role`'s pool (the duty manager opens an extra counter). Raising it
   * grants waiting tasks at once (resolves after they were granted); lowering it takes no unit
   * back, it only stops granting until enough busy tasks have finished.
   * @throws InvalidArgumentError for a capacity that is not a whole number ≥ 0; NotFoundError for an unknown pool.
   * @example
   * ```ts
   * engine.on('sla.breached', async (e) => { if (e.slaId === 'queue') await engine.resources.setCapacity('counter', 4); });
   * ```
   */
  setCapacity(role: string, capacity: number): Promise<ResourcePoolStatus>;
}

/** What the pools need from the engine runtime. */
export interface PoolRuntime {
  store: Store;
  work: Work;
  /** Grant `task` a unit of `role` through an instance command; false when it no longer waits. */
  grant(task: TaskRecord, role: string): Promise<boolean>;
}

const LOCK = '\u0000pool:';

/** Validate `createEngine({ resources })`; returns role → capacity. */
export function resourcePoolsFrom(config: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (config === undefined) return out;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new InvalidArgumentError('resources', `expected an object of pools by role, got ${JSON.stringify(config)}`, "pass e.g. { counter: { capacity: 3 } }.");
  }
  for (const [role, pool] of Object.entries(config)) {
    if (!role) throw new InvalidArgumentError('resources', 'a pool has an empty role name', 'key each pool by the role its lane grants.');
    const capacity = (pool as { capacity?: unknown } | null)?.capacity;
    checkCapacity(`resources.${role}.capacity`, capacity);
    out.set(role, capacity as number);
  }
  return out;
}

function checkCapacity(field: string, capacity: unknown): void {
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 0) {
    throw new InvalidArgumentError(field, `expected a whole number ≥ 0, got ${JSON.stringify(capacity)}`, 'give the number of units (people, desks, machines) that can work at once, e.g. 3.');
  }
}

/** The engine's resource pools (one per configured role). */
export class ResourcePools {
  private readonly capacity: Map<string, number>;
  /** Roles with a grant run queued but not started (later triggers join it). */
  private readonly pending = new Set<string>();
  /** Creation order of waiting tasks as this engine committed them: the FIFO tie-break for equal `createdAt`. */
  private readonly arrival = new Map<string, number>();
  private arrivals = 0;

  constructor(
    config: unknown,
    private readonly rt: PoolRuntime,
  ) {
    this.capacity = resourcePoolsFrom(config);
  }

  /** Does `role` have a pool? (The step asks this for every new user task.) */
  has(role: string): boolean {
    return this.capacity.has(role);
  }

  /** The public API (`engine.resources`). */
  api(): ResourcesApi {
    return {
      roles: () => [...this.capacity.keys()],
      status: (role) => this.status(role),
      setCapacity: async (role, capacity) => {
        this.require(role);
        checkCapacity('capacity', capacity);
        this.capacity.set(role, capacity);
        await this.trigger(role);
        return this.status(role);
      },
    };
  }

  /**
   * After a commit: note new waiting tasks (their arrival order) and run the grant loop of
   * every pooled role whose tasks changed. Runs in the background (tracked by `idle()`):
   * the caller may hold an instance lock that a grant needs.
   */
  afterCommit(tasks: Iterable<TaskRecord>): void {
    if (!this.capacity.size) return;
    let roles: Set<string> | undefined;
    for (const t of tasks) {
      if (t.role === undefined || !this.capacity.has(t.role)) continue;
      if (t.state === 'waiting') {
        if (!this.arrival.has(t.id)) this.arrival.set(t.id, ++this.arrivals);
      } else this.arrival.delete(t.id);
      (roles ??= new Set()).add(t.role);
    }
    for (const role of roles ?? []) void this.trigger(role);
  }

  private require(role: string): void {
    if (typeof role !== 'string' || !this.capacity.has(role)) {
      throw new NotFoundError('resource pool', String(role), `configure it with createEngine({ resources: { ${typeof role === 'string' && role ? role : 'counter'}: { capacity: 1 } } }); pools: [${[...this.capacity.keys()].join(', ')}].`);
    }
  }

  async status(role: string): Promise<ResourcePoolStatus> {
    this.require(role);
    const { busy, waiting } = await this.tasksOf(role);
    return { role, capacity: this.capacity.get(role)!, busy: busy.map((t) => t.id), waiting: waiting.map((t) => t.id) };
  }

  /** Busy and waiting tasks of the pool, each oldest first. */
  private async tasksOf(role: string): Promise<{ busy: TaskRecord[]; waiting: TaskRecord[] }> {
    const tasks = (await this.rt.store.queryTasks({ role, state: ['waiting', 'open', 'claimed'] })).filter((t) => t.role === role);
    const order = (a: TaskRecord, b: TaskRecord) =>
      a.createdAt - b.createdAt || (this.arrival.get(a.id) ?? Infinity) - (this.arrival.get(b.id) ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { busy: tasks.filter((t) => t.state !== 'waiting').sort(order), waiting: tasks.filter((t) => t.state === 'waiting').sort(order) };
  }

  /** Queue one grant run for `role` (joins a queued one), tracked for `idle()`. */
  private trigger(role: string): Promise<unknown> {
    if (this.pending.has(role)) return this.rt.work.serialize(LOCK + role, async () => undefined);
    this.pending.add(role);
    const run = this.rt.work.serialize(LOCK + role, async () => {
      this.pending.delete(role);
      await this.grantFree(role);
    });
    return this.rt.work.track(run, `granting '${role}' resources`);
  }

  /** Grant the oldest waiting tasks while the pool has free units. Serialized per pool. */
  private async grantFree(role: string): Promise<void> {
    const { busy, waiting } = await this.tasksOf(role);
    let inUse = busy.length;
    for (const task of waiting) {
      if (inUse >= this.capacity.get(role)!) return;
      if (await this.rt.grant(task, role)) {
        inUse++;
        this.arrival.delete(task.id);
      }
    }
  }
}
