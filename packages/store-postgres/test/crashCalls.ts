/**
 * The call activity and the signal of the crash and multi-node tests
 * (test/fixtures/crash-calls.bpmn): a caller (`crashCaller`) calls a callee (`crashCallee`,
 * a short timer) — the child instance is created in the caller's commit and its completion
 * continues the caller in the child's — then waits for the `wave` signal, which the host
 * broadcasts while any caller waits for it.
 *
 * {@link verifyCalls} checks the store afterwards: every caller completed exactly once,
 * after its one child completed exactly once; no child without its caller, none left
 * running; each caller received `wave` exactly once.
 */
import { readFileSync } from 'node:fs';
import type { HistoryRecord } from '@handoff/engine';
import type { Queryable } from '../src/index';

/** The BPMN (both processes). */
export const CALLS_BPMN = readFileSync(new URL('./fixtures/crash-calls.bpmn', import.meta.url), 'utf8');
export const CALLER_ID = 'crashCaller';
export const CALLEE_ID = 'crashCallee';
/** The signal the callers wait for. */
export const WAVE = 'wave';

/** The caller's start variables: the callee's timer, ms. */
export const callerVariables = (calleeWaitMs: number) => ({ calleeWait: `PT${calleeWaitMs / 1000}S` });

/** What {@link verifyCalls} found. */
export interface CallsReport {
  problems: string[];
  stats: { callers: number; callees: number; signalsReceived: number };
}

/**
 * Check the callers with the given business keys (exactly one each) and every callee in the
 * store. `signalNode`: when given, every `signal.received` must have been written by that node.
 */
export async function verifyCalls(db: Queryable, keys: readonly string[], signalNode?: string): Promise<CallsReport> {
  const problems: string[] = [];
  const bad = (msg: string) => {
    if (problems.length < 50) problems.push(msg);
  };
  const callers = (await db.query<{ id: string; business_key: string | null; status: string }>('SELECT id, business_key, status FROM handoff_instances WHERE process_id = $1', [CALLER_ID])).rows;
  const callees = (await db.query<{ id: string; status: string; parent: string | null }>("SELECT id, status, state->'parent'->>'id' AS parent FROM handoff_instances WHERE process_id = $1", [CALLEE_ID])).rows;
  const byKey = new Map<string, string[]>();
  for (const c of callers) byKey.set(c.business_key ?? '', [...(byKey.get(c.business_key ?? '') ?? []), c.id]);
  for (const k of keys) if ((byKey.get(k) ?? []).length !== 1) bad(`${k}: ${(byKey.get(k) ?? []).length} callers (expected exactly 1)`);
  if (callers.length !== keys.length) bad(`${callers.length} callers for ${keys.length} keys`);
  for (const c of callers) if (c.status !== 'completed') bad(`caller ${c.business_key}: status ${c.status}`);

  const callerIds = new Set(callers.map((c) => c.id));
  const childrenOf = new Map<string, string[]>();
  for (const c of callees) {
    if (c.parent === null || !callerIds.has(c.parent)) bad(`callee ${c.id}: parent ${c.parent} is not a caller (a child without its parent)`);
    else childrenOf.set(c.parent, [...(childrenOf.get(c.parent) ?? []), c.id]);
    if (c.status !== 'completed') bad(`callee ${c.id}: status ${c.status} (an orphan left running)`);
  }

  const ids = [...callers.map((c) => c.id), ...callees.map((c) => c.id)];
  const rows = (await db.query<{ instance_id: string; node: string | null; record: HistoryRecord }>('SELECT instance_id, node, record FROM handoff_events WHERE instance_id = ANY($1) ORDER BY seq, n', [ids])).rows;
  const history = new Map<string, { node: string | null; record: HistoryRecord }[]>();
  for (const r of rows) history.set(r.instance_id, [...(history.get(r.instance_id) ?? []), r]);
  const of = (id: string, type: HistoryRecord['type']) => (history.get(id) ?? []).filter((r) => r.record.type === type);
  let signalsReceived = 0;
  for (const c of callees) {
    for (const type of ['process.started', 'timer.fired', 'process.completed'] as const) if (of(c.id, type).length !== 1) bad(`callee ${c.id}: ${of(c.id, type).length} × ${type}`);
  }
  for (const p of callers) {
    const key = p.business_key ?? p.id;
    const children = childrenOf.get(p.id) ?? [];
    if (children.length !== 1) {
      bad(`caller ${key}: ${children.length} callees (expected exactly 1)`);
      continue;
    }
    const child = children[0]!;
    for (const type of ['process.started', 'call.started', 'call.completed', 'process.completed'] as const) if (of(p.id, type).length !== 1) bad(`caller ${key}: ${of(p.id, type).length} × ${type}`);
    const started = of(p.id, 'call.started')[0]?.record;
    const returned = of(p.id, 'call.completed')[0]?.record;
    if (started && 'childId' in started && started.childId !== child) bad(`caller ${key}: call.started names ${started.childId}, its child is ${child}`);
    if (returned && 'childId' in returned && returned.childId !== child) bad(`caller ${key}: call.completed names ${returned.childId}, its child is ${child}`);
    const childDone = of(child, 'process.completed')[0]?.record;
    const done = of(p.id, 'process.completed')[0]?.record;
    if (childDone && returned && returned.at < childDone.at) bad(`caller ${key}: call.completed at ${returned.at}, before its child completed at ${childDone.at}`);
    if (childDone && done && done.at < childDone.at) bad(`caller ${key}: completed at ${done.at}, before its child at ${childDone.at}`);
    const waves = of(p.id, 'signal.received');
    signalsReceived += waves.length;
    if (waves.length !== 1 || (waves[0]!.record as { signalName?: string }).signalName !== WAVE) bad(`caller ${key}: ${waves.length} × signal.received (expected one ${WAVE})`);
    if (signalNode !== undefined) for (const w of waves) if (w.node !== signalNode) bad(`caller ${key}: signal received by node ${w.node}, broadcast by ${signalNode}`);
    if (returned && waves[0] && waves[0].record.at < returned.at) bad(`caller ${key}: signal received before its call completed`);
  }
  const waiting = Number((await db.query<{ n: string | number }>("SELECT count(*) AS n FROM handoff_subscriptions WHERE key_kind = 'signal'")).rows[0]!.n);
  if (waiting !== 0) bad(`${waiting} signal subscriptions left waiting`);
  return { problems, stats: { callers: callers.length, callees: callees.length, signalsReceived } };
}
