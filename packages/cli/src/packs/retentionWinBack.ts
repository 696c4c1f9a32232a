/**
 * `retention-win-back` in the CLI registry: a month of the 10000 hotline's applications
 * and a campaign round on the first working day (IT support's list from the simulated
 * customer base, one work order per flagged customer).
 *
 * @module
 */
import { createRetentionPack, hotlineBpmn, hotlineReport, retentionBpmn, retentionCalendar, retentionProfile, retentionReport, HOTLINE_PROCESS_ID, RETENTION_PROCESS_ID, type HotlineReport, type RetentionReport } from '@handoff/pack-retention-win-back';
import { simulate } from '@handoff/simulator';
import type { RegisteredPack } from './types';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(0)}%`);

/** Terminal lines for the two reports. */
export function retentionReportLines(r: RetentionReport, h: HotlineReport): string[] {
  const w = r.workOrders;
  return [
    `rounds ${r.rounds}, listed ${r.listed}; work orders ${w.issued} (done ${w.done}, on time ${w.onTime}, retained ${w.retained}, won back ${w.wonBack}, declined ${w.declined}, unreachable ${w.unreachable}, open ${w.open})`,
    `10000 applications ${h.applications}: completed ${h.completed}, incomplete ${h.incomplete}, stopped on a wrong work number ${h.stopped}, open ${h.open}; appointments on time ${h.appointments.onTime}/${h.appointments.made}`,
    `by criterion: ${Object.entries(r.byCriterion).map(([k, c]) => `${k} ${c.issued} (kept ${c.retained + c.wonBack})`).join(', ')}`,
    `by community manager: ${Object.entries(r.byCommunityManager).map(([k, c]) => `${k} ${c.issued} (on time ${c.onTime})`).join(', ')}`,
    `churned users on the lists with fault/complaint records in the 6 months before: ${pct(r.churnedWithServiceRecords.share)} of ${r.churnedWithServiceRecords.known} (seed 001: 71%)`,
  ];
}

/** The registry entry. */
export const retentionWinBackEntry: RegisteredPack = {
  name: 'retention-win-back',
  title: '派单式营销 高危客户挽留/离网客户赢回 + 社区经理与10000号: a campaign round and the hotline applications (default: a month)',
  defaultDays: 30,
  start: '2026-03-02T00:00:00+08:00',
  zone: 'Asia/Shanghai',
  calendars: () => [retentionCalendar()],
  async deploy(engine) {
    await engine.deploy(createRetentionPack());
  },
  processes: () => [
    { processId: RETENTION_PROCESS_ID, bpmn: retentionBpmn() },
    { processId: HOTLINE_PROCESS_ID, bpmn: hotlineBpmn() },
  ],
  run: ({ engine, clock, seed, days, maxCases }) => simulate({ engine, clock, profile: retentionProfile({ seed, days, start: clock.now() }).profile, seed, days, drainDays: 10, ...(maxCases !== undefined ? { maxCases } : {}) }),
  async kpis(engine, range) {
    const r = await retentionReport(engine, range);
    const h = await hotlineReport(engine, range);
    return { title: 'retention and 10000 pairing report', lines: retentionReportLines(r, h), data: { retention: r, hotline: h } };
  },
};
