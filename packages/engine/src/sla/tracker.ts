/**
 * SLA clocks inside a step. A clock's due times are computed from its state alone — the
 * start of the running segment, the working time accumulated before it, the policy's
 * stages and calendar — so a restored engine or a moved clock never loses or double-counts
 * SLA time. The next stage (warning, breach, escalation) is an instance timer.
 *
 * A policy about one activity (its start anchor names an activity and every stop anchor
 * names that activity or one of its boundary events) runs **one clock per execution**: each
 * activity instance — every inner instance of a multi-instance task, every round of a loop,
 * parallel branches — has its own clock, and only that execution's events pause, resume or
 * stop it. Any other policy has one clock per instance at a time; its start anchor opens a
 * new clock once the previous one stopped (loops measure every round).
 *
 * @module
 */
import type { InstanceEvent, SlaClockFields } from '../events/types';
import type { ProcessModel } from '../model/types';
import type { Step } from '../runtime/step';
import type { Execution, SlaClockState } from '../runtime/state';
import { stageAt, stageTag, type SlaAnchor, type SlaPolicy, type SlaStage } from './policy';

/** Does `ev` happen at `anchor`? */
export function matchesAnchor(anchor: SlaAnchor, ev: InstanceEvent): boolean {
  if (anchor.on === 'milestone') return ev.type === 'milestone.reached' && ev.name === anchor.name;
  if (ev.type !== anchor.on) return false;
  if ('elementId' in anchor && anchor.elementId !== undefined && (ev as { elementId?: string }).elementId !== anchor.elementId) return false;
  if (anchor.on === 'message.correlated' && anchor.messageName !== undefined && ev.type === 'message.correlated' && ev.messageName !== anchor.messageName) return false;
  return true;
}

const PER_EXECUTION = new WeakMap<SlaPolicy, boolean>();

/** Does policy `p` run one clock per execution (see the module doc)? Decided once per policy. */
export function perExecution(model: ProcessModel, p: SlaPolicy): boolean {
  let v = PER_EXECUTION.get(p);
  if (v === undefined) {
    const start = 'elementId' in p.start ? p.start.elementId : undefined;
    const startIdx = start !== undefined && p.start.on !== 'message.correlated' ? model.byId.get(start) : undefined;
    const host = startIdx !== undefined ? model.nodes[startIdx]! : undefined;
    const activity = host !== undefined && /Task$|^subProcess$/.test(host.kind);
    v =
      activity &&
      p.stop.every((a) => {
        if (!('elementId' in a) || a.elementId === undefined) return false;
        if (a.elementId === start) return true;
        const idx = model.byId.get(a.elementId);
        return idx !== undefined && model.nodes[idx]!.attachedTo === startIdx;
      });
    PER_EXECUTION.set(p, v);
  }
  return v;
}

/** The local execution id an event names, if any. */
function executionOf(ev: InstanceEvent): number | undefined {
  const id = (ev as { executionId?: string }).executionId;
  if (id === undefined) return undefined;
  return Number(id.slice(id.lastIndexOf('/') + 1));
}

/** Apply the SLA anchors of events `from`.. of the step (called as the step runs). */
export function observeSla(step: Step, from: number): number {
  const policies = step.model.slas;
  if (!policies?.length) return step.events.length;
  let i = from;
  for (; i < step.events.length; i++) {
    const ev = step.events[i]!;
    if (ev.type.startsWith('sla.')) continue;
    for (const p of policies) {
      const per = perExecution(step.model, p);
      const ex = per ? executionOf(ev) : undefined;
      // A per-execution policy: an event of an execution acts on that execution's clock; an
      // instance-level event (a milestone) acts on every open clock of the policy.
      const clocks = open(step).filter((c) => c.p === p.id && (!per || ex === undefined || c.ex === ex));
      if (clocks.length) {
        for (const clock of clocks) applyAnchors(step, clock, p, ev);
      } else if (matchesAnchor(p.start, ev) && (!per || ex !== undefined)) startClock(step, p, ex, ev);
    }
  }
  return i;
}

/** Stop, pause or resume `clock` when `ev` is one of its anchors. */
function applyAnchors(step: Step, clock: SlaClockState, p: SlaPolicy, ev: InstanceEvent): void {
  if (p.stop.some((a) => matchesAnchor(a, ev))) stopClock(step, clock, p, 'stop anchor');
  else if (ev.type === 'activity.cancelled' && p.stop.some((a) => 'elementId' in a && a.elementId === ev.elementId)) {
    // The work the clock waits for was cancelled (an interrupting event, a terminate): it can no longer be met.
    stopClock(step, clock, p, `${ev.elementId} cancelled: ${ev.reason}`);
  } else if (clock.paused !== undefined && p.resume && matchesAnchor(p.resume, ev)) resumeClock(step, clock, p);
  else if (clock.paused === undefined && p.pause && matchesAnchor(p.pause, ev)) pauseClock(step, clock, p);
}

