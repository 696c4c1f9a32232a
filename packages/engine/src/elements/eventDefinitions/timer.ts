/**
 * Timer events: arming (intermediate catch, event-based gateway target, boundary event)
 * and firing. A duration with `handoff:calendar` counts working time on that business
 * calendar; a FEEL timer is evaluated in the owner's scope when armed. A non-interrupting
 * cycle boundary (or event subprocess start) re-arms itself each time it fires. SLA stage timers share the instance's
 * timer list (`t.s`), and stages due by a timer's instant are recorded before it.
 *
 * @module
 */
import type { TimerDef } from '../../model/types';
import type { Step } from '../../runtime/step';
import type { Execution, TimerState } from '../../runtime/state';
import { timeoutFell } from '../../runtime/listeners';
import { fireSlaStage } from '../../sla/tracker';
import { durationToMs } from '../../time/duration';
import { firstDue, nextDue, parseTimerSpec, type TimerSpec } from '../../time/timerSpec';
import type { EventDefinitionBehaviour } from './eventDefinition';

export const timerDefinition: EventDefinitionBehaviour = {
  wait: 'timer',
  arm(step, owner, n) {
    const ev = step.node(n).event;
    return ev?.type === 'timer' ? armTimer(step, owner, n, ev.timer) : false;
  },
};

/** Arm a timer for node `n` owned by `e`. On a bad timer value, raises an incident and returns false. */
export function armTimer(step: Step, e: Execution, n: number, def: TimerDef, mark?: Pick<TimerState, 'tl'>): boolean {
  let spec: TimerSpec;
  const where = step.node(n).id;
  if ('spec' in def) spec = def.spec;
  else {
    const r = step.evaluate(def.expr, e);
    if (!r.ok || typeof r.value !== 'string') {
      step.incident(e, 'TIMER_EXPRESSION', `Timer expression '=${def.expr.source}' of ${where} ${r.ok ? `gave ${JSON.stringify(r.value)}, not an ISO 8601 string` : `failed: ${r.error}`}.`);
      return false;
    }
    try {
      spec = parseTimerSpec(def.kind, r.value, { zone: step.settings.zone, elementId: where, ...(def.fileDialect ? { dialect: def.fileDialect } : {}), datePeriods: def.fileDialect === 'camunda' });
    } catch (err) {
      step.incident(e, 'TIMER_EXPRESSION', (err as Error).message);
      return false;
    }
  }
  let due: number | undefined;
  if (def.calendar && spec.kind === 'duration') {
    // handoff:calendar: the duration is working time on a business calendar (days are working days).
    const dd = spec.duration;
    if (dd.years || dd.months || dd.weeks) {
      step.incident(e, 'TIMER_EXPRESSION', `Working time '${dd.iso}' of ${where} has weeks, months or years; use working days, hours and minutes (e.g. P2D, PT16H).`);
      return false;
    }
    due = step.settings.calendar(def.calendar).addWorkingTime(step.now, durationToMs(dd) ?? dd.iso);
  } else due = firstDue(spec, step.now, timerZone(step, def));
  if (due === undefined) return true; // a cycle whose end has passed never fires
  step.addTimer({ id: step.nextId(), ex: e.id, n, due, k: 0, ...('expr' in def && spec.kind === 'cycle' ? { c: spec } : {}), ...mark });
  return true;
}

/** The zone a timer's calendar parts and cron fields are read in: its `handoff:calendar`'s, else the engine's. */
function timerZone(step: Step, def: TimerDef | undefined): string {
  return def?.calendar !== undefined ? step.settings.calendar(def.calendar).zone : step.settings.zone;
}

/** Is node `n`'s timer a cycle? Its events then carry the 1-based firing number. */
export function isCycle(step: Step, n: number): boolean {
  const ev = step.node(n).event;
  return ev?.type === 'timer' && ev.timer.kind === 'cycle';
}

