/**
 * The hotline's and the field's KPIs, computed from case history alone (the audit trail
 * every engine store keeps), for cases started in a time range, in total, by grid or by
 * hotline agent.
 *
 * Definitions (the source names the KPIs, 回访率 / 回访及时性 / 营销成功率, but not their
 * formulas; these are the pack's):
 * - **callback rate** = cases whose callback task was completed / cases whose customer
 *   report (客户来电报备) arrived;
 * - **callback timeliness** = callback SLA clocks met (≤ 30 min) / callback clocks closed;
 * - **marketing success rate** = cases that reached account opening (宽带开户) / cases
 *   with a completed callback (the hotline's second-level marketing converts callbacks);
 * - **activations** = cases that ended `activated`;
 * - **fee timeliness** / **handling timeliness** = the 48 h / 24 h SLA clocks met / closed.
 *
 * @module
 */
import type { Engine, HistoryRecord } from '@handoff/engine';
import { PROCESS_ID } from './sla';

/** How KPI rows are grouped. */
export type KpiGroupBy = 'total' | 'grid' | 'agent';

/** One row of KPIs. Rates are fractions in [0, 1], or null when their denominator is 0. */
export interface BroadbandKpiRow {
  /** `total`, the grid id, or the hotline agent's actor id (`(none)` before any callback). */
  key: string;
  cases: number;
  suppressed: number;
  refused: number;
  reports: number;
  callbacks: number;
  callbackRate: number | null;
  callbacksOnTime: number;
  callbackTimeliness: number | null;
  accountsOpened: number;
  marketingSuccessRate: number | null;
  activations: number;
  feeOnTime: number;
  feeTimeliness: number | null;
  handlingOnTime: number;
  handlingTimeliness: number | null;
}

/** One case's facts, read from its history. */
interface CaseFacts {
  grid: string;
  agent: string;
  outcome?: string;
  reported: boolean;
  calledBack: boolean;
  accountOpened: boolean;
  sla: Record<'callback' | 'fee' | 'handling', { met: number; closed: number }>;
}

const OUTCOMES = new Set(['suppressedDoNotDisturb', 'refused', 'notInstallable', 'declinedAtCallback', 'activated']);

/** Read a case's facts from its history. */
export function caseFacts(history: readonly HistoryRecord[]): CaseFacts {
  const facts: CaseFacts = {
    grid: '(unknown)',
    agent: '(none)',
    reported: false,
    calledBack: false,
    accountOpened: false,
    sla: { callback: { met: 0, closed: 0 }, fee: { met: 0, closed: 0 }, handling: { met: 0, closed: 0 } },
  };
  for (const h of history) {
    switch (h.type) {
      case 'process.started':
        facts.grid = String((h.variables as { grid?: unknown }).grid ?? '(unknown)');
        break;
      case 'message.correlated':
        if (h.elementId === 'customerReport') facts.reported = true;
        break;
      case 'task.completed':
        if (h.elementId === 'callBack') {
          facts.calledBack = true;
          facts.agent = h.actor.id;
        }
        break;
      case 'activity.entered':
        if (h.elementId === 'openAccount') facts.accountOpened = true;
        if (OUTCOMES.has(h.elementId)) facts.outcome = h.elementId;
        break;
      case 'sla.met':
      case 'sla.stopped': {
        const k = h.slaId as keyof CaseFacts['sla'];
        if (!facts.sla[k] || (h.type === 'sla.stopped' && !h.breached)) break; // stopped early: not judged
        facts.sla[k].closed++;
        if (h.type === 'sla.met') facts.sla[k].met++;
        break;
      }
      default:
        break;
    }
  }
  return facts;
}

const rate = (n: number, d: number) => (d ? n / d : null);

function row(key: string, cases: readonly CaseFacts[]): BroadbandKpiRow {
  const sum = (f: (c: CaseFacts) => number) => cases.reduce((s, c) => s + f(c), 0);
  const reports = sum((c) => +c.reported);
  const callbacks = sum((c) => +c.calledBack);
  const accountsOpened = sum((c) => +c.accountOpened);
  const slaMet = (k: keyof CaseFacts['sla']) => sum((c) => c.sla[k].met);
  const slaClosed = (k: keyof CaseFacts['sla']) => sum((c) => c.sla[k].closed);
  return {
    key,
    cases: cases.length,
    suppressed: sum((c) => +(c.outcome === 'suppressedDoNotDisturb')),
    refused: sum((c) => +(c.outcome === 'refused')),
    reports,
    callbacks,
    callbackRate: rate(callbacks, reports),
    callbacksOnTime: slaMet('callback'),
    callbackTimeliness: rate(slaMet('callback'), slaClosed('callback')),
    accountsOpened,
    marketingSuccessRate: rate(accountsOpened, callbacks),
    activations: sum((c) => +(c.outcome === 'activated')),
    feeOnTime: slaMet('fee'),
    feeTimeliness: rate(slaMet('fee'), slaClosed('fee')),
    handlingOnTime: slaMet('handling'),
    handlingTimeliness: rate(slaMet('handling'), slaClosed('handling')),
  };
}

/**
 * KPIs of the cases started in [from, to) (epoch ms; default: all), in total or by grid or
 * hotline agent, from the history the engine's store keeps.
 *
 * @example
 * ```ts
 * const rows = await broadbandKpis(engine, { from: Date.parse('2026-02-01T00:00:00+08:00'), to: Date.parse('2026-03-01T00:00:00+08:00'), groupBy: 'grid' });
 * ```
 */
export async function broadbandKpis(engine: Engine, q: { from?: number; to?: number; groupBy?: KpiGroupBy } = {}): Promise<BroadbandKpiRow[]> {
  const from = q.from ?? -Infinity;
  const to = q.to ?? Infinity;
  const instances = await engine.instances.list({ processId: PROCESS_ID });
  const cases: CaseFacts[] = [];
  for (const inst of instances) {
    if (inst.startedAt < from || inst.startedAt >= to) continue;
    cases.push(caseFacts(await engine.history(inst.id)));
  }
  const groupBy = q.groupBy ?? 'total';
  if (groupBy === 'total') return [row('total', cases)];
  const groups = new Map<string, CaseFacts[]>();
  for (const c of cases) {
    const key = groupBy === 'grid' ? c.grid : c.agent;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(c);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => row(k, list));
}
