/**
 * The memory store's task projection with its indexes: by instance, process, element,
 * business key, assignee, state, role (lane role or candidate group), and role × state and
 * assignee × state for tasklists. A query reads the smallest bucket its filters name and
 * checks the rest with `matchesTaskQuery`, so its cost follows the tasks that can match, not
 * every task ever made; with the default order and a `limit` it stops at the page's end.
 *
 * @module
 */
import { compareTasks, pageOf } from '../tasks/query';
import { matchesTaskQuery, rolesOf, type TaskQuery, type TaskRecord, type TaskStateName } from '../tasks/types';
import { BucketIndex, mergeOrdered, type Bucket } from './bucket';

interface Entry {
  readonly seq: number;
  rec: TaskRecord;
}

const SEP = '\u0000';

const STATES: readonly TaskStateName[] = ['waiting', 'open', 'claimed', 'completed', 'cancelled'];

/**
 * The bucket keys of a task record. Role and assignee are indexed with the state only (a
 * query without a state merges the five state buckets); the instance has its own map.
 */
function keysOf(t: TaskRecord): string[] {
  const keys = [`p${t.processId}`, `e${t.elementId}`, `s${t.state}`];
  if (t.businessKey !== undefined) keys.push(`k${t.businessKey}`);
  if (t.assignee !== undefined) keys.push(`A${t.assignee}${SEP}${t.state}`);
  for (const r of rolesOf(t)) keys.push(`R${r}${SEP}${t.state}`);
  return keys;
}

export class TaskTable {
  private readonly byId = new Map<string, Entry>();
  private readonly index = new BucketIndex<Entry>();
  /** Instance id → its task entries, in seq order (keyed by the record's own id string: no key to build). */
  private readonly byInstance = new Map<string, Entry | Entry[]>();
  private seq = 0;

  private link(e: Entry): void {
    const cur = this.byInstance.get(e.rec.instanceId);
    if (cur === undefined) this.byInstance.set(e.rec.instanceId, e);
    else if (Array.isArray(cur)) {
      cur.push(e);
      if (cur.length > 1 && cur[cur.length - 2]!.seq > e.seq) cur.sort((a, b) => a.seq - b.seq);
    } else this.byInstance.set(e.rec.instanceId, cur.seq < e.seq ? [cur, e] : [e, cur]);
  }

  private unlink(e: Entry): void {
    const id = e.rec.instanceId;
    const cur = this.byInstance.get(id);
    if (cur === e) this.byInstance.delete(id);
    else if (Array.isArray(cur)) {
      const i = cur.indexOf(e);
      if (i >= 0) cur.splice(i, 1);
      if (cur.length === 1) this.byInstance.set(id, cur[0]!);
    }
  }

  private ofInstance(id: string): Entry[] {
    const cur = this.byInstance.get(id);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }

  get(id: string): TaskRecord | undefined {
    return this.byId.get(id)?.rec;
  }

  /** Insert or replace (a replaced task keeps its place in the default order). */
  put(rec: TaskRecord): void {
    const cur = this.byId.get(rec.id);
    if (!cur) {
      const e: Entry = { seq: ++this.seq, rec };
      this.byId.set(rec.id, e);
      this.link(e);
      for (const k of new Set(keysOf(rec))) this.index.add(k, e);
      return;
    }
    // Few keys (up to ~8): arrays, no sets; an unchanged key keeps the entry's place.
    const before = keysOf(cur.rec);
    const after = keysOf(rec);
    if (cur.rec.instanceId !== rec.instanceId) {
      this.unlink(cur);
      cur.rec = rec;
      this.link(cur);
    } else cur.rec = rec;
    for (let i = 0; i < before.length; i++) {
      const k = before[i]!;
      if (!after.includes(k) && before.indexOf(k) === i) this.index.delete(k, cur);
    }
    for (let i = 0; i < after.length; i++) {
      const k = after[i]!;
      if (!before.includes(k) && after.indexOf(k) === i) this.index.add(k, cur);
    }
  }

  delete(id: string): void {
    const e = this.byId.get(id);
    if (!e) return;
    this.byId.delete(id);
    this.unlink(e);
    for (const k of new Set(keysOf(e.rec))) this.index.delete(k, e);
  }

  /** The ids of an instance's tasks. */
  idsOf(instanceId: string): string[] {
    return this.ofInstance(instanceId).map((e) => e.rec.id);
  }

  /** Every task, in the default order. */
  all(): TaskRecord[] {
    return [...this.byId.values()].map((e) => e.rec);
  }

  /** The tasks matching `q` (validated by the caller), in its order, paged. */
  query(q: TaskQuery): TaskRecord[] {
    const candidates = this.candidates(q);
    const out: TaskRecord[] = [];
    if (q.sort === undefined) {
      let skip = q.offset ?? 0;
      const limit = q.limit ?? Infinity;
      if (limit === 0) return out;
      for (const e of candidates) {
        if (!matchesTaskQuery(e.rec, q)) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        out.push(e.rec);
        if (out.length >= limit) break;
      }
      return out;
    }
    for (const e of candidates) if (matchesTaskQuery(e.rec, q)) out.push(e.rec);
    return pageOf(out.sort(compareTasks(q.sort)), q);
  }

  /** The entries of the smallest set of buckets the query's filters name, in seq order. */
  private candidates(q: TaskQuery): Iterable<Entry> {
    // An instance's tasks are few: its own list, filtered.
    if (q.instanceId !== undefined) return this.ofInstance(q.instanceId);
    const b = (k: string) => this.index.get(k);
    const given: readonly TaskStateName[] | undefined = q.state === undefined ? undefined : typeof q.state === 'string' ? [q.state] : q.state;
    const states = given ?? STATES;
    const roles = q.role !== undefined ? [q.role, ...(q.roles ?? [])] : q.roles;
    const options: (Bucket<Entry> | undefined)[][] = [];
    if (q.businessKey !== undefined) options.push([b(`k${q.businessKey}`)]);
    if (q.processId !== undefined) options.push([b(`p${q.processId}`)]);
    if (q.elementId !== undefined) options.push([b(`e${q.elementId}`)]);
    if (q.assignee !== undefined) options.push(states.map((s) => b(`A${q.assignee}${SEP}${s}`)));
    if (roles !== undefined) options.push(roles.flatMap((r) => states.map((s) => b(`R${r}${SEP}${s}`))));
    if (given !== undefined) options.push(given.map((s) => b(`s${s}`)));
    if (options.length === 0) return this.byId.values();
    const size = (list: (Bucket<Entry> | undefined)[]) => list.reduce((n, x) => n + (x?.size ?? 0), 0);
    let best = options[0]!;
    for (const o of options) if (size(o) < size(best)) best = o;
    return mergeOrdered(best);
  }
}
