/**
 * The crash tests' workload, shared by the child process that runs it (crashChild.ts) and
 * the parent that kills it and checks the store afterwards (crash.*.test.ts).
 *
 * Case k (business key `case-k`) runs test/fixtures/crash-workload.bpmn: a parallel fork, a
 * review under a 1 s SLA (24/7), a short timer (0.2–2 s), a `paid` message correlated by
 * business key (sent before the instance exists — buffered — or some time after it started),
 * a check with an interrupting timeout, a parallel join and a service task. Every input of
 * case k (durations, when the message is sent, how long the simulated workers take) is
 * derived from the run's seed and k, so a failing run replays with `HANDOFF_SEED`.
 * Beside it, caller `call-k` (crashCalls.ts) calls a child process with a short timer, then
 * waits for the `wave` signal, which the host broadcasts while any caller waits.
 *
 * The driver is what a real host does after a crash, idempotently: start case k only when
 * no instance has business key `case-k`; send a message only when history says it was not
 * correlated and the store holds no buffered copy; complete whatever tasks are open; start
 * caller k when case k exists and no caller has business key `call-k`; broadcast `wave`
 * while a signal subscription for it is open.
 */
import { readFileSync } from 'node:fs';
import { TaskNotOpenError, type Engine, type HistoryRecord, type Store } from '@handoff/engine';
import { seededRandom } from '@handoff/simulator/random';
import type { Queryable } from '../src/index';
import { CALLER_ID, callerVariables, verifyCalls, WAVE } from './crashCalls';

/** The workload's BPMN. */
export const CRASH_BPMN = readFileSync(new URL('./fixtures/crash-workload.bpmn', import.meta.url), 'utf8');

/** The process id in {@link CRASH_BPMN}. */
export const PROCESS_ID = 'crashWorkload';
/** The review SLA's limit (ms, 24/7) and warning fraction, as drawn in the BPMN. */
export const REVIEW_SLA = { limit: 1_000, warning: 0.5 };

/** Everything about case k, derived from (seed, k). */
export interface CasePlan {
  k: number;
  key: string;
  /** The intermediate timer, ms. */
  waitMs: number;
  /** The check's interrupting timeout, ms (short ones usually fire before the clerk acts). */
  checkTimeoutMs: number;
  /** `early`: sent before the instance starts (buffered); `late`: sent `messageAfterMs` after it started. */
  message: 'early' | 'late';
  messageAfterMs: number;
  /** How long the simulated workers take, ms after the task was created. */
  reviewAfterMs: number;
  checkAfterMs: number;
  /** The called child's timer, ms. */
  calleeWaitMs: number;
}

/** The seeded generator of @handoff/simulator (its own module: the child loads nothing else of the kit). */
export const rng = seededRandom;

/** ISO 8601 for whole milliseconds, e.g. `PT0.734S`. */
const iso = (ms: number) => `PT${ms / 1000}S`;

/** Case k's plan under `seed`. */
export function planCase(seed: number, k: number): CasePlan {
  const r = rng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  return {
    k,
    key: `case-${k}`,
    waitMs: r.int(200, 2_000),
    checkTimeoutMs: r.chance(0.3) ? r.int(250, 600) : 4_000,
    message: r.chance(0.4) ? 'early' : 'late',
    messageAfterMs: r.int(100, 2_500),
    reviewAfterMs: r.int(0, 1_600),
    checkAfterMs: r.int(0, 700),
    // drawn last: the draws above stay what they were before the call activity was added
    calleeWaitMs: r.int(100, 1_200),
  };
}

/** The plans of cases 0..n-1. */
export const planCases = (seed: number, n: number): CasePlan[] => Array.from({ length: n }, (_, k) => planCase(seed, k));

/** Case k's caller's business key. */
export const callerKey = (plan: CasePlan) => `call-${plan.k}`;

/** The message's payload: its id lets the checks find it in `message.correlated`. */
const paidPayload = (plan: CasePlan) => ({ msgId: `${plan.key}/paid` });

const REVIEWER = { id: 'worker-reviewer', roles: ['reviewer'] };
const CLERK = { id: 'worker-clerk', roles: ['clerk'] };