/** Timer `localId` fell due. Stale timers (already removed, or re-armed later) change nothing. */
export function fireTimer(step: Step, localId: number): void {
  const t = step.state.timers.find((x) => x.id === localId);
  // Gone (fired or cancelled meanwhile, e.g. by another node): drop the stored record.
  if (!t) {
    step.timersDeleted.add(step.globalId(localId));
    return;
  }
  // A stale record of a timer rescheduled since (a cycle re-armed): never fire early.
  if (t.due > step.now) return;
  if (t.s !== undefined) {
    step.removeTimer(t, false);
    fireSlaStage(step, t.s);
    return;
  }
  // SLA stages due by now come first: a breach at the same instant as a BPMN timer (e.g. the
  // handoff:sla boundary itself) is recorded before the timer's path cancels the work.
  for (const due of step.state.timers.filter((x) => x.s !== undefined && x.due <= t.due).sort((a, b) => a.due - b.due || a.id - b.id)) {
    if (!step.state.timers.includes(due)) continue;
    step.removeTimer(due, false);
    fireSlaStage(step, due.s!);
  }
  const e = step.waitOwner(t.ex, t.n);
  if (!e) return;
  if (t.r) {
    // A job's retry backoff ended: the next attempt.
    step.removeTimer(t, false);
    if (e.job) {
      delete e.job.retryTimer;
      step.requestJob(e);
    }
    return;
  }
  if (t.tl !== undefined) {
    fireTimeoutTimer(step, t, e);
    return;
  }
  step.emit('timer.fired', t.n, { timerId: step.globalId(t.id), dueAt: t.due, ...(isCycle(step, t.n) ? { cycle: t.k + 1 } : {}) }, e.id);
  const node = step.node(t.n);
  const ev = node.event;
  // Non-interrupting cycle boundaries fire again: re-arm before triggering.
  const spec = t.c ?? (ev?.type === 'timer' && 'spec' in ev.timer ? ev.timer.spec : undefined);
  const next = (node.kind === 'boundaryEvent' || step.isEventSubprocessStart(t.n)) && node.cancelActivity === false && spec ? nextDue(spec, t.due, t.k + 1, timerZone(step, ev?.type === 'timer' ? ev.timer : undefined)) : undefined;
  step.removeTimer(t, false);
  if (next !== undefined) step.addTimer({ id: step.nextId(), ex: t.ex, n: t.n, due: next, k: t.k + 1, ...(t.c ? { c: t.c } : {}) });
  step.triggerCatch(e, t.n);
}

/**
 * A timeout task listener's timer (Camunda 7 `event="timeout"`) fell due: a cycle re-arms
 * for its next firing, and the listener runs (`runtime/listeners.ts`).
 */
function fireTimeoutTimer(step: Step, t: TimerState, e: Execution): void {
  const def = step.node(t.n).listeners?.task?.timeout?.[t.tl!]?.timer;
  const cycle = def?.kind === 'cycle';
  step.emit('timer.fired', t.n, { timerId: step.globalId(t.id), dueAt: t.due, ...(cycle ? { cycle: t.k + 1 } : {}) }, e.id);
  const spec = t.c ?? (def && 'spec' in def ? def.spec : undefined);
  const next = cycle && spec ? nextDue(spec, t.due, t.k + 1, timerZone(step, def)) : undefined;
  step.removeTimer(t, false);
  if (next !== undefined) step.addTimer({ id: step.nextId(), ex: t.ex, n: t.n, due: next, k: t.k + 1, tl: t.tl!, ...(t.c ? { c: t.c } : {}) });
  timeoutFell(step, e, t.tl!);
}

/** Arm the timers of the user task's timeout listeners (when its task is created). False after an incident. */
export function armTimeoutListeners(step: Step, e: Execution): boolean {
  const defs = step.node(e.n).listeners?.task?.timeout;
  if (!defs) return true;
  for (let i = 0; i < defs.length; i++) if (!armTimer(step, e, e.n, defs[i]!.timer!, { tl: i })) return false;
  return true;
}
