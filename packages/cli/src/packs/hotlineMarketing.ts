/**
 * `hotline-service-marketing` in the CLI registry: a month of 10086 calls (October 2012, phase
 * 2 of the source's plan) handled by ten agents of different skill. The KPIs are the pack's
 * marketing report: the share against the phase target, and the source's table per agent by
 * month (terminal and HTML) and per team by day (HTML).
 *
 * @module
 */
import { createHotlineMarketingPack, DEFAULT_AGENTS, formatMarketingReport, hotlineMarketingProfile, hotlineReviewCalendar, marketingReport, marketingReportTable, PROCESS_ID } from '@handoff/pack-hotline-service-marketing';
import { simulate } from '@handoff/simulator';
import type { RegisteredPack } from './types';

/** The registry entry. */
export const hotlineMarketingEntry: RegisteredPack = {
  name: 'hotline-service-marketing',
  title: '热线人工服务营销: 10086 calls, four marketing types, DMN channel routing, the agent report by day and month (default: a month)',
  defaultDays: 30,
  start: '2012-10-01T00:00:00+08:00',
  zone: 'Asia/Shanghai',
  calendars: () => [hotlineReviewCalendar()],
  async deploy(engine) {
    await engine.deploy(createHotlineMarketingPack());
  },
  processes: () => [{ processId: PROCESS_ID, bpmn: createHotlineMarketingPack().bpmn }],
  run: ({ engine, clock, seed, days, maxCases }) => simulate({ engine, clock, profile: hotlineMarketingProfile(), seed, days, drainDays: 4, ...(maxCases !== undefined ? { maxCases } : {}) }),
  async kpis(engine, range) {
    const monthly = await marketingReport(engine, { ...range, by: 'month', per: 'agent', phase: 2 });
    const teams = Object.fromEntries(DEFAULT_AGENTS.map((a) => [a.id, a.team]));
    const daily = await marketingReport(engine, { ...range, by: 'day', per: 'team', teams, phase: 2 });
    return {
      title: 'marketing report (营销统计报表)',
      lines: formatMarketingReport(monthly),
      data: { monthly, daily },
      tables: [
        { caption: '话务员营销统计 — per agent (工号), by month', ...marketingReportTable(monthly) },
        { caption: '班组营销统计 — per team (班组), by day', ...marketingReportTable(daily) },
      ],
    };
  },
};