/** Options of {@link driveWorkload}. */
export interface DriveOptions {
  /** Start one new case at most every `startEveryMs` (the workload spreads over the run). */
  startEveryMs: number;
  /** Start only cases 0..startLimit-1 (the parent spreads the starts over its kill rounds); default all. */
  startLimit?: number;
  /** How often the workers look for open tasks and the host for messages to send. */
  pollMs: number;
  /** Told once what is done has been read back from the store (the host has resumed). */
  onResumed?: () => void;
  /** Told of progress: how many cases exist and how many completed. */
  onProgress?: (started: number, completed: number) => void;
}

/**
 * Drive the workload on `engine` until every case has completed: start missing cases, send
 * messages that were not sent, complete open tasks when their worker's time has come.
 * Safe to run again after a crash at any point (it reads what is done from the store).
 */
export async function driveWorkload(engine: Engine, store: Store, plans: readonly CasePlan[], options: DriveOptions): Promise<void> {
  const byKey = new Map(plans.map((p) => [p.key, p]));
  /** Messages known to be correlated or buffered (read from the store at start, then as sent). */
  const sent = new Set<string>();
  const startedAt = new Map<string, number>();
  // What is already done: the instances that exist, the messages that history or the buffer holds.
  for (const inst of await engine.instances.list({ processId: PROCESS_ID })) {
    if (inst.businessKey === undefined) continue;
    startedAt.set(inst.businessKey, inst.startedAt);
    if (inst.status !== 'active') {
      sent.add(inst.businessKey);
      continue;
    }
    if (await messageDone(engine, store, inst.id, inst.businessKey)) sent.add(inst.businessKey);
  }
  for (const p of plans) if (!startedAt.has(p.key) && (await store.findMessages('paid', 'business', p.key, Date.now())).length > 0) sent.add(p.key);
  /** Callers that exist, by business key. */
  const callers = new Set<string>();
  for (const inst of await engine.instances.list({ processId: CALLER_ID })) if (inst.businessKey !== undefined) callers.add(inst.businessKey);
  options.onResumed?.();

  const busy = new Set<string>();
  let nextStart = 0;
  let lastStart = 0;
  let lastWave = 0;
  let waves = 0;
  for (;;) {
    const now = Date.now();
    // Start the next missing case (one per startEveryMs).
    while (nextStart < plans.length && startedAt.has(plans[nextStart]!.key)) nextStart++;
    if (nextStart < Math.min(plans.length, options.startLimit ?? Infinity) && now - lastStart >= options.startEveryMs) {
      const p = plans[nextStart]!;
      lastStart = now;
      if (p.message === 'early' && !sent.has(p.key)) {
        // Sent before the instance exists: nothing subscribes yet, so the store buffers it.
        await engine.messages.correlate('paid', { businessKey: p.key }, paidPayload(p));
        sent.add(p.key);
      }
      const inst = await engine.start(PROCESS_ID, { waitFor: iso(p.waitMs), checkTimeout: iso(p.checkTimeoutMs) }, { businessKey: p.key });
      startedAt.set(p.key, inst.startedAt);
    }
    // Case k's caller, once case k exists (also after a kill between the two starts).
    for (const p of plans) {
      if (!startedAt.has(p.key) || callers.has(callerKey(p))) continue;
      await engine.start(CALLER_ID, callerVariables(p.calleeWaitMs), { businessKey: callerKey(p) });
      callers.add(callerKey(p));
    }
    // The signal: broadcast while callers wait for it (a broadcast cut short by a kill is sent again; it reaches only those still waiting).
    if (now - lastWave >= 200) {
      lastWave = now;
      if ((await store.findSubscriptions(WAVE, 'signal', '')).length > 0) await engine.signals.broadcast(WAVE, { wave: ++waves });
    }
    // Late messages whose time has come.
    for (const p of plans) {
      const at = startedAt.get(p.key);
      if (at === undefined || sent.has(p.key) || now < at + p.messageAfterMs) continue;
      await engine.messages.correlate('paid', { businessKey: p.key }, paidPayload(p));
      sent.add(p.key);
    }
    // The workers: complete open tasks whose time has come (a task cancelled meanwhile by its timeout is skipped).
    for (const task of await engine.tasks.query({ processId: PROCESS_ID, state: 'open' })) {
      const p = task.businessKey === undefined ? undefined : byKey.get(task.businessKey);
      if (!p || busy.has(task.id)) continue;
      const review = task.elementId === 'review';
      if (now < task.createdAt + (review ? p.reviewAfterMs : p.checkAfterMs)) continue;
      busy.add(task.id);
      await engine.tasks
        .complete(task.id, review ? REVIEWER : CLERK, review ? { reviewed: true } : { checked: true })
        .catch((err) => {
          if (!(err instanceof TaskNotOpenError)) throw err;
        })
        .finally(() => busy.delete(task.id));
    }
    const completed = (await engine.instances.list({ processId: PROCESS_ID, status: 'completed' })).length;
    options.onProgress?.(startedAt.size, completed);
    if (completed === plans.length && (await engine.instances.list({ processId: CALLER_ID, status: 'completed' })).length === plans.length) return;
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
}

/**
 * Whether case `key`'s message waits in the buffer or was correlated (history). The buffer is
 * read first: the engine may take the message meanwhile, and taking it deletes it and writes
 * `message.correlated` in one commit, so a message missing from the buffer is in the history
 * read after it. (Read the other way round, a message taken between the two reads looks
 * unsent and is sent twice — a first run of this test did exactly that.)
 */
async function messageDone(engine: Engine, store: Store, instanceId: string, key: string): Promise<boolean> {
  if ((await store.findMessages('paid', 'business', key, Date.now())).length > 0) return true;
  const h = await engine.history(instanceId, { types: ['message.correlated'] });
  return h.length > 0;
}

/** The `book` service task's handler: at least once, keyed by the stable job id. */
export async function bookHandler(job: { jobId: string; now: number }): Promise<Record<string, unknown>> {
  // A little work, so that kills land inside handlers too.
  await new Promise((r) => setTimeout(r, 20 + (job.now % 80)));
  return { booking: `B-${job.jobId}` };
}

/** What the parent checks, and counts for the report. */
export interface WorkloadReport {
  problems: string[];
  stats: Record<string, number>;
}

/** JSON with sorted keys (jsonb reorders keys). */
export function canonical(x: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, w]) => [k, sort(w)])) : v;
  return JSON.stringify(sort(x));
}

