/**
 * `hall-walk-routes` in the CLI registry: business-hall days, in each of the pack's two
 * scenarios (the old hall, everything at the counter; the new hall, greeters divert). The
 * pack's `simulateHallDay` builds its own engine per day (resource pools sized by the
 * scenario), so this is a `standalone` entry: every day runs on the CLI's store (memory or
 * durable), dated one after another from 2026-03-02, day `i` with seed `S + i`.
 *
 * @module
 */
import { createHallPack, formatHallReport, hallBpmn, HALL_SCENARIOS, HALL_ZONE, PROCESS_ID, ROUTES, simulateHallDay, waitStats, type HallCustomer, type HallDayReport, type HallRoute, type HallScenarioName, type WaitStats } from '@handoff/pack-hall-walk-routes';
import type { PackKpis, RegisteredPack, StandaloneRunOptions } from './types';

/** The first hall day of a run (a Monday; the pack's default date). */
export const HALL_FIRST_DATE = '2026-03-02';
const DAY = 24 * 3_600_000;

/** The local date of day `i` of a run (`0` → 2026-03-02). */
export function hallDate(i: number): string {
  return new Date(Date.parse(`${HALL_FIRST_DATE}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10);
}

/** Totals of a run of hall days (customers' waits recomputed over every customer). */
export interface HallDaysTotal {
  dates: string[];
  arrived: number;
  exited: number;
  inHall: number;
  /** Per customer: total wait over the visit, all days. */
  overall: WaitStats;
  routes: Record<HallRoute, WaitStats>;
  /** Counter tickets over all days: mean wait (ticket → call), the longest, warnings and breaches. */
  counterQueue: { tickets: number; meanMinutes: number; maxMinutes: number; warnings: number; breaches: number };
  diversionRate: number;
  divertedAtWarning: number;
  extraCountersOpened: number;
}

/** `--json`'s `kpis.data` for the hall: the scenario, each day's report, and the totals. */
export interface HallRunData {
  scenario: string;
  seed: number;
  days: HallDayReport[];
  total: HallDaysTotal;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Add up hall days; `customers` are every day's customers (for exact wait statistics). */
export function hallDaysTotal(days: readonly HallDayReport[], customers: readonly HallCustomer[]): HallDaysTotal {
  const sum = (f: (d: HallDayReport) => number) => days.reduce((s, d) => s + f(d), 0);
  const tickets = sum((d) => d.counterQueue.tickets);
  const counterMinutes = customers.reduce((s, c) => s + (c.counterWaitMinutes ?? 0), 0);
  return {
    dates: days.map((d) => d.date),
    arrived: sum((d) => d.arrived),
    exited: sum((d) => d.exited),
    inHall: sum((d) => d.inHall),
    overall: waitStats(customers.map((c) => c.waitMinutes)),
    routes: Object.fromEntries(ROUTES.map((r) => [r, waitStats(customers.filter((c) => c.route === r).map((c) => c.waitMinutes))])) as Record<HallRoute, WaitStats>,
    counterQueue: { tickets, meanMinutes: tickets ? round1(counterMinutes / tickets) : 0, maxMinutes: Math.max(0, ...days.map((d) => d.counterQueue.max)), warnings: sum((d) => d.counterQueue.warnings), breaches: sum((d) => d.counterQueue.breaches) },
    diversionRate: customers.length ? Math.round((customers.filter((c) => c.selfServed).length / customers.length) * 1000) / 1000 : 0,
    divertedAtWarning: sum((d) => d.divertedAtWarning),
    extraCountersOpened: sum((d) => d.extraCountersOpened),
  };
}

/**
 * Terminal lines for a run: one day is the pack's own report (`formatHallReport`); several
 * days are a row per day and the totals.
 */
export function hallRunLines(data: HallRunData): string[] {
  if (data.days.length === 1) return formatHallReport(data.days[0]!).split('\n').filter((l) => l.trim());
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const t = data.total;
  const first = data.days[0]!;
  const { greeters, counters, kiosks } = first.staffing;
  const cols = ['date'.padEnd(10), 'seed'.padStart(6), 'arrived'.padStart(7), 'left'.padStart(5), 'in hall'.padStart(7), 'wait mean'.padStart(9), 'max'.padStart(6), 'queue ≤10'.padStart(9), 'warnings'.padStart(8), 'breaches'.padStart(8), 'counters busy'.padStart(13)];
  const row = (d: HallDayReport) =>
    [d.date.padEnd(10), String(d.seed).padStart(6), String(d.arrived).padStart(7), String(d.exited).padStart(5), String(d.inHall).padStart(7), d.overall.mean.toFixed(1).padStart(9), d.overall.max.toFixed(1).padStart(6), pct(d.counterQueue.within10).padStart(9), String(d.counterQueue.warnings).padStart(8), String(d.counterQueue.breaches).padStart(8), pct(d.counterUtilisation).padStart(13)].join('  ');
  const wait = (name: string, s: WaitStats) => `  ${name.padEnd(16)} ${String(s.customers).padStart(5)} ${s.mean.toFixed(1).padStart(6)} ${s.p50.toFixed(1).padStart(6)} ${s.p90.toFixed(1).padStart(6)} ${s.max.toFixed(1).padStart(6)} ${pct(s.within10).padStart(8)}`;
  return [
    `Hall days ${t.dates[0]} .. ${t.dates[t.dates.length - 1]} (${t.dates.length}) — scenario ${first.scenario}: ${first.title} (seed ${data.seed}, day i: seed ${data.seed} + i)`,
    `Staffing every day: ${greeters} greeters, ${counters} counters, ${kiosks} self-service units. Customers: ${t.arrived} arrived, ${t.exited} left, ${t.inHall} still in the hall.`,
    `  ${cols.join('  ')}`,
    ...data.days.map((d) => `  ${row(d)}`),
    `Waits in minutes over the ${t.dates.length} days (per customer, all touchpoints):`,
    `  ${'route'.padEnd(16)} ${'cust'.padStart(5)} ${'mean'.padStart(6)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'max'.padStart(6)} ${'≤10 min'.padStart(8)}`,
    ...ROUTES.map((k) => wait(k, t.routes[k])),
    wait('overall', t.overall),
    `Counter queue (ticket → call) over the ${t.dates.length} days: ${t.counterQueue.tickets} tickets, mean ${t.counterQueue.meanMinutes.toFixed(1)}, max ${t.counterQueue.maxMinutes.toFixed(1)} min; ${t.counterQueue.warnings} warnings (7 min), ${t.counterQueue.breaches} breaches (10 min).`,
    `Diversion rate (self-service, no counter) ${pct(t.diversionRate)}; diverted at the warning ${t.divertedAtWarning}; extra counters opened ${t.extraCountersOpened}.`,
  ];
}

/** Simulate hall days on `store`: `days` of them, or until `cases` customers walked in. */
export async function runHallDays(options: StandaloneRunOptions): Promise<{ range: { from: number; to: number }; kpis: PackKpis }> {
  const scenario = (options.scenario ?? 'greetersDivert') as HallScenarioName;
  const reports: HallDayReport[] = [];
  const customers: HallCustomer[] = [];
  for (let i = 0; i < options.days && (options.cases === undefined || customers.length < options.cases); i++) {
    const date = hallDate(i);
    const { customers: day, ...report } = await simulateHallDay({
      scenario,
      seed: (options.seed + i) % 2 ** 32,
      date,
      store: options.store,
      includeCustomers: true,
      ...(options.cases !== undefined ? { maxCustomers: options.cases - customers.length } : {}),
    });
    reports.push(report);
    customers.push(...day!);
    options.onProgress?.(options.cases !== undefined ? customers.length / options.cases : (i + 1) / options.days, customers.length, Date.parse(`${date}T00:00:00+08:00`) + DAY);
  }
  const data: HallRunData = { scenario, seed: options.seed, days: reports, total: hallDaysTotal(reports, customers) };
  const from = Date.parse(`${HALL_FIRST_DATE}T00:00:00+08:00`);
  const title = reports.length === 1 ? `hall day — ${reports[0]!.title}` : `hall days — ${reports[0]!.title}`;
  return { range: { from, to: from + reports.length * DAY }, kpis: { title, lines: hallRunLines(data), data } };
}

/** The registry entry. */
export const hallWalkRoutesEntry: RegisteredPack = {
  name: 'hall-walk-routes',
  title: '营业厅客户动线: a hall day of walk-in customers, greeters, counters and self-service (both scenarios)',
  defaultDays: 1,
  start: `${HALL_FIRST_DATE}T00:00:00+08:00`,
  zone: HALL_ZONE,
  scenarios: Object.keys(HALL_SCENARIOS),
  calendars: () => [],
  async deploy(engine) {
    await engine.deploy(createHallPack());
  },
  processes: () => [{ processId: PROCESS_ID, bpmn: hallBpmn() }],
  standalone: runHallDays,
  async kpis(engine, range) {
    const visits = (await engine.instances.list({ processId: PROCESS_ID })).filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
    return { title: 'hall visits', lines: [`visits ${visits.length}, left the hall ${visits.filter((v) => v.status === 'completed').length}`], data: { visits: visits.length } };
  },
};