/** The process ended: stop the clocks still open (not met, not silently dropped). */
export function closeAllSla(step: Step, reason: string): void {
  for (const c of [...open(step)]) {
    const p = policy(step, c.p);
    if (p) stopClock(step, c, p, reason);
  }
}

/** A stage timer of clock `clockId` fell due. */
export function fireSlaStage(step: Step, clockId: number): void {
  const c = open(step).find((x) => x.id === clockId);
  if (!c) return;
  const p = policy(step, c.p);
  if (!p) return;
  delete c.timer;
  const stage = p.stages[c.stage]!;
  c.stage++;
  const elapsed = atOf(c, p, stage);
  if (stage.kind === 'warning') emitSla(step, 'sla.warning', c, p, elapsed);
  else if (stage.kind === 'breach') {
    c.breached = 1;
    emitSla(step, 'sla.breached', c, p, elapsed);
  } else escalate(step, c, p, stage, elapsed);
  scheduleNext(step, c, p);
}

/** Working time the clock has counted up to now. */
export function elapsedOf(step: Step, c: SlaClockState, p: SlaPolicy): number {
  return c.acc + (c.paused !== undefined ? 0 : step.settings.calendar(p.calendar).workingTimeBetween(c.seg, step.now));
}

/** When the limit is (or was) reached; undefined while paused before the breach. */
export function dueOf(step: Step, c: SlaClockState, p: SlaPolicy): number | undefined {
  if (c.paused !== undefined) return undefined;
  const limit = limitOf(c, p);
  return limit <= c.acc ? c.seg : reachedAt(step, c, p, limit);
}

/**
 * When the clock's working time reaches `at` (> acc). A working-day clock never paused
 * reaches its limit exactly at its deadline — the same local time on the n-th working day —
 * rather than at the close before it, which is the same working time.
 */
function reachedAt(step: Step, c: SlaClockState, p: SlaPolicy, at: number): number {
  if (c.dl !== undefined && at === c.lim && c.acc === 0 && c.seg === c.t0) return c.dl;
  return step.settings.calendar(p.calendar).addWorkingTime(c.seg, at - c.acc);
}

/** The clock's limit in working ms: the policy's, or the one a working-day clock resolved at its start. */
export function limitOf(c: SlaClockState, p: SlaPolicy): number {
  return c.lim ?? p.limit;
}

/** Working ms at which `stage` fires on clock `c`. */
function atOf(c: SlaClockState, p: SlaPolicy, stage: SlaStage): number {
  return c.lim === undefined ? stage.at : stageAt(stage, c.lim);
}

/**
 * When a new clock of `p` starts: now, or — for a start anchor `{ on: 'message.correlated',
 * at: 'received' }` and a message the case took from the buffer — when the message arrived.
 */
function startInstant(step: Step, p: SlaPolicy, ev: InstanceEvent): number {
  if (p.start.on !== 'message.correlated' || p.start.at !== 'received' || ev.type !== 'message.correlated' || ev.bufferedAt === undefined) return step.now;
  return Math.min(ev.bufferedAt, step.now);
}

function open(step: Step): SlaClockState[] {
  return (step.state.sla ??= []);
}

function policy(step: Step, id: string): SlaPolicy | undefined {
  return step.model.slas?.find((p) => p.id === id);
}

function startClock(step: Step, p: SlaPolicy, ex: number | undefined, ev: InstanceEvent): void {
  const t0 = startInstant(step, p, ev);
  let lim: number | undefined;
  if (p.dueDate) {
    // The deadline is the task's own due date: a task without one (its expression gave null) has no such clock.
    const e = ex !== undefined ? step.exec(ex) : step.state.ex.find((x) => x.task && step.node(x.n).id === p.elementId);
    const due = e?.task?.due;
    if (due === undefined) return;
    lim = due <= t0 ? 0 : step.settings.calendar(p.calendar).workingTimeBetween(t0, due);
  }
  const c: SlaClockState = { id: step.nextId(), p: p.id, t0, seg: t0, acc: 0, stage: 0, ...(ex !== undefined ? { ex } : {}), ...(lim !== undefined ? { lim } : {}) };
  if (p.limitText !== undefined) {
    // A working-day limit: this clock's limit in working ms, fixed at its start (decision 0021).
    const cal = step.settings.calendar(p.calendar);
    c.dl = cal.addWorkingTime(t0, p.limitText);
    c.lim = cal.workingTimeBetween(t0, c.dl);
  }
  open(step).push(c);
  emitSla(step, 'sla.started', c, p, elapsedOf(step, c, p));
  // A clock started in the past (a message's arrival): the stages it already reached happen now, in order.
  while (c.stage < p.stages.length && atOf(c, p, p.stages[c.stage]!) <= elapsedOf(step, c, p)) {
    removeTimer(step, c);
    fireSlaStage(step, c.id);
  }
  if (c.timer === undefined) scheduleNext(step, c, p);
  refreshTask(step, p);
}

