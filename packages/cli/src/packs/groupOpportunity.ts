/**
 * `group-opportunity-transfer` in the CLI registry: a week of captured opportunities.
 *
 * @module
 */
import { createGroupOpportunityPack, groupOpportunityCalendar, groupOpportunityProfile, opportunityReport, PROCESS_ID, STAGE_NAMES, type OpportunityReport } from '@handoff/pack-group-opportunity-transfer';
import { simulate } from '@handoff/simulator';
import type { RegisteredPack } from './types';

const hm = (ms: number | undefined) => (ms === undefined ? '-' : `${Math.floor(ms / 3_600_000)}:${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}`);

/** Terminal lines for the transfer report. */
export function opportunityReportLines(r: OpportunityReport): string[] {
  const list = (m: Record<string, number>) => Object.entries(m).sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `captured ${r.captured} (leads ${r.leads}); completed by the contact channel ${r.handledByContactChannel}; dual coverage ${r.dualCoverage}`,
    `by contact channel: ${list(r.byContactChannel)}`,
    `first transfer to: ${list(r.bySalesServiceChannel)}`,
    `claims ${r.claims.claimed} (on time ${r.claims.onTime}, median ${hm(r.claims.medianMs)} h:mm), timed out ${r.claims.timedOut}, returned ${r.returns}, second transfers ${r.secondTransfers}`,
    `closed by stage: ${Object.entries(r.conversionByStage).map(([s, v]) => `${STAGE_NAMES[s as keyof typeof STAGE_NAMES]} ${v.closed} (won ${v.won})`).join(', ')}`,
  ];
}

/** The registry entry. */
export const groupOpportunityEntry: RegisteredPack = {
  name: 'group-opportunity-transfer',
  title: '集团业务商机转移: captures by seven contact channels, routing, claims/returns, re-dispatch, follow-up (default: a week)',
  defaultDays: 7,
  start: '2026-03-02T00:00:00+08:00',
  zone: 'Asia/Shanghai',
  calendars: () => [groupOpportunityCalendar()],
  async deploy(engine) {
    await engine.deploy(createGroupOpportunityPack());
  },
  processes: () => [{ processId: PROCESS_ID, bpmn: createGroupOpportunityPack().bpmn }],
  run: ({ engine, clock, seed, days, maxCases }) => simulate({ engine, clock, profile: groupOpportunityProfile(), seed, days, drainDays: 14, ...(maxCases !== undefined ? { maxCases } : {}) }),
  async kpis(engine, range) {
    const r = await opportunityReport(engine, range);
    return { title: 'opportunity transfer report', lines: opportunityReportLines(r), data: r };
  },
};
