/**
 * Compensation at run time (compiled in `model/compileCompensation.ts`; decision 0025).
 *
 * **Records.** When a node marked `recordsCompletion` completes, a {@link CompensationRecord}
 * goes into `state.comp`: a compensable activity (a multi-instance one once, for its body,
 * and only when no inner instance was cancelled — Camunda 8's rule), or a subprocess whose
 * content left records (its locals are kept with it, so the handlers of its content see the
 * variables of that subprocess instance, e.g. an inner instance's item). A subprocess with a
 * compensation handler of its own is compensated by that handler alone: its content's records
 * are dropped when it completes. Records of a cancelled scope are dropped (a terminated
 * activity is never compensated), and all are dropped when the instance ends.
 *
 * **Throw.** A compensation throw or end event takes the records of its scope (for one inside
 * an event subprocess: of the scope around it) — all, or those of its `activityRef` — expands
 * completed subprocesses into their content, and runs the handlers **one at a time, in reverse
 * order of completion, once per record**; each record is consumed, so a second throw does not
 * compensate it again. The event waits until the last handler completes, then moves on (an end
 * event ends). Nothing to compensate: it moves on at once. Handlers run in that scope, with
 * the kept locals as their starting locals; cancelling the scope cancels the running handler.
 *
 * @module
 */
import type { CompensationQueue, CompensationRecord, Execution } from './state';
import type { Step } from './step';

/** Execution `e` completed (its outputs applied, its locals still there): record it if a compensation throw can use it. */
export function recordCompletion(step: Step, e: Execution): void {
  const node = step.node(e.n);
  const comp = step.state.comp;
  const content = comp ? comp.filter((r) => r.s === e.id) : [];
  if (!node.recordsCompletion) {
    if (content.length) dropRecords(step, content);
    return;
  }
  const inner = node.loop !== undefined && e.li !== undefined;
  if (node.compensation) {
    if (content.length) dropRecords(step, content); // its own handler undoes the subprocess
    // A multi-instance activity is compensated once, by its body, when every inner instance completed.
    if (inner || (e.mi !== undefined && e.mi.term > 0)) return;
    push(step, { id: step.nextId(), n: e.n, s: e.s });
    return;
  }
  if (!content.length) return;
  // The execution id moves on with the token: the content is re-keyed to the record's own id.
  const rec: CompensationRecord = { id: step.nextId(), n: e.n, s: e.s, ...(e.v ? { v: structuredClone(e.v) } : {}) };
  for (const c of content) c.s = rec.id;
  push(step, rec);
}

/** Execution `e` was cancelled: what completed inside it is never compensated. */
export function dropCompensationOf(step: Step, e: Execution): void {
  const comp = step.state.comp;
  if (!comp) return;
  const inside = comp.filter((r) => r.s === e.id);
  if (inside.length) dropRecords(step, inside);
}

function push(step: Step, r: CompensationRecord): void {
  (step.state.comp ??= []).push(r);
}

/** Remove `records` and, for completed subprocesses among them, their content. */
function dropRecords(step: Step, records: readonly CompensationRecord[]): void {
  const comp = step.state.comp;
  if (!comp) return;
  const gone = new Set<CompensationRecord>();
  const visit = (r: CompensationRecord) => {
    gone.add(r);
    for (const c of comp) if (c.s === r.id && !gone.has(c)) visit(c);
  };
  for (const r of records) visit(r);
  step.state.comp = comp.filter((r) => !gone.has(r));
  if (!step.state.comp.length) delete step.state.comp;
}

/** The scope a throw at `e` compensates: its own, or the one around its event subprocess. */
function scopeOf(step: Step, e: Execution): number {
  if (e.s === 0) return 0;
  const s = step.exec(e.s);
  return s && step.node(s.n).triggeredByEvent ? s.s : e.s;
}

/** A token reached a compensation throw or end event: run the handlers of its scope, then move on. */
export function throwCompensation(step: Step, e: Execution): void {
  const ev = step.node(e.n).event;
  const scope = scopeOf(step, e);
  const comp = step.state.comp ?? [];
  const chosen = comp.filter((r) => r.s === scope && (ev?.type !== 'compensate' || ev.activity === undefined || r.n === ev.activity));
  const leaves: { id: number; h: number; v?: Record<string, unknown> }[] = [];
  const expand = (r: CompensationRecord, locals: Record<string, unknown> | undefined) => {
    const node = step.node(r.n);
    if (node.compensation) {
      leaves.push({ id: r.id, h: node.compensation.handler, ...(locals ? { v: locals } : {}) });
      return;
    }
    const inner = r.v ? { ...(locals ?? {}), ...r.v } : locals;
    for (const c of comp) if (c.s === r.id) expand(c, inner);
  };
  for (const r of chosen) expand(r, undefined);
  dropRecords(step, chosen);
  if (!leaves.length) {
    step.leave(e); // nothing to compensate
    return;
  }
  leaves.sort((a, b) => b.id - a.id); // reverse order of completion
  e.w = 'event';
  e.cmp = { s: scope, q: leaves.map(({ h, v }) => ({ h, ...(v ? { v } : {}) })) };
  runNext(step, e, e.cmp);
}

/** Start the next handler of `thrower`'s queue, or let the thrower move on when none is left. */
function runNext(step: Step, thrower: Execution, queue: CompensationQueue): void {
  const next = queue.q.shift();
  if (!next) {
    delete thrower.cmp;
    delete thrower.w;
    step.leave(thrower);
    return;
  }
  const h = step.createExec(next.h, queue.s);
  h.ch = thrower.id;
  queue.run = h.id;
  if (next.v) step.seedLocals(h, structuredClone(next.v));
  step.enter(h);
}

/** Compensation handler `h` completed (it has no outgoing flows; it has left the instance): run the next one. */
export function handlerCompleted(step: Step, h: Execution): void {
  const thrower = step.exec(h.ch!);
  if (!thrower?.cmp || thrower.cmp.run !== h.id) {
    step.checkScope(h.s);
    return;
  }
  delete thrower.cmp.run;
  runNext(step, thrower, thrower.cmp);
}
