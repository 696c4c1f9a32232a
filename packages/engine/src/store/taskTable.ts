/**
 * The memory store's task projection with its indexes: by instance, process, element,
 * business key, assignee, state, role (lane role or candidate group), and role × state,
 * assignee × state and candidate user × state for tasklists. A query reads the smallest bucket its filters name and
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

const STATES: readonly TaskStateName[] = ['waiting', 'open', 'claimed', 'completed', 'cancelled'];

/** Buckets by two keys (role or assignee, then state); keyed by the records' own strings: nothing to build or hash anew. */
class PairIndex<E extends Entry> {
  private readonly outer = new Map<string, BucketIndex<E>>();
  get(a: string, b: string): Bucket<E> | undefined {
    return this.outer.get(a)?.get(b);
  }
  add(a: string, b: string, e: E): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new BucketIndex()));
    inner.add(b, e);
  }
  delete(a: string, b: string, e: E): void {
    this.outer.get(a)?.delete(b, e);
  }
}

const NONE: readonly string[] = [];

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Move `e` from bucket `a` to bucket `b` of `index` (a key that did not change moves nothing). */
function move(index: BucketIndex<Entry>, a: string | undefined, b: string | undefined, e: Entry): void {
  if (a === b) return;
  if (a !== undefined) index.delete(a, e);
  if (b !== undefined) index.add(b, e);
}

/** Add `e` to, or remove it from, bucket `k` of `index` (no key: nothing). */
function op(index: BucketIndex<Entry>, k: string | undefined, e: Entry, add: boolean): void {
  if (k === undefined) return;
  if (add) index.add(k, e);
  else index.delete(k, e);
}

export class TaskTable {
  private readonly byId = new Map<string, Entry>();
  private readonly byProcess = new BucketIndex<Entry>();
  private readonly byElement = new BucketIndex<Entry>();
  private readonly byBusinessKey = new BucketIndex<Entry>();
  private readonly byState = new BucketIndex<Entry>();
  /** Role (lane role or candidate group) × state; a query without a state merges the five. */
  private readonly byRoleState = new PairIndex<Entry>();
  private readonly byAssigneeState = new PairIndex<Entry>();
  /** Candidate user × state (`tasks.query({ candidateUser })`). */
  private readonly byUserState = new PairIndex<Entry>();
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
      this.index(e, rec, true);
      return;
    }
    // Only the buckets whose key changed move (an unchanged key keeps the entry's place).
    const old = cur.rec;
    if (old.instanceId !== rec.instanceId) {
      this.unlink(cur);
      cur.rec = rec;
      this.link(cur);
    } else cur.rec = rec;
    move(this.byProcess, old.processId, rec.processId, cur);
    move(this.byElement, old.elementId, rec.elementId, cur);
    move(this.byBusinessKey, old.businessKey, rec.businessKey, cur);
    move(this.byState, old.state, rec.state, cur);
    if (old.assignee !== rec.assignee || old.state !== rec.state) {
      if (old.assignee !== undefined) this.byAssigneeState.delete(old.assignee, old.state, cur);
      if (rec.assignee !== undefined) this.byAssigneeState.add(rec.assignee, rec.state, cur);
    }
    const oldUsers = old.candidateUsers ?? NONE;
    const newUsers = rec.candidateUsers ?? NONE;
    if ((oldUsers.length || newUsers.length) && (old.state !== rec.state || !sameList(oldUsers, newUsers))) {
      for (const u of new Set(oldUsers)) this.byUserState.delete(u, old.state, cur);
      for (const u of new Set(newUsers)) this.byUserState.add(u, rec.state, cur);
    }
    if (old.role === undefined && rec.role === undefined && old.candidateGroups.length === 0 && rec.candidateGroups.length === 0) return; // no role buckets
    const oldRoles = rolesOf(old);
    const newRoles = rolesOf(rec);
    if (old.state !== rec.state || !sameList(oldRoles, newRoles)) {
      for (const r of new Set(oldRoles)) this.byRoleState.delete(r, old.state, cur);
      for (const r of new Set(newRoles)) this.byRoleState.add(r, rec.state, cur);
    }
  }

  delete(id: string): void {
    const e = this.byId.get(id);
    if (!e) return;
    this.byId.delete(id);
    this.unlink(e);
    this.index(e, e.rec, false);
  }

  /** Add `e` (as `rec`) to, or remove it from, every bucket. */
  private index(e: Entry, rec: TaskRecord, add: boolean): void {
    op(this.byProcess, rec.processId, e, add);
    op(this.byElement, rec.elementId, e, add);
    op(this.byBusinessKey, rec.businessKey, e, add);
    op(this.byState, rec.state, e, add);
    if (rec.assignee !== undefined) {
      if (add) this.byAssigneeState.add(rec.assignee, rec.state, e);
      else this.byAssigneeState.delete(rec.assignee, rec.state, e);
    }
    if (rec.role !== undefined || rec.candidateGroups.length > 0) {
      for (const r of new Set(rolesOf(rec))) {
        if (add) this.byRoleState.add(r, rec.state, e);
        else this.byRoleState.delete(r, rec.state, e);
      }
    }
    if (rec.candidateUsers?.length) {
      for (const u of new Set(rec.candidateUsers)) {
        if (add) this.byUserState.add(u, rec.state, e);
        else this.byUserState.delete(u, rec.state, e);
      }
    }
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
    const given: readonly TaskStateName[] | undefined = q.state === undefined ? undefined : typeof q.state === 'string' ? [q.state] : q.state;
    const states = given ?? STATES;
    const roles = q.role !== undefined ? [q.role, ...(q.roles ?? [])] : q.roles;
    const options: (Bucket<Entry> | undefined)[][] = [];
    if (q.businessKey !== undefined) options.push([this.byBusinessKey.get(q.businessKey)]);
    if (q.processId !== undefined) options.push([this.byProcess.get(q.processId)]);
    if (q.elementId !== undefined) options.push([this.byElement.get(q.elementId)]);
    if (q.assignee !== undefined) options.push(states.map((s) => this.byAssigneeState.get(q.assignee!, s)));
    if (q.candidateUser !== undefined) options.push(states.map((s) => this.byUserState.get(q.candidateUser!, s)));
    if (roles !== undefined) options.push(roles.flatMap((r) => states.map((s) => this.byRoleState.get(r, s))));
    if (given !== undefined) options.push(given.map((s) => this.byState.get(s)));
    if (options.length === 0) return this.byId.values();
    const size = (list: (Bucket<Entry> | undefined)[]) => list.reduce((n, x) => n + (x?.size ?? 0), 0);
    let best = options[0]!;
    for (const o of options) if (size(o) < size(best)) best = o;
    return mergeOrdered(best);
  }
}
