/**
 * The memory store's instances, with the fields `listInstances` filters by beside each state
 * and indexed — by process, status, process × status and business key — so a listing copies
 * only the instances it returns.
 *
 * A state is kept in one of two forms. The most recently written ones (up to `hot`) are kept
 * as objects the store owns, copied in and out with {@link jsonCopy} (the same values a JSON
 * round trip gives, about half the cost of either half of it): an instance that is being
 * worked on costs no text at all. The rest — parked instances, ended ones — are kept as JSON
 * text, which is about half the heap of the object: a million waiting instances fit in the
 * default heap. An active state leaves the hot set as its text once `hot` newer ones were
 * written after it; an ended one is written as text at once (it takes no more commands).
 *
 * @module
 */
import type { InstanceState, InstanceStatus } from '../runtime/state';
import { BucketIndex, mergeOrdered, type Bucket } from './bucket';
import { jsonCopy } from './jsonCopy';
import type { InstanceQuery } from './types';

export interface StoredInstance {
  readonly seq: number;
  /** The state as text (a parked instance), or undefined while `obj` holds it. */
  json: string | undefined;
  /** The state as an object the store owns (a hot instance); never handed out. */
  obj: InstanceState | undefined;
  /** Neighbours in the hot list (written before / after), while `obj` is set. */
  older: StoredInstance | undefined;
  newer: StoredInstance | undefined;
  rev: number;
  processId: string;
  status: InstanceStatus;
  businessKey: string | undefined;
}

const SEP = '\u0000';

const STATUSES: readonly InstanceStatus[] = ['active', 'completed', 'terminated'];

/** How many states the table keeps as objects by default (the most recently written). */
export const DEFAULT_HOT_STATES = 2048;

/** A fresh copy of a stored state (the store's own stays untouched). */
export function loadState(s: StoredInstance): InstanceState {
  return s.obj !== undefined ? jsonCopy(s.obj) : (JSON.parse(s.json!) as InstanceState);
}

/** A stored state's JSON text. */
export function stateJson(s: StoredInstance): string {
  return s.json ?? JSON.stringify(s.obj);
}

/** Bucket keys: process × status (a process alone merges its three), business key. */
function keysOf(s: Pick<StoredInstance, 'processId' | 'status' | 'businessKey'>): string[] {
  const keys = [`P${s.processId}${SEP}${s.status}`];
  if (s.businessKey !== undefined) keys.push(`k${s.businessKey}`);
  return keys;
}

export class InstanceTable {
  private readonly byId = new Map<string, StoredInstance>();
  private readonly index = new BucketIndex<StoredInstance>();
  /** Process ids seen, for a status-only listing (it merges process × status buckets). */
  private readonly processes = new Set<string>();
  /** The states held as objects: a list linked through the entries, least recently written first (no allocation per write). */
  private oldest: StoredInstance | undefined;
  private newest: StoredInstance | undefined;
  private hotCount = 0;
  private seq = 0;

  /** @param hot how many of the most recently written states to keep as objects (0: all as text). */
  constructor(private readonly hot: number = DEFAULT_HOT_STATES) {}

  get(id: string): StoredInstance | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Store a copy of a state (new or replacing; a replaced instance keeps its place in
   * listings). With `json`, the state is kept as that text (a snapshot being restored). With
   * `handover`, the caller gives the object up (`CommitBatch.handover`): a hot state keeps
   * it as it is, uncopied.
   */
  put(state: InstanceState, json?: string, handover = false): void {
    const cur = this.byId.get(state.id);
    // Only a running instance takes more commands: an ended one goes straight to text.
    const obj = json === undefined && this.hot > 0 && state.status === 'active' ? (handover ? state : jsonCopy(state)) : undefined;
    if (obj === undefined && json === undefined) json = JSON.stringify(state);
    if (!cur) {
      this.processes.add(state.processId);
      const s: StoredInstance = { seq: ++this.seq, json, obj: undefined, older: undefined, newer: undefined, rev: state.rev, processId: state.processId, status: state.status, businessKey: state.businessKey };
      this.byId.set(state.id, s);
      for (const k of keysOf(s)) this.index.add(k, s);
      if (obj) this.warm(s, obj);
      return;
    }
    this.cool(cur);
    cur.json = json;
    cur.rev = state.rev;
    if (obj) this.warm(cur, obj);
    // Most commits change neither process, status nor business key: the buckets stay.
    if (cur.processId === state.processId && cur.status === state.status && cur.businessKey === state.businessKey) return;
    const fields = { processId: state.processId, status: state.status, businessKey: state.businessKey };
    const before = keysOf(cur);
    const after = keysOf(fields);
    this.processes.add(fields.processId);
    cur.processId = fields.processId;
    cur.status = fields.status;
    cur.businessKey = fields.businessKey;
    for (const k of before) if (!after.includes(k)) this.index.delete(k, cur);
    for (const k of after) if (!before.includes(k)) this.index.add(k, cur);
  }

  /** Keep `obj` as `s`'s state, the most recently written hot one; the oldest beyond the bound is parked as text. */
  private warm(s: StoredInstance, obj: InstanceState): void {
    s.obj = obj;
    s.json = undefined;
    s.older = this.newest;
    if (this.newest) this.newest.newer = s;
    else this.oldest = s;
    this.newest = s;
    if (++this.hotCount <= this.hot) return;
    const old = this.oldest!;
    const state = old.obj;
    this.cool(old);
    old.json = JSON.stringify(state);
  }

  /** Take `s` out of the hot list (its `obj` dropped: the caller keeps its state as it sees fit). */
  private cool(s: StoredInstance): void {
    if (s.obj === undefined) return;
    if (s.older) s.older.newer = s.newer;
    else this.oldest = s.newer;
    if (s.newer) s.newer.older = s.older;
    else this.newest = s.older;
    s.older = s.newer = s.obj = undefined;
    this.hotCount--;
  }

  delete(id: string): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    this.cool(s);
    for (const k of keysOf(s)) this.index.delete(k, s);
  }

  /** The matching states, parsed, in the order the store first saw them. */
  list(q: InstanceQuery): InstanceState[] {
    const out: InstanceState[] = [];
    for (const s of this.candidates(q)) {
      if (q.processId !== undefined && s.processId !== q.processId) continue;
      if (q.status !== undefined && s.status !== q.status) continue;
      if (q.businessKey !== undefined && s.businessKey !== q.businessKey) continue;
      out.push(loadState(s));
    }
    return out;
  }

  /** Every stored instance (id and stored form), in listing order. */
  entries(): IterableIterator<[string, StoredInstance]> {
    return this.byId.entries();
  }

  private candidates(q: InstanceQuery): Iterable<StoredInstance> {
    const b = (k: string) => this.index.get(k);
    const options: (Bucket<StoredInstance> | undefined)[][] = [];
    if (q.businessKey !== undefined) options.push([b(`k${q.businessKey}`)]);
    if (q.processId !== undefined || q.status !== undefined) {
      const processes = q.processId !== undefined ? [q.processId] : [...this.processes];
      const statuses = q.status !== undefined ? [q.status] : STATUSES;
      options.push(processes.flatMap((p) => statuses.map((s) => b(`P${p}${SEP}${s}`))));
    }
    if (options.length === 0) return this.byId.values();
    const size = (list: (Bucket<StoredInstance> | undefined)[]) => list.reduce((n, x) => n + (x?.size ?? 0), 0);
    let best = options[0]!;
    for (const o of options) if (size(o) < size(best)) best = o;
    return mergeOrdered(best);
  }
}
