/**
 * The memory store's instances: each state kept as its JSON string (every load is a fresh
 * copy, and a parked instance stays compact), with the fields `listInstances` filters by
 * beside it and indexed — by process, status, process × status and business key — so a
 * listing parses only the instances it returns.
 *
 * @module
 */
import type { InstanceState, InstanceStatus } from '../runtime/state';
import { BucketIndex, mergeOrdered, type Bucket } from './bucket';
import type { InstanceQuery } from './types';

export interface StoredInstance {
  readonly seq: number;
  json: string;
  rev: number;
  processId: string;
  status: InstanceStatus;
  businessKey: string | undefined;
}

const SEP = '\u0000';

const STATUSES: readonly InstanceStatus[] = ['active', 'completed', 'terminated'];

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
  private seq = 0;

  get(id: string): StoredInstance | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Store a state (new or replacing; a replaced instance keeps its place in listings). */
  put(state: InstanceState, json: string = JSON.stringify(state)): void {
    const cur = this.byId.get(state.id);
    const fields = { processId: state.processId, status: state.status, businessKey: state.businessKey };
    if (!cur) this.processes.add(state.processId);
    if (!cur) {
      const s: StoredInstance = { seq: ++this.seq, json, rev: state.rev, ...fields };
      this.byId.set(state.id, s);
      for (const k of keysOf(s)) this.index.add(k, s);
      return;
    }
    cur.json = json;
    cur.rev = state.rev;
    // Most commits change neither process, status nor business key: the buckets stay.
    if (cur.processId === fields.processId && cur.status === fields.status && cur.businessKey === fields.businessKey) return;
    const before = keysOf(cur);
    const after = keysOf(fields);
    this.processes.add(fields.processId);
    cur.processId = fields.processId;
    cur.status = fields.status;
    cur.businessKey = fields.businessKey;
    for (const k of before) if (!after.includes(k)) this.index.delete(k, cur);
    for (const k of after) if (!before.includes(k)) this.index.add(k, cur);
  }

  delete(id: string): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    for (const k of keysOf(s)) this.index.delete(k, s);
  }

  /** The matching states, parsed, in the order the store first saw them. */
  list(q: InstanceQuery): InstanceState[] {
    const out: InstanceState[] = [];
    for (const s of this.candidates(q)) {
      if (q.processId !== undefined && s.processId !== q.processId) continue;
      if (q.status !== undefined && s.status !== q.status) continue;
      if (q.businessKey !== undefined && s.businessKey !== q.businessKey) continue;
      out.push(JSON.parse(s.json) as InstanceState);
    }
    return out;
  }

  /** Every stored instance (id and JSON), in listing order. */
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