/** The due time a task of execution `ex` on element `elementId` shows: the earliest running SLA clock about it. */
export function slaDueFor(step: Step, elementId: string, ex?: number): number | undefined {
  let due: number | undefined;
  for (const c of step.state.sla ?? []) {
    const p = policy(step, c.p);
    if (p?.elementId !== elementId) continue;
    if (c.ex !== undefined && ex !== undefined && c.ex !== ex) continue;
    const d = dueOf(step, c, p);
    if (d !== undefined && (due === undefined || d < due)) due = d;
  }
  return due;
}

/** Keep the task projection's `dueAt` in step with the clocks about its element. */
function refreshTask(step: Step, p: SlaPolicy): void {
  if (p.elementId === undefined) return;
  for (const e of step.state.ex) {
    if (e.task && step.node(e.n).id === p.elementId) {
      // slaDueFor picks the clocks of this task's own execution.
      const rec = step.taskRecord(e);
      const current = step.tasks.get(rec.id);
      if (current && !Object.isFrozen(current)) {
        // Created (or changed) in this step and not published yet: update that record, so the
        // task event and the projection share one object (and `task.created` shows the due time).
        if (rec.dueAt === undefined) delete current.dueAt;
        else current.dueAt = rec.dueAt;
      } else step.tasks.set(rec.id, rec);
    }
  }
}

function pauseClock(step: Step, c: SlaClockState, p: SlaPolicy): void {
  c.acc += step.settings.calendar(p.calendar).workingTimeBetween(c.seg, step.now);
  c.paused = step.now;
  removeTimer(step, c);
  emitSla(step, 'sla.paused', c, p, c.acc);
  refreshTask(step, p);
}

function resumeClock(step: Step, c: SlaClockState, p: SlaPolicy): void {
  delete c.paused;
  c.seg = step.now;
  emitSla(step, 'sla.resumed', c, p, c.acc);
  scheduleNext(step, c, p);
  refreshTask(step, p);
}

function stopClock(step: Step, c: SlaClockState, p: SlaPolicy, reason: string): void {
  const elapsed = elapsedOf(step, c, p);
  // A warning or breach whose working time was reached before this stop but whose timer has
  // not fired yet (a busy scheduler, a node that died holding the timer's lease) happened
  // first: record it now, so a clock stopped past its limit is never reported met.
  while (c.paused === undefined && c.stage < p.stages.length && p.stages[c.stage]!.kind !== 'escalation' && atOf(c, p, p.stages[c.stage]!) < elapsed) fireSlaStage(step, c.id);
  removeTimer(step, c);
  const list = open(step);
  list.splice(list.indexOf(c), 1);
  if (reason === 'stop anchor' && !c.breached) emitSla(step, 'sla.met', c, p, elapsed);
  else emitSla(step, 'sla.stopped', c, p, elapsed, { breached: !!c.breached, reason });
  refreshTask(step, p);
}

/**
 * Migration (`migration/apply.ts`): clock `c` now follows the target version's policy of the
 * same id. It keeps its start, its elapsed working time and its breach; a changed calendar
 * closes the running segment on the source calendar (the working time counted so far is
 * kept) and counts on the target's from now; a changed limit is resolved again as at the
 * clock's start. The stages already fired stay fired (and any target stage before the last
 * of them is passed over: a warning never comes after its breach); target stages the elapsed
 * time already reached fire now, in order; the next one is scheduled.
 */
export function rebaseClock(step: Step, c: SlaClockState, from: { calendar: string; fired: readonly string[]; limitChanged: boolean }): void {
  const p = policy(step, c.p);
  if (!p) return;
  removeTimer(step, c);
  if (c.paused === undefined && from.calendar !== p.calendar) {
    c.acc += step.settings.calendar(from.calendar).workingTimeBetween(c.seg, step.now);
    c.seg = step.now;
  }
  if (from.limitChanged) {
    const cal = step.settings.calendar(p.calendar);
    const kept = c.lim;
    delete c.lim;
    delete c.dl;
    if (p.dueDate) {
      const e = c.ex !== undefined ? step.exec(c.ex) : step.state.ex.find((x) => x.task && step.node(x.n).id === p.elementId);
      const due = e?.task?.due;
      c.lim = due === undefined ? (kept ?? 0) : due <= c.t0 ? 0 : cal.workingTimeBetween(c.t0, due);
    } else if (p.limitText !== undefined) {
      c.dl = cal.addWorkingTime(c.t0, p.limitText);
      c.lim = cal.workingTimeBetween(c.t0, c.dl);
    }
  }
  let next = 0;
  p.stages.forEach((s, k) => {
    if (from.fired.includes(stageTag(s))) next = k + 1;
  });
  c.stage = next;
  while (c.paused === undefined && c.stage < p.stages.length && atOf(c, p, p.stages[c.stage]!) <= elapsedOf(step, c, p)) {
    removeTimer(step, c);
    fireSlaStage(step, c.id);
  }
  if (c.timer === undefined) scheduleNext(step, c, p);
}

