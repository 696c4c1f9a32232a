/**
 * Everything the reports show about one pack, read from an engine's store: the SLA report
 * by SLA and by task for each process, every closed clock's elapsed working time against
 * its limit (for the distributions), and the pack's KPIs.
 *
 * @module
 */
import type { Engine, SlaReport } from '@handoff/engine';
import type { SimulationSummary } from '@handoff/simulator';
import type { PackKpis, RegisteredPack } from '../packs/types';

/** One SLA clock, from its history. Times are working ms on the clock's calendar. */
export interface ClockSample {
  slaId: string;
  /** The task (or activity) the SLA is about, when the policy names one. */
  elementId?: string;
  limit: number;
  /** Elapsed working time when the clock stopped; undefined while open. */
  elapsed?: number;
  breached: boolean;
  /** Stopped without its stop anchor and without a breach (the case ended first). */
  stoppedEarly: boolean;
}

/** One process of a pack, with its SLA reports. */
export interface ProcessReport {
  processId: string;
  bpmn: string;
  bySla: SlaReport;
  byTask: SlaReport;
  clocks: ClockSample[];
}

/** One pack's report: a simulation run, or what a durable store holds. */
export interface PackReport {
  pack: string;
  title: string;
  scenario?: string;
  /** The pack's IANA zone (dates are shown in it). */
  zone: string;
  /** The simulator's summary (absent for `handoff report`). */
  summary?: SimulationSummary;
  /** Cases started in `[from, to)` (epoch ms). */
  range: { from: number; to: number };
  processes: ProcessReport[];
  kpis: PackKpis;
}

/** Every SLA clock of the instances of `processId`, from history. */
export async function clockSamples(engine: Engine, processId: string, range: { from: number; to: number }): Promise<ClockSample[]> {
  const clocks = new Map<string, ClockSample>();
  for (const inst of await engine.instances.list({ processId })) {
    for (const e of await engine.history(inst.id, { types: ['sla.started', 'sla.breached', 'sla.met', 'sla.stopped'] })) {
      const ev = e as unknown as { type: string; clockId: string; slaId: string; slaElementId?: string; limit: number; elapsed: number; startedAt: number; breached?: boolean };
      if (ev.startedAt < range.from || ev.startedAt >= range.to) continue;
      let c = clocks.get(ev.clockId);
      if (!c) clocks.set(ev.clockId, (c = { slaId: ev.slaId, ...(ev.slaElementId !== undefined ? { elementId: ev.slaElementId } : {}), limit: ev.limit, breached: false, stoppedEarly: false }));
      if (ev.type === 'sla.breached') c.breached = true;
      else if (ev.type === 'sla.met') c.elapsed = ev.elapsed;
      else if (ev.type === 'sla.stopped') {
        c.elapsed = ev.elapsed;
        c.stoppedEarly = !ev.breached && !c.breached;
      }
    }
  }
  return [...clocks.values()];
}

/**
 * Collect a pack's report from `engine` for the cases started in `range`.
 *
 * @example
 * ```ts
 * const report = await collectPackReport(engine, findPack('broadband-field-sales'), { from, to });
 * formatPackReport(report);
 * ```
 */
export async function collectPackReport(engine: Engine, pack: RegisteredPack, range: { from: number; to: number }, extra: { summary?: SimulationSummary; scenario?: string } = {}): Promise<PackReport> {
  const processes: ProcessReport[] = [];
  // Clocks start after their case: every clock from `from` on belongs to the cases of the range.
  const clocksRange = { from: range.from, to: Number.MAX_SAFE_INTEGER };
  for (const { processId, bpmn } of pack.processes()) {
    const [bySla, byTask, clocks] = [
      await engine.sla.report({ processId, ...clocksRange, groupBy: 'sla' }),
      await engine.sla.report({ processId, ...clocksRange, groupBy: 'task' }),
      await clockSamples(engine, processId, clocksRange),
    ];
    processes.push({ processId, bpmn, bySla, byTask, clocks });
  }
  return {
    pack: pack.name,
    title: pack.title,
    zone: pack.zone,
    ...(extra.scenario !== undefined ? { scenario: extra.scenario } : {}),
    ...(extra.summary ? { summary: extra.summary } : {}),
    range,
    processes,
    kpis: await pack.kpis(engine, range),
  };
}
