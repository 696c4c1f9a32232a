/**
 * The terminal form of a {@link PackReport}: a header, the simulator summary, the SLA tables
 * (engine's `formatSlaReport`) and the pack's KPIs.
 *
 * @module
 */
import { formatSlaReport } from '@handoff/engine';
import type { PackReport } from './collect';

/** The local date (YYYY-MM-DD) of `ms` in `zone`. */
const day = (ms: number, zone = 'UTC') => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

/** The short summary the demo prints per pack (a few lines). */
export function formatPackSummary(r: PackReport): string {
  const s = r.summary;
  const lines = [`== ${r.pack}${r.scenario ? ` (${r.scenario})` : ''}: ${r.title}`];
  if (s) {
    const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`   ${s.casesStarted} cases over ${s.days} day${s.days === 1 ? '' : 's'} from ${day(Date.parse(s.start), r.zone)} (seed ${s.seed}); still active ${s.active}; ${s.wallSeconds} s`);
    if (outcomes) lines.push(`   outcomes: ${outcomes}`);
  }
  for (const p of r.processes) {
    const t = p.bySla.total;
    const onTime = t.onTimeRate === null ? '-' : `${(t.onTimeRate * 100).toFixed(1)}%`;
    const worst = [...p.bySla.rows].filter((x) => x.onTimeRate !== null).sort((a, b) => a.onTimeRate! - b.onTimeRate!)[0];
    lines.push(`   SLA ${p.processId}: ${t.count} clocks, ${onTime} on time, ${t.breached} breached${worst ? `; weakest: ${worst.key} ${(worst.onTimeRate! * 100).toFixed(1)}%` : ''}`);
  }
  lines.push(...r.kpis.lines.slice(0, 2).map((l) => `   ${l}`));
  return lines.join('\n');
}

/** The full report: summary, SLA tables by SLA and by task, KPIs. */
export function formatPackReport(r: PackReport): string {
  const out = [`== ${r.pack}${r.scenario ? ` (${r.scenario})` : ''}: ${r.title}`, `cases started ${day(r.range.from, r.zone)} .. ${day(r.range.to - 1, r.zone)} (${r.zone})`];
  const s = r.summary;
  if (s) {
    out.push(`simulated ${s.start} .. ${s.end} (seed ${s.seed}, ${s.days} days + ${s.drainDays} drain): ${s.casesStarted} cases, ${s.active} still active, ${s.wallSeconds} s`);
    out.push(`outcomes: ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`);
    const pools = Object.entries(s.pools).map(([k, p]) => `${k} ${p.workers}w ${(p.utilisation * 100).toFixed(0)}% busy, wait avg ${p.meanWaitMinutes} max ${p.maxWaitMinutes} min`);
    out.push(`staff: ${pools.join('; ')}`);
  }
  for (const p of r.processes) {
    out.push('', `SLA by clock — ${p.processId} (working h:mm)`, formatSlaReport(p.bySla), '', `SLA by task — ${p.processId}`, formatSlaReport(p.byTask));
  }
  out.push('', `${r.kpis.title}:`, ...r.kpis.lines.map((l) => `  ${l}`));
  return out.join('\n');
}

/** JSON form: the report without the BPMN XML and the per-clock samples (they are in the HTML). */
export function packReportJson(r: PackReport): unknown {
  return { ...r, processes: r.processes.map(({ bpmn: _bpmn, clocks, ...p }) => ({ ...p, clocks: clocks.length })) };
}