/** Arm the timer of the next stage, computed from the clock's state. */
function scheduleNext(step: Step, c: SlaClockState, p: SlaPolicy): void {
  if (c.paused !== undefined || c.stage >= p.stages.length) return;
  const at = atOf(c, p, p.stages[c.stage]!);
  const due = at <= c.acc ? step.now : reachedAt(step, c, p, at);
  const id = step.nextId();
  c.timer = id;
  step.addTimer({ id, ex: 0, n: -1, due, k: 0, s: c.id });
}

function removeTimer(step: Step, c: SlaClockState): void {
  if (c.timer === undefined) return;
  const t = step.state.timers.find((x) => x.id === c.timer);
  if (t) step.removeTimer(t, false);
  delete c.timer;
}

function escalate(step: Step, c: SlaClockState, p: SlaPolicy, stage: SlaStage, elapsed: number): void {
  const esc = stage.escalation!;
  let target: Execution | undefined;
  if (c.ex !== undefined) target = step.exec(c.ex);
  else {
    for (const id of p.targets) {
      target = step.state.ex.find((e) => step.node(e.n).id === id);
      if (target) break;
    }
  }
  emitSla(step, 'sla.escalated', c, p, elapsed, {
    step: esc.index,
    ...(esc.notify ? { notify: esc.notify } : {}),
    ...(esc.reassignTo ? { reassignTo: esc.reassignTo } : {}),
    ...(esc.throwEscalation ? { throwEscalation: esc.throwEscalation } : {}),
  });
  if (esc.reassignTo && target?.task) {
    const groups = target.task.g ?? [...(step.node(target.n).userTask?.candidateGroups ?? [])];
    if (!groups.includes(esc.reassignTo)) groups.push(esc.reassignTo);
    target.task.g = groups;
    if (target.task.st !== 'waiting') target.task.st = 'open'; // a task waiting for a pool unit keeps waiting
    delete target.task.a;
    step.taskEvent('task.assigned', target);
  }
  if (esc.throwEscalation && target) step.throwEvent('escalation', esc.throwEscalation, target, true);
}

type SlaEventType = 'sla.started' | 'sla.paused' | 'sla.resumed' | 'sla.warning' | 'sla.breached' | 'sla.escalated' | 'sla.met' | 'sla.stopped';

/** The fields every SLA event and clock view carries, at `elapsed` working ms. */
function clockFields(step: Step, c: SlaClockState, p: SlaPolicy, elapsed: number): SlaClockFields {
  const due = dueOf(step, c, p);
  return {
    slaId: p.id,
    clockId: step.globalId(c.id),
    calendar: p.calendar,
    limit: limitOf(c, p),
    startedAt: c.t0,
    ...(due !== undefined ? { dueAt: due } : {}),
    elapsed,
    remaining: limitOf(c, p) - elapsed,
    ...(p.elementId ? { slaElementId: p.elementId } : {}),
    ...(c.ex !== undefined ? { executionId: step.globalId(c.ex) } : {}),
  };
}

function emitSla(step: Step, type: SlaEventType, c: SlaClockState, p: SlaPolicy, elapsed: number, extra: Record<string, unknown> = {}): void {
  step.emitInstanceEvent(type, { ...clockFields(step, c, p, elapsed), ...extra });
}

/** An open SLA clock as hosts see it (e.g. a countdown in a tasklist). */
export interface SlaClockInfo extends SlaClockFields {
  state: 'running' | 'paused';
  breached: boolean;
}

/** The open clocks of the step's instance, at the step's time. */
export function slaClocks(step: Step): SlaClockInfo[] {
  const out: SlaClockInfo[] = [];
  for (const c of step.state.sla ?? []) {
    const p = policy(step, c.p);
    if (!p) continue;
    out.push({ ...clockFields(step, c, p, elapsedOf(step, c, p)), state: c.paused !== undefined ? 'paused' : 'running', breached: !!c.breached });
  }
  return out;
}