/** Count occurrences of each key. */
function counts(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/**
 * Check the store after the workload finished: every case exists once and completed; every
 * task created once and completed or cancelled once; every timer scheduled once and fired
 * or cancelled once, never early; every message correlated once and none left buffered;
 * SLA elapsed times exact on 24/7; the book job completed once; no history record twice;
 * every caller completed once after its one child, and received the signal once (crashCalls.ts).
 * `down`: the intervals [kill, next start resumed) — timers due in them are counted.
 */
export async function verifyWorkload(db: Queryable, plans: readonly CasePlan[], down: readonly (readonly [number, number])[] = []): Promise<WorkloadReport> {
  const problems: string[] = [];
  const stats: Record<string, number> = { instances: 0, tasksCompleted: 0, tasksCancelled: 0, timersFired: 0, timersCancelled: 0, timersDueWhileDown: 0, timersFiredLateOver1s: 0, messagesCorrelated: 0, slaMet: 0, slaBreached: 0 };
  const bad = (msg: string) => {
    if (problems.length < 50) problems.push(msg);
  };
  const insts = (await db.query<{ id: string; business_key: string | null; status: string; rev: number | string }>('SELECT id, business_key, status, rev FROM handoff_instances WHERE process_id = $1', [PROCESS_ID])).rows;
  stats.instances = insts.length;
  const byKey = new Map<string, typeof insts>();
  for (const i of insts) byKey.set(i.business_key ?? '', [...(byKey.get(i.business_key ?? '') ?? []), i]);
  for (const p of plans) {
    const found = byKey.get(p.key) ?? [];
    if (found.length !== 1) bad(`${p.key}: ${found.length} instances (expected exactly 1)`);
    else if (found[0]!.status !== 'completed') bad(`${p.key}: status ${found[0]!.status} (expected completed)`);
  }
  if (insts.length !== plans.length) bad(`${insts.length} instances for ${plans.length} cases`);

  // A history row is one commit's records of one instance (schema migration 7); with group
  // commit several commits share a transaction, so the row (its seq), not the xid, names the commit.
  const rows = (await db.query<{ instance_id: string; seq: number | string; record: HistoryRecord }>('SELECT instance_id, seq, record FROM handoff_events ORDER BY seq, n')).rows;
  const history = new Map<string, HistoryRecord[]>();
  /** The writing commit of each record (canonical JSON → history row seqs), per instance. */
  const commits = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    history.set(r.instance_id, [...(history.get(r.instance_id) ?? []), r.record]);
    const byRecord = commits.get(r.instance_id) ?? new Map<string, Set<string>>();
    commits.set(r.instance_id, byRecord);
    const c = canonical(r.record);
    byRecord.set(c, (byRecord.get(c) ?? new Set()).add(String(r.seq)));
  }
  for (const inst of insts) {
    const h = history.get(inst.id) ?? [];
    const key = inst.business_key ?? inst.id;
    const of = <T extends HistoryRecord['type']>(type: T) => h.filter((e): e is Extract<HistoryRecord, { type: T }> => e.type === type);
    // No commit recorded twice: every commit that wrote history advanced the instance's
    // version (a command applied twice on one version would add a commit, not a rev),
    // no record of an element that runs once reappears in another commit, and the
    // once-only events below are there once. (A join legitimately writes identical
    // gateway records, e.g. one activity.left per joined token, so gateways are left out.)
    const byRecord = commits.get(inst.id) ?? new Map<string, Set<string>>();
    const writes = new Set([...byRecord.values()].flatMap((x) => [...x]));
    if (writes.size > Number(inst.rev)) bad(`${key}: history written by ${writes.size} commits but the instance is at rev ${inst.rev}`);
    const again = [...byRecord].filter(([rec, x]) => x.size > 1 && !/"elementType":"bpmn:(Parallel|Exclusive)Gateway"/.test(rec));
    if (again.length > 0) bad(`${key}: ${again.length} history records written by more than one commit, e.g. ${again[0]![0].slice(0, 300)}`);
    for (const type of ['process.started', 'process.completed'] as const) if (of(type).length !== 1) bad(`${key}: ${of(type).length} × ${type}`);
    /** Begun once, then ended exactly once: by `done` (at most once) or by `cancelled`; nothing ends that never began. */
    const onceThenOneEnd = (what: string, began: [string, string[]], done: [string, string[]], cancelled: [string, string[]]) => {
      const [b, d, c] = [counts(began[1]), counts(done[1]), counts(cancelled[1])];
      for (const [id, n] of b) {
        const [dn, cn] = [d.get(id) ?? 0, c.get(id) ?? 0];
        if (n !== 1) bad(`${key}: ${what} ${id} ${began[0]} ${n} times`);
        if (dn > 1) bad(`${key}: ${what} ${id} ${done[0]} ${dn} times`);
        if (dn + cn !== 1) bad(`${key}: ${what} ${id} ${done[0]} ${dn}, ${cancelled[0]} ${cn} times (expected one end)`);
      }
      for (const id of [...d.keys(), ...c.keys()]) if (!b.has(id)) bad(`${key}: ${what} ${id} ended but was never ${began[0]}`);
      return [d.size, c.size] as const;
    };
    // Tasks: created once, then completed or cancelled once.
    const [tasksDone, tasksCancelled] = onceThenOneEnd('task', ['created', of('task.created').map((e) => e.task.id)], ['completed', of('task.completed').map((e) => e.task.id)], ['cancelled', of('task.cancelled').map((e) => e.task.id)]);
    stats.tasksCompleted! += tasksDone;
    stats.tasksCancelled! += tasksCancelled;
    // Timers: scheduled once, fired or cancelled once, never before due.
    const fired = of('timer.fired');
    const [, timersCancelled] = onceThenOneEnd('timer', ['scheduled', of('timer.scheduled').map((e) => e.timerId)], ['fired', fired.map((e) => e.timerId)], ['cancelled', of('timer.cancelled').map((e) => e.timerId)]);
    for (const e of fired) {
      if (e.at < e.dueAt) bad(`${key}: timer ${e.timerId} fired ${e.dueAt - e.at} ms early`);
      if (e.at - e.dueAt > 1_000) stats.timersFiredLateOver1s!++;
      if (down.some(([from, to]) => e.dueAt >= from && e.dueAt < to)) stats.timersDueWhileDown!++;
    }
    stats.timersFired! += fired.length;
    stats.timersCancelled! += timersCancelled;
    // The message: correlated once, with this case's payload.
    const corr = of('message.correlated');
    if (corr.length !== 1 || corr[0]!.payload.msgId !== `${key}/paid`) bad(`${key}: message.correlated ${JSON.stringify(corr.map((e) => e.payload))} (expected one ${key}/paid)`);
    stats.messagesCorrelated! += corr.length;
    // The service task: its job completed once (its handler may have run more than once).
    const jobsDone = of('job.completed');
    if (jobsDone.length !== 1) bad(`${key}: job.completed ${jobsDone.length} times`);
    // SLA: started once; warning and breach at exactly their working time; met / stopped with elapsed == stop − start (24/7).
    const started = of('sla.started');
    if (started.length !== 1) bad(`${key}: sla.started ${started.length} times`);
    const start = started[0];
    for (const e of of('sla.warning')) {
      if (e.elapsed !== REVIEW_SLA.limit * REVIEW_SLA.warning || e.at < e.startedAt + e.elapsed) bad(`${key}: sla.warning elapsed ${e.elapsed} at +${e.at - e.startedAt}`);
    }
    const breached = of('sla.breached');
    for (const e of breached) {
      if (e.elapsed !== REVIEW_SLA.limit || e.dueAt !== e.startedAt + REVIEW_SLA.limit || e.at < e.dueAt) bad(`${key}: sla.breached elapsed ${e.elapsed}, dueAt +${(e.dueAt ?? NaN) - e.startedAt}, at +${e.at - e.startedAt}`);
    }
    const ends = [...of('sla.met'), ...of('sla.stopped')];
    if (ends.length !== 1) bad(`${key}: ${ends.length} sla.met/sla.stopped (expected 1)`);
    for (const e of ends) {
      const reviewDone = of('task.completed').find((t) => t.elementId === 'review');
      if (start && e.startedAt !== start.at) bad(`${key}: ${e.type} startedAt ${e.startedAt} but sla.started at ${start.at}`);
      if (e.elapsed !== e.at - e.startedAt) bad(`${key}: ${e.type} elapsed ${e.elapsed} ≠ stop − start = ${e.at - e.startedAt}`);
      if (!reviewDone || reviewDone.at !== e.at) bad(`${key}: ${e.type} at ${e.at}, review completed at ${reviewDone?.at}`);
      if ((e.type === 'sla.met') !== (breached.length === 0)) bad(`${key}: ${e.type} with ${breached.length} breaches`);
      if (e.type === 'sla.met' && e.elapsed > REVIEW_SLA.limit) bad(`${key}: sla.met after ${e.elapsed} ms (limit ${REVIEW_SLA.limit})`);
    }
    stats.slaMet! += of('sla.met').length;
    stats.slaBreached! += breached.length;
  }
  // Nothing left behind: no timers, subscriptions, buffered messages or open tasks.
  for (const [table, where] of [['handoff_timers', ''], ['handoff_subscriptions', ''], ['handoff_messages', ''], ['handoff_tasks', "WHERE state NOT IN ('completed', 'cancelled')"]] as const) {
    const n = Number((await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table} ${where}`)).rows[0]!.n);
    if (n !== 0) bad(`${n} rows left in ${table} ${where}`);
  }
  // The call activity and the signal.
  const calls = await verifyCalls(db, plans.map(callerKey));
  for (const p of calls.problems) bad(p);
  Object.assign(stats, calls.stats);
  return { problems, stats };
}
