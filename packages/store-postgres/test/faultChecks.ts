/**
 * What the database-fault tests check in the store after the faults are over, for the
 * multi-node workload (start → timer → service task → maybe an approval → end): every case
 * whose start was acknowledged is there once and completed, its timer scheduled and fired
 * exactly once, its job completed once; a start refused with `STORE_UNAVAILABLE` left nothing;
 * one refused with `COMMIT_UNKNOWN` is wholly there (and then completes like the others) or
 * wholly absent.
 */
import type { HistoryRecord } from '@handoff/engine';
import type { Queryable } from '../src/index';

/** The answers the callers got: by business key. */
export interface StartAnswers {
  acknowledged: string[];
  /** Refused with STORE_UNAVAILABLE: nothing may be written. */
  unavailable: string[];
  /** Refused with COMMIT_UNKNOWN: wholly there or absent. */
  unknown: string[];
}

/** Wait until no instance of the workload is still running (or `timeoutMs` passed); returns how many still run. */
export async function settle(db: Queryable, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const running = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM handoff_instances WHERE process_id = 'multinode' AND status <> 'completed'")).rows[0]!.n);
    if (running === 0 || Date.now() > until) return running;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The problems found (empty: all well), and how many unknown-outcome starts landed. */
export async function checkCases(db: Queryable, answers: StartAnswers): Promise<{ problems: string[]; unknownLanded: number }> {
  const problems: string[] = [];
  const bad = (m: string) => void (problems.length < 40 && problems.push(m));
  const insts = (await db.query<{ id: string; business_key: string; status: string }>("SELECT id, business_key, status FROM handoff_instances WHERE process_id = 'multinode'")).rows;
  const byKey = new Map<string, typeof insts>();
  for (const i of insts) byKey.set(i.business_key, [...(byKey.get(i.business_key) ?? []), i]);
  const events = (await db.query<{ instance_id: string; record: HistoryRecord }>('SELECT instance_id, record FROM handoff_events ORDER BY seq, n')).rows;
  const history = new Map<string, HistoryRecord[]>();
  for (const e of events) history.set(e.instance_id, [...(history.get(e.instance_id) ?? []), e.record]);

  const wholeAndDone = (key: string) => {
    const found = byKey.get(key) ?? [];
    if (found.length !== 1) return bad(`${key}: ${found.length} instances (expected 1)`);
    const inst = found[0]!;
    if (inst.status !== 'completed') bad(`${key}: ${inst.status} (expected completed)`);
    const h = history.get(inst.id) ?? [];
    const n = (type: HistoryRecord['type']) => h.filter((r) => r.type === type).length;
    for (const [type, want] of [['process.started', 1], ['process.completed', 1], ['timer.scheduled', 1], ['timer.fired', 1], ['job.completed', 1]] as const) {
      if (n(type) !== want) bad(`${key}: ${n(type)} × ${type} (expected ${want})`);
    }
    if (n('task.created') !== n('task.completed')) bad(`${key}: ${n('task.created')} tasks created, ${n('task.completed')} completed`);
  };
  for (const key of answers.acknowledged) wholeAndDone(key);
  for (const key of answers.unavailable) if (byKey.has(key)) bad(`${key}: refused with STORE_UNAVAILABLE but written`);
  let unknownLanded = 0;
  for (const key of answers.unknown) {
    if (!byKey.has(key)) continue;
    unknownLanded++;
    wholeAndDone(key);
  }
  const answered = new Set([...answers.acknowledged, ...answers.unavailable, ...answers.unknown]);
  for (const key of byKey.keys()) if (!answered.has(key)) bad(`${key}: in the store but its start was never answered`);
  return { problems, unknownLanded };
}
