/**
 * Timer start events: one stored timer per (process, start event) of the current version,
 * rescheduled after each firing for cycles; replaced when a new version is deployed.
 *
 * @module
 */
import type { ProcessModel, TimerDef } from '../model/types';
import type { TimerRecord } from '../store/types';
import { firstDue, nextDue } from '../time/timerSpec';

/** The stored id of a start timer: stable across versions, so a new version replaces it. */
export function startTimerId(processId: string, nodeId: string): string {
  return `start/${processId}/${nodeId}`;
}

/** The zone of a start timer: its `handoff:calendar`'s (a cron cycle runs there), else `zone`. */
function zoneOf(timer: TimerDef, zone: string, calendarZone?: (calendar: string) => string): string {
  return timer.calendar !== undefined && calendarZone ? calendarZone(timer.calendar) : zone;
}

/** Timer records to put and ids to delete when `models` become current, replacing `replaced`. */
export function startTimerChanges(models: readonly ProcessModel[], replaced: readonly ProcessModel[], now: number, zone: string, calendarZone?: (calendar: string) => string): { put: TimerRecord[]; delete: string[] } {
  const put: TimerRecord[] = [];
  for (const m of models) {
    for (const n of m.timerStarts) {
      const ev = m.nodes[n]!.event;
      if (ev?.type !== 'timer' || !('spec' in ev.timer)) continue;
      const spec = ev.timer.spec;
      // A date already past at deploy starts nothing; a cycle starts at its next occurrence.
      const due = spec.kind === 'date' ? (spec.at >= now ? spec.at : undefined) : firstDue(spec, now, zoneOf(ev.timer, zone, calendarZone));
      if (due !== undefined) put.push({ id: startTimerId(m.id, m.nodes[n]!.id), kind: 'start', dueAt: due, processKey: m.key, node: n, count: 0 });
    }
  }
  const del: string[] = [];
  for (const old of replaced) for (const n of old.timerStarts) del.push(startTimerId(old.id, old.nodes[n]!.id));
  return { put, delete: del.filter((d) => !put.some((p) => p.id === d)) };
}

/** After start timer `t` of `model` fired: the record for its next firing, or deletion. */
export function afterStartTimer(t: TimerRecord, model: ProcessModel, zone: string, calendarZone?: (calendar: string) => string): { put: TimerRecord[]; delete: string[] } {
  const ev = model.nodes[t.node!]!.event;
  const count = (t.count ?? 0) + 1;
  const next = ev?.type === 'timer' && 'spec' in ev.timer ? nextDue(ev.timer.spec, t.dueAt, count, zoneOf(ev.timer, zone, calendarZone)) : undefined;
  return next !== undefined ? { put: [{ ...t, dueAt: next, count }], delete: [] } : { put: [], delete: [t.id] };
}

/** `'order:3'` → `['order', 3]`. */
export function splitProcessKey(key: string): [string, number] {
  const i = key.lastIndexOf(':');
  return [key.slice(0, i), Number(key.slice(i + 1))];
}
