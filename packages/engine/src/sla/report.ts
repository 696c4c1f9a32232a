/**
 * SLA reports from history: for the clocks started in a time range, per SLA, per task or
 * per lane — count, met, breached, open and at risk, on-time rate, and the distribution of
 * elapsed working time. JSON out; `formatSlaReport` renders a text table for the CLI.
 *
 * @module
 */
import type { HistoryRecord, InstanceMigratedEvent, SlaEvent } from '../events/types';
import type { ProcessModel } from '../model/types';

/** How rows are grouped. */
export type SlaGroupBy = 'sla' | 'task' | 'lane';

/** Query of `engine.sla.report()`. Instants are epoch ms. */
export interface SlaReportQuery {
  processId?: string;
  /** Clocks started at or after (default: the beginning). */
  from?: number;
  /** Clocks started before (default: now). */
  to?: number;
  groupBy?: SlaGroupBy;
}

/** One row of the report. Times are working milliseconds on each SLA's calendar. */
export interface SlaReportRow {
  /** The SLA id, the task's element id, or the lane's role. */
  key: string;
  /** Clocks started in the range. */
  count: number;
  /** Stopped within the limit. */
  met: number;
  /** Breached (closed or still open). */
  breached: number;
  /** Still running or paused. */
  open: number;
  /** Open and past the warning (or breached): needs attention now. */
  openAtRisk: number;
  /** Stopped without their stop anchor and without a breach (e.g. the case ended first). */
  stoppedEarly: number;
  /** met / (met + breached and closed); null when none closed. */
  onTimeRate: number | null;
  /** Elapsed working time of the closed clocks. */
  p50: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
}

/** The report. */
export interface SlaReport {
  from: number;
  to: number;
  groupBy: SlaGroupBy;
  processId?: string;
  rows: SlaReportRow[];
  total: SlaReportRow;
}

interface ClockFacts {
  slaId: string;
  elementId?: string;
  processKey: string;
  startedAt: number;
  warned: boolean;
  breached: boolean;
  closed?: { met: boolean; stoppedEarly: boolean; elapsed: number };
}

/**
 * Collect per-clock facts from the history of one instance. Each clock is keyed to the process
 * version it started on (an instance migrated since started some clocks on an earlier one:
 * `instance.migrated` records say when); `processKey` is the instance's current version.
 */
export function clockFacts(history: readonly HistoryRecord[], processKey: string): ClockFacts[] {
  const clocks = new Map<string, ClockFacts>();
  const first = history.find((h): h is InstanceMigratedEvent => h.type === 'instance.migrated');
  let key = first ? `${first.processId}:${first.fromVersion}` : processKey;
  for (const h of history) {
    if (h.type === 'instance.migrated') key = `${h.processId}:${h.toVersion}`;
    if (!h.type.startsWith('sla.')) continue;
    const e = h as SlaEvent<string> & { breached?: boolean };
    let c = clocks.get(e.clockId);
    if (!c) {
      c = { slaId: e.slaId, ...(e.slaElementId ? { elementId: e.slaElementId } : {}), processKey: key, startedAt: e.startedAt, warned: false, breached: false };
      clocks.set(e.clockId, c);
    }
    if (e.type === 'sla.warning') c.warned = true;
    else if (e.type === 'sla.breached') c.breached = true;
    else if (e.type === 'sla.met') c.closed = { met: true, stoppedEarly: false, elapsed: e.elapsed };
    else if (e.type === 'sla.stopped') c.closed = { met: false, stoppedEarly: !e.breached, elapsed: e.elapsed };
  }
  return [...clocks.values()];
}

/** Build the report rows from clock facts. `modelOf` gives the model a clock's process version used (for lanes). */
export function buildSlaReport(facts: readonly ClockFacts[], q: Required<Pick<SlaReportQuery, 'from' | 'to' | 'groupBy'>> & { processId?: string }, modelOf: (processKey: string) => ProcessModel | undefined): SlaReport {
  const groups = new Map<string, ClockFacts[]>();
  const inRange = facts.filter((f) => f.startedAt >= q.from && f.startedAt < q.to);
  for (const f of inRange) {
    const key = keyOf(f, q.groupBy, modelOf);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => row(key, list));
  return { from: q.from, to: q.to, groupBy: q.groupBy, ...(q.processId ? { processId: q.processId } : {}), rows, total: row('total', inRange) };
}

function keyOf(f: ClockFacts, groupBy: SlaGroupBy, modelOf: (processKey: string) => ProcessModel | undefined): string {
  if (groupBy === 'sla') return f.slaId;
  if (groupBy === 'task') return f.elementId ?? `(${f.slaId})`;
  const model = modelOf(f.processKey);
  const node = f.elementId !== undefined ? model?.nodes[model.byId.get(f.elementId) ?? -1] : undefined;
  return node?.lane ?? '(no lane)';
}

function row(key: string, list: readonly ClockFacts[]): SlaReportRow {
  const closed = list.filter((f) => f.closed);
  const met = closed.filter((f) => f.closed!.met).length;
  const closedBreached = closed.filter((f) => !f.closed!.met && !f.closed!.stoppedEarly).length;
  const open = list.filter((f) => !f.closed);
  const elapsed = closed.filter((f) => !f.closed!.stoppedEarly).map((f) => f.closed!.elapsed).sort((a, b) => a - b);
  return {
    key,
    count: list.length,
    met,
    breached: list.filter((f) => f.breached).length,
    open: open.length,
    openAtRisk: open.filter((f) => f.warned || f.breached).length,
    stoppedEarly: closed.filter((f) => f.closed!.stoppedEarly).length,
    onTimeRate: met + closedBreached ? met / (met + closedBreached) : null,
    p50: percentile(elapsed, 0.5),
    p90: percentile(elapsed, 0.9),
    p95: percentile(elapsed, 0.95),
    max: elapsed.length ? elapsed[elapsed.length - 1]! : null,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Render a report as a fixed-width text table (durations as h:mm). */
export function formatSlaReport(r: SlaReport): string {
  const dur = (ms: number | null) => (ms === null ? '-' : `${Math.floor(ms / 3_600_000)}:${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}`);
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const head = [r.groupBy, 'count', 'met', 'breached', 'open', 'at risk', 'on time', 'p50', 'p90', 'p95', 'max'];
  const lines = [...r.rows, r.total].map((x) => [x.key, String(x.count), String(x.met), String(x.breached), String(x.open), String(x.openAtRisk), pct(x.onTimeRate), dur(x.p50), dur(x.p90), dur(x.p95), dur(x.max)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(head), rule, ...lines.slice(0, -1).map(fmt), rule, fmt(lines[lines.length - 1]!)].join('\n');
}
